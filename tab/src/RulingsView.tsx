import { Badge, Button, Dropdown, Field, Input, Link, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { knowledgeApi, type RulingSummary, type SearchSuggestions } from './api';
import { Marked } from './Marked';
import { fiscalYearLabel, hrefOf } from './route';
import { translate, type Locale } from './strings';
import { useApiData, WhenLoaded } from './useApiData';
import { tabDate } from '../../shared/tab-dates';

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  query: { flexGrow: 1, minWidth: '260px' },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', marginTop: tokens.spacingVerticalS },
  list: { listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, paddingBottom: tokens.spacingVerticalS },
  meta: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap', color: tokens.colorNeutralForeground3 },
});

type Filters = { department: string; category: string; year: string; status: string };
const NO_FILTERS: Filters = { department: '', category: '', year: '', status: 'current' };

/** 判断事例: search box, filters and the result list; each title links to the ruling. */
export function RulingsView({ locale }: { locale: Locale }) {
  const styles = useStyles();
  const facets = useApiData(knowledgeApi.facets);
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [results, setResults] = useState<RulingSummary[] | undefined>();
  const [suggestions, setSuggestions] = useState<SearchSuggestions | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    const params = new URLSearchParams({ q: query, limit: '50', status: filters.status });
    if (filters.department) params.set('department', filters.department);
    if (filters.category) params.set('category', filters.category);
    if (filters.year) params.set('year', filters.year);
    knowledgeApi.searchRulings(params).then(
      (r) => current && (setResults(r.results), setSuggestions(r.suggestions), setError(undefined)),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [query, filters]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery(draft);
  };
  const choose = (key: keyof Filters) => (_: unknown, data: { optionValue?: string }) =>
    setFilters((f) => ({ ...f, [key]: data.optionValue ?? '' }));

  return (
    <section aria-labelledby="rulings-heading">
      {/* The view's heading: focus lands here after sign-in. */}
      <Text as="h2" id="rulings-heading" size={500} weight="semibold" block>
        {translate(locale, 'navRulings')}
      </Text>
      <form className={styles.form} onSubmit={submit} role="search">
        <Field label={translate(locale, 'searchLabel')} className={styles.query}>
          <Input value={draft} onChange={(_, d) => setDraft(d.value)} placeholder={translate(locale, 'searchPlaceholder')} type="search" />
        </Field>
        <Button appearance="primary" type="submit">
          {translate(locale, 'searchButton')}
        </Button>
      </form>
      <WhenLoaded state={facets} locale={locale}>
        {(f) => (
          <div className={styles.filters}>
            <FilterDropdown
              label={translate(locale, 'filterDepartment')}
              locale={locale}
              value={filters.department}
              options={f.departments.map((d) => [d, d])}
              onSelect={choose('department')}
            />
            <FilterDropdown
              label={translate(locale, 'filterCategory')}
              locale={locale}
              value={filters.category}
              options={f.categories.map((c) => [c, c])}
              onSelect={choose('category')}
            />
            <FilterDropdown
              label={translate(locale, 'filterYear')}
              locale={locale}
              value={filters.year}
              options={f.fiscalYears.map((y) => [String(y), fiscalYearLabel(y, locale)])}
              onSelect={choose('year')}
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
              onSelect={choose('status')}
            />
          </div>
        )}
      </WhenLoaded>
      {error && <Text role="alert">{translate(locale, 'error', { message: error })}</Text>}
      {results && (
        <>
          <Text as="p" aria-live="polite">
            {translate(locale, 'resultsCount', { count: String(results.length) })}
          </Text>
          {results.length === 0 && (
            <NoResults
              locale={locale}
              suggestions={suggestions}
              onQuery={(q) => (setDraft(q), setQuery(q))}
              onCategory={(category) => setFilters((f) => ({ ...f, category }))}
            />
          )}
          <ul className={styles.list} data-testid="ruling-results">
            {results.map((r) => (
              <li key={r.id} className={styles.item}>
                <Link href={hrefOf({ view: 'rulings', rulingId: r.id })}>
                  <Text weight="semibold">{r.highlight ? <Marked spans={r.highlight.title} /> : r.title}</Text>
                </Link>
                <div className={styles.meta}>
                  <Text size={200}>{r.id}</Text>
                  <Text size={200}>{r.department}</Text>
                  <Text size={200}>{r.category}</Text>
                  <Text size={200}>{tabDate(r.publishedAt, locale)}</Text>
                  {r.status === 'superseded' && <Badge color="warning">{translate(locale, 'statusSuperseded')}</Badge>}
                </div>
                <Text size={200} block>
                  {r.highlight ? <Marked spans={r.highlight.snippet} /> : r.excerpt}
                </Text>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** 「見つかりませんでした」 with what to try instead: the query without its unknown words, related 分野. */
function NoResults(props: {
  locale: Locale;
  suggestions: SearchSuggestions | undefined;
  onQuery: (query: string) => void;
  onCategory: (category: string) => void;
}) {
  const { locale, suggestions } = props;
  return (
    <div data-testid="no-results">
      <Text as="p" weight="semibold">
        {translate(locale, 'noResults')}
      </Text>
      {suggestions?.didYouMean && (
        <Text as="p">
          {translate(locale, 'didYouMean')}
          <Button appearance="transparent" onClick={() => props.onQuery(suggestions.didYouMean ?? '')}>
            {suggestions.didYouMean}
          </Button>
        </Text>
      )}
      {suggestions && suggestions.categories.length > 0 && (
        <Text as="p">
          {translate(locale, 'relatedCategories')}
          {suggestions.categories.map((category) => (
            <Button key={category} appearance="transparent" onClick={() => props.onCategory(category)}>
              {category}
            </Button>
          ))}
        </Text>
      )}
      <Text as="p">{translate(locale, 'noResultsHint')}</Text>
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
