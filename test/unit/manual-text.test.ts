import fs from 'node:fs';
import path from 'node:path';
import { docxSections } from '../../bot/rulings/manual-text/docx-sections';
import { extractManualText } from '../../bot/rulings/manual-text/extract-manual-text';
import { MANUAL_TEXT_LIMITS } from '../../bot/rulings/manual-text/model';
import { docxDocument, FIXTURE_DOCX_PARAGRAPHS, FIXTURE_PDF_PAGES, pdfDocument } from '../support/manual-documents';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'manuals', name));

/** Issue 22 item 5: the text of a manual's PDF by page and docx by heading; bad files give a reason, never an exception. */
describe('manual text extraction', () => {
  it('the committed fixtures are the bytes the builders make (so they can be remade)', () => {
    expect(fixture('kokuho-shikaku.pdf').equals(pdfDocument(FIXTURE_PDF_PAGES))).toBe(true);
    expect(fixture('hoiku-nyusho.docx').equals(docxDocument(FIXTURE_DOCX_PARAGRAPHS))).toBe(true);
  });

  it('reads a Japanese PDF page by page, each text on the page it is printed on', async () => {
    const outcome = await extractManualText(fixture('kokuho-shikaku.pdf'), '国保資格マニュアル.PDF');
    if (!outcome.ok) throw new Error(outcome.detail);
    expect(outcome.truncated).toBe(false);
    expect(outcome.sections.map((s) => s.page)).toEqual([1, 2, 3]);
    expect(outcome.sections[1].text).toContain('社会保険の資格喪失日の翌日から14日以内に届出を受け付ける。');
    expect(outcome.sections[2].text).toContain('還付加算金');
    expect(outcome.sections[1].text).not.toContain('還付加算金');
    expect(outcome.sections.every((s) => s.heading === undefined)).toBe(true);
  });

  it('reads a docx by heading: each stretch of text under the 見出し it follows', async () => {
    const outcome = await extractManualText(fixture('hoiku-nyusho.docx'), 'hoiku.docx');
    if (!outcome.ok) throw new Error(outcome.detail);
    const under = (word: string) => outcome.sections.find((s) => s.text.includes(word))?.heading;
    expect(under('復職証明書')).toBe('育児休業明けの入所');
    expect(under('就労証明書')).toBe('入所申込みの受付');
    expect(under('理由書')).toBe('上の子の継続利用'); // a level-3 heading is a heading too
    expect(outcome.sections.every((s) => s.page === undefined)).toBe(true);
  });

  it('text before the first heading has none; markup and entities do not reach the text', () => {
    expect(docxSections('<p>前書き &amp; 目次</p><h1>第1章 <strong>総則</strong></h1><p>本文&lt;一&gt;</p><ul><li>項目</li></ul>')).toEqual(
      [{ text: '前書き & 目次' }, { heading: '第1章 総則', text: '第1章 総則\n本文<一>\n項目' }],
    );
  });

  it('an encrypted PDF (a password to open) gives the reason, not an exception', async () => {
    const outcome = await extractManualText(pdfDocument(FIXTURE_PDF_PAGES, { encrypted: true }), 'locked.pdf');
    expect(outcome).toMatchObject({ ok: false, reason: 'encrypted' });
  });

  it('corrupt files are unreadable: a cut-off PDF, noise named .pdf, a docx that is not a zip', async () => {
    const pdf = pdfDocument(FIXTURE_PDF_PAGES);
    for (const [bytes, name] of [
      [pdf.subarray(0, 200), 'cut.pdf'],
      [Buffer.from('これはPDFではありません'.repeat(50)), 'noise.pdf'],
      [Buffer.from('PK\u0003\u0004 broken zip'), 'broken.docx'],
    ] as const) {
      const outcome = await extractManualText(bytes, name);
      expect({ name, ...outcome }).toMatchObject({ name, ok: false, reason: 'unreadable' });
    }
  });

  it('a file over the size limit is not opened; another format is not read', async () => {
    const limits = { ...MANUAL_TEXT_LIMITS, maxBytes: 1000 };
    expect(await extractManualText(fixture('kokuho-shikaku.pdf'), 'big.pdf', limits)).toMatchObject({ ok: false, reason: 'too-large' });
    expect(await extractManualText(Buffer.from('a,b'), 'list.xlsx')).toMatchObject({ ok: false, reason: 'unsupported' });
  });

  it('keeps at most maxChars of text (a huge manual cannot fill the memory) and says it was cut', async () => {
    const pages = Array.from({ length: 40 }, (_, i) => [`第${i + 1}頁`, '窓口事務の手順を定める。'.repeat(20)]);
    const outcome = await extractManualText(pdfDocument(pages), 'huge.pdf', { ...MANUAL_TEXT_LIMITS, maxChars: 1500 });
    if (!outcome.ok) throw new Error(outcome.detail);
    expect(outcome.truncated).toBe(true);
    expect(outcome.sections.reduce((n, s) => n + s.text.length, 0)).toBeLessThanOrEqual(1500);
    expect(outcome.sections.length).toBeLessThan(40);
    expect(outcome.sections[0].page).toBe(1);
  });

  it('a parser that takes too long is stopped', async () => {
    const outcome = await extractManualText(fixture('kokuho-shikaku.pdf'), 'slow.pdf', { ...MANUAL_TEXT_LIMITS, timeoutMs: 1 });
    expect(outcome).toMatchObject({ ok: false, reason: 'timeout' });
  });
});
