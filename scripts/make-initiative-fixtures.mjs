// Writes the 施策一覧 test fixtures in test/fixtures/initiatives/ (checked in; run again only
// to change them): `node scripts/make-initiative-fixtures.mjs`.
//
// The rows are transcribed from the city's 業務改革施策一覧 (shared/seeds/004, section 5.2): codes,
// 主担当部, 施策3本柱, 施策9領域, 管理項目, 目的, マイルストーン (R7年度末時点), 実施内容, Q4末到達目標,
// R8年度実施内容, R9年度末時点 and the progress columns. The seed is OCR text of a PDF, so obvious
// misreadings were corrected (ベーパーレス → ペーパーレス, チェッグリスト → チェックリスト) and the cells
// the OCR lost (three 管理項目, two 目的) were filled in by hand. The columns the city's sheet does
// not have were added: 主担当課, 担当者 (the demo people of bot/demo/data/people.json, by id or by email)
// and two KPI groups with illustrative figures.
//
// The layout copies the city's: a title row, a group-header row, then the header row, where
// 管理項目 and 目的 are empty because the group-header cell above them is merged down (in the
// xlsx they are really merged; in the CSVs the header cells are simply empty).
//
// Files:
//   施策一覧-sample.xlsx           numbers as numbers, dates as date cells, a formula with its cached
//                                  result, a rich-text cell, merged header cells
//   施策一覧-sample-utf8-bom.csv   UTF-8 with BOM (Excel's 「CSV UTF-8」), CRLF
//   施策一覧-sample-utf8.csv       the same without BOM, LF
//   施策一覧-sample-sjis.csv       the same in Shift_JIS (Excel's 「CSV (コンマ区切り)」 on Japanese
//                                  Windows), CRLF. Encoded with a reverse map built from Node's own
//                                  Shift_JIS decoder over every code, so the bytes are exactly what
//                                  the decoder reads back; a character it cannot encode stops the script.
//   施策一覧-bad-rows.csv          UTF-8 with BOM: good rows and one bad row per rule (see BAD_ROWS)
// All four sample files hold the same 12 initiatives; the CSVs write numbers and dates as
// people type them (4,779,225 / 80% / full-width digits / 2028/3/31).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'test', 'fixtures', 'initiatives');

const A = 'A:市民サービスの改善・向上';
const B = 'B:庁内効率化と働き方改革';
const C = 'C:人材育成による職員力向上';
const B1 = 'B1:業務のデジタル化などによるバックオフィス効率化';

// KPI: [名称, 単位, 基準値, 目標値, 目標期日, 方向]; numbers and dates as the CSVs write them,
// with `xlsx` giving the cell the workbook holds instead when it differs.
const kpi = (name, unit, baseline, target, date, direction) => ({ name, unit, baseline, target, date, direction });

