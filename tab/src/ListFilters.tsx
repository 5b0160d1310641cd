import { Field, Select, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api } from './api';
import { fiscalYearLabel } from './route';
import { translate, type Locale } from './strings';

/**
 * The filters the HQ → ward lists share (お知らせ, 照会): 分野, 年度 and a "still open only"
 * switch, with room for a list's own fields in front (the notices' 種別).
 */

const useStyles = makeStyles({
  controls: { display: 'flex', gap: tokens.spacingHorizontalXL, alignItems: 'flex-end', flexWrap: 'wrap' },
  select: { minWidth: '180px' },
});

export interface ListFilter {
  category?: string;
  fiscalYear?: number;
  /** The switch: 未確認のみ, 未回答のみ. */
  openOnly?: boolean;
}

/** 2026-05-20 → 2026 (April starts the fiscal year), for the 年度 choices before any item is loaded. */
function currentFiscalYear(): number {
  const now = new Date();
  return now.getMonth() >= 3 ? now.getFullYear() : now.getFullYear() - 1;
}

/**
 * The 分野 and 年度 choices: the ward sections' 分野 from the directory, grown with what the list
 * has shown, so a filter never hides its own option.
 */
export function useFilterChoices() {
  const [categories, setCategories] = useState<string[]>([]);
  const [years, setYears] = useState<number[]>([currentFiscalYear()]);
  useEffect(() => {
    let current = true;
    api.departments().then(
      (result) =>
        current && setCategories((known) => [...new Set([...known, ...result.departments.flatMap((d) => d.categories ?? [])])].sort()),
      () => undefined, // the 分野 choices then come from the list alone
    );
    return () => {
      current = false;
    };
  }, []);
  const learn = useCallback((items: { fiscalYear: number; categories: string[] }[]) => {
    setCategories((known) => [...new Set([...known, ...items.flatMap((i) => i.categories)])].sort());
    setYears((known) => [...new Set([...known, ...items.map((i) => i.fiscalYear)])].sort((a, b) => b - a));
  }, []);
  return { categories, years, learn };
}

export function ListFilterBar(props: {
  locale: Locale;
  filter: ListFilter;
  onChange: (filter: ListFilter) => void;
  categories: string[];
  years: number[];
  openOnlyLabel: string;
  /** A list's own fields, shown first. */
  children?: ReactNode;
}) {
  const styles = useStyles();
  const { locale, filter, onChange } = props;
  return (
    <div className={styles.controls} role="group" aria-label={translate(locale, 'noticeFilters')}>
      {props.children}
      <Field label={translate(locale, 'noticeCategory')}>
        <Select
          className={styles.select}
          value={filter.category ?? ''}
          onChange={(_, d) => onChange({ ...filter, category: d.value || undefined })}
        >
          <option value="">{translate(locale, 'allCategories')}</option>
          {props.categories.map((category) => (
            <option key={category} value={category}>
              {category}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={translate(locale, 'noticeYear')}>
        <Select
          className={styles.select}
          value={filter.fiscalYear ? String(filter.fiscalYear) : ''}
          onChange={(_, d) => onChange({ ...filter, fiscalYear: d.value ? Number(d.value) : undefined })}
        >
          <option value="">{translate(locale, 'allYears')}</option>
          {props.years.map((year) => (
            <option key={year} value={year}>
              {fiscalYearLabel(year, locale)}
            </option>
          ))}
        </Select>
      </Field>
      <Switch
        label={props.openOnlyLabel}
        checked={filter.openOnly ?? false}
        onChange={(_, d) => onChange({ ...filter, openOnly: d.checked || undefined })}
      />
    </div>
  );
}

/** The select's style, for a list's own fields placed in the bar. */
export const useFilterSelectClass = () => useStyles().select;
