import type { Inquiry } from '../../bot/inquiries/model';
import { citationValue, parseCitationValue, validateAnswerForm } from '../../bot/inquiries/rules/answer-form';
import { transition } from '../../bot/inquiries/rules/lifecycle';
import {
  caseText,
  citationsOf,
  sameCases,
  similarInquiries,
  similarity,
  wordWeights,
  type CaseWords,
  type SimilarCase,
} from '../../bot/inquiries/rules/similar';
import type { PreparedQuery } from '../../bot/rulings/search/prepare-query';
import { make } from '../contract/fixtures';

/** A prepared query written by hand: each entry one spelling of a word (its character pairs as tokens). */
function words(...spellings: [source: string, text?: string][]): PreparedQuery {
  const concepts = spellings.map(([source, text = source]) => ({
    source,
    text,
    expansion: text !== source,
    tokens: [...text].length === 1 ? [text] : [...text].slice(0, -1).map((c, i) => c + [...text][i + 1]),
  }));
  return { concepts, groups: [], tokens: concepts.flatMap((c) => c.tokens), words: [...new Set(spellings.map(([s]) => s))] };
}
const none = words();

let counter = 0;
function asked(subject: string, body: string, o: Partial<Inquiry> = {}): Inquiry {
  counter += 1;
  return make.inquiry({
    number: `Q-R8-${String(counter).padStart(4, '0')}`,
    subject,
    body,
    status: 'answered',
    answer: { text: `回答${counter}`, answeredBy: 'p-hq-responder', approvedBy: null, answeredAt: '2026-11-01T00:00:00.000Z' },
    createdAt: '2026-11-01T00:00:00.000Z',
    ...o,
  });
}

describe('similar inquiries (同様の照会)', () => {
  const target = asked('国保の喪失', '転出した人', { createdAt: '2026-11-20T00:00:00.000Z', status: 'claimed', answer: null });
  const query: CaseWords = { subject: words(['国保'], ['喪失']), body: words(['転出']) };

  it('weighs each word by how many of the compared inquiries use it: 1 / log2(2 + df)', () => {
    const texts = ['国保喪失日\n転出した人', '国保加入\n転入した人', '児童手当\n支給'];
    const weights = wordWeights(query, texts);
    expect(weights.get('国保')).toBeCloseTo(1 / Math.log2(4), 6); // in two texts: 0.5
    expect(weights.get('喪失')).toBeCloseTo(1 / Math.log2(3), 6); // in one: 0.631
    expect(weights.get('転出')).toBeCloseTo(1 / Math.log2(3), 6);
  });

  it('scores 件名 words 0.6 and 内容 words 0.4, each by its weighted share found (hand-computed)', () => {
    const texts = ['国保喪失日\n転出した人', '国保加入\n転入した人', '児童手当\n支給'];
    const weights = wordWeights(query, texts);
    expect(similarity(query, texts[0], weights)).toBe(1);
    // 件名: 国保 found (0.5) of 0.5 + 0.631 = 0.442; 内容: 転出 not found, 0. 0.6 × 0.442 = 0.265.
    expect(similarity(query, texts[1], weights)).toBe(0.265);
    expect(similarity(query, texts[2], weights)).toBe(0);
  });

  it('keeps earlier inquiries at or above 0.4, most similar first, and leaves out itself, later and withdrawn ones', () => {
    const a = asked('国保の喪失日', '転出した人');
    const b = asked('国保の加入', '転入した人');
    const c = asked('児童手当', '支給');
    const withdrawn = asked('国保の喪失日', '転出した人', { status: 'withdrawn', answer: null });
    const later = asked('国保の喪失日', '転出した人', { createdAt: '2026-11-25T00:00:00.000Z' });
    const result = similarInquiries(target, query, [target, a, b, c, withdrawn, later]);
    expect(result.map((s) => [s.id, s.score])).toEqual([[a.number, 1]]);
    expect(result[0]).toMatchObject({ kind: 'inquiry', title: '国保の喪失日', answer: a.answer?.text, status: 'answered', citable: true });
  });

  it('counts half a word as the square of its share of character pairs, and a synonym as the word (hand-computed)', () => {
    const t = asked('国保の資格喪失', '', { createdAt: '2026-11-20T00:00:00.000Z', status: 'submitted', answer: null });
    const q: CaseWords = { subject: words(['国保'], ['国保', '国民健康保険'], ['資格喪失']), body: none };
    const d = asked('国民健康保険の資格喪失', ''); // 国保 as its synonym, 資格喪失 whole: 1
    const e = asked('国保の喪失', ''); // 国保 1; 資格喪失: 1 of 3 pairs (喪失) → 1/9
    const f = asked('年金の資格喪失', ''); // 国保 0; 資格喪失 1
    const g = asked('転出の届出', '', { status: 'submitted', answer: null }); // nothing
    // df: 国保 (either spelling) in d, e → 0.5; 資格喪失 in d, f → 0.5. The 内容 is empty: the 件名 is all.
    // d = 1; e = (0.5 + 0.5/9) / 1 = 0.556; f = 0.5; g = 0.
    const result = similarInquiries(t, q, [d, e, f, g]);
    expect(result.map((s) => [s.id, s.score])).toEqual([
      [d.number, 1],
      [e.number, 0.556],
      [f.number, 0.5],
    ]);
    expect(similarInquiries(t, q, [d, e, f, g], 2).map((s) => s.id)).toEqual([d.number, e.number]);
  });

  it('shows an unanswered one with its status but does not offer it for citing', () => {
    const open = asked('国保の喪失日', '転出した人', { status: 'claimed', answer: null });
    expect(similarInquiries(target, query, [open])).toEqual([
      expect.objectContaining({ id: open.number, status: 'claimed', answer: null, citable: false }),
    ]);
  });

  it('folds the text as the search does: an inquiry typed in katakana or full-width matches', () => {
    expect(caseText({ subject: 'ＤＶ：国保の喪失', body: 'コクホ' })).toBe('dv:国保喪失\nこくほ');
  });
});

