import { Badge, Button, Field, Input, Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useEffect, useState, type FormEvent } from 'react';
import { knowledgeApi, type RulingSummary, type SearchSuggestions } from './api';
import { Marked } from './Marked';
import type { Filters } from './RulingFilters';
import { hrefOf, rulingQueryString, type RulingQuery } from './route';
import { joinList, translate, type Locale } from './strings';
import { useApiData, WhenLoaded } from './useApiData';
import { tabDate } from '../../shared/tab-dates';

const RulingFilters = lazy(() => import('./RulingFilters').then((m) => ({ default: m.RulingFilters })));

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  query: { flexGrow: 1, minWidth: '260px' },
  list: { listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, paddingBottom: tokens.spacingVerticalS },
  meta: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap', color: tokens.colorNeutralForeground3 },
});

/**
 * 判断事例: search box, filters and the result list; each title links to the ruling. The query
 * and filters live in the URL (#/rulings?q=…): searching or filtering adds a history entry, so
 * back returns to the previous results, and a reload or a shared link shows the same list.
 */
export function RulingsView({ search, locale }: { search: RulingQuery; locale: Locale }) {
  const styles = useStyles();
  const facets = useApiData(knowledgeApi.facets);
  const query = search.q ?? '';
  const filters: Filters = {
    department: search.department ?? '',
    category: search.category ?? '',
    year: search.year ?? '',
    status: search.status ?? 'current',
  };
  const [draft, setDraft] = useState(query);
  const [results, setResults] = useState<RulingSummary[] | undefined>();
  const [suggestions, setSuggestions] = useState<SearchSuggestions | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [announcement, setAnnouncement] = useState('');
  // Back or a link changes the query under the box: the box follows.
  useEffect(() => setDraft(query), [query]);

  const key = rulingQueryString(search);
  useEffect(() => {
    let current = true;
    // Emptied while the next list loads, so the same count for a new search is announced again.
    setAnnouncement('');
    const params = new URLSearchParams({ q: query, limit: '50', status: filters.status });
    if (filters.department) params.set('department', filters.department);
    if (filters.category) params.set('category', filters.category);
    if (filters.year) params.set('year', filters.year);
    knowledgeApi.searchRulings(params).then(
      (r) => {
        if (!current) return;
        setResults(r.results);
        setSuggestions(r.suggestions);
        setError(undefined);
        setAnnouncement(announce(locale, query, r.results));
      },
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
    // The URL's query string names the whole search.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, locale]);

  const searchFor = (next: RulingQuery) => {
    const href = hrefOf({ view: 'rulings', search: next });
    if (href !== window.location.hash) window.location.hash = href;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    searchFor({ ...search, q: draft.trim() });
  };
  const choose = (key: keyof Filters) => (_: unknown, data: { optionValue?: string }) => {
    const value = data.optionValue ?? '';
    if (key === 'status') searchFor({ ...search, status: value === 'superseded' || value === 'all' ? value : undefined });
    else searchFor({ ...search, [key]: value || undefined });
  };

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
          // The filters' dropdowns (and their popup positioning) load in their own chunk, beside the facets.
          <Suspense fallback={null}>
            <RulingFilters facets={f} filters={filters} locale={locale} onChoose={choose} />
          </Suspense>
        )}
      </WhenLoaded>
      {error && <Text role="alert">{translate(locale, 'error', { message: error })}</Text>}
      {/* Always on the page (a live region added with its text is often not read): the count and the words marked. */}
      <Text as="p" role="status" data-testid="results-status">
        {announcement}
      </Text>
      {results && (
        <>
          {results.length === 0 && (
            <NoResults
              locale={locale}
              suggestions={suggestions}
              onQuery={(q) => searchFor({ ...search, q })}
              onCategory={(category) => searchFor({ ...search, category })}
            />
          )}
          <ul className={styles.list} data-testid="ruling-results">
            {results.map((r) => (
              <li key={r.id} className={styles.item}>
                <Link href={hrefOf({ view: 'rulings', rulingId: r.id, search })}>
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

/** What the live region says once a list arrives: 「3件見つかりました。一致した語（国保、喪失）を強調表示しています。」 */
function announce(locale: Locale, query: string, results: RulingSummary[]): string {
  if (!query.trim()) return translate(locale, 'resultsCount', { count: String(results.length) });
  if (results.length === 0) return translate(locale, 'noResults');
  const found = translate(locale, 'resultsFound', { count: String(results.length) });
  const words = markedWords(results);
  return words.length > 0 ? `${found}${translate(locale, 'resultsHighlighted', { words: joinList(locale, words) })}` : found;
}

/** The words marked in the list, each once, in the order they first appear (at most five). */
function markedWords(results: RulingSummary[]): string[] {
  const words = new Set<string>();
  for (const r of results)
    for (const span of [...(r.highlight?.title ?? []), ...(r.highlight?.snippet ?? [])]) if (span.hit) words.add(span.text.trim());
  return [...words].filter(Boolean).slice(0, 5);
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
