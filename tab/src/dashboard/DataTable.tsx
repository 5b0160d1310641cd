import { Button, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { translate, type Locale } from '../strings';
import { csvFileName, downloadCsv, type CsvValue } from './csv';

const useStyles = makeStyles({
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start', maxWidth: '100%' },
  table: {
    borderCollapse: 'collapse',
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    color: tokens.colorNeutralForeground1,
    width: '100%',
    '& th, & td': {
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      verticalAlign: 'top',
    },
    '& thead th': { fontWeight: tokens.fontWeightSemibold, borderBottom: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}` },
    '& tbody th': { fontWeight: tokens.fontWeightRegular },
  },
  caption: { captionSide: 'top', textAlign: 'start', fontWeight: tokens.fontWeightSemibold, paddingBottom: tokens.spacingVerticalXS },
  // Alignment per cell (a th centres by default), so numbers line up at the end.
  start: { textAlign: 'start' },
  numeric: { textAlign: 'end', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  text: { textAlign: 'start', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  short: { textAlign: 'start', whiteSpace: 'nowrap' },
});

export interface Column<R> {
  header: string;
  /** The cell's value: what the CSV gets and, unless `render` is given, what the table shows. */
  value: (row: R) => CsvValue;
  /** What the table shows instead (a link, a badge); always text, never HTML. */
  render?: (row: R) => ReactNode;
  numeric?: boolean;
  /** A short text (a quarter, a unit) kept on one line. */
  short?: boolean;
}

/**
 * The table under each chart: a real <table> with a caption, column headers (scope="col") and
 * the first cell of each row as its header (scope="row"), with a CSV download of the same numbers.
 */
export function DataTable<R>(props: {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  fileName: string;
  locale: Locale;
  testId?: string;
}) {
  const styles = useStyles();
  const { columns, rows, locale } = props;
  const shown = (column: Column<R>, row: R): ReactNode => {
    if (column.render) return column.render(row);
    const value = column.value(row);
    if (value === null || value === undefined || value === '') return '—';
    // Numbers are grouped for reading (4,779,225); the CSV keeps them plain.
    return typeof value === 'number' ? value.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 10 }) : value;
  };
  return (
    <div className={styles.block}>
      <table className={styles.table} data-testid={props.testId}>
        <caption className={styles.caption}>{props.caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={column.numeric ? styles.numeric : styles.start}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length}>{translate(locale, 'noData')}</td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {columns.map((column, index) => {
                const className = column.numeric ? styles.numeric : column.short ? styles.short : styles.text;
                return index === 0 ? (
                  <th key={column.header} scope="row" className={className}>
                    {shown(column, row)}
                  </th>
                ) : (
                  <td key={column.header} className={className}>
                    {shown(column, row)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <Button
        size="small"
        disabled={rows.length === 0}
        aria-label={translate(locale, 'downloadCsvOf', { table: props.caption })}
        onClick={() =>
          downloadCsv(csvFileName(props.fileName), [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => c.value(row)))])
        }
      >
        {translate(locale, 'downloadCsv')}
      </Button>
    </div>
  );
}
