import { computeRepeatedTopics, scoreEveryText } from '../../bot/analytics/repeated-topics';
import type { Inquiry } from '../../bot/inquiries/model';
import { compileWords, similarity, wordWeights, type CaseWords } from '../../bot/inquiries/rules/similar';
import type { PreparedQuery } from '../../bot/rulings/search/prepare-query';
import { make } from '../contract/fixtures';

/** Hand-written words: each a concept whose tokens are its character pairs. */
function words(...texts: string[]): PreparedQuery {
  const concepts = texts.map((text) => ({
    source: text,
    text,
    expansion: false,
    tokens: [...text].slice(0, -1).map((c, i) => c + [...text][i + 1]),
  }));
  return { concepts, groups: [], tokens: concepts.flatMap((c) => c.tokens), words: texts };
}

const departments = [
  make.department({ id: 'hq-a', name: '保険年金課', office: '健康福祉局', kind: 'hq' }),
  make.department({ id: 'hq-b', name: '介護保険課', office: '健康福祉局', kind: 'hq' }),
];

let n = 0;
/** An inquiry whose 件名 is `subject` and whose words are given by hand (the 内容 is empty). */
function asked(subject: string, wordList: string[], o: Partial<Inquiry> = {}): Inquiry & { words: CaseWords } {
  n += 1;
  const inquiry = make.inquiry({
    number: `Q-R8-${String(n).padStart(4, '0')}`,
    subject,
    body: '',
    targetDepartmentId: 'hq-a',
    askerDepartmentId: 'ward-1',
    category: '国民健康保険',
    status: 'submitted',
    answer: null,
    rulingId: null,
    createdAt: `2026-10-${String(n).padStart(2, '0')}T01:00:00.000Z`,
    ...o,
  });
  return { ...inquiry, words: { subject: words(...wordList), body: words() } };
}
const wordsOf = (i: Inquiry) => (i as Inquiry & { words: CaseWords }).words;
const answer = { text: '回答', answeredBy: 'p', approvedBy: null, answeredAt: '2026-10-20T01:00:00.000Z' };

describe('repeated topics without a shared ruling (hand-computed)', () => {
  const a = asked('国保喪失', ['国保', '喪失'], { askerDepartmentId: 'ward-1', status: 'answered', answer });
  const b = asked('国保喪失届', ['国保', '喪失'], { askerDepartmentId: 'ward-2', category: '国保' });
  const c = asked('年金免除', ['年金', '免除'], { category: '国民年金' });
  const d = asked('年金免除申請', ['年金', '免除'], { category: '国民年金', status: 'shared', answer, rulingId: 'R-R8-0004' });
  const e = asked('児童手当', ['児童手当'], { category: '児童手当' });
  const withdrawn = asked('国保喪失', ['国保', '喪失'], { status: 'withdrawn' });
  const elsewhere = asked('国保喪失', ['国保', '喪失'], { targetDepartmentId: 'hq-b' });
  const all = [a, b, c, d, e, withdrawn, elsewhere];

  it('groups alike inquiries of one department; lists a group with no ruling, counts the one a ruling settled', () => {
    // a→b: 国保 and 喪失 each in 1 of the other 4 texts of hq-a (weight 1/log2(3)), both found in b: 1; b→a likewise.
    // c↔d: 1 both ways, but d was shared as R-R8-0004. e, the withdrawn one and hq-b's are alone.
    const figure = computeRepeatedTopics(all, wordsOf, departments);
    expect(figure.topics).toEqual([
      {
        departmentId: 'hq-a',
        department: '健康福祉局 保険年金課',
        category: '国民健康保険', // a's: one each, the first asked wins the tie
        subject: '国保喪失',
        inquiries: [a.number, b.number],
        wards: 2,
        answered: 1,
      },
    ]);
    expect(figure.basis).toEqual({ inquiriesCompared: 6, topicsFound: 2, topicsWithRuling: 1, inquiriesInTopics: 2, minSimilarity: 0.4 });
    expect(figure.byCategory).toEqual([{ key: '国民健康保険', topics: 1, inquiries: 2 }]);
    expect(figure.byDepartment).toEqual([{ key: '健康福祉局 保険年金課', topics: 1, inquiries: 2 }]);
  });

  it('an answer citing a ruling settles its topic', () => {
    const citing = { ...b, answer: { ...answer, citation: { kind: 'ruling' as const, id: 'R-1', title: 't' } } };
    const figure = computeRepeatedTopics([a, citing, c, d, e], wordsOf, departments);
    expect(figure.topics).toEqual([]);
    expect(figure.basis).toMatchObject({ inquiriesCompared: 5, topicsFound: 2, topicsWithRuling: 2, inquiriesInTopics: 0 });
  });

  it('joins two inquiries only when each is alike the other', () => {
    // g→h: 国保 (in h: weight 1/log2(3) = 0.631) found → 1. h→g: 国保 found (0.631), 喪失 in no other text (weight 1)
    // → 0.631 / 1.631 = 0.387 < 0.4. Not a topic.
    const g = asked('国保', ['国保'], { targetDepartmentId: 'hq-b' });
    const h = asked('国保喪失', ['国保', '喪失'], { targetDepartmentId: 'hq-b' });
    expect(computeRepeatedTopics([g, h], wordsOf, departments).basis.topicsFound).toBe(0);
  });

  it('keeps to the filter: the fiscal year asked in and the department', () => {
    const lastYear = asked('国保喪失', ['国保', '喪失'], { createdAt: '2025-10-01T01:00:00.000Z' });
    expect(computeRepeatedTopics([a, lastYear], wordsOf, departments, { fiscalYear: 2026 }).basis).toMatchObject({
      inquiriesCompared: 1,
      topicsFound: 0,
    });
    expect(computeRepeatedTopics([a, lastYear], wordsOf, departments).topics.map((t) => t.inquiries)).toEqual([
      [lastYear.number, a.number],
    ]);
    expect(computeRepeatedTopics(all, wordsOf, departments, { departmentId: 'hq-b' }).basis.inquiriesCompared).toBe(1);
  });
});

describe('scoring every text at once (the figure’s fast path)', () => {
  it('gives each text the score similarity() gives it alone', () => {
    const texts = ['国保喪失日\n転出した人', '国保加入\n転入した人', '国民健康保険資格喪失', '年金の喪失', '児童手当', ''];
    const cases: CaseWords[] = [
      { subject: words('国保', '喪失'), body: words('転出') },
      { subject: words('資格喪失'), body: words() },
      { subject: words(), body: words('児童手当', '国保') },
      { subject: words(), body: words() },
    ];
    for (const w of cases) {
      const weights = wordWeights(w, texts);
      const rows = compileWords(w, weights, (part) => Uint8Array.from(texts, (t) => Number(t.includes(part))));
      expect([...scoreEveryText(rows, texts.length)]).toEqual(texts.map((t) => similarity(w, t, weights)));
    }
  });
});
