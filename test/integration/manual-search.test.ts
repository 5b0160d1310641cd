import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../bot/platform/logger';
import { indexManualDocument } from '../../bot/rulings/manual-text/index-manual-document';
import { ManualSearch } from '../../bot/rulings/search/manual-search';
import { createRulingSearch } from '../../bot/rulings/search/create-search';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { make } from '../contract/fixtures';
import { pdfDocument, FIXTURE_PDF_PAGES } from '../support/manual-documents';
import { tempDir } from '../support/processes';

const ROOT = path.join(__dirname, '..', '..');
const fixture = (name: string) => fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'manuals', name));

/** Issue 22 item 5: a word only inside a manual's document finds the manual, with the page or heading it is on. */
describe('manual search over documents', () => {
  let store: SqliteStore;
  let search: ManualSearch;
  const warnings: Record<string, unknown>[] = [];
  const logger: Logger = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (_, f) => warnings.push(f ?? {}) };

  beforeAll(async () => {
    store = SqliteStore.open(tempDir('manual-search'));
    // Metadata that does not say what the documents say: only their text can find them.
    await store.manuals.upsert(
      make.manual({ id: 'M-101', title: '資格事務の手引き', system: '国民健康保険', summary: '窓口事務の手順。' }),
    );
    await store.manuals.upsert(make.manual({ id: 'M-102', title: '保育事務の手引き', system: '保育', summary: '区役所保育担当の事務。' }));
    await store.manuals.upsert(
      make.manual({ id: 'M-103', title: '還付事務の手引き', system: '国民健康保険', summary: '還付加算金の計算。' }),
    );
    await store.manuals.upsert(
      make.manual({ id: 'M-104', title: '介護保険の手引き', system: '介護保険', summary: '第1号・第2号被保険者の資格。' }),
    );
    const index = (manualId: string, fileName: string, bytes: Uint8Array) =>
      indexManualDocument({ manuals: store.manuals, logger }, { manualId, fileName, bytes, source: `test:${fileName}` });
    await index('M-101', 'kokuho-shikaku.pdf', fixture('kokuho-shikaku.pdf'));
    await index('M-102', 'hoiku-nyusho.docx', fixture('hoiku-nyusho.docx'));
    await index('M-103', 'locked.pdf', pdfDocument(FIXTURE_PDF_PAGES, { encrypted: true }));
    // As the app prepares queries: the municipal synonyms, Sudachi's and the analyser that cuts sentences into words.
    const rulings = createRulingSearch(store.rulings, path.join(ROOT, 'bot/rulings/synonyms.txt'));
    search = new ManualSearch(store.manuals, (text) => rulings.prepare(text));
  });

  afterAll(async () => {
    await store?.close();
  });

  it('finds a PDF manual by words on one of its pages, and says which page', async () => {
    const [hit, ...rest] = await search.search('資格喪失日 届出');
    expect(hit.manual.id).toBe('M-101');
    expect(hit.section).toMatchObject({ page: 2 });
    expect(hit.section?.text).toContain('資格喪失日の翌日から14日以内');
    expect(rest.map((h) => h.manual.id)).not.toContain('M-101');
  });

  it('finds a docx manual by words under a heading, and says which heading', async () => {
    const [hit] = await search.search('復職証明書');
    expect(hit.manual.id).toBe('M-102');
    expect(hit.section).toMatchObject({ heading: '育児休業明けの入所' });
    expect(hit.section?.page).toBeUndefined();
  });

  it('a whole sentence finds the page too (function words dropped as for rulings)', async () => {
    const hits = await search.search('口座振替不能のときはどうすればいいですか');
    expect(hits[0]).toMatchObject({ manual: { id: 'M-101' }, section: { page: 3 } });
  });

  it('an encrypted document leaves its manual searchable by metadata, with the reason logged and kept', async () => {
    const [hit] = await search.search('還付加算金');
    // M-101's page 3 also says 還付加算金; M-103 says it in its summary. Both are found, M-103 without a page.
    const byId = new Map((await search.search('還付加算金')).map((h) => [h.manual.id, h]));
    expect(hit).toBeDefined();
    expect(byId.get('M-103')?.section).toBeUndefined();
    expect(byId.get('M-101')?.section).toMatchObject({ page: 3 });
    expect(await store.manuals.textState('M-103')).toMatchObject({ ok: false, reason: 'encrypted' });
    expect(warnings).toContainEqual(expect.objectContaining({ manualId: 'M-103', reason: 'encrypted' }));
  });

  it('words in no manual find none; numbers alone (a mistyped command) find none', async () => {
    expect(await search.search('住所地特例')).toEqual([]);
    expect((await search.search('第2号被保険者')).map((h) => h.manual.id)).toEqual(['M-104']);
    expect(await search.search('不明 =1+2')).toEqual([]); // M-104's summary holds 1 and 2, and nothing else typed
  });
});
