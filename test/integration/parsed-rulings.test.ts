import Database from 'better-sqlite3';
import path from 'node:path';
import { RulingSearch } from '../../bot/rulings/search/ruling-search';
import { DATABASE_FILE_NAME } from '../../bot/store/sqlite/database';
import type { SqliteRulingStore } from '../../bot/store/sqlite/repositories/knowledge';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { make } from '../contract/fixtures';
import { tempDir } from '../support/processes';

/**
 * Search reuses the rulings it parsed (ParsedRulings), so it must notice every change: one
 * through the same store, one inside a transaction, and one from another connection (the CLI
 * importing while the server runs). The hits it returns stay the caller's own objects.
 */
describe('rulings parsed once per process', () => {
  const ruling = (title: string) =>
    make.ruling({ id: 'R-1', title, question: '国保の資格喪失日はいつか', answer: '転出日の翌日', publishedAt: '2025-05-01' });
  const titleFound = async (search: RulingSearch) => (await search.search('国保 喪失'))[0]?.ruling.title;

  it('sees edits made through the store, in a transaction and by another connection', async () => {
    const dir = tempDir('renkei-parsed-');
    const store = SqliteStore.open(dir);
    const search = new RulingSearch(store.rulings, []);
    await store.rulings.upsert(ruling('国保の資格喪失日（旧）'));
    expect(await titleFound(search)).toBe('国保の資格喪失日（旧）');

    await store.rulings.upsert(ruling('国保の資格喪失日（改）'));
    expect(await titleFound(search)).toBe('国保の資格喪失日（改）');

    await store.transaction((tx) => tx.rulings.upsert(ruling('国保の資格喪失日（取引内）')));
    expect(await titleFound(search)).toBe('国保の資格喪失日（取引内）');

    // Another connection rewrites the stored JSON only (the index entry is unchanged), so only PRAGMA data_version can tell.
    const other = new Database(path.join(dir, DATABASE_FILE_NAME));
    const doc = JSON.stringify({ ...ruling('国保の資格喪失日（別接続）') });
    other.prepare('UPDATE rulings SET doc = ? WHERE id = ?').run(doc, 'R-1');
    other.close();
    expect(await titleFound(search)).toBe('国保の資格喪失日（別接続）');

    await (store.rulings as SqliteRulingStore).remove(['R-1']); // as a SharePoint delta's deletions do
    expect(await search.search('国保 喪失')).toEqual([]);
    await store.close();
  });

  it('hands each caller a ruling it may change without changing the next search', async () => {
    const store = SqliteStore.open(tempDir('renkei-parsed-'));
    await store.rulings.upsert(ruling('国保の資格喪失日'));
    const search = new RulingSearch(store.rulings, []);
    const [first] = await search.search('国保 喪失');
    first.ruling.title = '書き換えた件名';
    first.ruling.tags.push('書き換え');
    const [again] = await search.search('国保 喪失');
    expect(again.ruling.title).toBe('国保の資格喪失日');
    expect(again.ruling.tags).not.toContain('書き換え');
    await store.close();
  });
});
