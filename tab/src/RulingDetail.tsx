import { Badge, Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { knowledgeApi } from './api';
import { useFocusWhenShown } from './focus';
import { hrefOf, type RulingQuery } from './route';
import { joinList, inParentheses, translate, type Locale } from './strings';
import { useApiData, WhenLoaded } from './useApiData';
import { tabDate, tabTimestamp } from '../../shared/tab-dates';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '860px' },
  block: { whiteSpace: 'pre-wrap', lineHeight: tokens.lineHeightBase400 },
  meta: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  chain: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

/**
 * One ruling: question, answer, legal basis and where it stands in its chain of revisions.
 * Opened from a search, it keeps that search (back to the same results) and tells the server
 * the query, which may teach the search a synonym.
 */
export function RulingDetail({ id, search, locale }: { id: string; search: RulingQuery; locale: Locale }) {
  const styles = useStyles();
  const state = useApiData(() => knowledgeApi.ruling(id, search.q));
  // Opening a ruling moves focus to its title, so keyboard and screen-reader users start there.
  useFocusWhenShown('#ruling-title', true);
  return (
    <WhenLoaded state={state} locale={locale}>
      {({ ruling, chain, citedBy }) => (
        <article className={styles.page} aria-labelledby="ruling-title">
          <Link href={hrefOf({ view: 'rulings', search })}>← {translate(locale, 'backToList')}</Link>
          <Text as="h2" id="ruling-title" size={600} weight="semibold">
            {ruling.title}
          </Text>
          <div className={styles.meta}>
            <Badge appearance="outline">{ruling.id}</Badge>
            <Text>{ruling.department}</Text>
            <Text>{ruling.category}</Text>
            <Text>
              {translate(locale, 'published')}: {tabDate(ruling.publishedAt, locale)}
            </Text>
            {ruling.status === 'superseded' && <Badge color="warning">{translate(locale, 'statusSuperseded')}</Badge>}
          </div>
          {ruling.supersededBy && (
            <Text role="note">
              <Link href={hrefOf({ view: 'rulings', rulingId: ruling.supersededBy })}>
                {translate(locale, 'supersededBy', { id: ruling.supersededBy })}
              </Link>
            </Text>
          )}
          <Text as="h3" weight="semibold">
            {translate(locale, 'question')}
          </Text>
          <Text className={styles.block}>{ruling.question}</Text>
          <Text as="h3" weight="semibold">
            {translate(locale, 'answer')}
          </Text>
          <Text className={styles.block}>{ruling.answer}</Text>
          <Text as="h3" weight="semibold">
            {translate(locale, 'legalBasis')}
          </Text>
          <Text>{ruling.legalBasis || '—'}</Text>
          {ruling.sourceInquiryNumber && (
            <Text>
              {translate(locale, 'sourceInquiry')}: {ruling.sourceInquiryNumber}
            </Text>
          )}
          {ruling.tags.length > 0 && (
            <div className={styles.meta} aria-label={translate(locale, 'tags')}>
              {ruling.tags.map((tag) => (
                <Badge key={tag} appearance="tint">
                  {tag}
                </Badge>
              ))}
            </div>
          )}
          <section aria-labelledby="ruling-cited-by">
            <Text as="h3" id="ruling-cited-by" weight="semibold" block>
              {translate(locale, 'citedByTitle')}
            </Text>
            {citedBy.length === 0 ? (
              <Text>{translate(locale, 'citedByNone')}</Text>
            ) : (
              <ul className={styles.chain} data-testid="ruling-cited-by">
                {citedBy.map((c) => (
                  <li key={c.number}>
                    <Link href={hrefOf({ view: 'inquiries', number: c.number })}>{c.number}</Link>{' '}
                    {translate(locale, 'citedByEntry', { ward: c.askerDepartment, date: tabTimestamp(c.answeredAt, locale) })}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {chain.length > 1 && (
            <>
              <Text as="h3" weight="semibold">
                {translate(locale, 'chain')}
              </Text>
              <ol className={styles.chain}>
                {chain.map((link) => (
                  <li key={link.id}>
                    {link.id === ruling.id ? (
                      <Text weight="semibold">{link.title}</Text>
                    ) : (
                      <Link href={hrefOf({ view: 'rulings', rulingId: link.id })}>{link.title}</Link>
                    )}{' '}
                    {inParentheses(
                      locale,
                      joinList(locale, [
                        tabDate(link.publishedAt, locale),
                        ...(link.status === 'superseded' ? [translate(locale, 'statusSuperseded')] : []),
                      ]),
                    )}
                  </li>
                ))}
              </ol>
            </>
          )}
        </article>
      )}
    </WhenLoaded>
  );
}
