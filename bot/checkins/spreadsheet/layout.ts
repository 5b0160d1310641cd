import type { Kpi } from '../model';

/**
 * The 業務改革施策一覧 column layout, shared by import and export so a file the bot writes can
 * be read back. The city's own sheet has a title row and a group-header row above the real
 * header row, names some columns by fiscal year (R7年度末時点, R8年度 実施内容) and leaves a few
 * header cells empty under a vertically merged group label (管理項目, 目的); matching below is
 * tolerant of all of that.
 */

/** The initiative's own columns, in export order. `field` is where the value goes. */
export const INITIATIVE_COLUMNS = [
  { header: '進捗管理枝番1', field: 'branch1', aliases: ['進捗管理枝番1(9領域)', '枝番1'] },
  { header: '進捗管理枝番2', field: 'branch2', aliases: ['進捗管理枝番2(施策番号)', '枝番2'] },
  { header: '主担当部', field: 'leadDivision', aliases: ['担当部'] },
  { header: '主担当課', field: 'leadSection', aliases: ['担当課'] },
  { header: '施策3本柱', field: 'pillar', aliases: ['施策三本柱', '3本柱'] },
  { header: '施策9領域', field: 'domain', aliases: ['施策九領域', '9領域'] },
  { header: '管理項目', field: 'title', aliases: ['施策名'] },
  { header: '目的', field: 'purpose', aliases: [] },
  { header: 'マイルストーン', field: 'milestone', aliases: [] },
  { header: '実施内容', field: 'activities', aliases: [] },
  { header: 'Q4末到達目標', field: 'q4Target', aliases: ['到達目標'] },
  { header: '翌年度実施内容', field: 'nextYearActivities', aliases: [] },
  { header: '最終年度末時点', field: 'finalMilestone', aliases: [] },
  { header: '担当者', field: 'owner', aliases: ['施策担当者', 'owner'] },
] as const;

export type InitiativeColumnField = (typeof INITIATIVE_COLUMNS)[number]['field'];

/** The columns of one KPI group (KPI1名称, KPI1単位, ...), in export order. */
export const KPI_PARTS = [
  { part: '名称', field: 'name', aliases: ['名', '指標名'] },
  { part: '単位', field: 'unit', aliases: [] },
  { part: '基準値', field: 'baseline', aliases: ['基準'] },
  { part: '目標値', field: 'target', aliases: ['目標'] },
  { part: '目標期日', field: 'targetDate', aliases: ['期日', '目標日'] },
  { part: '方向', field: 'direction', aliases: ['評価方向'] },
] as const;

export type KpiPartField = (typeof KPI_PARTS)[number]['field'];

/** Written by export for the PMO to read; import ignores them (answers come from the check-in cards). */
export const CHECKIN_COLUMNS = ['進捗状況', '天気', '今後の方向性', '方向性理由', '課題・次のアクション'] as const;
export const kpiActualHeader = (n: number) => `KPI${n}実績`;
export const kpiHeader = (n: number, part: string) => `KPI${n}${part}`;

export const KPI_DIRECTION_LABELS: Record<Kpi['direction'], string> = { higher: '高いほど良い', lower: '低いほど良い' };

/** The export header row for a sheet with `kpiGroups` KPI groups. */
export function exportHeaders(kpiGroups: number): string[] {
  const headers: string[] = INITIATIVE_COLUMNS.map((column) => column.header);
  for (let n = 1; n <= kpiGroups; n++) headers.push(...KPI_PARTS.map(({ part }) => kpiHeader(n, part)));
  headers.push(...CHECKIN_COLUMNS);
  for (let n = 1; n <= kpiGroups; n++) headers.push(kpiActualHeader(n));
  return headers;
}

/** The code as two cells: 枝番1 never contains a hyphen, so splitting at the first one is lossless. */
export function splitCode(code: string): [string, string] {
  const at = code.indexOf('-');
  return at < 0 ? [code, ''] : [code.slice(0, at), code.slice(at + 1)];
}

/** Header text as compared: full-width/half-width unified (NFKC), all whitespace dropped, Latin letters in capitals. */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

/** "進捗管理枝番1(9領域)" → "進捗管理枝番1": a trailing note in brackets does not change the column. */
const withoutNote = (name: string) => name.replace(/\([^)]*\)$/, '');

