import iconv from 'iconv-lite';

/**
 * Text as Shift_JIS bytes for Excel on Japanese Windows. "Shift_JIS" there means Windows-31J
 * (cp932): the JIS characters plus those the city's documents use every day (①, ㈱, Ⅲ, ～), so
 * that is the table used. A character it cannot hold (𠮷, 髙 is held; emoji, some 異体字) is
 * written as 「[U+20BB7]」 instead of the encoder's silent "?", and counted, so a reader sees
 * where the UTF-8 file has the exact text.
 */
export function encodeShiftJis(text: string): { bytes: Buffer; replaced: number } {
  let replaced = 0;
  let out = '';
  for (const original of text) {
    const char = SAME_JIS_CODE[original] ?? original;
    if (holds(char)) out += char;
    else {
      replaced += 1;
      out += `[U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`;
    }
  }
  return { bytes: iconv.encode(out, 'cp932'), replaced };
}

/**
 * Characters JIS X 0208 and Windows-31J map to different Unicode points for the same Shift_JIS
 * code (text typed on a Mac or taken from a JIS source has the left ones): written as that code.
 */
const SAME_JIS_CODE: Record<string, string> = {
  '\u301C': '\uFF5E', // 〜 → ～ (0x8160)
  '\u2212': '\uFF0D', // − → － (0x817C)
  '\u2016': '\u2225', // ‖ → ∥ (0x8161)
  '\u2014': '\u2015', // — → ― (0x815C)
  '\u00A2': '\uFFE0', // ¢ → ￠
  '\u00A3': '\uFFE1', // £ → ￡
  '\u00AC': '\uFFE2', // ¬ → ￢
  '\u00A5': '\uFFE5', // ¥ → ￥ (0x5C would read as a backslash in Windows-31J)
};

const known = new Map<string, boolean>();

/** Whether cp932 has the character: it encodes and decodes back to itself ("?" is what the encoder writes otherwise). */
function holds(char: string): boolean {
  if (char.charCodeAt(0) < 0x80) return true;
  let result = known.get(char);
  if (result === undefined) {
    result = iconv.decode(iconv.encode(char, 'cp932'), 'cp932') === char;
    if (known.size < 10_000) known.set(char, result);
  }
  return result;
}
