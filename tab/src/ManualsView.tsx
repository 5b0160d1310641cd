import { Badge, Link, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { knowledgeApi, type ManualRow } from './api';
import { ManualSearch } from './ManualSearch';
import { translate, type Locale } from './strings';
import { useApiData, WhenLoaded } from './useApiData';
import { tabDate } from '../../shared/tab-dates';

/** マニュアル: search over their text, then each with its management status for the handover record (見直し期限超過, 管理者未設定). */
export function ManualsView({ locale }: { locale: Locale }) {
  const state = useApiData(knowledgeApi.manuals);
  return (
    <section aria-labelledby="manuals-title">
      <Text as="h2" id="manuals-title" size={500} weight="semibold" block>
        {translate(locale, 'manualTitle')}
      </Text>
      <ManualSearch locale={locale} />
      <WhenLoaded state={state} locale={locale}>
        {({ manuals }) => (
          <Table aria-labelledby="manuals-title" size="small">
            <TableHeader>
              <TableRow>
                {(
                  [
                    'filterDepartment',
                    'system',
                    'manualTitle',
                    'version',
                    'lastRevised',
                    'nextReview',
                    'owner',
                    'managementStatus',
                  ] as const
                ).map((key) => (
                  <TableHeaderCell key={key}>{translate(locale, key)}</TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {manuals.map((manual) => (
                <ManualLine key={manual.id} manual={manual} locale={locale} />
              ))}
            </TableBody>
          </Table>
        )}
      </WhenLoaded>
    </section>
  );
}

function ManualLine({ manual, locale }: { manual: ManualRow; locale: Locale }) {
  return (
    <TableRow>
      <TableCell>{manual.department}</TableCell>
      <TableCell>{manual.system}</TableCell>
      <TableCell>
        <Link href={manual.url} target="_blank" rel="noreferrer">
          {manual.title}
        </Link>
      </TableCell>
      <TableCell>{manual.version}</TableCell>
      <TableCell>{tabDate(manual.lastRevisedAt, locale)}</TableCell>
      <TableCell>{manual.nextReviewDue}</TableCell>
      <TableCell>{manual.ownerName ?? '—'}</TableCell>
      <TableCell>
        {manual.reviewOverdue && <Badge color="danger">{translate(locale, 'reviewOverdue')}</Badge>}
        {manual.noOwner && <Badge color="warning">{translate(locale, 'noOwner')}</Badge>}
        {!manual.reviewOverdue && !manual.noOwner && (
          <Badge color="success" appearance="tint">
            {translate(locale, 'ok')}
          </Badge>
        )}
      </TableCell>
    </TableRow>
  );
}