describe('same cases: rulings first, an inquiry shared as a shown ruling dropped', () => {
  const ruling = (id: string): SimilarCase => ({
    kind: 'ruling',
    id,
    title: id,
    category: '',
    answer: 'a',
    status: 'current',
    citable: true,
    score: 1,
  });
  const inquiry = (id: string): SimilarCase => ({
    kind: 'inquiry',
    id,
    title: id,
    category: '',
    answer: 'a',
    status: 'shared',
    citable: true,
    score: 1,
  });
  it('drops Q-R8-0001 when its ruling R-R8-0001 is shown, keeps Q-R8-0002 whose ruling is not', () => {
    const merged = sameCases(
      [ruling('R-R8-0001')],
      [inquiry('Q-R8-0001'), inquiry('Q-R8-0002')],
      new Map([
        ['Q-R8-0001', 'R-R8-0001'],
        ['Q-R8-0002', 'R-R8-0002'],
      ]),
    );
    expect(merged.map((c) => c.id)).toEqual(['R-R8-0001', 'Q-R8-0002']);
  });
});

describe('citations', () => {
  it('reads and writes the form value of a cited case, refusing anything else', () => {
    expect(citationValue({ kind: 'ruling', id: 'R-2024-001' })).toBe('ruling:R-2024-001');
    expect(parseCitationValue('ruling:R-2024-001')).toEqual({ kind: 'ruling', id: 'R-2024-001' });
    expect(parseCitationValue('inquiry:Q-R8-0003')).toEqual({ kind: 'inquiry', id: 'Q-R8-0003' });
    expect(parseCitationValue('')).toBeNull();
    expect(parseCitationValue('none')).toBeNull(); // 引用しない
    for (const bad of ['inquiry:R-1', 'ruling:<b>', 'manual:M-1', 'ruling:', 'ruling:a b']) expect(parseCitationValue(bad)).toBeUndefined();
  });

  it('the answer form names a malformed citation and keeps what was typed', () => {
    const result = validateAnswerForm({ answer: '同じ取扱いです。', cite: 'ruling:<script>' });
    expect(result).toMatchObject({ errors: { cite: expect.any(String) }, values: { answer: '同じ取扱いです。' } });
    expect(validateAnswerForm({ answer: '同じ取扱いです。', cite: 'ruling:R-1' })).toMatchObject({ cite: { kind: 'ruling', id: 'R-1' } });
  });

  it('a delivered answer keeps the draft’s citation; the cited-by list holds only answers citing it, oldest first', () => {
    const citation = { kind: 'ruling' as const, id: 'R-1', title: '表題' };
    const claimed = make.inquiry({ status: 'claimed', assigneeId: 'p-hq-responder' });
    const moved = transition(
      claimed,
      {
        type: 'submitAnswer',
        by: 'p-hq-responder',
        draft: { text: '同じです', shareWithAllWards: false, ruling: null, citation },
        approvalRequired: false,
      },
      '2026-11-24T01:00:00.000Z',
    );
    if ('error' in moved) throw new Error(JSON.stringify(moved.error));
    expect(moved.inquiry.answer?.citation).toEqual(citation);
    const late = { ...moved.inquiry, number: 'Q-R8-0009', answer: { ...moved.inquiry.answer!, answeredAt: '2026-12-01T00:00:00.000Z' } };
    const other = { ...moved.inquiry, number: 'Q-R8-0010', answer: { ...moved.inquiry.answer!, citation: { ...citation, id: 'R-2' } } };
    expect(citationsOf([late, other, moved.inquiry, claimed], { kind: 'ruling', id: 'R-1' }).map((i) => i.number)).toEqual([
      moved.inquiry.number,
      'Q-R8-0009',
    ]);
  });
});