const SAMPLE_ROWS = [
  {
    b1: 'A1',
    b2: '1',
    division: '総務部',
    section: '市民課',
    pillar: A,
    domain: 'A1:窓口サービスの改革',
    title: '書かない窓口の実現',
    purpose: '書かない窓口の実現',
    milestone:
      '・窓口受付時のチェックリストの完成\n・ライフイベント関連の各課様式の見直し、データ連携活用（現状できるところ）\n・システム導入（受付時の情報自動読み取りなど）のための仕様決定、予算化',
    activities: '・先進事例の視察（深谷市）\n・書かない窓口のプロセス設計・実装\n・様式見直し、プロセス改善',
    q4: '・システムにおける案内書フロー作成\n・申請書の様式レイアウト見直し',
    next: '・R9年1月の牧の原出張所開設に向けたデジタル対応',
    final: '書かない窓口の実装拠点\n・本庁市民課窓口\n・千葉NT中央出張所\n・牧の原出張所（新）\n窓口担当課とのデータ連携',
    owner: 'p-ward-manager',
    kpis: [],
    progress: '理想の窓口像について検討委員会で決定し事務局で修正中。\n理想の窓口に向けての課題を実施していく。',
    weather: '*',
    direction: '継続',
  },
  {
    b1: 'A1',
    b2: '2',
    division: '総務部',
    section: '市民課',
    pillar: A,
    domain: 'A1:窓口サービスの改革',
    title: '窓口時間の短縮',
    purpose: '',
    milestone: '・窓口時間短縮のためのR8当初予算',
    activities: '窓口時間のToBe検討、実施に向けた課題整理とアクション実施',
    q4: '窓口時間短縮のためのR8当初予算確保',
    next: '',
    final: '',
    owner: 'p-ward-manager',
    kpis: [],
    progress: '各課等ヒアリング実施中',
    weather: '*',
    direction: '継続',
  },
  {
    b1: 'A1',
    b2: '3',
    division: '総務部',
    section: '市民課',
    pillar: A,
    domain: 'A1:窓口サービスの改革',
    title: '窓口手続きのワンストップ化',
    purpose: '主に本庁に来れない市民の利便性向上',
    milestone: '本庁の市民課でワンストップとなりえる各課業務のリストを決定する。',
    activities: '・地域住民に寄りそう窓口機能の再配置',
    q4: '・住民の相談がなく、市民課において受付代行となる各課業務のリスト決定',
    next: '',
    final: '',
    owner: 'Kenta.Suzuki@sakura-city.example',
    kpis: [],
    progress: '各課照会文書の回答より受付代行となる手続きを整理中。総務課の会議に8月から参加',
    weather: '*',
    direction: '継続',
  },
  {
    b1: 'A1',
    b2: '4',
    division: '市民部',
    section: '市民課',
    pillar: A,
    domain: 'A1:窓口サービスの改革',
    title: '窓口業務の改善',
    purpose: '窓口業務の効率化',
    milestone: '改善実施数:60(要望数60個)',
    activities: '・窓口職員(人材派遣)からの改善要望リストを元に改善を実施',
    q4: '・リストをもとに改善案の提案20項目',
    next: '',
    final: '',
    owner: 'p-hq-responder',
    kpis: [kpi('改善実施数', '件', '0', '60', '2026-03-31', '高いほど良い')],
    progress: '8月末時点。28/60完了。\n(内レイアウト変更等により令和8年度以降実施11項目)',
    weather: '*',
    direction: '継続',
  },
  {
    b1: 'A2',
    b2: '1',
    division: '総務部',
    section: 'DX推進課',
    pillar: A,
    domain: 'A2:オンライン手続きの拡充',
    title: '自宅でできるサービスの拡充',
    purpose: '市民の利便性向上および職員の業務効率化',
    milestone:
      '書面や電話でのみ受付している手続きを電子申請フォームへ。ライフイベントに関する手続きの電子化率100%（9月末時点16/77件、約20%）',
    activities: '・書面や電話でのみ受付している手続きを電子申請フォームに変更（補助金申請の電子化など）',
    q4: '',
    next: '',
    final: '手続き数上位100件の電子申請フォーム数の割合100%',
    owner: 'p-pmo',
    kpis: [kpi('ライフイベント手続きの電子化率', '%', '20', '100', '2028/3/31', '高いほど良い')],
    progress: '・婚姻LINE予約について市民課と調整中。\n・電子申請フォームへの変更については各課からの回答をもとに伴走中。',
    weather: '*',
    direction: '継続',
  },
  {
    b1: 'A3',
    b2: '2',
    division: '総務部',
    section: '市民課',
    pillar: A,
    domain: 'A3:市民向け情報発信とコミュニケーション強化',
    title: 'SNS等を活用したコンビニ交付の推進',
    purpose: '市民の利便性向上および職員の業務効率化、生産性向上',
    milestone: '・SNS等でコンビニ交付件数増: KPI:前年度比10%増(3,800件)',
    activities: '・市民向けSNS活用',
    q4: '・該当課の活用支援',
    next: '',
    final: '',
    owner: 'p-ward-manager',
    kpis: [kpi('コンビニ交付件数', '件', '38,929', '42,822', '2026-03-31', '高いほど良い')],
    progress: 'コンビニ交付件数増に向けて、LINE配信を2・3月に合計4回実施予定。',
    weather: '*',
    direction: '継続',
  },
  {
    b1: 'B1',
    b2: '1',
    division: '総務部',
    section: 'DX推進課',
    pillar: B,
    domain: B1,
    title: '業務棚卸し、見える化',
    purpose: '・業務棚卸しによる断捨離・業務整理\n・人事異動時における円滑な引継ぎの実現、安定的な市民サービスの提供',
    milestone: '仕組み化シートの整備率（課単位）：100%',
    activities: '仕組み化シートによる業務の見える化',
    q4: '仕組み化シート整備率：100%',
    next: '',
    final: '',
    owner: 'p-pmo',
    kpis: [kpi('仕組み化シート整備率', '%', '', '１００', '2026-03-31', '')],
    progress: '全庁説明会において説明',
    weather: '*',
    direction: '継続',
  },
  {
    b1: 'B1',
    b2: '3',
    division: '総務部',
    section: '総務課',
    pillar: B,
    domain: B1,
    title: '紙決裁の廃止',
    purpose: '職員の業務効率化、生産性向上',
    milestone: 'R7.3末で文書の電子決裁率が、Q平均で80%\nR8年度からの支出伝票の電子決裁が可能であること',
    activities: '電子決裁の推進（歳出伝票事務含む）',
    q4: '電子決裁率Q平均80%\n支出伝票の電子決裁準備完了',
    next: '',
    final: '電子決裁の割合：100%',
    owner: 'p-admin',
    kpis: [
      { ...kpi('電子決裁率', '%', '50.1', '80%', '2026/3/31', '高いほど良い'), xlsxTargetFormula: '40*2' },
      kpi('電子決裁率（最終年度）', '%', '50.1', '100', '2028-03-31', '高いほど良い'),
    ],
    progress: '目標は、各Qの平均\n5月末現在で、文書の電子決裁比率がQ1平均50.1%',
    weather: '*',
    direction: '継続',
  },
  {
    b1: 'B1',
    b2: '4',
    division: '総務部',
    section: '総務課',
    pillar: B,
    domain: B1,
    title: 'ペーパーレスの推進',
    purpose: '職員の業務効率化、生産性向上',
    milestone: '現状把握\n次年度の目標',
    activities: '毎月、各課使用枚数の可視化\n掲示板で公開 ※全課',
    q4: '・月ごとに可視化\n・各課が来年の目標枚数を決める',
    next: '',
    final: 'ペーパーレス：50%（対R6比）',
    owner: 'p-admin',
    kpis: [kpi('ペーパーレス(印刷枚数)', '枚', '4,779,225', '2,389,612', '2028/3/31', '低いほど良い')],
    progress: 'R6: 4,779,225枚\nR7: 1,852,821枚',
    weather: '*',
    direction: '継続',
  },
  {
    b1: 'B1',
    b2: '5a',
    division: '総務部',
    section: '会計課',
    pillar: B,
    domain: B1,
    title: 'ハンコレスの推進',
    purpose: '職員の業務効率化、生産性向上',
    milestone: '・歳出伝票の電子決裁運用開始に向けた調整\n・出先機関に公印を新設',
    activities: 'ハンコレスの推進',
    q4: '・会計課・財政課の運用方法の見直し完了\n・市の公印規定の改正',
    next: '',
    final: 'ハンコレス：50%（対R6比）',
    owner: '',
    kpis: [],
    progress: '',
    weather: '*',
    direction: '継続',
  },
  {
    b1: 'C2',
    b2: '2',
    division: '総務部',
    section: '人事課',
    pillar: C,
    domain: 'C2:職員のDX、BPRスキル向上',
    title: 'BPR研修（伴走型）の実施',
    purpose: '・職員のBPRスキルの向上（改善を日常業務の一環とする）',
    milestone: '受講し改善に携わる職員数：20人以上',
    activities: '実際の改善施策と連動した伴走型研修の実施',
    q4: '解決策の原課での実行',
    next: '実際の改善施策と連動した伴走型研修の実施',
    final: '受講し改善に携わる職員数：60人以上',
    owner: 'p-hq-approver',
    kpis: [
      kpi('改善に携わる職員数', '人', '0', '20', '2026-03-31', '高いほど良い'),
      kpi('改善に携わる職員数（累計）', '人', '0', '60', '2028-03-31', 'higher'),
    ],
    progress: '-研修第1回実施(8/1)\n-研修第2回実施(9/3)\n-設定課題数:20',
    weather: '*',
    direction: '継続',
  },
  {
    b1: 'C3',
    b2: '2',
    division: '総務部',
    section: 'DX推進課',
    pillar: C,
    domain: 'C3:職員によるデジタルツールの活用推進',
    title: 'デジタル活用推進',
    purpose: '職員がデジタル活用によって業務効率化、生産性向上を図れるようにする',
    milestone: '・研修の理解度：平均3.8以上\n・改善した業務（受講者対象）：受講人数×1件以上\n・お悩み募集&改善案検討\n・次年度実施内容検討',
    activities: '・研修（Excel、PowerPoint）の実施\n・ノーコード・ローコードツールを先行事例として活用',
    q4: '・研修受講者を対象に業務改善した事例を募集（受講人数×1件）\n・次年度実施内容検討',
    next: '',
    final: '',
    owner: 'p-pmo',
    kpis: [kpi('研修の理解度', '点', '', '3.8', '2026-03-31', '高いほど良い')],
    progress: '・研修の理解度\n→Excel: 4.31 PowerPoint: 3.82\n・悩み相談16件',
    weather: '*',
    direction: '継続',
  },
];

