import fc from 'fast-check';
import iconv from 'iconv-lite';
import { encodeShiftJis } from '../../bot/platform/spreadsheet/shift-jis';

const decode = (bytes: Buffer) => iconv.decode(bytes, 'cp932');

describe('encodeShiftJis', () => {
  it('writes Japanese text as Windows-31J bytes (the bytes Excel on Japanese Windows reads)', () => {
    const { bytes, replaced } = encodeShiftJis('保険年金課,①,㈱,Ⅲ,髙');
    expect(replaced).toBe(0);
    expect(bytes.subarray(0, 2).toString('hex')).toBe('95db'); // 保
    expect(decode(bytes)).toBe('保険年金課,①,㈱,Ⅲ,髙');
  });

  it('writes the JIS forms of 〜 − ¥ as the same Shift_JIS code', () => {
    const { bytes, replaced } = encodeShiftJis('1〜3、−5、¥100');
    expect(replaced).toBe(0);
    expect(decode(bytes)).toBe('1～3、－5、￥100');
    expect(bytes.includes(0x5c)).toBe(false); // no backslash where a yen sign was meant
  });

  it('writes a character Shift_JIS lacks as [U+XXXX] and counts it', () => {
    const { bytes, replaced } = encodeShiftJis('𠮷田😀さん');
    expect(replaced).toBe(2);
    expect(decode(bytes)).toBe('[U+20BB7]田[U+1F600]さん');
  });

  it('never drops a character: the decoded bytes, with each [U+XXXX] read back, are the input (JIS forms as their Windows-31J twins)', () => {
    const twins = (text: string) => text.replace(/〜/g, '～').replace(/−/g, '－').replace(/¥/g, '￥');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...[...'あア漢①～〜𠮷😀é,"\r\nabc¥−髙丂']) }), (text) => {
        const { bytes, replaced } = encodeShiftJis(text);
        const marks = decode(bytes).match(/\[U\+[0-9A-F]{4,6}\]/g) ?? [];
        expect(marks).toHaveLength(replaced);
        const back = decode(bytes).replace(/\[U\+([0-9A-F]{4,6})\]/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
        expect(back).toBe(twins(text));
      }),
    );
  });
});
