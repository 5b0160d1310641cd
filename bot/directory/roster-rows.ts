import type { RowProblem } from '../checkins/spreadsheet/initiative-rows';
import { cleanCell } from '../checkins/spreadsheet/initiative-rows';
import { isLocale, type Locale } from '../../shared/locale';
import { ROLES, type Department, type DepartmentKind, type Person, type Role } from './model';

/**
 * The 職員名簿 (staff roster) a city exports from its personnel system: one row per person with
 * their section. Departments are made from the rows (rows of one 部署ID must agree); people are
 * matched to Teams by their Entra ID object id.
 */
export const ROSTER_COLUMNS = [
  '職員ID',
  '氏名',
  'メール',
  'EntraオブジェクトID',
  '部署ID',
  '種別',
  '局・区役所',
  '課名',
  '承認要否',
  '役職',
  '権限',
  '言語',
  '分野',
] as const;
type Column = (typeof ROSTER_COLUMNS)[number];
const OPTIONAL_COLUMNS: readonly Column[] = ['承認要否', '役職', '言語', '分野'];

/** 分野 a section handles (国民健康保険、戸籍 …): a notice to a 分野 reaches every ward section listing it. */
export const CATEGORY_LIMITS = { length: 50, perDepartment: 20 } as const;

const ROLE_NAMES: Record<string, Role> = {
  職員: 'staff',
  回答担当: 'responder',
  承認者: 'approver',
  pmo: 'pmo',
  管理者: 'admin',
  ...Object.fromEntries(ROLES.map((r) => [r, r])),
};
const KIND_NAMES: Record<string, DepartmentKind> = { 本庁: 'hq', 区役所: 'ward', hq: 'hq', ward: 'ward' };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID = /^[A-Za-z0-9][\w.-]{0,63}$/;

export interface ParsedRoster {
  departments: Omit<Department, 'inquiryChannelId' | 'noticeChannelId'>[];
  people: Person[];
  /** The spreadsheet row of each person id. */
  rowOf: Map<string, number>;
  problems: RowProblem[];
}