const TITLE_ROW = ['業務改革施策一覧（令和7年度）'];
const GROUP_ROW = [
  '',
  '',
  '担当部/課',
  '',
  '業革',
  '施策分類',
  '管理項目',
  '目的',
  'マイルストーン',
  'ロードマップ(実施内容)と四半期ごと達成目標',
  '',
  '',
  'マイルストーン',
  '担当者',
  'KPI1',
  '',
  '',
  '',
  '',
  '',
  'KPI2',
  '',
  '',
  '',
  '',
  '',
  '進捗・課題・アクション・今後の方向性',
  '',
  '',
  '',
];
const KPI_HEADERS = (n) => ['名称', '単位', '基準値', '目標値', '目標期日', '方向'].map((part) => `KPI${n}${part}`);
const HEADER_ROW = [
  '進捗管理枝番1 (9領域)',
  '進捗管理枝番2 (施策番号)',
  '主担当部',
  '主担当課',
  '施策3本柱',
  '施策 9 領域',
  '',
  '',
  'R7年度末時点',
  'R7年度 実施内容',
  'Q4末 到達目標',
  'R8年度 実施内容',
  'R9年度末時点',
  '担当者',
  ...KPI_HEADERS(1),
  ...KPI_HEADERS(2),
  '進捗状況',
  '天気',
  '今後の方向性',
  '方向性理由',
];

