import { parseRulingLine } from '../../bot/rulings/ruling-import';
import { normalizeForSearch, searchTokens } from '../../bot/rulings/search/normalize';
import { prepareQuery } from '../../bot/rulings/search/prepare-query';
import { parseSynonyms } from '../../bot/rulings/search/synonyms';

describe('search normalisation', () => {
  it.each([
    ['ＤＶ等支援措置', 'dv等支援措置'],
    ['第三子', '第3子'],
    ['第３子', '第3子'],
    ['ハンコ', 'はんこ'],
    ['申し込み', '申込み'],
    ['届け出', '届出'],
    ['国保の喪失', '国保喪失'],
    ['マイナンバーカード', 'まいなんばーかーど'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeForSearch(input)).toBe(expected);
  });

  it('makes bigrams of Japanese, keeps ASCII words and drops lone particles', () => {
    expect(searchTokens(normalizeForSearch('国民健康保険'))).toEqual(['国民', '民健', '健康', '康保', '保険']);
    expect(searchTokens(normalizeForSearch('DV 2024年'))).toEqual(['dv', '20', '02', '24', '4年']);
    expect(searchTokens('車 は')).toEqual(['車']);
  });
});

describe('synonym dictionary', () => {
  const groups = parseSynonyms('# comment\n国民健康保険, 国保 # inline comment\n自動車、車, くるま\n\nlonely\n');

  it('reads groups, normalised, skipping comments and one-word lines', () => {
    expect(groups).toEqual([
      ['国民健康保険', '国保'],
      ['自動車', '車', 'くるま'],
    ]);
  });

  it('expands an abbreviation inside a word, and a one-character word only on its own', () => {
    const kokuho = prepareQuery('国保の喪失', groups);
    expect(kokuho.concepts.map((c) => c.text)).toEqual(['国保喪失', '国民健康保険']);
    expect(prepareQuery('車', groups).concepts.map((c) => c.text)).toEqual(['車', '自動車', 'くるま']);
    expect(prepareQuery('車椅子', groups).concepts.map((c) => c.text)).toEqual(['車椅子']);
  });

  it('caps what a pasted wall of text can cost', () => {
    const query = prepareQuery('国民健康保険'.repeat(2000), groups);
    expect(query.tokens.length).toBeLessThanOrEqual(64);
    expect(prepareQuery('"*" NEAR() OR AND \u0000\u0007', groups).tokens).toEqual(['near', 'or', 'and']);
  });
});

describe('ruling import line', () => {
  const valid = {
    id: 'R-9001',
    title: '題名',
    question: '質問',
    answer: '回答',
    department: '保険年金課',
    category: '国民健康保険',
    legalBasis: '国民健康保険法第6条',
    tags: ['国保'],
    publishedAt: '2026-04-01',
    status: 'current',
  };

  it('reads a valid line, with supersededBy optional', () => {
    expect(parseRulingLine(JSON.stringify(valid), 1)).toEqual({ ruling: { ...valid, supersededBy: null } });
    expect(parseRulingLine(JSON.stringify({ ...valid, status: 'superseded', supersededBy: 'R-9002' }), 1)).toMatchObject({
      ruling: { supersededBy: 'R-9002' },
    });
    expect(parseRulingLine('   ', 3)).toBeUndefined();
  });

  it('reports every problem with its line and field', () => {
    const result = parseRulingLine(
      JSON.stringify({ ...valid, title: '', publishedAt: '2026-02-30', status: 'old', tags: 'x', supersededBy: 'R-9001' }),
      7,
    );
    expect(result).toEqual({
      problems: [
        { line: 7, field: 'title', reason: expect.stringContaining('必須') },
        { line: 7, field: 'tags', reason: expect.any(String) },
        { line: 7, field: 'publishedAt', reason: expect.any(String) },
        { line: 7, field: 'status', reason: expect.any(String) },
        { line: 7, field: 'supersededBy', reason: expect.stringContaining('自分自身') },
      ],
    });
    expect(parseRulingLine('{not json', 2)).toEqual({ problems: [{ line: 2, field: '(line)', reason: expect.stringContaining('JSON') }] });
    expect(parseRulingLine('[1,2]', 2)).toMatchObject({ problems: [{ field: '(line)' }] });
    expect(parseRulingLine(JSON.stringify({ ...valid, id: 'a b/../c' }), 4)).toMatchObject({ problems: [{ field: 'id' }] });
  });
});
