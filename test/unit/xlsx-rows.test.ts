import zlib from 'node:zlib';
import { readTable, SpreadsheetReadError } from '../../bot/checkins/spreadsheet/read-table';

/**
 * The streaming .xlsx reader on workbooks written part by part, as Excel and other tools write
 * them: what a cell shows (furigana left out, dates by their format, the first sheet by workbook
 * order, merged ranges), and refusals for what is not a 施策一覧 (a merge over the whole sheet,
 * XML entities, broken XML).
 */

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function zip(parts: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [entryName, text] of Object.entries(parts)) {
    const data = Buffer.from(text);
    const packed = zlib.deflateRawSync(data);
    const name = Buffer.from(entryName);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(zlib.crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(zlib.crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

interface Workbook {
  sheets?: { name: string; part: string; xml: string }[];
  sharedStrings?: string;
  styles?: string;
  workbookPr?: string;
}

/** A workbook: content types, relationships, workbook.xml listing `sheets` in order, and the optional parts. */
function workbook({ sheets = [], sharedStrings, styles, workbookPr = '' }: Workbook): Buffer {
  const relationships = sheets.map(
    (sheet, i) => `<Relationship Id="rId${i + 10}" Type="${DOC}/worksheet" Target="worksheets/${sheet.part}"/>`,
  );
  if (sharedStrings) relationships.push(`<Relationship Id="rId1" Type="${DOC}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (styles) relationships.push(`<Relationship Id="rId2" Type="${DOC}/styles" Target="/xl/styles.xml"/>`);
  const parts: Record<string, string> = {
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${DOC}">${workbookPr}<sheets>${sheets
      .map((sheet, i) => `<sheet name="${sheet.name}" sheetId="${i + 1}" r:id="rId${i + 10}"/>`)
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="${RELS}">${relationships.join('')}</Relationships>`,
  };
  for (const sheet of sheets) parts[`xl/worksheets/${sheet.part}`] = sheet.xml;
  if (sharedStrings) parts['xl/sharedStrings.xml'] = `<?xml version="1.0"?><sst xmlns="${MAIN}">${sharedStrings}</sst>`;
  if (styles) parts['xl/styles.xml'] = `<?xml version="1.0"?><styleSheet xmlns="${MAIN}">${styles}</styleSheet>`;
  return zip(parts);
}

const sheetXml = (body: string, after = '') =>
  `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${body}</sheetData>${after}</worksheet>`;
const oneSheet = (xml: string, extra: Omit<Workbook, 'sheets'> = {}) =>
  workbook({ sheets: [{ name: '施策一覧', part: 'sheet1.xml', xml }], ...extra });

describe('reading an .xlsx as people see it', () => {
  it('leaves out furigana (rPh) and joins rich-text runs, in shared and inline strings', async () => {
    const bytes = oneSheet(
      sheetXml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>' +
          '<c r="C1" t="inlineStr"><is><t>子育て</t><rPh sb="0" eb="3"><t>コソダテ</t></rPh></is></c></row>',
      ),
      {
        sharedStrings:
          '<si><t>区役所</t><rPh sb="0" eb="3"><t>クヤクショ</t></rPh><phoneticPr fontId="1"/></si>' +
          '<si><r><t>書かない</t></r><r><rPr><b/></rPr><t xml:space="preserve">窓口 </t></r><rPh sb="4" eb="6"><t>マドグチ</t></rPh></si>',
      },
    );
    expect(await readTable(bytes, 'ふりがな.xlsx')).toEqual([['区役所', '書かない窓口 ', '子育て']]);
  });

  it('shows numbers with a date format as dates, Japanese built-in formats included, and others as numbers', async () => {
    const styles =
      '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/m/d"/><numFmt numFmtId="165" formatCode="0&quot;日&quot;"/></numFmts>' +
      '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="57"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>';
    const row =
      '<row r="1"><c r="A1"><v>46477</v></c><c r="B1" s="1"><v>46477</v></c><c r="C1" s="2"><v>46477</v></c><c r="D1" s="3"><v>46477</v></c></row>';
    expect(await readTable(oneSheet(sheetXml(row), { styles }), 'd.xlsx')).toEqual([['46477', '2027-03-31', '2027-03-31', '46477']]);
    // A workbook on the 1904 date system counts from 1904-01-01.
    const in1904 = oneSheet(sheetXml(row), { styles, workbookPr: '<workbookPr date1904="1"/>' });
    expect((await readTable(in1904, 'd.xlsx'))[0][1]).toBe('2031-04-01');
  });

  it('reads formulas by their cached result, booleans, errors, and cells without references in order', async () => {
    const row =
      '<row><c t="str"><f>A2&amp;"x"</f><v>=cmd</v></c><c><f>40*2</f><v>80</v></c><c t="b"><v>0</v></c><c t="e"><v>#DIV/0!</v></c><c><f>NOW()</f></c><c t="inlineStr"><is><t>&lt;end&gt; &amp; 終</t></is></c></row>';
    expect(await readTable(oneSheet(sheetXml(row)), 'f.xlsx')).toEqual([['=cmd', '80', 'FALSE', '#DIV/0!', '', '<end> & 終']]);
  });

  it('reads the first sheet in the workbook order, whatever its part is called, and namespace prefixes', async () => {
    const bytes = workbook({
      sheets: [
        {
          name: '施策一覧',
          part: 'sheet2.xml',
          xml: sheetXml('<row r="2"><c r="B2" t="inlineStr"><is><t>最初のシート</t></is></c></row>'),
        },
        { name: '説明', part: 'sheet1.xml', xml: sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>二枚目</t></is></c></row>') },
      ],
    });
    expect(await readTable(bytes, 'order.xlsx')).toEqual([[], ['', '最初のシート']]);
    const prefixed = `<?xml version="1.0"?><x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>接頭辞</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`;
    expect(await readTable(oneSheet(prefixed), 'x.xlsx')).toEqual([['接頭辞']]);
  });

  it('reads a merged range as its top-left value in every cell it covers', async () => {
    const xml = sheetXml(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>主担当部</t></is></c><c r="B1" t="inlineStr"><is><t>施策</t></is></c></row><row r="3"><c r="B3" t="inlineStr"><is><t>三行目</t></is></c></row>',
      '<mergeCells count="2"><mergeCell ref="A1:A3"/><mergeCell ref="D5:E5"/></mergeCells>',
    );
    expect(await readTable(oneSheet(xml), 'm.xlsx')).toEqual([['主担当部', '施策'], ['主担当部'], ['主担当部', '三行目']]);
  });
});

describe('refusing what is not a 施策一覧', () => {
  const refusal = (bytes: Buffer) =>
    readTable(bytes, '施策一覧.xlsx').then(
      () => new Error('read'),
      (error: unknown) => error as Error,
    );

  it('refuses a merge that would fill the whole sheet, without filling it', async () => {
    const value = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>';
    const wide = await refusal(oneSheet(sheetXml(value, '<mergeCells><mergeCell ref="A1:XFD1"/></mergeCells>')));
    expect(wide).toBeInstanceOf(SpreadsheetReadError);
    expect(wide.message).toMatch(/列が多すぎます/);
    const tall = await refusal(oneSheet(sheetXml(value, '<mergeCells><mergeCell ref="A1:Z1048576"/></mergeCells>')));
    expect(tall).toBeInstanceOf(SpreadsheetReadError);
    expect(tall.message).toMatch(/展開後のデータが大きすぎます/);
    const rows = await refusal(oneSheet(sheetXml(value, '<mergeCells><mergeCell ref="A1:A20000"/></mergeCells>')));
    expect(rows.message).toMatch(/行が多すぎます/);
  });

  it('does not expand XML entities (a billion laughs is refused as unreadable)', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>' +
      `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row></sheetData></worksheet>`;
    const error = await refusal(oneSheet(laughs));
    expect(error).toBeInstanceOf(SpreadsheetReadError);
    expect(error.message).toMatch(/Excel ファイル \(\.xlsx\) として読めません/);
  });

  it.each([
    ['broken sheet XML', oneSheet('<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData>')],
    ['a bad cell reference', oneSheet(sheetXml('<row r="1"><c r="1A"><v>1</v></c></row>'))],
    ['a row number past the sheet', oneSheet(sheetXml('<row r="2000000"><c r="A2000000"><v>1</v></c></row>'))],
  ])('refuses %s as an unreadable workbook', async (_name, bytes) => {
    const error = await refusal(bytes);
    expect(error).toBeInstanceOf(SpreadsheetReadError);
    expect(error.message).toMatch(/施策一覧\.xlsx: Excel ファイル \(\.xlsx\) として読めません/);
  });

  it('says there is no worksheet when the workbook lists none', async () => {
    expect((await refusal(workbook({}))).message).toMatch(/ワークシートがありません/);
  });
});