function textCells(row) {
  const kpiCells = [0, 1].flatMap((i) => {
    const k = row.kpis[i];
    return k ? [k.name, k.unit, k.baseline, k.target, k.date, k.direction] : ['', '', '', '', '', ''];
  });
  return [
    row.b1,
    row.b2,
    row.division,
    row.section,
    row.pillar,
    row.domain,
    row.title,
    row.purpose,
    row.milestone,
    row.activities,
    row.q4,
    row.next,
    row.final,
    row.owner,
    ...kpiCells,
    row.progress,
    row.weather,
    row.direction,
    '',
  ];
}

// --- CSV -------------------------------------------------------------------------------------

function csv(rows, newline) {
  const field = (text) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return rows.map((cells) => cells.map((cell) => field(String(cell))).join(',')).join(newline) + newline;
}

/** Shift_JIS bytes via a reverse map of Node's decoder (lead bytes 81–9F, E0–FC; trail 40–7E, 80–FC). */
function shiftJisEncoder() {
  const decoder = new TextDecoder('shift_jis', { fatal: true });
  const map = new Map();
  for (let byte = 0; byte <= 0xdf; byte++) {
    if (byte >= 0x80 && byte < 0xa1) continue;
    try {
      const char = decoder.decode(Uint8Array.of(byte));
      if (!map.has(char)) map.set(char, [byte]);
    } catch {
      // not a single-byte code
    }
  }
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      try {
        const char = decoder.decode(Uint8Array.of(lead, trail));
        if (char.length === 1 && !map.has(char)) map.set(char, [lead, trail]); // the first (JIS X 0208) code wins
      } catch {
        // an unassigned code
      }
    }
  }
  return (text) => {
    const bytes = [];
    for (const char of text) {
      const code = map.get(char);
      if (!code) throw new Error(`Shift_JIS で表せない文字です: ${JSON.stringify(char)} (U+${char.codePointAt(0).toString(16)})`);
      bytes.push(...code);
    }
    return Buffer.from(bytes);
  };
}

