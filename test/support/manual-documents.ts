/**
 * Small real PDF and docx files with Japanese text, built byte by byte so the tests need no
 * office suite: a PDF whose text is in a Type0 font with a ToUnicode map (how Japanese PDFs
 * made by Word or a scanner's OCR carry their text), and a docx (a zip of WordprocessingML)
 * whose headings use Word's built-in 見出し styles. The committed copies in
 * test/fixtures/manuals/ are these bytes (test/unit/manual-text.test.ts checks they match).
 */
import zlib from 'node:zlib';

/** A PDF with one page per entry, each page's lines drawn top to bottom. */
export function pdfDocument(pages: string[][], options: { encrypted?: boolean } = {}): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body); // its object number (they start at 1)
  const stream = (content: string) => `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
  const hex = (text: string) =>
    [...text].map((c) => (c.codePointAt(0) ?? 0x3f).toString(16).padStart(4, '0').slice(-4).toUpperCase()).join('');

  const catalog = add('');
  const pagesObject = add('');
  const chars = [...new Set(pages.flat().join(''))].filter((c) => (c.codePointAt(0) ?? 0) <= 0xffff).sort();
  const toUnicode = add(
    stream(
      [
        '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
        '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def',
        '1 begincodespacerange <0000> <FFFF> endcodespacerange',
        // bfchar takes at most 100 entries a block
        ...Array.from({ length: Math.ceil(chars.length / 100) }, (_, i) => {
          const block = chars.slice(i * 100, i * 100 + 100);
          return `${block.length} beginbfchar\n${block.map((c) => `<${hex(c)}> <${hex(c)}>`).join('\n')}\nendbfchar`;
        }),
        'endcmap CMapName currentdict /CMap defineresource pop end end',
      ].join('\n'),
    ),
  );
  const descriptor = add(
    '<< /Type /FontDescriptor /FontName /NotoSansJP /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>',
  );
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NotoSansJP /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 >>`,
  );
  const font = add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /NotoSansJP /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
  );
  const pageObjects = pages.map((lines) => {
    const content = `BT /F1 12 Tf 16 TL 50 780 Td ${lines.map((line) => `<${hex(line)}> Tj T*`).join(' ')} ET`;
    const contents = add(stream(content));
    return add(
      `<< /Type /Page /Parent ${pagesObject} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${contents} 0 R >>`,
    );
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObject} 0 R >>`;
  objects[pagesObject - 1] = `<< /Type /Pages /Kids [${pageObjects.map((n) => `${n} 0 R`).join(' ')}] /Count ${pageObjects.length} >>`;
  // Standard security with a user password (not the empty one): readers must ask for it.
  const encrypt = options.encrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${'7A'.repeat(32)}> /U <${'3C'.repeat(32)}> >>`)
    : undefined;

  let pdf = '%PDF-1.7\n%\xE2\xE3\xCF\xD3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  const id = `<${'A1'.repeat(16)}>`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${encrypt ? ` /Encrypt ${encrypt} 0 R` : ''} /ID [${id} ${id}] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A paragraph of a docx: plain, or a heading of a level (Word's 見出し 1–3). */
export type DocxParagraph = string | { heading: 1 | 2 | 3; text: string };

/** A docx with these paragraphs, the headings in Word's built-in heading styles. */
export function docxDocument(paragraphs: DocxParagraph[]): Buffer {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const body = paragraphs
    .map((p) =>
      typeof p === 'string'
        ? `<w:p><w:r><w:t xml:space="preserve">${escape(p)}</w:t></w:r></w:p>`
        : `<w:p><w:pPr><w:pStyle w:val="Heading${p.heading}"/></w:pPr><w:r><w:t xml:space="preserve">${escape(p.text)}</w:t></w:r></w:p>`,
    )
    .join('');
  const styles = [1, 2, 3]
    .map((n) => `<w:style w:type="paragraph" w:styleId="Heading${n}"><w:name w:val="heading ${n}"/><w:basedOn w:val="Normal"/></w:style>`)
    .join('');
  return zip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    [
      'word/_rels/document.xml.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    ],
    [
      'word/styles.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>${styles}</w:styles>`,
    ],
    ['word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`],
  ]);
}

/** A zip of stored (uncompressed) entries, UTF-8 names. */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00, so the bytes never change
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The committed fixtures' contents: a 国保 manual (PDF, 3 pages) and a 保育 manual (docx, headed sections). */
export const FIXTURE_PDF_PAGES = [
  ['国民健康保険 資格事務マニュアル', '第1章 総則', 'この手引きは区役所窓口の事務を定める。'],
  ['第2章 資格の取得', '社会保険の資格喪失日の翌日から14日以内に届出を受け付ける。', '遡及して賦課する場合は世帯主に通知する。'],
  ['第3章 還付', '過誤納付金の還付加算金は納付日の翌日から計算する。', '口座振替不能のときは納付書を再発行する。'],
];

export const FIXTURE_DOCX_PARAGRAPHS: DocxParagraph[] = [
  { heading: 1, text: '保育所入所事務の手引き' },
  '区役所保育担当が行う事務の流れを示す。',
  { heading: 2, text: '入所申込みの受付' },
  '申込書と就労証明書を受け付け、利用調整の基準日を確認する。',
  { heading: 2, text: '育児休業明けの入所' },
  '育休復帰予定の保護者は、復職証明書を入所月の翌月末までに提出する。',
  { heading: 3, text: '上の子の継続利用' },
  '育休中でも在園児の継続利用を認める場合は、理由書を添付する。',
];
