import { isValidIsoDate } from '../../platform/fiscal-calendar';
import type { Initiative, Kpi } from '../model';
import { restoreNeutralized } from '../../../shared/formula-guard';
import {
  INITIATIVE_COLUMNS,
  isHeaderRow,
  KPI_PARTS,
  kpiHeader,
  resolveColumns,
  type ColumnMap,
  type InitiativeColumnField,
  type KpiPartField,
} from './layout';

/**
 * Turns the rows of a 施策一覧 into Initiatives, and says, row by row and column by column,
 * what is wrong with the rest. Pure: people are looked up through the function passed in.
 */

export interface RowProblem {
  /** 1-based spreadsheet row, as Excel numbers it. */
  row: number;
  /** The header name, as the export writes it (e.g. 管理項目, KPI1目標値). */
  column: string;
  /** Japanese, then English in parentheses. */
  reason: string;
}

/** A person id (p-ward-manager) or email → the person's id; undefined when nobody matches. */
export type PersonLookup = (idOrEmail: string) => string | undefined;

export interface ParsedInitiatives {
  /** The rows without problems, in sheet order. */
  initiatives: Initiative[];
  problems: RowProblem[];
  /**
   * The Initiative fields this file has columns for. A re-import keeps the stored value of a
   * field whose column the file lacks (the city's own sheet has no 担当者 or KPI columns), so
   * importing it does not erase owners and KPIs entered earlier.
   */
  fieldsInFile: Set<keyof Initiative>;
  /** Rows holding an initiative (valid or not): blank and repeated header rows excluded. */
  dataRows: number;
}

export const MAX_TEXT_LENGTH = 2_000;
const BRANCH = /^[A-Za-z0-9]{1,10}$/;
/** Control characters other than tab and line breaks, and the noncharacters U+FFFE/U+FFFF: invisible, and they break XML and cards. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g;

const HEADER_OF = Object.fromEntries(INITIATIVE_COLUMNS.map((column) => [column.field, column.header])) as Record<
  InitiativeColumnField,
  string
>;
const PART_OF = Object.fromEntries(KPI_PARTS.map((part) => [part.field, part.part])) as Record<KpiPartField, string>;

/** Initiative fields filled straight from a text column. */
const TEXT_FIELDS = [
  'leadDivision',
  'leadSection',
  'pillar',
  'domain',
  'title',
  'purpose',
  'milestone',
  'activities',
  'q4Target',
  'nextYearActivities',
  'finalMilestone',
] as const;

export function parseInitiativeRows(rows: string[][], findPerson: PersonLookup): ParsedInitiatives {
  const columns = resolveColumns(rows);
  if (!columns) {
    return {
      initiatives: [],
      problems: [
        {
          row: 1,
          column: HEADER_OF.branch1,
          reason:
            '見出し行が見つかりません。「進捗管理枝番1」と「進捗管理枝番2」の列がある行が必要です (no header row: a row with both 進捗管理枝番1 and 進捗管理枝番2 is required)',
        },
      ],
      fieldsInFile: new Set(),
      dataRows: 0,
    };
  }
  if (columns.initiative.title === undefined) {
    return {
      initiatives: [],
      problems: [
        { row: columns.headerRow + 1, column: HEADER_OF.title, reason: '「管理項目」の列がありません (the 管理項目 column is missing)' },
      ],
      fieldsInFile: new Set(),
      dataRows: 0,
    };
  }

  const initiatives: Initiative[] = [];
  const problems: RowProblem[] = [];
  const firstRowOfCode = new Map<string, number>();
  let dataRows = 0;
  for (let index = columns.headerRow + 1; index < rows.length; index++) {
    const cells = rows[index].map(cleanCell);
    if (cells.every((cell) => cell === '')) continue;
    if (isHeaderRow(cells)) continue; // a sheet laid out in pages repeats its header
    dataRows += 1;
    const rowNumber = index + 1;
    const parsed = parseRow(cells, rowNumber, columns, findPerson);
    problems.push(...parsed.problems);
    if (parsed.code) {
      const earlier = firstRowOfCode.get(parsed.code);
      if (earlier !== undefined) {
        problems.push({
          row: rowNumber,
          column: HEADER_OF.branch2,
          reason: `施策番号 ${parsed.code} は ${earlier} 行目と重複しています (duplicate code ${parsed.code}, first on row ${earlier})`,
        });
        continue;
      }
      firstRowOfCode.set(parsed.code, rowNumber);
    }
    if (parsed.problems.length === 0 && parsed.initiative) initiatives.push(parsed.initiative);
  }
  return { initiatives, problems, fieldsInFile: fieldsInFile(columns), dataRows };
}

