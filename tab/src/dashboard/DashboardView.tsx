import { Field, Link, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { isSmallSample } from '../../../shared/small-sample';
import { WEATHERS } from '../../../shared/weather';
import {
  ApiError,
  analyticsApi,
  api,
  type Analytics,
  type Department,
  type DurationSummary,
  type KpiTrend,
  type QuarterFigures,
} from '../api';
import { fiscalYearLabel, hrefOf } from '../route';
import { WEATHER_LABELS, translate, type Locale, type StringKey } from '../strings';
import { DepartmentTimesChart, KpiTrendChart, WeatherChart, numberText, quarterName } from './charts';
import { DataTable, type Column } from './DataTable';
import { InitiativeTrend, kpiPointColumns } from './InitiativeTrend';
import { FigureCards } from './FigureCards';
import { NoticesSection } from './NoticesSection';
import { RepeatedTopicsSection } from './RepeatedTopicsSection';
import { SurveysSection } from './SurveysSection';
import { PmoOnly } from './PmoOnly';

const useDashboardStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filters: { display: 'flex', gap: tokens.spacingHorizontalXL, flexWrap: 'wrap', alignItems: 'flex-end' },
  select: { minWidth: '220px' },
  kpiField: { maxWidth: '560px' },
  tables: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'start',
  },
  status: { minHeight: tokens.lineHeightBase300 },
});

/**
 * 効果検証 (lazy-loaded with the chart library): the PMO's dashboard at #/dashboard, and one
 * initiative's page at #/dashboard/initiatives/<code>.
 */
/** `ownerOnly`: the viewer is an initiative's owner, not PMO, so its back link goes to 担当施策. */
export default function DashboardView({
  initiativeCode,
  locale,
  ownerOnly = false,
}: {
  initiativeCode?: string;
  locale: Locale;
  ownerOnly?: boolean;
}) {
  return initiativeCode ? (
    <InitiativeTrend
      key={initiativeCode}
      code={initiativeCode}
      locale={locale}
      backLabel={ownerOnly ? 'navMyInitiatives' : 'backToDashboard'}
    />
  ) : (
    <Overview locale={locale} />
  );
}

interface Filter {
  fiscalYear?: number;
  departmentId?: string;
}

