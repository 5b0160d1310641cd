import {
  parseDate,
  parseDirection,
  parseInitiativeRows,
  parseNumber,
  type PersonLookup,
} from '../../bot/checkins/spreadsheet/initiative-rows';
import { exportHeaders, resolveColumns } from '../../bot/checkins/spreadsheet/layout';

/** Rows → Initiatives: header detection, column aliases, validation with row numbers. */

const people: Record<string, string> = {
  'p-ward-manager': 'p-ward-manager',
  'p-pmo': 'p-pmo',
  'makoto.tanaka@sakura-city.example': 'p-pmo',
};
const findPerson: PersonLookup = (idOrEmail) => people[idOrEmail.toLowerCase()];

/** The first three lines of the city's sheet as the seed has them (tab-separated, section 5.2 of seed 004). */
const CITY_SHEET = [
  '\t\t担当部/課\t業革\t施策分類\t管理項目\t目的\tマイルストーン\tロードマップ(実施\t施内容)と四半期ご\tと達成目標\tマイルストーン\t進捗・課\t題・アクション\tン・今後の方向性\t',
  '進捗管理枝番1 (9領域)\t進捗管理枝番2 (施策番号)\t主担当部\t施策3本柱\t施策 9 領域\t\t\tR7年度末時点\tR7年度 実施内容\tQ4末 到達目標\tR8年度 実施内容\tR9年度末時点\t進捗状況\t天気\t今後の方向性\t方向性理由',
  'A1\t2\t総務部\tA:市民サービスの改善・向上\tA1:窓口サービスの改革\t窓口時間の短縮\t\t・窓口時間短縮のためのR8当初予算\t窓口時間のToBe検討、実施に向けた課題整理とアクション実施\t窓口時間短縮のためのR8当初予算確保\t\t\t各課等ヒアリング実施中\t*\t継続\t',
  'B1\t3\t総務部\tB:庁内効率化と働き 方改革\tB1:業務のデジタル化などによるバックオフィス効率化\t紙決裁の廃止\t職員の業務効率化、生産性向上\tR7.3末で文書の電子決裁率が、Q平均で80%\t電子決裁の推進 (歳出伝票事務含む)\t電子決裁率Q平均 80%\tR8 実施内容\t電子決裁の割合:100%\t目標は、各Qの平均\t*\t継続\t',
].map((line) => line.split('\t'));

/** A sheet in the export's own layout with one KPI group; `rows` are partial rows by header. */
function sheet(...rows: Record<string, string>[]): string[][] {
  const headers = exportHeaders(1);
  return [headers, ...rows.map((row) => headers.map((header) => row[header] ?? ''))];
}
const row = (code: string, extra: Record<string, string> = {}) => {
  const [b1, b2] = code.split('-');
  return { 進捗管理枝番1: b1, 進捗管理枝番2: b2, 管理項目: `施策 ${code}`, ...extra };
};

describe('the city sheet layout (seed 004)', () => {
  it('finds the header row under the group-header row and maps the year-named columns', () => {
    const parsed = parseInitiativeRows([['業務改革施策一覧'], ...CITY_SHEET], findPerson);
    expect(parsed.problems).toEqual([]);
    expect(parsed.initiatives.map((i) => i.code)).toEqual(['A1-2', 'B1-3']);
    expect(parsed.initiatives[1]).toEqual({
      code: 'B1-3',
      pillar: 'B:庁内効率化と働き 方改革',
      domain: 'B1:業務のデジタル化などによるバックオフィス効率化',
      leadDivision: '総務部',
      leadSection: '',
      title: '紙決裁の廃止', // the header cell is empty: taken from the group-header row above
      purpose: '職員の業務効率化、生産性向上',
      milestone: 'R7.3末で文書の電子決裁率が、Q平均で80%', // R7年度末時点
      activities: '電子決裁の推進 (歳出伝票事務含む)', // R7年度 実施内容
      q4Target: '電子決裁率Q平均 80%',
      nextYearActivities: 'R8 実施内容', // R8年度 実施内容
      finalMilestone: '電子決裁の割合:100%', // R9年度末時点
      ownerId: null,
      kpis: [],
    });
  });

  it('says which columns the file has, so a re-import keeps owners and KPIs it lacks', () => {
    const { fieldsInFile } = parseInitiativeRows(CITY_SHEET, findPerson);
    expect(fieldsInFile.has('title')).toBe(true);
    expect(fieldsInFile.has('ownerId')).toBe(false);
    expect(fieldsInFile.has('kpis')).toBe(false);
    expect(fieldsInFile.has('leadSection')).toBe(false);
  });

  it('maps year-named columns of a later year by their order', () => {
    const columns = resolveColumns([
      ['進捗管理枝番1', '進捗管理枝番2', 'R8年度末時点', 'R8年度実施内容', 'R9年度実施内容', '令和10年度末時点'],
    ])!;
    expect(columns.initiative).toMatchObject({ milestone: 2, activities: 3, nextYearActivities: 4, finalMilestone: 5 });
  });

  it('accepts full-width and spaced header text, and ignores unknown columns', () => {
    const columns = resolveColumns([['ＫＰＩ１ 目標値', '進捗管理枝番１', '進捗管理 枝番２', '備考', '管理項目']])!;
    expect(columns.initiative).toMatchObject({ branch1: 1, branch2: 2, title: 4 });
    expect(columns.kpis.get(1)).toEqual({ target: 0 });
  });

  it('reports a sheet without a header row, or without 管理項目, instead of guessing', () => {
    expect(parseInitiativeRows([['施策名', '目的']], findPerson).problems).toEqual([
      expect.objectContaining({ row: 1, column: '進捗管理枝番1' }),
    ]);
    expect(parseInitiativeRows([['タイトル'], ['進捗管理枝番1', '進捗管理枝番2']], findPerson).problems).toEqual([
      expect.objectContaining({ row: 2, column: '管理項目' }),
    ]);
  });
});