function fieldsInFile(columns: ColumnMap): Set<keyof Initiative> {
  const fields = new Set<keyof Initiative>(['code']);
  for (const field of TEXT_FIELDS) if (columns.initiative[field] !== undefined) fields.add(field);
  if (columns.initiative.owner !== undefined) fields.add('ownerId');
  if (columns.kpis.size > 0) fields.add('kpis');
  return fields;
}

/** Spreadsheet text as stored: the export's formula guard undone, control characters removed, CRLF as LF, trimmed. */
export function cleanCell(raw: string | undefined): string {
  return restoreNeutralized(raw ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL_CHARACTERS, '')
    .trim();
}

function parseRow(
  cells: string[],
  row: number,
  columns: ColumnMap,
  findPerson: PersonLookup,
): { code?: string; initiative?: Initiative; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const problem = (column: string, reason: string) => problems.push({ row, column, reason });
  const cellOf = (index: number | undefined) => (index === undefined ? '' : (cells[index] ?? ''));
  const text = (field: (typeof TEXT_FIELDS)[number]) => {
    const value = cellOf(columns.initiative[field]);
    if (value.length > MAX_TEXT_LENGTH)
      problem(
        HEADER_OF[field],
        `${MAX_TEXT_LENGTH.toLocaleString('en')} 文字以内にしてください（${value.length.toLocaleString('en')} 文字） (at most ${MAX_TEXT_LENGTH} characters)`,
      );
    return value;
  };

  const branch = (field: 'branch1' | 'branch2') => {
    const value = cellOf(columns.initiative[field]).normalize('NFKC').trim();
    if (value === '') problem(HEADER_OF[field], '必須です (required)');
    else if (!BRANCH.test(value))
      problem(HEADER_OF[field], `半角英数字 10 文字以内にしてください: ${quoted(value)} (letters and digits only, at most 10)`);
    return value;
  };
  const branch1 = branch('branch1');
  const branch2 = branch('branch2');
  const code = BRANCH.test(branch1) && BRANCH.test(branch2) ? `${branch1}-${branch2}` : undefined;

  const initiative: Initiative = {
    code: code ?? '',
    pillar: text('pillar'),
    domain: text('domain'),
    leadDivision: text('leadDivision'),
    leadSection: text('leadSection'),
    title: text('title'),
    purpose: text('purpose'),
    milestone: text('milestone'),
    activities: text('activities'),
    q4Target: text('q4Target'),
    ownerId: null,
    kpis: [],
  };
  if (initiative.title === '') problem(HEADER_OF.title, '必須です (required)');
  // Optional in the model: left out rather than stored empty, so older records compare equal.
  const nextYearActivities = text('nextYearActivities');
  if (nextYearActivities) initiative.nextYearActivities = nextYearActivities;
  const finalMilestone = text('finalMilestone');
  if (finalMilestone) initiative.finalMilestone = finalMilestone;

  const owner = cellOf(columns.initiative.owner).normalize('NFKC');
  if (owner !== '') {
    const personId = findPerson(owner);
    if (personId) initiative.ownerId = personId;
    else
      problem(
        HEADER_OF.owner,
        `職員名簿にいません: ${quoted(owner)}。職員 ID (p-…) かメールアドレスを入れてください (unknown person: use a person id or email)`,
      );
  }

  for (const [n, group] of columns.kpis) {
    const kpi = parseKpi(n, group, cellOf, code, problem);
    if (kpi) initiative.kpis.push(kpi);
  }
  return { code, initiative: code ? initiative : undefined, problems };
}

