import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../bot/platform/logger';
import { MANUAL_TEXT_LIMITS } from '../../bot/rulings/manual-text/model';
import { normalizeForSearch, searchTokens } from '../../bot/rulings/search/normalize';
import { ManualTextSync } from '../../bot/store/sharepoint/manual-text-sync';
import { SharePointSite } from '../../bot/store/sharepoint/sharepoint-site';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { make } from '../contract/fixtures';
import { GraphTestServer } from '../support/graph/graph-test-server';
import { FIXTURE_PDF_PAGES, pdfDocument } from '../support/manual-documents';
import { GRAPH_TEST_TOKEN, openSharePointStore, removeTempDataDirs, tempDataDir } from '../support/sharepoint-fixture';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'manuals', name));
const tokens = (text: string) => searchTokens(normalizeForSearch(text));

/** Issue 22 item 5 in production: the マニュアル library's PDF and docx files read into the local index through Graph. */
describe('manual text kept in step with the SharePoint library', () => {
  let server: GraphTestServer;
  const closing: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    server = await GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN], pageSize: 7 });
  });
  afterEach(async () => {
    for (const store of closing.splice(0)) await store.close();
    expect(server.validationErrors).toEqual([]);
  });
  afterAll(async () => {
    await server.close();
    removeTempDataDirs();
  });

  /** Staff uploading a file in SharePoint (the simple upload, as the browser's upload does it). */
  const upload = async (driveId: string, name: string, bytes: Buffer) => {
    const response = await fetch(`${server.url}/v1.0/drives/${driveId}/items/root:/${encodeURIComponent(name)}:/content`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${GRAPH_TEST_TOKEN}`, 'Content-Type': 'application/octet-stream' },
      body: bytes,
    });
    expect(response.status).toBeLessThan(300);
    return ((await response.json()) as { sharepointIds: { listItemId: string } }).sharepointIds.listItemId;
  };

  it('reads new and changed files by page or heading, skips unchanged ones, forgets deleted ones, and logs unreadable ones', async () => {
    const { store, graph, siteUrl } = await openSharePointStore(server);
    closing.push(store);
    const site = new SharePointSite(graph, siteUrl);
    const siteId = await site.id();
    const driveId = (await graph.get<{ id: string }>(`${await site.listPath('manuals')}/drive`)).id;
    await store.manuals.upsert(make.manual({ id: 'M-001' })); // an Internet shortcut (.url): no file to read
    // Text indexed for it otherwise (the demo seed) stays while the item is in the library.
    await store.manuals.saveText('M-001', {
      source: 'demo',
      outcome: { ok: true, truncated: false, sections: [{ page: 4, text: '限度額適用認定証の申請' }] },
    });
    const pdfItem = await upload(driveId, '国保資格マニュアル.pdf', fixture('kokuho-shikaku.pdf'));
    const docxItem = await upload(driveId, '保育入所の手引き.docx', fixture('hoiku-nyusho.docx'));
    const lockedItem = await upload(driveId, '施錠済み.pdf', pdfDocument(FIXTURE_PDF_PAGES, { encrypted: true }));
    server.editItemByHand(siteId, 'マニュアル', pdfItem, { 所管課: '保険年金課' });

    expect(await store.manualTextSync.sync()).toEqual({ read: 3, unchanged: 0, failed: 1, removed: 0 });
    expect((await store.manuals.matchText(tokens('限度額適用認定証'), 10))[0]).toMatchObject({ manualId: 'M-001', page: 4 });
    const found = await store.manuals.matchText(tokens('資格喪失日'), 10);
    expect(found[0]).toMatchObject({ manualId: `SP-${pdfItem}`, page: 2 });
    expect((await store.manuals.matchText(tokens('復職証明書'), 10))[0]).toMatchObject({
      manualId: `SP-${docxItem}`,
      heading: '育児休業明けの入所',
    });
    expect(await store.manuals.textState(`SP-${lockedItem}`)).toMatchObject({ ok: false, reason: 'encrypted' });
    // The manual itself is still listed (searchable by its metadata).
    expect((await store.manuals.list()).map((m) => m.id)).toContain(`SP-${lockedItem}`);

    // Nothing changed: no file is downloaded again.
    server.requests.length = 0;
    expect(await store.manualTextSync.sync()).toEqual({ read: 0, unchanged: 3, failed: 0, removed: 0 });
    expect(server.requests.filter((r) => r.url.includes('/driveItem/content'))).toEqual([]);

    // A new version of the PDF replaces its text; a deleted file's text goes.
    await upload(driveId, '国保資格マニュアル.pdf', pdfDocument([['改訂版'], ['口座振替の手順を改めた。']]));
    server.deleteItemByHand(siteId, 'マニュアル', docxItem);
    expect(await store.manualTextSync.sync()).toEqual({ read: 1, unchanged: 1, failed: 0, removed: 1 });
    expect(await store.manuals.matchText(tokens('資格喪失日'), 10)).toEqual([]);
    expect((await store.manuals.matchText(tokens('口座振替'), 10))[0]).toMatchObject({ manualId: `SP-${pdfItem}`, page: 2 });
    expect(await store.manuals.matchText(tokens('復職証明書'), 10)).toEqual([]);
  });

  it('does not read a file past the size limit into memory; the reason is kept and logged', async () => {
    const { store, graph, siteUrl } = await openSharePointStore(server);
    closing.push(store);
    const site = new SharePointSite(graph, siteUrl);
    const driveId = (await graph.get<{ id: string }>(`${await site.listPath('manuals')}/drive`)).id;
    const item = await upload(driveId, '大きなマニュアル.pdf', fixture('kokuho-shikaku.pdf'));
    const mirror = SqliteStore.open(tempDataDir());
    closing.push(mirror);
    const warnings: Record<string, unknown>[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      error: () => undefined,
      warn: (_, f) => warnings.push(f ?? {}),
    };
    const small = new ManualTextSync(site, mirror.mirror().manualTexts, logger, { ...MANUAL_TEXT_LIMITS, maxBytes: 1000 });
    expect(await small.sync()).toEqual({ read: 1, unchanged: 0, failed: 1, removed: 0 });
    expect(await mirror.mirror().manualTexts.textState(`SP-${item}`)).toMatchObject({ ok: false, reason: 'too-large' });
    expect(warnings).toContainEqual(expect.objectContaining({ manualId: `SP-${item}`, reason: 'too-large' }));
  });
});