/** Where a header cell's values go. */
export type ColumnTarget =
  { kind: 'initiative'; field: InitiativeColumnField } | { kind: 'kpi'; n: number; field: KpiPartField } | { kind: 'ignored' };

/** The resolved header row: which column index feeds which field. */
export interface ColumnMap {
  /** 0-based index of the header row in the table. */
  headerRow: number;
  initiative: Partial<Record<InitiativeColumnField, number>>;
  /** KPI group number → part → column index. */
  kpis: Map<number, Partial<Record<KpiPartField, number>>>;
}

const BY_NAME = new Map<string, InitiativeColumnField>();
for (const column of INITIATIVE_COLUMNS) {
  for (const name of [column.header, ...column.aliases]) BY_NAME.set(normalizeHeader(name), column.field);
}
const KPI_PART_BY_NAME = new Map<string, KpiPartField>();
for (const { part, field, aliases } of KPI_PARTS) for (const name of [part, ...aliases]) KPI_PART_BY_NAME.set(name, field);

/** e.g. R7年度末時点, 令和9年度末時点 (the sheet names milestones by the year they fall in). */
const YEAR_END_HEADER = /^(?:R|令和)\d+年度末時点$/;
/** e.g. R7年度実施内容, R8年度実施内容. */
const YEAR_ACTIVITIES_HEADER = /^(?:R|令和)\d+年度実施内容$/;
const KPI_HEADER = /^KPI(\d{1,2})(.+)$/;

/** One header cell on its own (without the year-named columns, which depend on order). */
export function columnTargetOf(header: string): ColumnTarget {
  const name = normalizeHeader(header);
  const field = BY_NAME.get(name) ?? BY_NAME.get(withoutNote(name));
  if (field) return { kind: 'initiative', field };
  const kpi = KPI_HEADER.exec(name);
  if (kpi) {
    const part = KPI_PART_BY_NAME.get(kpi[2]) ?? KPI_PART_BY_NAME.get(withoutNote(kpi[2]));
    if (part && Number(kpi[1]) >= 1) return { kind: 'kpi', n: Number(kpi[1]), field: part };
  }
  return { kind: 'ignored' };
}

/** The header row is the first row with both 進捗管理枝番 columns (title and group rows sit above it). */
export function isHeaderRow(cells: string[]): boolean {
  const fields = new Set(cells.map((cell) => columnTargetOf(cell)).map((t) => (t.kind === 'initiative' ? t.field : undefined)));
  return fields.has('branch1') && fields.has('branch2');
}

/**
 * Resolves the header row to column indexes, or undefined when no row has both 枝番 columns.
 * Priority, so a group label never displaces a real header: (1) named columns of the header
 * row; (2) year-named columns by order (the first R?年度末時点 is マイルストーン, a second one
 * 最終年度末時点; the first R?年度実施内容 is 実施内容, a second one 翌年度実施内容); (3) for a
 * header cell left empty, the group-header label right above it (the city's 管理項目 and 目的).
 * The first column for a field wins; unknown columns are ignored.
 */
export function resolveColumns(rows: string[][]): ColumnMap | undefined {
  const headerRow = rows.findIndex(isHeaderRow);
  if (headerRow < 0) return undefined;
  const header = rows[headerRow];
  const above = headerRow > 0 ? rows[headerRow - 1] : [];
  const map: ColumnMap = { headerRow, initiative: {}, kpis: new Map() };
  const assign = (target: ColumnTarget, index: number) => {
    if (target.kind === 'initiative') map.initiative[target.field] ??= index;
    if (target.kind === 'kpi') {
      const group = map.kpis.get(target.n) ?? {};
      group[target.field] ??= index;
      map.kpis.set(target.n, group);
    }
  };

  header.forEach((cell, index) => assign(columnTargetOf(cell), index));
  header.forEach((cell, index) => {
    const name = normalizeHeader(cell);
    const pair = YEAR_END_HEADER.test(name)
      ? (['milestone', 'finalMilestone'] as const)
      : YEAR_ACTIVITIES_HEADER.test(name)
        ? (['activities', 'nextYearActivities'] as const)
        : undefined;
    const free = pair?.find((field) => map.initiative[field] === undefined);
    if (free) map.initiative[free] = index;
  });
  header.forEach((cell, index) => {
    if (normalizeHeader(cell) === '' && above[index]) assign(columnTargetOf(above[index]), index);
  });
  map.kpis = new Map([...map.kpis].sort(([a], [b]) => a - b));
  return map;
}