// --- xlsx ------------------------------------------------------------------------------------

const isoToDate = (text) => {
  const [y, m, d] = text.split(/[-/]/).map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};
const toNumber = (text) => (text === '' ? null : Number(text.normalize('NFKC').replace(/[,%]/g, '')));

async function writeSampleXlsx(file) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'make-initiative-fixtures';
  workbook.created = workbook.modified = new Date(Date.UTC(2025, 9, 1));
  const sheet = workbook.addWorksheet('施策一覧');
  sheet.addRow(TITLE_ROW);
  sheet.addRow(GROUP_ROW);
  sheet.addRow(HEADER_ROW);
  sheet.mergeCells('A1:AD1'); // title across the sheet
  sheet.mergeCells('C2:D2'); // 担当部/課
  sheet.mergeCells('G2:G3'); // 管理項目 down into the header row, as in the city's sheet
  sheet.mergeCells('H2:H3'); // 目的
  for (const row of SAMPLE_ROWS) {
    const cells = textCells(row);
    const added = sheet.addRow(cells);
    // KPI cells as Excel holds them: numbers, date cells, and one formula with its cached result.
    row.kpis.forEach((k, i) => {
      const first = 15 + i * 6; // KPI{n}名称 is column O (15) or U (21)
      added.getCell(first + 2).value = toNumber(k.baseline);
      added.getCell(first + 3).value = k.xlsxTargetFormula
        ? { formula: k.xlsxTargetFormula, result: toNumber(k.target) }
        : toNumber(k.target);
      added.getCell(first + 4).value = isoToDate(k.date);
      added.getCell(first + 4).numFmt = 'yyyy/m/d';
    });
    if (row.b1 === 'A1' && row.b2 === '1') {
      added.getCell(7).value = { richText: [{ text: '書かない', font: { bold: true } }, { text: '窓口の実現' }] };
    }
  }
  await workbook.xlsx.writeFile(file);
}

// --- bad rows --------------------------------------------------------------------------------

const good = SAMPLE_ROWS;
const BAD_ROWS = [
  good[0], // row 4: A1-1, fine
  good[1], // row 5: A1-2, fine
  { ...good[2], title: '' }, // row 6: 管理項目 missing
  { ...good[3], b1: 'В1', b2: '9' }, // row 7: 枝番1 with a Cyrillic В (as OCR and copy-paste produce)
  { ...good[7], kpis: [{ ...good[7].kpis[0], target: '八割' }] }, // row 8: KPI1目標値 not a number
  { ...good[8], owner: 'p-nobody' }, // row 9: 担当者 unknown
  { ...good[10], kpis: [{ ...good[10].kpis[0], date: '2027-02-30' }] }, // row 10: KPI1目標期日 not a date
  { ...good[11], kpis: [{ ...good[11].kpis[0], direction: '上がる' }] }, // row 11: KPI1方向 unknown
  { ...good[0], title: '書かない窓口の実現（重複）' }, // row 12: A1-1 again
  null, // row 13: blank, skipped
  good[9], // row 14: B1-5a, fine
];

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const table = [TITLE_ROW, GROUP_ROW, HEADER_ROW, ...SAMPLE_ROWS.map(textCells)];
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const out = (name) => path.join(outDir, name);

  await writeSampleXlsx(out('施策一覧-sample.xlsx'));
  fs.writeFileSync(out('施策一覧-sample-utf8-bom.csv'), Buffer.concat([bom, Buffer.from(csv(table, '\r\n'), 'utf8')]));
  fs.writeFileSync(out('施策一覧-sample-utf8.csv'), csv(table, '\n'), 'utf8');
  fs.writeFileSync(out('施策一覧-sample-sjis.csv'), shiftJisEncoder()(csv(table, '\r\n')));
  const badTable = [TITLE_ROW, GROUP_ROW, HEADER_ROW, ...BAD_ROWS.map((row) => (row ? textCells(row) : []))];
  fs.writeFileSync(out('施策一覧-bad-rows.csv'), Buffer.concat([bom, Buffer.from(csv(badTable, '\r\n'), 'utf8')]));
  process.stdout.write(`wrote ${fs.readdirSync(outDir).length} files to ${path.relative(root, outDir)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