function parseKpi(
  n: number,
  group: Partial<Record<KpiPartField, number>>,
  cellOf: (index: number | undefined) => string,
  code: string | undefined,
  problem: (column: string, reason: string) => void,
): Kpi | undefined {
  const value = (field: KpiPartField) => cellOf(group[field]);
  if (KPI_PARTS.every(({ field }) => value(field) === '')) return undefined; // no KPI in this group
  const column = (field: KpiPartField) => kpiHeader(n, PART_OF[field]);

  const name = value('name');
  if (name === '') problem(column('name'), 'KPI の他の欄があるときは必須です (required when the KPI has other values)');
  for (const field of ['name', 'unit'] as const) {
    if (value(field).length > MAX_TEXT_LENGTH)
      problem(column(field), `${MAX_TEXT_LENGTH.toLocaleString('en')} 文字以内にしてください (at most ${MAX_TEXT_LENGTH} characters)`);
  }

  const target = parseNumber(value('target'));
  if (value('target') === '') problem(column('target'), 'KPI の他の欄があるときは必須です (required when the KPI has other values)');
  else if (target === undefined) problem(column('target'), `数値ではありません: ${quoted(value('target'))} (not a number)`);

  const baseline = value('baseline') === '' ? null : parseNumber(value('baseline'));
  if (baseline === undefined) problem(column('baseline'), `数値ではありません: ${quoted(value('baseline'))} (not a number)`);

  const targetDate = parseDate(value('targetDate'));
  if (value('targetDate') === '')
    problem(column('targetDate'), 'KPI の他の欄があるときは必須です (required when the KPI has other values)');
  else if (!targetDate)
    problem(
      column('targetDate'),
      `日付として読めません: ${quoted(value('targetDate'))}。2027-03-31 の形にしてください (not a date: use YYYY-MM-DD)`,
    );

  const direction = parseDirection(value('direction'));
  if (!direction)
    problem(
      column('direction'),
      `「高いほど良い」か「低いほど良い」にしてください: ${quoted(value('direction'))} (must be 高いほど良い or 低いほど良い)`,
    );

  if (!code || target === undefined || baseline === undefined || !targetDate || !direction || name === '') return undefined;
  return { id: `${code}-k${n}`, name, unit: value('unit'), baseline, target, targetDate, direction };
}

/** A cell's text as shown in a message: in 「」, on one line, shortened so one bad cell cannot flood the report. */
function quoted(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return `「${line.length > 40 ? `${line.slice(0, 40)}…` : line}」`;
}

/**
 * A number as people type it: full-width digits (NFKC), thousands separators, a trailing %,
 * and ▲/△/− for minus as Japanese documents write it. Undefined when it is not a number.
 */
export function parseNumber(text: string): number | undefined {
  const compact = text
    .normalize('NFKC')
    .replace(/[\s,]/g, '')
    .replace(/%$/, '')
    .replace(/^[▲△−]/, '-');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(compact)) return undefined;
  const number = Number(compact);
  return Number.isFinite(number) ? number : undefined;
}

/** 1900-01-00 is Excel serial 0; 25569 is 1970-01-01. Serials in this range are 1954–2119. */
const EXCEL_SERIAL_RANGE = [20_000, 80_000] as const;

/**
 * A date as YYYY-MM-DD from 2027-03-31, 2027/3/31, 2027年3月31日, 令和9年3月31日 / R9.3.31, or an
 * Excel date serial (a date cell saved without its format). Undefined when it is not a date.
 */
export function parseDate(text: string): string | undefined {
  const value = text.normalize('NFKC').replace(/\s/g, '');
  const iso = (year: number, month: number, day: number) => {
    const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    return isValidIsoDate(date) ? date : undefined;
  };
  let match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value);
  if (match) return iso(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(?:令和|R)(\d{1,2}|元)[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/i.exec(value);
  if (match) return iso(2018 + (match[1] === '元' ? 1 : Number(match[1])), Number(match[2]), Number(match[3]));
  if (/^\d{5}(\.0+)?$/.test(value)) {
    const serial = Number(value);
    if (serial < EXCEL_SERIAL_RANGE[0] || serial > EXCEL_SERIAL_RANGE[1]) return undefined;
    return new Date((serial - 25_569) * 86_400_000).toISOString().slice(0, 10);
  }
  return undefined;
}

const DIRECTION_WORDS: Record<string, Kpi['direction']> = {
  '': 'higher',
  高いほど良い: 'higher',
  高いほどよい: 'higher',
  HIGHER: 'higher',
  低いほど良い: 'lower',
  低いほどよい: 'lower',
  LOWER: 'lower',
};

/** 高いほど良い (the default when empty) or 低いほど良い; English higher/lower too. */
export function parseDirection(text: string): Kpi['direction'] | undefined {
  return DIRECTION_WORDS[text.normalize('NFKC').replace(/\s/g, '').toUpperCase()];
}
