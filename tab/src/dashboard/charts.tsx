import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { useId, type CSSProperties, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { WEATHERS } from '../../../shared/weather';
import type { DepartmentFigures, KpiTrend, QuarterFigures } from '../api';
import { fiscalYearLabel } from '../route';
import { quarterSeries } from './quarter-series';
import { WEATHER_LABELS, translate, type Locale } from '../strings';

/**
 * The dashboard's charts (recharts, loaded with the dashboard only). Colours are Fluent tokens
 * (CSS variables), so they follow the Teams light, dark and high-contrast themes; series are
 * told apart by pattern as well as colour, because the high-contrast theme maps most colours
 * to white. Each chart is an image with a text summary of its numbers (role="img"), and the
 * table under it has the same numbers for screen readers and keyboard users.
 */

const useStyles = makeStyles({
  frame: { width: '100%', minWidth: 0, color: tokens.colorNeutralForeground1 },
  hidden: { position: 'absolute', width: 0, height: 0, overflow: 'hidden' },
  key: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, fontSize: tokens.fontSizeBase200, margin: 0, padding: 0 },
  keyItem: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, listStyle: 'none' },
});

const AXIS_TICK = { fill: tokens.colorNeutralForeground2, fontSize: 12 };
const TOOLTIP_STYLE: CSSProperties = {
  backgroundColor: tokens.colorNeutralBackground1,
  border: `1px solid ${tokens.colorNeutralStroke1}`,
  color: tokens.colorNeutralForeground1,
  borderRadius: tokens.borderRadiusMedium,
};
const TOOLTIP_TEXT: CSSProperties = { color: tokens.colorNeutralForeground1 };
const legendText = (value: ReactNode) => <span style={TOOLTIP_TEXT}>{value}</span>;

/** The chart as an image whose accessible name is a summary of what it shows. */
export function ChartFrame({
  summary,
  height,
  testId,
  children,
}: {
  summary: string;
  height: number;
  testId?: string;
  children: ReactNode;
}) {
  const styles = useStyles();
  return (
    <div role="img" aria-label={summary} data-testid={testId} className={styles.frame} style={{ height }}>
      {children}
    </div>
  );
}

