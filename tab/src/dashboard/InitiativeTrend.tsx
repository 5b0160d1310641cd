import { Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ApiError, analyticsApi, type CheckIn, type InitiativeAnalytics, type KpiTrend } from '../api';
import { hrefOf } from '../route';
import { inParentheses, DIRECTION_LABELS, WEATHER_LABELS, translate, type Locale, type StringKey } from '../strings';
import { KpiTrendChart, quarterName } from './charts';
import { DataTable, type Column } from './DataTable';
import { PmoOnly } from './PmoOnly';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  definition: { margin: 0, whiteSpace: 'pre-wrap' },
});

type State =
  { kind: 'loading' } | { kind: 'ready'; data: InitiativeAnalytics } | { kind: 'forbidden' } | { kind: 'error'; message: string };

/** One initiative: its KPI trend chart(s) and its check-in history, for the PMO and the initiative's owner. */
export function InitiativeTrend({ code, locale, backLabel = 'backToDashboard' }: { code: string; locale: Locale; backLabel?: StringKey }) {
  const styles = useStyles();
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    analyticsApi.initiative(code).then(
      (data) => current && setState({ kind: 'ready', data }),
      (e: Error) =>
        current && setState(e instanceof ApiError && e.status === 403 ? { kind: 'forbidden' } : { kind: 'error', message: e.message }),
    );
    return () => {
      current = false;
    };
  }, [code]);

  const back = <Link href={hrefOf({ view: 'dashboard' })}>← {translate(locale, backLabel)}</Link>;
  if (state.kind === 'loading') return <Text>{translate(locale, 'loading')}</Text>;
  if (state.kind === 'forbidden') return <PmoOnly locale={locale} message="initiativeForbidden" />;
  if (state.kind === 'error') {
    return (
      <div className={styles.page}>
        {back}
        <Text role="alert">{translate(locale, 'pageError', { message: state.message })}</Text>
      </div>
    );
  }
  const { initiative, kpis } = state.data;
  const checkIns = [...state.data.checkIns].sort((a, b) => a.fiscalYear - b.fiscalYear || a.quarter - b.quarter);
  const kpiNames = new Map(initiative.kpis.map((k) => [k.id, k]));
  const columns: Column<CheckIn>[] = [
    { header: translate(locale, 'quarter'), value: (c) => quarterName(c, locale), short: true },
    { header: translate(locale, 'weather'), value: (c) => WEATHER_LABELS[c.weather]?.[locale] ?? c.weather, short: true },
    {
      header: translate(locale, 'futureDirection'),
      value: (c) => [DIRECTION_LABELS[c.direction]?.[locale] ?? c.direction, c.directionReason].filter(Boolean).join('\n'),
    },
    { header: translate(locale, 'progress'), value: (c) => c.progress },
    { header: translate(locale, 'nextActions'), value: (c) => c.nextActions },
    {
      header: translate(locale, 'kpiActuals'),
      value: (c) =>
        c.kpiActuals
          .map((a) => {
            const kpi = kpiNames.get(a.kpiId);
            return `${kpi?.name ?? a.kpiId}: ${a.value === null ? '—' : `${a.value}${kpi?.unit ? ` ${kpi.unit}` : ''}`}`;
          })
          .join('\n'),
    },
  ];
  return (
    <article className={styles.page} aria-labelledby="initiative-title">
      {back}
      <Text as="h2" id="initiative-title" size={600} weight="semibold">
        {initiative.code} {initiative.title}
      </Text>
      <dl className={styles.facts}>
        <dt className={styles.term}>{translate(locale, 'leadSection')}</dt>
        <dd className={styles.definition}>
          {initiative.leadDivision} {initiative.leadSection}
        </dd>
        <dt className={styles.term}>{translate(locale, 'pillarDomain')}</dt>
        <dd className={styles.definition}>
          {initiative.pillar} / {initiative.domain}
        </dd>
      </dl>
      <section className={styles.section} aria-labelledby="initiative-kpis">
        <Text as="h3" id="initiative-kpis" size={500} weight="semibold">
          {translate(locale, 'initiativeKpis')}
        </Text>
        {kpis.length === 0 && <Text>{translate(locale, 'noKpis')}</Text>}
        {kpis.map((kpi) => (
          <section key={kpi.kpiId} className={styles.section} aria-labelledby={`kpi-${kpi.kpiId}`}>
            <Text as="h4" id={`kpi-${kpi.kpiId}`} weight="semibold">
              {kpi.name}
              {inParentheses(locale, kpi.unit)}
            </Text>
            <KpiTrendChart trend={kpi} locale={locale} testId={`kpi-chart-${kpi.kpiId}`} />
            <DataTable
              caption={translate(locale, 'kpiPointsTable', { name: kpi.name })}
              columns={kpiPointColumns(kpi, locale)}
              rows={kpi.points}
              rowKey={(p) => `${p.fiscalYear}Q${p.quarter}`}
              fileName={`initiative-${initiative.code}-${kpi.kpiId}`}
              locale={locale}
            />
          </section>
        ))}
      </section>
      <section className={styles.section} aria-labelledby="initiative-history">
        <Text as="h3" id="initiative-history" size={500} weight="semibold">
          {translate(locale, 'checkInHistory')}
        </Text>
        {checkIns.length === 0 ? (
          <Text>{translate(locale, 'noCheckIns')}</Text>
        ) : (
          <DataTable
            caption={`${translate(locale, 'checkInHistory')}${inParentheses(locale, `${initiative.code} ${initiative.title}`)}`}
            columns={columns}
            rows={checkIns}
            rowKey={(c) => `${c.fiscalYear}Q${c.quarter}`}
            fileName={`initiative-${initiative.code}-checkins`}
            locale={locale}
            testId="checkin-history"
          />
        )}
      </section>
    </article>
  );
}

/** The columns of a KPI's quarterly actuals (also under the dashboard's KPI chart). */
export function kpiPointColumns(kpi: KpiTrend, locale: Locale): Column<KpiTrend['points'][number]>[] {
  return [
    { header: translate(locale, 'quarter'), value: (p) => quarterName(p, locale), short: true },
    { header: `${translate(locale, 'actual')} (${kpi.unit})`, value: (p) => p.actual, numeric: true },
    { header: `${translate(locale, 'target')} (${kpi.unit})`, value: () => kpi.target, numeric: true },
    { header: `${translate(locale, 'baseline')} (${kpi.unit})`, value: () => kpi.baseline, numeric: true },
  ];
}
