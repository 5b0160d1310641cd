// npm run bench:import [-- --rows N] [-- --kpis N] [-- --keep]
// Peak memory of a spreadsheet import, measured where operators feel it: the real CLI
// (`import initiatives FILE --dry-run`, on a fresh SQLite data dir) in its own process, whose
// peak RSS (getrusage maxrss) is reported when it exits. Four files:
//   accepted  a 施策一覧 .xlsx written as Excel writes it (shared strings, styles, dates), with
//             `rows` initiatives (default 9,998: with the title and header rows, the 10,000-row limit) × 14 + 6·kpis columns (default 20)
//   inline    the same table with inline strings instead of shared ones (as non-Excel tools write)
//   csv       the same table as a UTF-8 CSV
//   refused   a zip bomb: a few MB that expand to a million rows (must be refused, quickly)
// The last line is JSON: {"benchmark":"import", "accepted":{...}, "inline":{...}, "csv":{...},
// "refused":{...}, "peakRssMb": the largest of them}. Each part has rows, fileMb, exitCode, ms and peakRssMb.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { build } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
// A title row and the header row count too: 9,998 initiatives make the 10,000 rows the import accepts.
const rows = option('--rows', 9_998);
const kpis = option('--kpis', 1);

build({ parts: ['bot'], quiet: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-import-'));

const INITIATIVE_HEADERS = [
  '進捗管理枝番1',
  '進捗管理枝番2',
  '主担当部',
  '主担当課',
  '施策3本柱',
  '施策9領域',
  '管理項目',
  '目的',
  'マイルストーン',
  '実施内容',
  'Q4末到達目標',
  '翌年度実施内容',
  '最終年度末時点',
  '担当者',
];
const KPI_PARTS = ['名称', '単位', '基準値', '目標値', '目標期日', '方向'];

function initiativeRow(r) {
  const cells = [
    `B${(r % 9) + 1}`,
    String(r),
    '総務局',
    `行政改革課${r % 7}`,
    'B:庁内効率化と働き方改革',
    'B1:業務のデジタル化などによるバックオフィス効率化',
    `書かない窓口の実現 第${r}号`,
    `申請書の記入をなくし、来庁者の待ち時間を短くする（${r}）`,
    `R7年度末までに${r % 12}区で運用を始める`,
    '窓口端末の配置、職員研修、手順書の改訂',
    `対象手続の${(r % 80) + 10}%で記入不要`,
    '全区への展開と効果の検証',
    '全手続で記入不要',
    '',
  ];
  for (let n = 1; n <= kpis; n++)
    cells.push(`記入不要の手続の割合${n}`, '%', r % 50, (r % 50) + 30, new Date(Date.UTC(2028, 2, 31)), '高いほど良い');
  return cells;
}

async function writeAcceptedXlsx(file) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('施策一覧');
  sheet.addRow(['業務改革施策一覧']).commit();
  const headers = [...INITIATIVE_HEADERS];
  for (let n = 1; n <= kpis; n++) headers.push(...KPI_PARTS.map((part) => `KPI${n}${part}`));
  sheet.addRow(headers).commit();
  for (let r = 1; r <= rows; r++) {
    const row = sheet.addRow(initiativeRow(r));
    for (let n = 0; n < kpis; n++) row.getCell(INITIATIVE_HEADERS.length + n * 6 + 5).numFmt = 'yyyy/m/d';
    row.commit();
  }
  await workbook.commit();
  return headers.length;
}

function writeCsv(file, columns) {
  const quote = (value) => {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = ['業務改革施策一覧'];
  const headers = [...INITIATIVE_HEADERS];
  for (let n = 1; n <= kpis; n++) headers.push(...KPI_PARTS.map((part) => `KPI${n}${part}`));
  lines.push(headers.join(','));
  for (let r = 1; r <= rows; r++) lines.push(initiativeRow(r).slice(0, columns).map(quote).join(','));
  fs.writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`);
}

/** The same table with inline strings, as tools other than Excel write it: a larger sheet XML. */
async function writeInlineXlsx(file, columns) {
  const { crc32, deflateRawSync } = await import('node:zlib');
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const column = (c) => (c < 26 ? String.fromCharCode(65 + c) : `A${String.fromCharCode(65 + c - 26)}`);
  const headers = [...INITIATIVE_HEADERS];
  for (let n = 1; n <= kpis; n++) headers.push(...KPI_PARTS.map((part) => `KPI${n}${part}`));
  const table = [['業務改革施策一覧'], headers];
  for (let r = 1; r <= rows; r++) table.push(initiativeRow(r).slice(0, columns));
  const sheet = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  ];
  table.forEach((cells, i) => {
    const r = i + 1;
    const text = (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value));
    sheet.push(
      `<row r="${r}">${cells.map((value, c) => (text(value) === '' ? '' : `<c r="${column(c)}${r}" t="inlineStr"><is><t>${escape(text(value))}</t></is></c>`)).join('')}</row>`,
    );
  });
  sheet.push('</sheetData></worksheet>');
  return writeZip(file, crc32, deflateRawSync, [...workbookParts(), ['xl/worksheets/sheet1.xml', sheet.join('')]]);
}

/** A million one-cell rows of inline strings (as test/support/xlsx-bomb.ts writes them): a few MB on disk. */
async function writeBomb(file) {
  const { crc32, deflateRawSync } = await import('node:zlib');
  const sheet = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  ];
  for (let r = 1; r <= 1_000_000; r++) sheet.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>r${r}</t></is></c></row>`);
  sheet.push('</sheetData></worksheet>');
  return writeZip(file, crc32, deflateRawSync, [...workbookParts(), ['xl/worksheets/sheet1.xml', sheet.join('')]]);
}

/** The parts around the one sheet: content types, relationships, the workbook. */
function workbookParts() {
  return [
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ],
    [
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="施策一覧" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ],
  ];
}

