import type { Ruling } from '../../bot/rulings/model';
import { candidateKey, missingWords, synonymCandidates } from '../../bot/rulings/synonym-learning/candidates';
import type { PreparedQuery } from '../../bot/rulings/search/prepare-query';

const ruling = (id: string, title: string, tags: string[], question = ''): Ruling => ({
  id,
  title,
  question,
  answer: '',
  department: '保険年金課',
  category: '国民健康保険',
  legalBasis: '',
  tags,
  publishedAt: '2026-04-01',
  status: 'current',
  supersededBy: null,
});

/** A stand-in for the search's preparation: words apart by spaces, each with the synonyms given. */
const prepareWith =
  (synonyms: Record<string, string[]> = {}) =>
  (text: string): PreparedQuery => {
    const words = text.split(/\s+/).filter(Boolean);
    const concepts = words.flatMap((word) => [
      { text: word, tokens: [word], expansion: false, source: word },
      ...(synonyms[word] ?? []).map((s) => ({ text: s, tokens: [s], expansion: true, source: word })),
    ]);
    return { words, concepts, groups: words.map((w) => [w]), tokens: words };
  };

const DEATH = ruling('R-1', '死亡 資格喪失', ['死亡', '資格喪失']);
const LOST = ruling('R-2', '保険証 紛失 再交付', ['紛失', '再交付']);
const rulings = new Map([DEATH, LOST].map((r) => [r.id, r]));

describe('learned synonym candidates', () => {
  it('are the words a ruling lacks in every spelling the search knows', () => {
    const prepare = prepareWith({ 保険証: ['被保険者証'] });
    expect(missingWords(prepare('亡くなった 資格喪失'), DEATH)).toEqual(['亡くなった']);
    // Found through a synonym: not missing.
    expect(missingWords(prepare('保険証'), ruling('R-3', '被保険者証の再交付', []))).toEqual([]);
    // One character says too little to learn from.
    expect(missingWords(prepare('死 資格喪失'), DEATH)).toEqual([]);
  });

  it('count searches per word and ruling, keep the newest time and queries, most frequent first', () => {
    const signals = [
      { query: '保険証 なくした', rulingId: 'R-2', at: '2026-05-03T00:00:00Z' },
      { query: '亡くなった 資格喪失', rulingId: 'R-1', at: '2026-05-02T00:00:00Z' },
      { query: '亡くなった', rulingId: 'R-1', at: '2026-05-04T00:00:00Z' },
      { query: '亡くなった 資格喪失', rulingId: 'R-1', at: '2026-05-01T00:00:00Z' },
      { query: '亡くなった', rulingId: 'R-404', at: '2026-05-01T00:00:00Z' },
    ];
    const candidates = synonymCandidates(signals, rulings, prepareWith(), new Set());
    expect(candidates.map((c) => [c.word, c.rulingId, c.count, c.lastSeen])).toEqual([
      ['亡くなった', 'R-1', 3, '2026-05-04T00:00:00Z'],
      ['なくした', 'R-2', 1, '2026-05-03T00:00:00Z'],
    ]);
    expect(candidates[0].queries).toEqual(['亡くなった 資格喪失', '亡くなった']);
    expect(candidates[0].terms).toEqual(['死亡', '資格喪失']);
    expect(candidates[0].typed).toBe('亡くなった');
  });

  it('show the word as it was typed: katakana stays katakana, a dictionary form not in the query stays as is', () => {
    const normalized = (text: string): PreparedQuery => {
      const words = text.split(/\s+/).map((w) => (w === 'ロスト' ? 'ろすと' : w === '亡くなった' ? '亡くなる' : w));
      return { words, concepts: words.map((w) => ({ text: w, tokens: [w], expansion: false, source: w })), groups: [], tokens: words };
    };
    const signals = [{ query: '保険証 ロスト 亡くなった', rulingId: 'R-2', at: '2026-05-03T00:00:00Z' }];
    const candidates = synonymCandidates(signals, rulings, normalized, new Set());
    expect(candidates.map((c) => [c.word, c.typed])).toEqual([
      ['ろすと', 'ロスト'],
      ['亡くなる', '亡くなる'],
    ]);
  });

  it('leave out what an administrator decided', () => {
    const signals = [{ query: '亡くなった', rulingId: 'R-1', at: '2026-05-04T00:00:00Z' }];
    expect(synonymCandidates(signals, rulings, prepareWith(), new Set([candidateKey('亡くなった', 'R-1')]))).toEqual([]);
    expect(synonymCandidates(signals, rulings, prepareWith(), new Set([candidateKey('亡くなった', 'R-2')]))).toHaveLength(1);
  });
});
