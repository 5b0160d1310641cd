import fs from 'node:fs';
import path from 'node:path';
import { seedDemoData } from '../../bot/demo/seed';
import { normalizeForSearch, searchTokens } from '../../bot/rulings/search/normalize';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { FIXTURE_PDF_PAGES, pdfDocument } from '../support/manual-documents';
import { startNode, tempDir } from '../support/processes';

const CLI = 'dist/bot/cli/main.js';
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'manuals');

/** `import manual-text`: a manual's file read and indexed in local mode (SharePoint's library is read by the sync). */
describe('npm run cli -- import manual-text', () => {
  let dataDir: string;
  const cli = async (...args: string[]) => {
    const run = startNode([CLI, 'import', 'manual-text', ...args], {
      APP_MODE: undefined,
      MicrosoftAppId: undefined,
      APP_DATA_DIR: dataDir,
    });
    const { code } = await run.exited;
    return { code, output: run.output() };
  };
  const withStore = async <T>(read: (store: SqliteStore) => Promise<T>) => {
    const store = SqliteStore.open(dataDir);
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    dataDir = tempDir('renkei-manual-text-cli-');
    await withStore((store) => seedDemoData(store));
  });

  it('indexes a PDF by page and a docx by heading, replacing what the manual had', async () => {
    const pdf = await cli('M-002', path.join(FIXTURES, 'kokuho-shikaku.pdf'));
    expect(pdf.output).toContain('M-002 の本文を取り込みました: 3 ページ');
    expect(pdf.code).toBe(0);
    const docx = await cli('M-007', path.join(FIXTURES, 'hoiku-nyusho.docx'));
    expect(docx.output).toContain('M-007 の本文を取り込みました: 4 見出し');
    expect(docx.code).toBe(0);
    await withStore(async (store) => {
      expect((await store.manuals.matchText(searchTokens(normalizeForSearch('過誤納付金')), 5))[0]).toMatchObject({
        manualId: 'M-002',
        page: 3,
      });
      const demoText = await store.manuals.matchText(searchTokens(normalizeForSearch('多子加算')), 5);
      expect(demoText.map((s) => s.manualId)).not.toContain('M-007'); // the demo text of M-007 was replaced
    });
  });

  it('reports a file it cannot read with the reason, keeps the manual, and refuses an unknown manual or a bad call', async () => {
    const locked = path.join(dataDir, 'locked.pdf');
    fs.writeFileSync(locked, pdfDocument(FIXTURE_PDF_PAGES, { encrypted: true }));
    const run = await cli('M-003', locked);
    expect(run.code).toBe(1);
    expect(run.output).toContain('M-003 の本文を読めませんでした（encrypted）');
    await withStore(async (store) => {
      expect(await store.manuals.textState('M-003')).toMatchObject({ ok: false, reason: 'encrypted' });
      expect(await store.manuals.get('M-003')).toBeDefined();
    });
    expect((await cli('M-999', path.join(FIXTURES, 'kokuho-shikaku.pdf'))).code).toBe(1);
    const usage = await cli('M-001', 'notes.txt');
    expect(usage.code).toBe(2);
    expect(usage.output).toContain('import manual-text MANUAL-ID FILE.pdf|FILE.docx');
  });
});