/** An id safe inside url(#…) (React's useId has characters that are not). */
function usePatternId(): string {
  return `p${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
}

type Fill = 'solid' | 'hatch' | 'cross';

/** SVG patterns drawn in a token colour: stripes and a cross-hatch, to tell series apart without colour. */
function Patterns({ prefix, series }: { prefix: string; series: { key: string; color: string; fill: Fill }[] }) {
  const styles = useStyles();
  return (
    <svg className={styles.hidden} aria-hidden="true" focusable="false">
      <defs>
        {series
          .filter((s) => s.fill !== 'solid')
          .map((s) => (
            <pattern
              key={s.key}
              id={`${prefix}-${s.key}`}
              width="6"
              height="6"
              patternUnits="userSpaceOnUse"
              patternTransform={s.fill === 'hatch' ? 'rotate(45)' : undefined}
            >
              {s.fill === 'hatch' ? (
                <rect width="3" height="6" style={{ fill: s.color }} />
              ) : (
                <path d="M0 0L6 6M6 0L0 6" style={{ stroke: s.color, strokeWidth: 1.5 }} />
              )}
            </pattern>
          ))}
      </defs>
    </svg>
  );
}

const fillOf = (prefix: string, s: { key: string; color: string; fill: Fill }) =>
  s.fill === 'solid' ? s.color : `url(#${prefix}-${s.key})`;

export const quarterName = (q: { fiscalYear: number; quarter: number }, locale: Locale) =>
  `${fiscalYearLabel(q.fiscalYear, locale)} Q${q.quarter}`;
export const numberText = (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(value));
const joinItems = (items: string[], locale: Locale) => items.join(locale === 'ja' ? '、' : '; ');

/** Colours as weather reads (sun gold, cloud grey, rain blue), never alarm red; each with its symbol in the legend. */
const WEATHER_SERIES: Record<(typeof WEATHERS)[number], { color: string; fill: Fill; symbol: string }> = {
  晴れ: { color: tokens.colorPaletteMarigoldBorderActive, fill: 'solid', symbol: '☀' },
  くもり: { color: tokens.colorNeutralForeground3, fill: 'hatch', symbol: '☁' },
  雨: { color: tokens.colorPaletteBlueBorderActive, fill: 'cross', symbol: '☂' },
};

/** 天気 by quarter: a stacked bar of 晴れ / くもり / 雨 per quarter. */
export function WeatherChart({ quarters, locale }: { quarters: QuarterFigures[]; locale: Locale }) {
  const prefix = usePatternId();
  if (quarters.length === 0) return <Text>{translate(locale, 'chartNoData')}</Text>;
  const series = WEATHERS.map((w, i) => ({ key: `w${i}`, weather: w, ...WEATHER_SERIES[w] }));
  const data = quarters.map((q) => ({
    label: quarterName(q, locale),
    ...Object.fromEntries(series.map((s) => [s.key, q.weather[s.weather]])),
  }));
  const summary = translate(locale, 'weatherSummary', {
    items: joinItems(
      quarters.map((q) => {
        const counts = WEATHERS.map((w) => `${WEATHER_LABELS[w][locale]} ${q.weather[w]}`);
        return locale === 'ja' ? `${quarterName(q, locale)}（${counts.join('・')}）` : `${quarterName(q, locale)}: ${counts.join(', ')}`;
      }),
      locale,
    ),
  });
  return (
    <ChartFrame summary={summary} height={300} testId="weather-chart">
      <Patterns prefix={prefix} series={series} />
      <BarChart
        data={data}
        responsive
        style={{ width: '100%', height: '100%' }}
        accessibilityLayer={false}
        margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
      >
        <CartesianGrid stroke={tokens.colorNeutralStroke2} strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} stroke={tokens.colorNeutralStroke1} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} stroke={tokens.colorNeutralStroke1} width={40} />
        <Tooltip
          contentStyle={TOOLTIP_STYLE}
          itemStyle={TOOLTIP_TEXT}
          labelStyle={TOOLTIP_TEXT}
          cursor={{ fill: tokens.colorSubtleBackgroundHover }}
        />
        <Legend formatter={legendText} itemSorter="dataKey" />
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={`${s.symbol} ${WEATHER_LABELS[s.weather][locale]}`}
            stackId="weather"
            fill={fillOf(prefix, s)}
            stroke={s.color}
            strokeWidth={1}
            isAnimationActive={false}
            maxBarSize={64}
          >
            {/* The count on each part, so the bar reads without telling colours apart. */}
            <LabelList
              dataKey={s.key}
              position="right"
              formatter={(value: unknown) =>
                typeof value === 'number' && value > 0 ? `${WEATHER_LABELS[s.weather][locale]} ${value}` : ''
              }
              style={{ fill: tokens.colorNeutralForeground1, fontSize: 12 }}
            />
          </Bar>
        ))}
      </BarChart>
    </ChartFrame>
  );
}

