import { Dropdown, Field, Option, makeStyles, tokens } from '@fluentui/react-components';
import { fiscalYearLabel } from './route';
import { translate, type Locale } from './strings';

/** The 判断事例 filters as the URL keeps them ('' for all; status 'current' by default). */
export type Filters = { department: string; category: string; year: string; status: string };

type Choose = (key: keyof Filters) => (e: unknown, d: { optionValue?: string }) => void;

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', marginTop: tokens.spacingVerticalS },
});

/** 所管課, 分野, 年度 and 状態 for the 判断事例 search: loaded in their own chunk (Fluent's Dropdown is large). */
export function RulingFilters(props: {
  facets: { departments: string[]; categories: string[]; fiscalYears: number[] };
  filters: Filters;
  locale: Locale;
  onChoose: Choose;
}) {
  const styles = useStyles();
  const { facets, filters, locale, onChoose } = props;
  return (
    <div className={styles.filters}>
      <FilterDropdown
        label={translate(locale, 'filterDepartment')}
        locale={locale}
        value={filters.department}
        options={facets.departments.map((d) => [d, d])}
        onSelect={onChoose('department')}
      />
      <FilterDropdown
        label={translate(locale, 'filterCategory')}
        locale={locale}
        value={filters.category}
        options={facets.categories.map((c) => [c, c])}
        onSelect={onChoose('category')}
      />
      <FilterDropdown
        label={translate(locale, 'filterYear')}
        locale={locale}
        value={filters.year}
        options={facets.fiscalYears.map((y) => [String(y), fiscalYearLabel(y, locale)])}
        onSelect={onChoose('year')}
      />
      <FilterDropdown
        label={translate(locale, 'filterStatus')}
        locale={locale}
        value={filters.status}
        allowAll={false}
        options={[
          ['current', translate(locale, 'statusCurrent')],
          ['superseded', translate(locale, 'statusSuperseded')],
          ['all', translate(locale, 'statusAll')],
        ]}
        onSelect={onChoose('status')}
      />
    </div>
  );
}

function FilterDropdown(props: {
  label: string;
  locale: Locale;
  value: string;
  options: [string, string][];
  allowAll?: boolean;
  onSelect: (e: unknown, d: { optionValue?: string }) => void;
}) {
  const all: [string, string][] = props.allowAll === false ? [] : [['', translate(props.locale, 'all')]];
  const options = [...all, ...props.options];
  const selected = options.find(([value]) => value === props.value);
  return (
    <Field label={props.label}>
      <Dropdown value={selected?.[1] ?? ''} selectedOptions={[props.value]} onOptionSelect={props.onSelect}>
        {options.map(([value, text]) => (
          <Option key={value || 'all'} value={value} text={text}>
            {text}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
