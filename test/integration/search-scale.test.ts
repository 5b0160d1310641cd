import { RulingSearch } from '../../bot/rulings/search/ruling-search';
import { parseSynonyms } from '../../bot/rulings/search/synonyms';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { make } from '../contract/fixtures';
import { tempDir } from '../support/processes';

/** When thousands of rulings match, search stops scoring them all; the best must still surface. */
describe('search in a large collection', () => {
  it('finds an old ruling with the words in its title among 2,100 newer ones that only mention them', async () => {
    const store = SqliteStore.open(tempDir('renkei-scale-'));
    await store.rulings.upsert(
      make.ruling({
        id: 'R-title',
        title: '生活保護受給者の自動車の保有',
        question: '通勤に使う場合',
        answer: '一定の条件で認める',
        publishedAt: '2019-05-01',
      }),
    );
    await store.transaction(async (tx) => {
      for (let i = 0; i < 2100; i++) {
        await tx.rulings.upsert(
          make.ruling({
            id: `R-${i}`,
            title: `窓口の取扱い ${i}`,
            question: `自動車の保有について相談があった件 ${i}`,
            answer: '生活保護の担当に確認する',
            publishedAt: '2026-01-01',
          }),
        );
      }
    });
    const search = new RulingSearch(store.rulings, parseSynonyms('自動車, 車'));
    const hits = await search.search('生活保護 車', { limit: 5 });
    expect(hits[0].ruling.id).toBe('R-title');
    expect(hits).toHaveLength(5);
    await store.close();
  }, 30_000);
});