/** One KPI's actuals by quarter, with its target as a solid line and its baseline dashed. */
export function KpiTrendChart({ trend, locale, testId }: { trend: KpiTrend; locale: Locale; testId?: string }) {
  const styles = useStyles();
  if (trend.points.length === 0) return <Text>{translate(locale, 'chartNoData')}</Text>;
  const data = quarterSeries(trend.points).map((p) => ({ label: quarterName(p, locale), actual: p.actual }));
  const summary = translate(locale, 'kpiSummary', {
    name: trend.name,
    unit: trend.unit,
    target: String(trend.target),
    baseline: numberText(trend.baseline),
    items: joinItems(
      data.map((d) => (locale === 'ja' ? `${d.label} ${numberText(d.actual)}` : `${d.label}: ${numberText(d.actual)}`)),
      locale,
    ),
  });
  return (
    <>
      <ChartFrame summary={summary} height={300} testId={testId}>
        <LineChart
          data={data}
          responsive
          style={{ width: '100%', height: '100%' }}
          accessibilityLayer={false}
          margin={{ top: 24, right: 24, bottom: 8, left: 0 }}
        >
          <CartesianGrid stroke={tokens.colorNeutralStroke2} strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={AXIS_TICK} stroke={tokens.colorNeutralStroke1} padding={{ left: 24, right: 24 }} />
          {/* Fitted to the actuals, the target and the baseline, so small changes (3.6 → 3.9) show. */}
          <YAxis domain={['auto', 'auto']} tick={AXIS_TICK} stroke={tokens.colorNeutralStroke1} width={64} />
          <Tooltip
            contentStyle={TOOLTIP_STYLE}
            itemStyle={TOOLTIP_TEXT}
            labelStyle={TOOLTIP_TEXT}
            formatter={(value) => `${String(value)} ${trend.unit}`}
          />
          <ReferenceLine y={trend.target} ifOverflow="extendDomain" stroke={tokens.colorPaletteRedBorder2} strokeWidth={2} />
          {trend.baseline !== null && (
            <ReferenceLine
              y={trend.baseline}
              ifOverflow="extendDomain"
              stroke={tokens.colorNeutralForeground3}
              strokeWidth={1.5}
              strokeDasharray="6 4"
            />
          )}
          <Line
            dataKey="actual"
            name={translate(locale, 'actual')}
            stroke={tokens.colorBrandForeground1}
            strokeWidth={2.5}
            dot={{ r: 4, fill: tokens.colorBrandForeground1, stroke: tokens.colorNeutralBackground1 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ChartFrame>
      {/* The lines' key under the chart, where no label can overprint an axis or a point. */}
      <ul className={styles.key} aria-hidden="true" data-testid={testId ? `${testId}-key` : undefined}>
        <li className={styles.keyItem}>
          <LineSample color={tokens.colorBrandForeground1} width={2.5} />
          {translate(locale, 'actual')}
        </li>
        <li className={styles.keyItem}>
          <LineSample color={tokens.colorPaletteRedBorder2} width={2} />
          {`${translate(locale, 'target')} ${trend.target}`}
        </li>
        {trend.baseline !== null && (
          <li className={styles.keyItem}>
            <LineSample color={tokens.colorNeutralForeground3} width={1.5} dashed />
            {`${translate(locale, 'baseline')} ${trend.baseline}`}
          </li>
        )}
      </ul>
    </>
  );
}

function LineSample({ color, width, dashed = false }: { color: string; width: number; dashed?: boolean }) {
  return (
    <svg width="24" height="8" aria-hidden="true" focusable="false">
      <line x1="0" y1="4" x2="24" y2="4" style={{ stroke: color, strokeWidth: width }} strokeDasharray={dashed ? '6 4' : undefined} />
    </svg>
  );
}

const DEPARTMENT_SERIES = [
  { key: 'median', color: tokens.colorBrandForeground1, fill: 'solid' as Fill },
  { key: 'p90', color: tokens.colorPaletteDarkOrangeBorderActive, fill: 'hatch' as Fill },
];

/** Business days to answer per department: median and p90 side by side (horizontal bars, long names fit). */
export function DepartmentTimesChart({ departments, locale }: { departments: DepartmentFigures[]; locale: Locale }) {
  const prefix = usePatternId();
  if (departments.length === 0) return <Text>{translate(locale, 'chartNoData')}</Text>;
  const data = departments.map((d) => ({ name: d.name, median: d.answerDays.median, p90: d.answerDays.p90 }));
  const names = { median: translate(locale, 'answerMedian'), p90: translate(locale, 'answerP90') };
  const summary = translate(locale, 'departmentSummary', {
    items: joinItems(
      departments.map((d) => {
        const figures =
          d.answerDays.median === null
            ? translate(locale, 'notAnswered')
            : translate(locale, 'medianAndP90', { median: numberText(d.answerDays.median), p90: numberText(d.answerDays.p90) });
        return locale === 'ja' ? `${d.name}（${figures}）` : `${d.name}: ${figures}`;
      }),
      locale,
    ),
  });
  return (
    <ChartFrame summary={summary} height={96 + 56 * departments.length} testId="department-chart">
      <Patterns prefix={prefix} series={DEPARTMENT_SERIES} />
      <BarChart
        data={data}
        layout="vertical"
        responsive
        style={{ width: '100%', height: '100%' }}
        accessibilityLayer={false}
        margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
      >
        <CartesianGrid stroke={tokens.colorNeutralStroke2} strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} stroke={tokens.colorNeutralStroke1} />
        <YAxis type="category" dataKey="name" tick={AXIS_TICK} stroke={tokens.colorNeutralStroke1} width={180} />
        <Tooltip
          contentStyle={TOOLTIP_STYLE}
          itemStyle={TOOLTIP_TEXT}
          labelStyle={TOOLTIP_TEXT}
          cursor={{ fill: tokens.colorSubtleBackgroundHover }}
        />
        <Legend formatter={legendText} itemSorter="dataKey" />
        {DEPARTMENT_SERIES.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={names[s.key as keyof typeof names]}
            fill={fillOf(prefix, s)}
            stroke={s.color}
            strokeWidth={1}
            isAnimationActive={false}
            maxBarSize={20}
          />
        ))}
      </BarChart>
    </ChartFrame>
  );
}