export function parseRosterRows(rows: string[][]): ParsedRoster {
  const result: ParsedRoster = { departments: [], people: [], rowOf: new Map(), problems: [] };
  const headerIndex = rows.findIndex((row) => row.some((cell) => cleanCell(cell) === '職員ID'));
  if (headerIndex < 0) {
    result.problems.push({
      row: 1,
      column: '職員ID',
      reason: '見出し行（職員ID, 氏名, … の行）が見つかりません (no header row with 職員ID)',
    });
    return result;
  }
  const header = rows[headerIndex].map((cell) => cleanCell(cell).replace(/\s+/g, ''));
  const missing = ROSTER_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.includes(c) && !header.includes(c));
  for (const column of missing) result.problems.push({ row: headerIndex + 1, column, reason: '列がありません (column missing)' });
  if (missing.length > 0) return result;

  const departments = new Map<string, { department: ParsedRoster['departments'][number]; row: number }>();
  // Without a 分野 column, departments keep the 分野 they have; with it, the rows that state one set it.
  const categoriesStated = header.includes('分野');
  const categoriesOf = new Map<string, { categories: string[]; row: number }>();
  const seenPeople = new Map<string, number>();
  const seenObjects = new Map<string, number>();
  rows.slice(headerIndex + 1).forEach((cells, offset) => {
    const row = headerIndex + 2 + offset;
    const get = (column: Column) => cleanCell(cells[header.indexOf(column)] ?? '');
    if (ROSTER_COLUMNS.every((c) => header.indexOf(c) < 0 || get(c) === '')) return; // blank row
    const problems: RowProblem[] = [];
    const problem = (column: Column, reason: string) => problems.push({ row, column, reason });

    const id = get('職員ID');
    if (!ID.test(id)) problem('職員ID', '英数字と . _ - で 64 字以内にしてください (letters, digits, . _ -, up to 64)');
    else if (seenPeople.has(id)) problem('職員ID', `${seenPeople.get(id)} 行目と重複しています (duplicate)`);
    const displayName = get('氏名');
    if (!displayName || [...displayName].length > 50) problem('氏名', '1〜50 字で入力してください (required, up to 50)');
    const email = get('メール');
    if (!/^[^\s@]{1,64}@[^\s@]{1,255}$/.test(email)) problem('メール', 'メールアドレスではありません (not an email address)');
    const objectId = get('EntraオブジェクトID').toLowerCase();
    if (!GUID.test(objectId)) problem('EntraオブジェクトID', 'GUID ではありません (not a GUID)');
    else if (seenObjects.has(objectId)) problem('EntraオブジェクトID', `${seenObjects.get(objectId)} 行目と重複しています (duplicate)`);
    const departmentId = get('部署ID');
    if (!ID.test(departmentId)) problem('部署ID', '英数字と . _ - で 64 字以内にしてください (letters, digits, . _ -, up to 64)');
    const kind = KIND_NAMES[get('種別').toLowerCase()] ?? KIND_NAMES[get('種別')];
    if (!kind) problem('種別', '「本庁」か「区役所」にしてください (本庁 or 区役所)');
    const office = get('局・区役所');
    const name = get('課名');
    if (!office || [...office].length > 50) problem('局・区役所', '1〜50 字で入力してください (required, up to 50)');
    if (!name || [...name].length > 50) problem('課名', '1〜50 字で入力してください (required, up to 50)');
    const approval = get('承認要否');
    if (!['', '要', '不要'].includes(approval)) problem('承認要否', '「要」か「不要」にしてください (要 or 不要)');
    const roles = new Set<Role>(['staff']);
    for (const word of get('権限')
      .split(/[、,，\s]+/u)
      .filter(Boolean)) {
      const role = ROLE_NAMES[word.toLowerCase()] ?? ROLE_NAMES[word];
      if (role) roles.add(role);
      else
        problem(
          '権限',
          `「${word.slice(0, 20)}」は権限の名前ではありません。職員・回答担当・承認者・PMO・管理者 から選んでください (unknown role)`,
        );
    }
    const locale = get('言語') || 'ja';
    if (!isLocale(locale)) problem('言語', '「ja」か「en」にしてください (ja or en)');
    const categories = readCategories(get('分野'));
    if ('error' in categories) problem('分野', categories.error);

    if (kind && office && name && ID.test(departmentId)) {
      const department = { id: departmentId, kind, office, name, approvalRequired: approval === '要' };
      const earlier = departments.get(departmentId);
      if (!earlier) departments.set(departmentId, { department, row });
      else if (JSON.stringify(earlier.department) !== JSON.stringify(department)) {
        problem(
          '部署ID',
          `${earlier.row} 行目と同じ部署ID で、種別・局・課名・承認要否が違います (the department differs from row ${earlier.row})`,
        );
      }
      if ('categories' in categories && categories.categories.length > 0) {
        const stated = categoriesOf.get(departmentId);
        if (!stated) categoriesOf.set(departmentId, { categories: categories.categories, row });
        else if (stated.categories.join('、') !== categories.categories.join('、')) {
          problem(
            '分野',
            `${stated.row} 行目と同じ部署ID で、分野が違います。部署の分野は一通りにしてください (differs from row ${stated.row})`,
          );
        }
      }
    }
    if (problems.length > 0) return void result.problems.push(...problems);
    seenPeople.set(id, row);
    seenObjects.set(objectId, row);
    result.people.push({
      id,
      entraObjectId: objectId,
      displayName,
      email,
      departmentId,
      title: get('役職'),
      roles: ROLES.filter((r) => roles.has(r)),
      locale: locale as Locale,
    });
  });
  result.departments = [...departments.values()].map(({ department }) =>
    categoriesStated ? { ...department, categories: categoriesOf.get(department.id)?.categories ?? [] } : department,
  );
  result.rowOf = seenPeople;
  return result;
}

/** 「国民健康保険、後期高齢者医療」 or 「国民健康保険,後期高齢者医療」: each once, in the order given. */
function readCategories(cell: string): { categories: string[] } | { error: string } {
  const categories = [
    ...new Set(
      cell
        .split(/[、,，]/u)
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ];
  const tooLong = categories.find((c) => [...c].length > CATEGORY_LIMITS.length);
  if (tooLong)
    return {
      error: `分野「${tooLong.slice(0, 20)}…」は ${CATEGORY_LIMITS.length} 字以内にしてください (each up to ${CATEGORY_LIMITS.length})`,
    };
  if (categories.length > CATEGORY_LIMITS.perDepartment)
    return {
      error: `分野は ${CATEGORY_LIMITS.perDepartment} 個までです（${categories.length} 個） (at most ${CATEGORY_LIMITS.perDepartment})`,
    };
  return { categories };
}