describe('validation', () => {
  it('requires 枝番 and 管理項目, and names the spreadsheet row', () => {
    const parsed = parseInitiativeRows(
      sheet(row('A1-1'), { 進捗管理枝番1: 'A1', 管理項目: '枝番2 なし' }, row('A1-3', { 管理項目: '' }), row('A1-4')),
      findPerson,
    );
    expect(parsed.problems).toEqual([
      { row: 3, column: '進捗管理枝番2', reason: expect.stringContaining('必須') },
      { row: 4, column: '管理項目', reason: expect.stringContaining('(required)') },
    ]);
    expect(parsed.initiatives.map((i) => i.code)).toEqual(['A1-1', 'A1-4']);
  });

  it('normalises 枝番 with NFKC and refuses anything but letters and digits', () => {
    const parsed = parseInitiativeRows(
      sheet(
        { 進捗管理枝番1: ' Ｂ１ ', 進捗管理枝番2: '５ａ', 管理項目: 'x' },
        row('B1-7', { 進捗管理枝番2: '7 A' }),
        row('B1-8', { 進捗管理枝番1: 'В1' }),
      ),
      findPerson,
    );
    expect(parsed.initiatives.map((i) => i.code)).toEqual(['B1-5a']);
    expect(parsed.problems.map((p) => [p.row, p.column])).toEqual([
      [3, '進捗管理枝番2'],
      [4, '進捗管理枝番1'], // a Cyrillic В, as OCR produces
    ]);
  });

  it('reports a duplicate code on the later row and keeps the first', () => {
    const parsed = parseInitiativeRows(
      sheet(row('A1-1', { 管理項目: '最初' }), row('A1-2'), row('A1-1', { 管理項目: '二回目' })),
      findPerson,
    );
    expect(parsed.problems).toEqual([{ row: 4, column: '進捗管理枝番2', reason: expect.stringContaining('2 行目と重複') }]);
    expect(parsed.initiatives.find((i) => i.code === 'A1-1')?.title).toBe('最初');
  });

  it('skips blank rows and repeated header rows without counting them', () => {
    const rows = sheet(row('A1-1'), {}, row('A1-2'));
    rows.splice(3, 0, ['', ' ', '\u0007'], rows[0]);
    const parsed = parseInitiativeRows(rows, findPerson);
    expect(parsed.problems).toEqual([]);
    expect(parsed.initiatives.map((i) => i.code)).toEqual(['A1-1', 'A1-2']);
    expect(parsed.dataRows).toBe(2);
  });

  it('limits text to 2,000 characters and strips control characters', () => {
    const parsed = parseInitiativeRows(
      sheet(row('A1-1', { 目的: 'あ'.repeat(2001) }), row('A1-2', { 目的: '窓口\u0000の\u001b改善\r\n二行目\u007f' })),
      findPerson,
    );
    expect(parsed.problems).toEqual([{ row: 2, column: '目的', reason: expect.stringContaining('2,000 文字以内') }]);
    expect(parsed.initiatives[0].purpose).toBe('窓口の改善\n二行目');
  });

  it('resolves 担当者 by person id or email, allows it empty, and reports unknown people', () => {
    const parsed = parseInitiativeRows(
      sheet(
        row('A1-1', { 担当者: 'p-ward-manager' }),
        row('A1-2', { 担当者: 'Makoto.Tanaka@sakura-city.example' }),
        row('A1-3'),
        row('A1-4', { 担当者: '田中 誠' }),
      ),
      findPerson,
    );
    expect(parsed.initiatives.map((i) => i.ownerId)).toEqual(['p-ward-manager', 'p-pmo', null]);
    expect(parsed.problems).toEqual([{ row: 5, column: '担当者', reason: expect.stringContaining('職員名簿にいません') }]);
  });

  it('undoes the export formula guard so text starting with - or = comes back as written', () => {
    const parsed = parseInitiativeRows(
      sheet(row('A1-1', { 管理項目: "'=窓口の改善", 目的: "'-研修第1回実施", 実施内容: "''+二重" })),
      findPerson,
    );
    expect(parsed.initiatives[0]).toMatchObject({ title: '=窓口の改善', purpose: '-研修第1回実施', activities: "'+二重" });
  });
});