function Overview({ locale }: { locale: Locale }) {
  const styles = useDashboardStyles();
  const [filter, setFilter] = useState<Filter>({});
  const [data, setData] = useState<Analytics | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | undefined>();
  const [years, setYears] = useState<number[]>([]);
  const [departments, setDepartments] = useState<Department[]>([]);

  useEffect(() => {
    let current = true;
    setLoading(true);
    analyticsApi.overview(filter).then(
      (result) => {
        if (!current) return;
        setData(result);
        setError(undefined);
        setLoading(false);
        // The year list is every year seen so far (the first answer is unfiltered, so it has them all).
        setYears((known) => [...new Set([...known, ...yearsIn(result)])].sort((a, b) => b - a));
      },
      (e: Error) => {
        if (!current) return;
        // Figures for another filter must not stand under this one.
        setData(undefined);
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [filter]);

  useEffect(() => {
    let current = true;
    api.departments().then(
      (result) => current && setDepartments(result.departments.filter((d) => d.kind === 'hq')),
      () => undefined, // the filter just lists no departments; the figures still show
    );
    return () => {
      current = false;
    };
  }, []);

  if (error instanceof ApiError && error.status === 403) return <PmoOnly locale={locale} />;
  const fileSuffix = [filter.fiscalYear ? `fy${filter.fiscalYear}` : 'all', filter.departmentId ?? ''].filter(Boolean).join('-');
  return (
    <section className={styles.page} aria-labelledby="dashboard-title">
      <div className={styles.section}>
        <Text as="h2" id="dashboard-title" size={600} weight="semibold">
          {translate(locale, 'dashboardTitle')}
        </Text>
        <Text as="p">{translate(locale, 'dashboardIntro')}</Text>
      </div>
      <div className={styles.filters} role="group" aria-label={translate(locale, 'dashboardFilters')}>
        <Field label={translate(locale, 'filterYear')}>
          <Select
            className={styles.select}
            value={filter.fiscalYear ? String(filter.fiscalYear) : ''}
            onChange={(_, d) => setFilter((f) => ({ ...f, fiscalYear: d.value ? Number(d.value) : undefined }))}
          >
            <option value="">{translate(locale, 'allYears')}</option>
            {[...new Set([...years, ...(filter.fiscalYear ? [filter.fiscalYear] : [])])].map((year) => (
              <option key={year} value={year}>
                {fiscalYearLabel(year, locale)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={translate(locale, 'filterDepartment')}>
          <Select
            className={styles.select}
            value={filter.departmentId ?? ''}
            onChange={(_, d) => setFilter((f) => ({ ...f, departmentId: d.value || undefined }))}
          >
            <option value="">{translate(locale, 'allDepartments')}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.office} {d.name}
              </option>
            ))}
          </Select>
        </Field>
        <Text className={styles.status} role="status" aria-live="polite">
          {loading ? translate(locale, data ? 'updating' : 'loading') : ''}
        </Text>
      </div>
      {error && <Text role="alert">{translate(locale, 'error', { message: error.message })}</Text>}
      {data && (
        <div className={styles.page} aria-busy={loading} data-testid="dashboard-content">
          <Headline data={data} locale={locale} />
          <WeatherSection quarters={data.checkIns} locale={locale} fileSuffix={fileSuffix} />
          <KpiSection kpis={data.kpis} locale={locale} fileSuffix={fileSuffix} />
          <DepartmentSection data={data} locale={locale} fileSuffix={fileSuffix} />
          <NoticesSection figures={data.notices} locale={locale} fileSuffix={fileSuffix} />
          <SurveysSection figures={data.surveys} locale={locale} fileSuffix={fileSuffix} />
          <RulingsSection data={data} locale={locale} fileSuffix={fileSuffix} />
          <RepeatedTopicsSection figure={data.repeatedTopics} locale={locale} fileSuffix={fileSuffix} />
        </div>
      )}
    </section>
  );
}

/** 2026-10 → 2026 (April starts the fiscal year). */
const fiscalYearOfMonth = (month: string) => {
  const [year, m] = month.split('-').map(Number);
  return m >= 4 ? year : year - 1;
};

function yearsIn(data: Analytics): number[] {
  return [
    ...data.checkIns.map((q) => q.fiscalYear),
    ...data.kpis.flatMap((k) => k.points.map((p) => p.fiscalYear)),
    ...data.inquiries.byMonth.map((m) => fiscalYearOfMonth(m.month)),
    ...data.rulings.createdByMonth.map((m) => fiscalYearOfMonth(m.month)),
  ].filter((year) => Number.isInteger(year));
}

const percent = (value: number | null) => (value === null ? '—' : `${value}%`);

/** A share's denominator (「3/4 件…」), and a warning when it is small: one case never reads as a plain 100%. */
const basisText = (locale: Locale, whole: number, detail: string) =>
  [detail, ...(isSmallSample(whole) ? [translate(locale, 'smallSample')] : [])].join(locale === 'ja' ? '・' : '; ');

function Headline({ data, locale }: { data: Analytics; locale: Locale }) {
  const styles = useDashboardStyles();
  const { inquiries, rulings } = data;
  const count = (n: number) => translate(locale, 'countUnit', { count: String(n) });
  const median = (s: DurationSummary) => translate(locale, 'medianDays', { days: numberText(s.median) });
  const p90 = (s: DurationSummary) => translate(locale, 'p90Days', { days: numberText(s.p90), count: String(s.n) });
  const cards: [StringKey, string, string][] = [
    ['inquiriesTotal', count(inquiries.total), translate(locale, 'answeredOf', { count: String(inquiries.answered) })],
    ['firstResponseDays', median(inquiries.firstResponseDays), p90(inquiries.firstResponseDays)],
    ['answerDays', median(inquiries.answerDays), p90(inquiries.answerDays)],
    [
      'onTimeRate',
      percent(inquiries.onTimeRate),
      basisText(
        locale,
        inquiries.onTime.counted,
        translate(locale, 'onTimeOf', { part: String(inquiries.onTime.answeredOnTime), whole: String(inquiries.onTime.counted) }),
      ),
    ],
    [
      'unclaimedTitle',
      count(inquiries.backlog.unclaimed),
      inquiries.backlog.oldestUnclaimedDays === null
        ? ''
        : translate(locale, 'unclaimedOldest', { days: String(inquiries.backlog.oldestUnclaimedDays) }),
    ],
    [
      'backlogTitle',
      count(inquiries.backlog.open),
      translate(locale, 'backlogDetail', {
        overdue: String(inquiries.backlog.overdue),
        ...Object.fromEntries(inquiries.backlog.byAge.map((band, i) => ['abcd'[i], String(band.count)])),
      }),
    ],
    ['deflections', count(inquiries.deflections), translate(locale, 'deflectionRate', { rate: percent(inquiries.deflectionRate) })],
    ['rulingsCreated', count(rulings.created), translate(locale, 'rulingViews', { count: String(rulings.views) })],
  ];
  return (
    <section className={styles.section} aria-labelledby="dashboard-headline">
      <Text as="h3" id="dashboard-headline" size={500} weight="semibold">
        {translate(locale, 'headline')}
      </Text>
      <FigureCards cards={cards} locale={locale} testId="headline" dense />
    </section>
  );
}

function ChartSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const styles = useDashboardStyles();
  return (
    <section className={styles.section} aria-labelledby={id}>
      <Text as="h3" id={id} size={500} weight="semibold">
        {title}
      </Text>
      {children}
    </section>
  );
}

function WeatherSection({ quarters, locale, fileSuffix }: { quarters: QuarterFigures[]; locale: Locale; fileSuffix: string }) {
  const columns: Column<QuarterFigures>[] = [
    { header: translate(locale, 'quarter'), value: (q) => quarterName(q, locale), short: true },
    { header: translate(locale, 'initiativeCount'), value: (q) => q.initiatives, numeric: true },
    { header: translate(locale, 'answeredCount'), value: (q) => q.answered, numeric: true },
    ...WEATHERS.map((w): Column<QuarterFigures> => ({ header: WEATHER_LABELS[w][locale], value: (q) => q.weather[w], numeric: true })),
    { header: translate(locale, 'onTimeCount'), value: (q) => q.onTime, numeric: true },
    { header: translate(locale, 'onTimeShare'), value: (q) => q.onTimeRate, numeric: true },
  ];
  return (
    <ChartSection id="dashboard-weather" title={translate(locale, 'weatherTitle')}>
      <WeatherChart quarters={quarters} locale={locale} />
      {quarters
        .filter((q) => q.open)
        .map((q) => (
          <Text key={`${q.fiscalYear}Q${q.quarter}`} data-testid="open-cycle">
            {translate(locale, 'cycleOpen', {
              label: quarterName(q, locale),
              answered: String(q.answered),
              initiatives: String(q.initiatives),
            })}
          </Text>
        ))}
      <DataTable
        caption={translate(locale, 'weatherTable')}
        columns={columns}
        rows={quarters}
        rowKey={(q) => `${q.fiscalYear}Q${q.quarter}`}
        fileName={`dashboard-weather-${fileSuffix}`}
        locale={locale}
        testId="weather-table"
      />
    </ChartSection>
  );
}

const kpiKey = (k: KpiTrend) => `${k.code}/${k.kpiId}`;

/** 目標達成 / 基準値より改善 / 基準値から改善なし / 目標未達 / 実績なし, by the KPI's direction. */
export function assessment(kpi: KpiTrend): StringKey {
  const latest = kpi.points.at(-1);
  if (!latest) return 'noActuals';
  const better = (a: number, b: number) => (kpi.direction === 'higher' ? a > b : a < b);
  if (latest.actual === kpi.target || better(latest.actual, kpi.target)) return 'targetMet';
  if (kpi.baseline === null) return 'targetNotMet';
  return better(latest.actual, kpi.baseline) ? 'betterThanBaseline' : 'notBetterThanBaseline';
}

function KpiSection({ kpis, locale, fileSuffix }: { kpis: KpiTrend[]; locale: Locale; fileSuffix: string }) {
  const [chosen, setChosen] = useState<string | undefined>();
  const styles = useDashboardStyles();
  const kpi = useMemo(() => kpis.find((k) => kpiKey(k) === chosen) ?? kpis.find((k) => k.points.length > 0) ?? kpis[0], [kpis, chosen]);
  const latestColumns: Column<KpiTrend>[] = [
    {
      header: translate(locale, 'initiative'),
      value: (k) => `${k.code} ${k.title}`,
      render: (k) => <Link href={hrefOf({ view: 'dashboard', initiativeCode: k.code })}>{`${k.code} ${k.title}`}</Link>,
    },
    { header: translate(locale, 'kpi'), value: (k) => k.name },
    { header: translate(locale, 'unit'), value: (k) => k.unit, short: true },
    { header: translate(locale, 'baseline'), value: (k) => k.baseline, numeric: true },
    { header: translate(locale, 'target'), value: (k) => k.target, numeric: true },
    { header: translate(locale, 'latestActual'), value: (k) => k.points.at(-1)?.actual ?? null, numeric: true },
    {
      header: translate(locale, 'asOf'),
      value: (k) => {
        const p = k.points.at(-1);
        return p ? quarterName(p, locale) : null;
      },
      short: true,
    },
    {
      header: translate(locale, 'betterWhen'),
      value: (k) => translate(locale, k.direction === 'higher' ? 'higherIsBetter' : 'lowerIsBetter'),
      short: true,
    },
    { header: translate(locale, 'assessment'), value: (k) => translate(locale, assessment(k)), short: true },
  ];
  return (
    <ChartSection id="dashboard-kpi" title={translate(locale, 'kpiTitle')}>
      {kpi ? (
        <>
          <Field className={styles.kpiField} label={translate(locale, 'kpiSelect')}>
            <Select className={styles.select} value={kpiKey(kpi)} onChange={(_, d) => setChosen(d.value)}>
              {kpis.map((k) => (
                <option key={kpiKey(k)} value={kpiKey(k)}>
                  {`${k.code} ${k.name}${k.points.length === 0 ? ` ${translate(locale, 'kpiNoActuals')}` : ''}`}
                </option>
              ))}
            </Select>
          </Field>
          <KpiTrendChart trend={kpi} locale={locale} testId="kpi-chart" />
          <DataTable
            caption={translate(locale, 'kpiPointsTable', { name: `${kpi.code} ${kpi.name}` })}
            columns={kpiPointColumns(kpi, locale)}
            rows={kpi.points}
            rowKey={(p) => `${p.fiscalYear}Q${p.quarter}`}
            fileName={`dashboard-kpi-${kpi.kpiId}-${fileSuffix}`}
            locale={locale}
            testId="kpi-points-table"
          />
        </>
      ) : (
        <Text>{translate(locale, 'noData')}</Text>
      )}
      <DataTable
        caption={translate(locale, 'kpiLatestTable')}
        columns={latestColumns}
        rows={kpis}
        rowKey={kpiKey}
        fileName={`dashboard-kpi-latest-${fileSuffix}`}
        locale={locale}
        testId="kpi-latest-table"
      />
    </ChartSection>
  );
}

type DepartmentRow = Analytics['inquiries']['byDepartment'][number];

function DepartmentSection({ data, locale, fileSuffix }: { data: Analytics; locale: Locale; fileSuffix: string }) {
  const styles = useDashboardStyles();
  const columns: Column<DepartmentRow>[] = [
    { header: translate(locale, 'filterDepartment'), value: (d) => d.name },
    { header: translate(locale, 'inquiriesColumn'), value: (d) => d.inquiries, numeric: true },
    { header: translate(locale, 'firstResponseMedian'), value: (d) => d.firstResponseDays.median, numeric: true },
    { header: translate(locale, 'firstResponseP90'), value: (d) => d.firstResponseDays.p90, numeric: true },
    { header: translate(locale, 'answerMedian'), value: (d) => d.answerDays.median, numeric: true },
    { header: translate(locale, 'answerP90'), value: (d) => d.answerDays.p90, numeric: true },
    { header: translate(locale, 'onTimeRatePercent'), value: (d) => d.onTimeRate, numeric: true },
    { header: translate(locale, 'onTimeBasisColumn'), value: (d) => `${d.onTime.answeredOnTime}/${d.onTime.counted}`, short: true },
    { header: translate(locale, 'overdueColumn'), value: (d) => d.backlog.overdue, numeric: true },
  ];
  const wardColumns: Column<{ office: string; inquiries: number }>[] = [
    { header: translate(locale, 'wardOffice'), value: (w) => w.office },
    { header: translate(locale, 'inquiriesColumn'), value: (w) => w.inquiries, numeric: true },
  ];
  const monthColumns: Column<{ month: string; inquiries: number }>[] = [
    { header: translate(locale, 'month'), value: (m) => m.month, short: true },
    { header: translate(locale, 'inquiriesColumn'), value: (m) => m.inquiries, numeric: true },
  ];
  return (
    <ChartSection id="dashboard-departments" title={translate(locale, 'departmentTitle')}>
      <DepartmentTimesChart departments={data.inquiries.byDepartment} locale={locale} />
      <DataTable
        caption={translate(locale, 'departmentTable')}
        columns={columns}
        rows={data.inquiries.byDepartment}
        rowKey={(d) => d.departmentId}
        fileName={`dashboard-departments-${fileSuffix}`}
        locale={locale}
        testId="department-table"
      />
      <div className={styles.tables}>
        <DataTable
          caption={translate(locale, 'wardTable')}
          columns={wardColumns}
          rows={data.inquiries.byWard}
          rowKey={(w) => w.office}
          fileName={`dashboard-wards-${fileSuffix}`}
          locale={locale}
          testId="ward-table"
        />
        <DataTable
          caption={translate(locale, 'monthTable')}
          columns={monthColumns}
          rows={data.inquiries.byMonth}
          rowKey={(m) => m.month}
          fileName={`dashboard-months-${fileSuffix}`}
          locale={locale}
          testId="month-table"
        />
      </div>
    </ChartSection>
  );
}

function RulingsSection({ data, locale, fileSuffix }: { data: Analytics; locale: Locale; fileSuffix: string }) {
  const columns: Column<Analytics['rulings']['mostViewed'][number]>[] = [
    {
      header: translate(locale, 'rulingNumber'),
      value: (r) => r.id,
      render: (r) => <Link href={hrefOf({ view: 'rulings', rulingId: r.id })}>{r.id}</Link>,
    },
    { header: translate(locale, 'rulingTitle'), value: (r) => r.title },
    { header: translate(locale, 'views'), value: (r) => r.views, numeric: true },
  ];
  return (
    <ChartSection id="dashboard-rulings" title={translate(locale, 'rulingsTitle')}>
      <DataTable
        caption={translate(locale, 'mostViewedTable')}
        columns={columns}
        rows={data.rulings.mostViewed}
        rowKey={(r) => r.id}
        fileName={`dashboard-rulings-${fileSuffix}`}
        locale={locale}
        testId="rulings-table"
      />
    </ChartSection>
  );
}
