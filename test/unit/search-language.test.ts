import { make } from '../contract/fixtures';
import { rulingIndexFields } from '../../bot/rulings/search/index-fields';
import { spansToMarkdown } from '../../bot/inquiries/cards/search-results-card';
import { highlight, snippet } from '../../bot/rulings/search/highlight';
import { japaneseAnalyser } from '../../bot/rulings/search/japanese-analyser';
import { normalizeForSearch } from '../../bot/rulings/search/normalize';
import { prepareQuery } from '../../bot/rulings/search/prepare-query';
import { parseSynonyms, sudachiLookup, termsByReading } from '../../bot/rulings/search/synonyms';

const analyser = japaneseAnalyser();
const groups = parseSynonyms('国民健康保険, 国保\n生活保護, 生保\n保育所, 保育園\n死亡, 亡くなった');
const readings = termsByReading(groups, (text) => analyser.reading(text));
const item = (midashi: string, expandControl = 0) => ({ midashi, expandControl });
const general = sudachiLookup([
  { items: [item('生命保険'), item('生保', 1)] },
  { items: [item('事実婚'), item('内縁', 0)] },
  { items: [item('転居'), item('引っ越し'), item('廃語', 2)] },
  { items: [item('転宅'), item('引っ越し')] },
]);
const language = { analyser, general, readings };

describe('kana readings', () => {
  it('reads kanji and katakana runs in hiragana, leaving the rest', () => {
    expect(analyser.reading('保育所の退所届')).toMatch(/^ほいくしょの/);
    expect(analyser.reading('マイナンバーカード 2024')).toBe('まいなんばーかーど 2024');
  });

  it('indexes the reading of the title and keywords beside their bigrams, not of the body', () => {
    const fields = rulingIndexFields(
      make.ruling({ title: '国民健康保険の資格喪失', question: '喪失の届出', answer: '受理する', tags: ['喪失'] }),
    );
    expect(fields.title.split(' ')).toEqual(expect.arrayContaining(['喪失', 'そう', 'うし', 'しつ', 'こく']));
    expect(fields.body.split(' ')).not.toContain('そう');
  });
});

describe('query preparation with the analyser', () => {
  it('keeps the content words of a chat sentence and drops particles, auxiliaries and filler', () => {
    const query = prepareQuery('すみません、退職した人が国保に入るのが遅れたら保険料はいつからですか？', groups, language);
    expect(query.words).toEqual(expect.arrayContaining(['退職', '国保', '遅れる', '保険料']));
    for (const filler of ['すみません', 'いつ', 'です', 'か', '人', 'する']) expect(query.words).not.toContain(filler);
  });

  it('keeps article numbers whole, in any digits', () => {
    expect(prepareQuery('児童扶養手当法第十三条の三', groups, language).words).toEqual(expect.arrayContaining(['13条の3']));
    expect(prepareQuery('国保法116条', groups, language).words).toEqual(expect.arrayContaining(['116条']));
  });

  it('takes a word typed in kana as the municipal term it reads as, with that term’s group', () => {
    const texts = prepareQuery('こくほ ほいくえん', groups, language).concepts.map((c) => c.text);
    expect(texts).toEqual(expect.arrayContaining(['こくほ', '国保', '国民健康保険', 'ほいくえん', '保育園', '保育所']));
  });

  it('adds Sudachi synonyms only where the municipal file says nothing, never from an ambiguous word', () => {
    expect(prepareQuery('内縁', groups, language).concepts.map((c) => c.text)).toEqual(['内縁', '事実婚']);
    // 生保 is the file's (生活保護), and Sudachi's 生保 is ambiguous and marked not to expand anyway.
    expect(prepareQuery('生保', groups, language).concepts.map((c) => c.text)).toEqual(['生保', '生活保護']);
    // 引っ越し is in two Sudachi groups: ambiguous, left alone; 廃語 is marked never to expand.
    expect(general.get(normalizeForSearch('引っ越し'))).toBeUndefined();
    expect(general.get('転居')).toEqual([normalizeForSearch('引っ越し')]);
    expect([...general.values()].flat()).not.toContain('廃語');
  });

  it('finds a compound the dictionaries do not know through its parts', () => {
    const query = prepareQuery('内縁関係者の保険', groups, {
      analyser,
      general: sudachiLookup([{ items: [item('事実婚'), item('内縁')] }]),
    });
    expect(query.concepts.filter((c) => c.expansion).map((c) => c.text)).toContain('事実婚');
  });
});

describe('highlighting', () => {
  it('marks normalized terms in the original text (full width, katakana, kanji digits)', () => {
    expect(highlight('ＤＶ等支援措置と第三子', ['dv', '第3子'])).toEqual([
      { text: 'ＤＶ', hit: true },
      { text: '等支援措置と' },
      { text: '第三子', hit: true },
    ]);
    expect(highlight('マイナンバーカードの暗証番号', ['まいなんばー'])).toEqual([
      { text: 'マイナンバー', hit: true },
      { text: 'カードの暗証番号' },
    ]);
  });

  it('cuts a snippet around the first match of whichever of question and answer holds more', () => {
    const ruling = make.ruling({
      question: '質問です。',
      answer: `${'前置き'.repeat(20)}資格喪失日は就職した日である。${'後書き'.repeat(60)}`,
    });
    const spans = snippet(ruling, ['喪失']);
    expect(spans[0]).toEqual({ text: '…' });
    expect(spans.find((s) => s.hit)).toEqual({ text: '喪失', hit: true });
    expect(spans[spans.length - 1]).toEqual({ text: '…' });
    expect(snippet(make.ruling({ question: '短い質問', answer: '回答' }), ['なし'])).toEqual([{ text: '短い質問' }]);
  });

  it('writes card markdown with hits in bold and no stray markdown from the text', () => {
    expect(spansToMarkdown([{ text: '国保', hit: true }, { text: 'の*注*' }])).toBe('**国保**の\\*注\\*');
  });
});