describe('KPI groups', () => {
  const kpi = (values: Partial<Record<'名称' | '単位' | '基準値' | '目標値' | '目標期日' | '方向', string>>) =>
    Object.fromEntries(Object.entries(values).map(([part, value]) => [`KPI1${part}`, value]));

  it('builds a KPI with id CODE-kN from a filled group and none from an empty one', () => {
    const parsed = parseInitiativeRows(
      sheet(
        row('B1-3', kpi({ 名称: '電子決裁率', 単位: '%', 基準値: '50.1', 目標値: '80%', 目標期日: '2027/3/31', 方向: '' })),
        row('B1-4'),
      ),
      findPerson,
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.initiatives[0].kpis).toEqual([
      { id: 'B1-3-k1', name: '電子決裁率', unit: '%', baseline: 50.1, target: 80, targetDate: '2027-03-31', direction: 'higher' },
    ]);
    expect(parsed.initiatives[1].kpis).toEqual([]);
  });

  it('reports each wrong cell of a partly filled group', () => {
    const parsed = parseInitiativeRows(
      sheet(row('B1-4', kpi({ 単位: '枚', 基準値: 'たくさん', 目標期日: '2027-02-30', 方向: '上がる' }))),
      findPerson,
    );
    expect(parsed.problems.map((p) => p.column)).toEqual(['KPI1名称', 'KPI1目標値', 'KPI1基準値', 'KPI1目標期日', 'KPI1方向']);
    expect(parsed.initiatives).toEqual([]);
  });

  it('leaves the baseline empty as null and the unit as an empty string', () => {
    const parsed = parseInitiativeRows(
      sheet(row('C3-2', kpi({ 名称: '研修の理解度', 目標値: '3.8', 目標期日: '46477', 方向: 'Lower' }))),
      findPerson,
    );
    expect(parsed.initiatives[0].kpis[0]).toMatchObject({
      unit: '',
      baseline: null,
      target: 3.8,
      targetDate: '2027-03-31',
      direction: 'lower',
    });
  });
});

describe('number, date and direction cells', () => {
  it.each([
    ['80', 80],
    ['８０', 80],
    ['4,779,225', 4779225],
    ['４，７７９，２２５', 4779225],
    ['50.1%', 50.1],
    ['５０．１％', 50.1],
    ['-5', -5],
    ['▲12', -12],
    [' 3.8 ', 3.8],
  ])('reads %j as %p', (text, value) => expect(parseNumber(text)).toBe(value));

  it.each(['', 'abc', '八割', '1.2.3', '1e3', 'Infinity', '--5'])('refuses %j as a number', (text) =>
    expect(parseNumber(text)).toBeUndefined(),
  );

  it.each([
    ['2027-03-31', '2027-03-31'],
    ['2027/3/31', '2027-03-31'],
    ['2027年3月31日', '2027-03-31'],
    ['令和9年3月31日', '2027-03-31'],
    ['R9.3.31', '2027-03-31'],
    ['２０２７／３／３１', '2027-03-31'],
    ['46477', '2027-03-31'], // an Excel date serial
  ])('reads the date %j', (text, date) => expect(parseDate(text)).toBe(date));

  it.each(['', '2027-02-30', '2027/13/1', '31/3/2027', '12', '3月末'])('refuses %j as a date', (text) =>
    expect(parseDate(text)).toBeUndefined(),
  );

  it('reads directions in Japanese and English, empty meaning higher', () => {
    expect(['高いほど良い', '低いほど良い', 'higher', 'LOWER', '', '上がる'].map(parseDirection)).toEqual([
      'higher',
      'lower',
      'higher',
      'lower',
      'higher',
      undefined,
    ]);
  });
});
