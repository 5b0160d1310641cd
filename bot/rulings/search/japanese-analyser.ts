import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { arrayBufferOf, packageOf, preparedFile } from './prepared-cache';

/** One word of Japanese text as the morphological analyser (kuromoji, IPADIC) cuts it. */
export interface Morpheme {
  surface: string;
  /** 品詞: 名詞, 動詞, 形容詞, 助詞, 助動詞, 記号, フィラー … */
  pos: string;
  /** 品詞細分類1: 一般, 固有名詞, サ変接続, 非自立, 数, 接尾 … */
  detail: string;
  /** 基本形 (辞め → 辞める); the surface when the dictionary has none. */
  base: string;
  /** 読み in katakana; empty for words the dictionary does not know. */
  reading: string;
}

/** What search needs of an analyser: words with their part of speech, and kana readings. */
export interface JapaneseAnalyser {
  morphemes(text: string): Morpheme[];
  /** The text with each run of kanji or katakana replaced by its reading in hiragana (保育所の退所 → ほいくしょのたいしょ). */
  reading(text: string): string;
}

interface KuromojiToken {
  surface_form: string;
  pos: string;
  pos_detail_1: string;
  basic_form: string;
  reading?: string;
}
interface KuromojiTokenizer {
  tokenize(text: string): KuromojiToken[];
}
type Loader = {
  loadArrayBuffer: (file: string, done: (error: Error | null, buffer?: ArrayBuffer) => void) => void;
  load: (done: (error: Error | null, dictionaries: unknown) => void) => void;
};

const KANJI_OR_KATAKANA_RUN = /[\p{Script=Han}\p{Script=Katakana}々〆ヶー]+/gu;
/** Readings of word runs already seen: a collection repeats its terms, so most runs are looked up once. */
const MAX_MEMO = 200_000;

let shared: JapaneseAnalyser | undefined;

/**
 * The analyser, loaded once per process from the IPADIC dictionary kuromoji ships in its npm
 * package (no network). Loading is synchronous (about 2 s, 250 MB) so that the store can index
 * a ruling inside its transaction; the first caller pays it.
 */
export function japaneseAnalyser(): JapaneseAnalyser {
  shared ??= loadKuromoji();
  return shared;
}

function loadKuromoji(): JapaneseAnalyser {
  /* eslint-disable @typescript-eslint/no-require-imports -- kuromoji's loader and tokenizer have no typed entry points */
  const DictionaryLoader = require('kuromoji/src/loader/DictionaryLoader') as new (dir: string) => Loader;
  const Tokenizer = require('kuromoji/src/Tokenizer') as new (dictionaries: unknown) => KuromojiTokenizer;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const packageFolder = path.dirname(require.resolve('kuromoji/package.json'));
  const loader = new DictionaryLoader(path.join(packageFolder, 'dict'));
  // The package reads its files asynchronously; read them here at once so the load finishes in this call.
  // Unzipped once into the cache (100 MB): reading them is about a third of a second cheaper than unzipping at every start.
  const version = packageOf(packageFolder);
  loader.loadArrayBuffer = (file, done) => {
    const bytes = preparedFile(`kuromoji-${path.basename(file, '.gz')}`, `${version}:${fs.statSync(file).size}`, () =>
      zlib.gunzipSync(fs.readFileSync(file)),
    );
    done(null, arrayBufferOf(bytes));
  };
  let tokenizer: KuromojiTokenizer | undefined;
  let failure: Error | null = null;
  loader.load((error, dictionaries) => {
    failure = error;
    if (!error) tokenizer = new Tokenizer(dictionaries);
  });
  if (!tokenizer) throw new Error(`kuromoji の辞書を読み込めませんでした (could not load the kuromoji dictionary): ${String(failure)}`);
  const kuromoji = tokenizer;
  const memo = new Map<string, string>();
  const readRun = (run: string): string => {
    let reading = memo.get(run);
    if (reading === undefined) {
      reading = kuromoji
        .tokenize(run)
        .map((t) => (t.reading && t.reading !== '*' ? t.reading : t.surface_form))
        .join('');
      reading = toHiragana(reading);
      if (memo.size >= MAX_MEMO) memo.clear();
      memo.set(run, reading);
    }
    return reading;
  };
  return {
    morphemes: (text) =>
      kuromoji.tokenize(text).map((t) => ({
        surface: t.surface_form,
        pos: t.pos,
        detail: t.pos_detail_1,
        base: t.basic_form && t.basic_form !== '*' ? t.basic_form : t.surface_form,
        reading: t.reading && t.reading !== '*' ? t.reading : '',
      })),
    reading: (text) => text.replace(KANJI_OR_KATAKANA_RUN, readRun),
  };
}

export function toHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
}
