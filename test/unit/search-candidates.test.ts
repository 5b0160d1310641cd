import type { Ruling } from '../../bot/rulings/model';
import { FIELD_WEIGHTS, findCandidates, tellingGroups } from '../../bot/rulings/search/candidates';
import { rulingIndexFields } from '../../bot/rulings/search/index-fields';
import { RulingSearch } from '../../bot/rulings/search/ruling-search';
import { parseSynonyms } from '../../bot/rulings/search/synonyms';
import type { IndexQuery, RulingCandidate, RulingFilter, RulingStore } from '../../bot/store/ports';
import { make } from '../contract/fixtures';

/**
 * An index in memory with the port's meaning and a plain weighted term count for BM25: enough
 * to see what the search rules ask of a store and what they make of its answers, without SQLite.
 */
class MemoryIndex implements Pick<RulingStore, 'documentFrequencies' | 'matchIndex' | 'list'> {
  readonly queries: IndexQuery[] = [];

  constructor(private readonly rulings: Ruling[]) {}

  async documentFrequencies(tokens: string[]) {
    return new Map(tokens.map((t) => [t, this.rulings.filter((r) => this.terms(r).all.includes(t)).length]));
  }

  async matchIndex(query: IndexQuery): Promise<RulingCandidate[]> {
    this.queries.push(query);
    return this.rulings
      .filter(
        (r) =>
          matches(r, query.filter) &&
          query.allOf.length > 0 &&
          query.allOf.every((group) => group.some((t) => this.terms(r).all.includes(t))),
      )
      .map((ruling) => {
        const fields = this.terms(ruling);
        const count = (field: 'title' | 'keywords' | 'body') => fields[field].filter((t) => query.allOf.flat().includes(t)).length;
        return {
          ruling,
          bm25: query.weights.title * count('title') + query.weights.keywords * count('keywords') + query.weights.body * count('body'),
        };
      })
      .sort((a, b) => b.bm25 - a.bm25)
      .slice(0, query.limit);
  }

  async list(filter: RulingFilter = {}, limit = -1) {
    const listed = this.rulings.filter((r) => matches(r, filter));
    return limit < 0 ? listed : listed.slice(0, limit);
  }

  private terms(ruling: Ruling) {
    const fields = rulingIndexFields(ruling);
    const split = (text: string) => text.split(' ').filter(Boolean);
    return {
      title: split(fields.title),
      keywords: split(fields.keywords),
      body: split(fields.body),
      all: split(`${fields.title} ${fields.keywords} ${fields.body}`),
    };
  }
}

function matches(ruling: Ruling, filter: RulingFilter): boolean {
  return (
    (filter.status === undefined || ruling.status === filter.status) &&
    (filter.department === undefined || ruling.department === filter.department)
  );
}

const asStore = (index: MemoryIndex) => index as unknown as RulingStore;

describe('telling tokens (pruning)', () => {
  it('keeps each concept’s rarest tokens present in the index, at most three', () => {
    const frequency = new Map([
      ['a', 5],
      ['b', 1],
      ['c', 3],
      ['d', 2],
      ['e', 0],
    ]);
    expect(tellingGroups([['a', 'b', 'c', 'd', 'e', 'b']], frequency)).toEqual([['b', 'd', 'c']]);
  });

  it('drops tokens absent from the index and a concept left with none', () => {
    expect(tellingGroups([['x', 'y'], ['a'], []], new Map([['a', 4]]))).toEqual([['a']]);
    expect(tellingGroups([['"', 'or', '*']], new Map())).toEqual([]);
  });
});

describe('candidate search (AND, then OR)', () => {
  const car = (id: string, extra: Partial<Ruling> = {}) =>
    make.ruling({ id, title: `自動車の保有 ${id}`, question: 'その他', answer: 'その他', ...extra });

  it('asks the index nothing to match when no token of the query is in it', async () => {
    const index = new MemoryIndex([car('R-1')]);
    expect(await findCandidates(asStore(index), [['退職']], {}, 10)).toEqual([]);
    expect(index.queries).toEqual([]);
  });

  it('asks for every concept first, with the title weighted above keywords and the body', async () => {
    const index = new MemoryIndex([car('R-1', { question: '生活保護' }), car('R-2')]);
    const hits = await findCandidates(asStore(index), [['自動', '動車'], ['保護']], { status: 'current' }, 10);
    expect(index.queries[0]).toMatchObject({
      allOf: [['自動', '動車'], ['保護']],
      filter: { status: 'current' },
      limit: 10,
      weights: FIELD_WEIGHTS,
    });
    expect(FIELD_WEIGHTS.title).toBeGreaterThan(FIELD_WEIGHTS.keywords);
    expect(FIELD_WEIGHTS.keywords).toBeGreaterThan(FIELD_WEIGHTS.body);
    // Too few matched every concept: those matching any follow, each once.
    expect(index.queries[1].allOf).toEqual([['自動', '動車', '保護']]);
    expect(hits.map((h) => h.ruling.id)).toEqual(['R-1', 'R-2']);
  });

  it('does not loosen a query when a full page matched every concept, or when it has one concept', async () => {
    const rulings = Array.from({ length: 12 }, (_, i) => car(`R-${i}`, { question: '生活保護' }));
    const index = new MemoryIndex([...rulings, car('R-loose')]);
    const hits = await findCandidates(asStore(index), [['動車'], ['保護']], {}, 60);
    expect(index.queries).toHaveLength(1);
    expect(hits.map((h) => h.ruling.id)).not.toContain('R-loose');
    await findCandidates(asStore(index), [['動車']], {}, 60);
    expect(index.queries).toHaveLength(2);
  });

  it('keeps the stricter matches first and stops at the limit', async () => {
    const index = new MemoryIndex([car('R-both', { question: '生活保護' }), ...Array.from({ length: 5 }, (_, i) => car(`R-${i}`))]);
    const hits = await findCandidates(asStore(index), [['動車'], ['保護']], {}, 3);
    expect(hits.map((h) => h.ruling.id)).toHaveLength(3);
    expect(hits[0].ruling.id).toBe('R-both');
  });
});

describe('re-ranking', () => {
  it('puts the ruling that covers every word typed above one that only repeats one, and superseded ones below', async () => {
    const index = new MemoryIndex([
      make.ruling({ id: 'R-repeat', title: '国保の手続', question: '国保 国保 国保', answer: '国保の窓口' }),
      make.ruling({ id: 'R-both', title: '国保の喪失', question: '退職したとき', answer: '喪失届を出す' }),
      make.ruling({
        id: 'R-old',
        title: '国保の喪失',
        question: '退職したとき',
        answer: '喪失届を出す',
        status: 'superseded',
        supersededBy: 'R-both',
      }),
    ]);
    const search = new RulingSearch(asStore(index), parseSynonyms('国民健康保険, 国保'));
    expect((await search.search('国保 喪失')).map((h) => h.ruling.id)).toEqual(['R-both', 'R-repeat']);
    const all = await search.search('国保 喪失', { status: 'all' });
    expect(all.map((h) => h.ruling.id)).toEqual(['R-both', 'R-old', 'R-repeat']);
    expect(all[1].score).toBeCloseTo(all[0].score / 2, 2);
  });
});