function writeZip(file, crc32, deflateRawSync, parts) {
  const local = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const raw = Buffer.from(text);
    const data = deflateRawSync(raw, { level: 9 });
    const fileName = Buffer.from(name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc32(raw), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(raw.length, 22);
    header.writeUInt16LE(fileName.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(raw), 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(raw.length, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    local.push(header, fileName, data);
    central.push(entry, fileName);
    offset += header.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(file, Buffer.concat([...local, directory, end]));
}

// Loaded into the CLI process with --require: reports its peak RSS to a file as it exits.
const peakProbe = path.join(work, 'peak-rss.cjs');
fs.writeFileSync(
  peakProbe,
  `process.on('exit', () => require('node:fs').writeFileSync(process.env.BENCH_PEAK_FILE, String(process.resourceUsage().maxRSS)));\n`,
);

async function importOnce(file) {
  const dataDir = fs.mkdtempSync(path.join(work, 'data-'));
  const peakFile = path.join(work, `peak-${path.basename(file)}`);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--require', peakProbe, path.join(root, 'dist/bot/cli/main.js'), 'import', 'initiatives', file, '--dry-run'],
    {
      cwd: root,
      env: { ...process.env, APP_MODE: 'local', APP_DATA_DIR: dataDir, APP_DEMO_DATA: '0', LOG_LEVEL: 'warn', BENCH_PEAK_FILE: peakFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exitCode = await new Promise((resolve) => child.once('exit', resolve));
  const ms = Math.round(performance.now() - started);
  const peakRssMb = Math.round(Number(fs.readFileSync(peakFile, 'utf8')) / 1024);
  const lastLine = (text) => text.trim().split('\n').at(-1) ?? '';
  return {
    exitCode,
    ms,
    peakRssMb,
    fileMb: +(fs.statSync(file).size / 1024 / 1024).toFixed(1),
    out: lastLine(stdout),
    err: lastLine(stderr),
  };
}

const accepted = path.join(work, '施策一覧-large.xlsx');
const columns = await writeAcceptedXlsx(accepted);
const inline = path.join(work, '施策一覧-large-inline.xlsx');
await writeInlineXlsx(inline, columns);
const csv = path.join(work, '施策一覧-large.csv');
writeCsv(csv, columns);
const bomb = path.join(work, 'bomb.xlsx');
await writeBomb(bomb);

const results = {};
for (const [name, file] of [
  ['accepted', accepted],
  ['inline', inline],
  ['csv', csv],
  ['refused', bomb],
]) {
  const result = await importOnce(file);
  results[name] = result;
  console.log(`${name}: ${result.fileMb} MB, exit ${result.exitCode}, ${result.ms} ms, peak RSS ${result.peakRssMb} MB`);
  console.log(`  ${result.exitCode === 0 || name === 'refused' ? result.out || result.err : result.err}`);
}
if (args.includes('--keep')) console.log(`files kept in ${work}`);
else fs.rmSync(work, { recursive: true, force: true });
const summary = (result, extra) => ({
  ...extra,
  fileMb: result.fileMb,
  exitCode: result.exitCode,
  ms: result.ms,
  peakRssMb: result.peakRssMb,
});
console.log(
  JSON.stringify({
    benchmark: 'import',
    accepted: summary(results.accepted, { rows, columns }),
    inline: summary(results.inline, { rows, columns }),
    csv: summary(results.csv, { rows, columns }),
    refused: summary(results.refused, { rows: 1_000_000, columns: 1 }),
    peakRssMb: Math.max(...Object.values(results).map((result) => result.peakRssMb)),
  }),
);
