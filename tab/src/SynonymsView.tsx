import {
  Button,
  Link,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { synonymApi, type AcceptedSynonym, type SynonymCandidate } from './api';
import { hrefOf } from './route';
import { joinList, translate, type Locale } from './strings';
import { tabTimestamp } from '../../shared/tab-dates';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  queries: { color: tokens.colorNeutralForeground3 },
});

type Review = { candidates: SynonymCandidate[]; accepted: AcceptedSynonym[] };

/**
 * 同義語の候補 (administrators): words the staff searched that the ruling they settled on lacks.
 * 採用 pairs the word with one of the ruling's terms in the search's dictionary (at once); 却下
 * drops the candidate. The server checks the role and the candidate again on every press.
 */
export function SynonymsView({ locale, isAdmin }: { locale: Locale; isAdmin: boolean }) {
  const styles = useStyles();
  const [review, setReview] = useState<Review | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  // The row pressed disappears: focus goes to the message saying what was done.
  const statusRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (!isAdmin) return;
    let current = true;
    synonymApi.review().then(
      (r) => current && setReview(r),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [isAdmin]);

  const decide = async (candidate: SynonymCandidate, term: string | undefined) => {
    setBusy(true);
    setError(undefined);
    try {
      if (term === undefined) await synonymApi.reject(candidate);
      else await synonymApi.accept(candidate, term);
      setStatus(
        term === undefined
          ? translate(locale, 'synonymRejected', { word: candidate.typed })
          : translate(locale, 'synonymAccepted', { word: candidate.typed, term }),
      );
      // The server's lists again: what it decided and what is left.
      setReview(await synonymApi.review());
      statusRef.current?.focus();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={styles.page} aria-labelledby="synonyms-title">
      <Text as="h2" id="synonyms-title" size={500} weight="semibold" block>
        {translate(locale, 'synonymsTitle')}
      </Text>
      {!isAdmin ? (
        <Text as="p" role="status">
          {translate(locale, 'synonymsAdminOnly')}
        </Text>
      ) : (
        <>
          <Text as="p">{translate(locale, 'synonymsHelp')}</Text>
          <Text as="p" role="status" data-testid="synonyms-status" ref={statusRef} tabIndex={-1}>
            {status}
          </Text>
          {error && <Text role="alert">{translate(locale, 'error', { message: error })}</Text>}
          {!review && !error && <Text>{translate(locale, 'loading')}</Text>}
          {review && (
            <Candidates
              candidates={review.candidates}
              locale={locale}
              busy={busy}
              onDecide={(candidate, term) => void decide(candidate, term)}
            />
          )}
          {review && <Accepted accepted={review.accepted} locale={locale} />}
        </>
      )}
    </section>
  );
}

function Candidates(props: {
  candidates: SynonymCandidate[];
  locale: Locale;
  busy: boolean;
  onDecide: (candidate: SynonymCandidate, term: string | undefined) => void;
}) {
  const { candidates, locale } = props;
  if (candidates.length === 0) return <Text as="p">{translate(locale, 'synonymsNone')}</Text>;
  return (
    <Table aria-labelledby="synonyms-title" size="small" data-testid="synonym-candidates">
      <TableHeader>
        <TableRow>
          {(['synonymWord', 'synonymRuling', 'synonymTerm', 'synonymCount', 'synonymLastSeen', 'synonymActions'] as const).map((key) => (
            <TableHeaderCell key={key}>{translate(locale, key)}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {candidates.map((candidate) => (
          <CandidateRow key={`${candidate.word} ${candidate.rulingId}`} {...props} candidate={candidate} />
        ))}
      </TableBody>
    </Table>
  );
}

function CandidateRow(props: {
  candidate: SynonymCandidate;
  locale: Locale;
  busy: boolean;
  onDecide: (candidate: SynonymCandidate, term: string | undefined) => void;
}) {
  const styles = useStyles();
  const { candidate, locale } = props;
  const [term, setTerm] = useState(candidate.terms[0]);
  return (
    <TableRow>
      <TableCell>
        <Text weight="semibold">{candidate.typed}</Text>
        <Text as="p" block size={200} className={styles.queries}>
          {translate(locale, 'synonymQueries')}:{' '}
          {joinList(
            locale,
            candidate.queries.map((q) => `「${q}」`),
          )}
        </Text>
      </TableCell>
      <TableCell>
        <Link href={hrefOf({ view: 'rulings', rulingId: candidate.rulingId })}>
          {candidate.rulingId} {candidate.rulingTitle}
        </Link>
      </TableCell>
      <TableCell>
        <Select
          aria-label={translate(locale, 'synonymTermFor', { word: candidate.typed })}
          value={term}
          onChange={(_, d) => setTerm(d.value)}
        >
          {candidate.terms.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
      </TableCell>
      <TableCell>{candidate.count}</TableCell>
      <TableCell>{tabTimestamp(candidate.lastSeen, locale)}</TableCell>
      <TableCell>
        <div className={styles.actions}>
          <Button
            appearance="primary"
            disabled={props.busy}
            aria-label={translate(locale, 'synonymAcceptLabel', { word: candidate.typed, term })}
            onClick={() => props.onDecide(candidate, term)}
          >
            {translate(locale, 'synonymAccept')}
          </Button>
          <Button
            disabled={props.busy}
            aria-label={translate(locale, 'synonymRejectLabel', { word: candidate.typed })}
            onClick={() => props.onDecide(candidate, undefined)}
          >
            {translate(locale, 'synonymReject')}
          </Button>
        </div>
      </TableCell>
    </TableRow>
  );
}

function Accepted({ accepted, locale }: { accepted: AcceptedSynonym[]; locale: Locale }) {
  return (
    <>
      <Text as="h3" id="synonyms-accepted-title" size={400} weight="semibold">
        {translate(locale, 'synonymsAcceptedTitle')}
      </Text>
      {accepted.length === 0 ? (
        <Text as="p">{translate(locale, 'synonymsAcceptedNone')}</Text>
      ) : (
        <Table aria-labelledby="synonyms-accepted-title" size="small" data-testid="synonyms-accepted">
          <TableHeader>
            <TableRow>
              {(['synonymWord', 'synonymTerm', 'synonymRuling', 'synonymAcceptedBy', 'synonymAcceptedAt'] as const).map((key) => (
                <TableHeaderCell key={key}>{translate(locale, key)}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {accepted.map((pair) => (
              <TableRow key={`${pair.word} ${pair.term} ${pair.at}`}>
                <TableCell>{pair.typed}</TableCell>
                <TableCell>{pair.term}</TableCell>
                <TableCell>{pair.rulingId}</TableCell>
                <TableCell>{pair.acceptedByName}</TableCell>
                <TableCell>{tabTimestamp(pair.at, locale)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
