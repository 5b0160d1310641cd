import { Button, Field, Input, Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { knowledgeApi, type ManualHit } from './api';
import { Marked } from './Marked';
import { translate, type Locale } from './strings';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'flex-end',
    flexWrap: 'wrap',
    marginBottom: tokens.spacingVerticalM,
  },
  query: { flexGrow: 1, minWidth: '260px' },
  list: {
    listStyle: 'none',
    padding: 0,
    margin: `0 0 ${tokens.spacingVerticalXL}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  item: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, paddingBottom: tokens.spacingVerticalS },
  meta: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', color: tokens.colorNeutralForeground3 },
});

/** Where in a manual the words are: 「4ページ」 (PDF) or 「見出し：…」 (docx). */
function locationLabel(locale: Locale, location: ManualHit['location']): string | undefined {
  if (location?.page !== undefined) return translate(locale, 'manualPage', { page: String(location.page) });
  if (location?.heading) return translate(locale, 'manualHeading', { heading: location.heading });
  return undefined;
}

/** Search over the manuals' metadata and their documents' text; each hit says on which page or under which heading. */
export function ManualSearch({ locale }: { locale: Locale }) {
  const styles = useStyles();
  const [draft, setDraft] = useState('');
  const [results, setResults] = useState<ManualHit[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return setResults(undefined);
    knowledgeApi.searchManuals(draft).then(
      (r) => (setResults(r.results), setError(undefined)),
      (e: Error) => setError(e.message),
    );
  };

  return (
    <>
      <form className={styles.form} onSubmit={submit} role="search" aria-label={translate(locale, 'manualSearchLabel')}>
        <Field label={translate(locale, 'manualSearchLabel')} className={styles.query}>
          <Input
            value={draft}
            onChange={(_, d) => setDraft(d.value)}
            placeholder={translate(locale, 'manualSearchPlaceholder')}
            type="search"
          />
        </Field>
        <Button appearance="primary" type="submit">
          {translate(locale, 'searchButton')}
        </Button>
      </form>
      {error && <Text role="alert">{translate(locale, 'error', { message: error })}</Text>}
      {results && (
        <>
          <Text as="p" aria-live="polite">
            {results.length === 0
              ? translate(locale, 'manualNoResults')
              : translate(locale, 'resultsCount', { count: String(results.length) })}
          </Text>
          <ul className={styles.list} data-testid="manual-results">
            {results.map((hit) => (
              <li key={hit.id} className={styles.item}>
                <Link href={hit.url} target="_blank" rel="noreferrer">
                  <Text weight="semibold">
                    <Marked spans={hit.highlight.title} />
                  </Text>
                </Link>
                <div className={styles.meta}>
                  <Text size={200}>{hit.id}</Text>
                  <Text size={200}>{hit.department}</Text>
                  <Text size={200}>{hit.system}</Text>
                  {locationLabel(locale, hit.location) && (
                    <Text size={200} weight="semibold">
                      {locationLabel(locale, hit.location)}
                    </Text>
                  )}
                </div>
                <Text size={200} block>
                  <Marked spans={hit.highlight.snippet} />
                </Text>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
