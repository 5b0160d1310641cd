import { fiscalYearLabel } from '../../platform/fiscal-calendar';
import type { StoreSession } from '../../store/ports';
import type { CheckIn, Initiative, Kpi } from '../model';
import { exportHeaders, KPI_DIRECTION_LABELS, splitCode } from './layout';
import { writeCsv, type ExportCell } from '../../platform/spreadsheet/write-csv';
import { writeXlsx } from '../../platform/spreadsheet/write-xlsx';

/**
 * One quarter's check-ins as a 施策一覧: every initiative with its KPIs, then that quarter's
 * answer (empty cells where the owner has not answered). The initiative columns are the import
 * layout, so the file can be edited and imported back.
 */

export type ExportFormat = 'xlsx' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['xlsx', 'csv'];

export interface ExportPeriod {
  fiscalYear: number;
  quarter: 1 | 2 | 3 | 4;
}

export interface ExportedFile {
  /** e.g. R8年度Q3 (also the sheet name) */
  label: string;
  /** e.g. 施策一覧_R8年度Q3.xlsx */
  fileName: string;
  /** e.g. initiatives_FY2026Q3.xlsx, for clients that cannot take a Japanese name. */
  asciiFileName: string;
  contentType: string;
  body: Buffer;
  initiatives: number;
  checkIns: number;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** Checks 年度 and 四半期 as typed in a URL or on the command line. */
export function parseExportPeriod(
  fiscalYear: string | null | undefined,
  quarter: string | null | undefined,
): ExportPeriod | { error: string } {
  const fy = (fiscalYear ?? '').trim();
  if (!/^\d{4}$/.test(fy) || Number(fy) < 2019 || Number(fy) > 2100) {
    return {
      error: `年度は 2019〜2100 の西暦で指定してください（R8年度は 2026）: 「${fy}」 (fiscal year must be 2019-2100, e.g. 2026 for R8)`,
    };
  }
  const q = (quarter ?? '').trim();
  if (!/^[1-4]$/.test(q)) return { error: `四半期は 1〜4 で指定してください: 「${q}」 (quarter must be 1-4)` };
  return { fiscalYear: Number(fy), quarter: Number(q) as ExportPeriod['quarter'] };
}

export async function exportCheckIns(
  store: Pick<StoreSession, 'initiatives' | 'checkIns'>,
  period: ExportPeriod,
  format: ExportFormat,
): Promise<ExportedFile> {
  const [initiatives, checkIns] = await Promise.all([
    store.initiatives.list(),
    store.checkIns.listForQuarter(period.fiscalYear, period.quarter),
  ]);
  const rows = checkInExportRows(initiatives, checkIns);
  const codes = new Set(initiatives.map((initiative) => initiative.code));
  const label = `${fiscalYearLabel(period.fiscalYear, 'short')}Q${period.quarter}`; // R8年度Q3
  const body = format === 'xlsx' ? await writeXlsx(rows, label) : writeCsv(rows);
  return {
    label,
    fileName: `施策一覧_${label}.${format}`,
    asciiFileName: `initiatives_FY${period.fiscalYear}Q${period.quarter}.${format}`,
    contentType: CONTENT_TYPES[format],
    body,
    initiatives: initiatives.length,
    checkIns: checkIns.filter((checkIn) => codes.has(checkIn.initiativeCode)).length,
  };
}

/** Header and one row per initiative, in the store's order (A1-2 before A1-10). Pure. */
export function checkInExportRows(initiatives: Initiative[], checkIns: CheckIn[]): ExportCell[][] {
  const slotsOf = new Map(initiatives.map((initiative) => [initiative.code, kpiSlots(initiative)]));
  const kpiGroups = Math.max(1, ...[...slotsOf.values()].map((slots) => slots.length));
  const answerOf = new Map(checkIns.map((checkIn) => [checkIn.initiativeCode, checkIn]));
  const rows: ExportCell[][] = [exportHeaders(kpiGroups)];
  for (const initiative of initiatives) {
    const answer = answerOf.get(initiative.code);
    const slots = slotsOf.get(initiative.code)!;
    const actualOf = new Map((answer?.kpiActuals ?? []).map((actual) => [actual.kpiId, actual.value]));
    const row: ExportCell[] = [
      ...splitCode(initiative.code),
      initiative.leadDivision,
      initiative.leadSection,
      initiative.pillar,
      initiative.domain,
      initiative.title,
      initiative.purpose,
      initiative.milestone,
      initiative.activities,
      initiative.q4Target,
      initiative.nextYearActivities ?? '',
      initiative.finalMilestone ?? '',
      initiative.ownerId ?? '',
    ];
    for (let n = 0; n < kpiGroups; n++) {
      const kpi = slots[n];
      row.push(
        ...(kpi
          ? [kpi.name, kpi.unit, kpi.baseline, kpi.target, kpi.targetDate, KPI_DIRECTION_LABELS[kpi.direction]]
          : [null, null, null, null, null, null]),
      );
    }
    row.push(
      answer?.progress ?? null,
      answer?.weather ?? null,
      answer?.direction ?? null,
      answer?.directionReason ?? null,
      answer?.nextActions ?? null,
    );
    for (let n = 0; n < kpiGroups; n++) {
      const kpi = slots[n];
      row.push(kpi ? (actualOf.get(kpi.id) ?? null) : null);
    }
    rows.push(row);
  }
  return rows;
}

/**
 * Which KPI group each KPI goes in. Import names a KPI `${code}-k${n}` after its group n, so a
 * KPI goes back to group n and keeps its id (and the check-in actuals recorded against it);
 * KPIs with other ids fill the free groups in order.
 */
function kpiSlots(initiative: Initiative): (Kpi | undefined)[] {
  const slots: (Kpi | undefined)[] = [];
  const unplaced: Kpi[] = [];
  for (const kpi of initiative.kpis) {
    const n = kpi.id.startsWith(`${initiative.code}-k`) ? Number(kpi.id.slice(initiative.code.length + 2)) : NaN;
    if (Number.isInteger(n) && n >= 1 && n <= 99 && !slots[n - 1]) slots[n - 1] = kpi;
    else unplaced.push(kpi);
  }
  for (const kpi of unplaced) {
    const free = slots.findIndex((slot) => !slot);
    slots[free < 0 ? slots.length : free] = kpi;
  }
  return Array.from(slots);
}
