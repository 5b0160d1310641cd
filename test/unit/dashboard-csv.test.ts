import { restoreNeutralized } from '../../shared/formula-guard';
import { CSV_BOM, csvCell, csvFileName, downloadCsv, toCsv, type DownloadHost } from '../../tab/src/dashboard/csv';

/** The tab's CSV downloads (効果検証): what Excel gets must be readable and must never run a formula. */
describe('dashboard CSV', () => {
  it('starts with the UTF-8 byte-order mark and ends every line with CRLF', () => {
    const csv = toCsv([
      ['四半期', '晴れ'],
      ['R8年度 Q1', 8],
    ]);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv).toBe('\uFEFF"四半期","晴れ"\r\n"R8年度 Q1","8"\r\n');
    expect(csv.slice(1).split('\r\n')).toEqual(['"四半期","晴れ"', '"R8年度 Q1","8"', '']);
  });

  it('quotes every cell and doubles quotes, keeping commas and line breaks inside the cell', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('「改善」と"見直し"')).toBe('"「改善」と""見直し"""');
    expect(csvCell('一行目\n二行目')).toBe('"一行目\n二行目"');
    expect(csvCell('一行目\r\n二行目')).toBe('"一行目\r\n二行目"');
    expect(toCsv([['x,y', 'say "hi"\nbye']])).toBe('\uFEFF"x,y","say ""hi""\nbye"\r\n');
  });

  it('writes empty cells for missing values and numbers as they are', () => {
    expect(toCsv([[null, undefined, '', 0, 93.3, -2, Number.NaN]])).toBe('\uFEFF"","","","0","93.3","-2",""\r\n');
  });

  it('neutralises text that a spreadsheet would run as a formula, and only text', () => {
    for (const formula of ['=1+1', '+81-3-1234', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd', "'=already"]) {
      const cell = csvCell(formula);
      expect(cell.startsWith(`"'`)).toBe(true);
      // The guard is the same one the 施策一覧 export uses, so it can be undone exactly.
      expect(restoreNeutralized(cell.slice(1, -1).replace(/""/g, '"'))).toBe(formula);
    }
    expect(csvCell('=HYPERLINK("http://example.invalid","x")')).toBe(`"'=HYPERLINK(""http://example.invalid"",""x"")"`);
    expect(csvCell('書かない窓口 = 12 手続')).toBe('"書かない窓口 = 12 手続"');
    // A negative number is a number, not text someone typed.
    expect(csvCell(-3)).toBe('"-3"');
    // Headers are text too.
    expect(toCsv([['=evil', 'ok']])).toBe(`\uFEFF"'=evil","ok"\r\n`);
  });

  it('makes file names that are safe everywhere', () => {
    expect(csvFileName('dashboard-weather-fy2026')).toBe('dashboard-weather-fy2026.csv');
    expect(csvFileName('initiative-A1-1/../x', 'checkins')).toBe('initiative-A1-1-..-x-checkins.csv');
    expect(csvFileName('効果検証')).toBe('table.csv');
  });

  it('downloads through a clicked link to a UTF-8 blob, then lets the blob go', async () => {
    jest.useFakeTimers();
    const blobs = new Map<string, Blob>();
    const create = jest.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.set('blob:test/1', blob);
      return 'blob:test/1';
    });
    const revoke = jest.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const events: string[] = [];
    const link = {
      href: '',
      download: '',
      style: { display: '' },
      click: () => events.push(`click ${link.download} ${link.href}`),
      remove: () => events.push('remove'),
    };
    const host: DownloadHost = { document: { createElement: () => link, body: { append: () => events.push('append') } } };
    try {
      downloadCsv(
        'weather.csv',
        [
          ['四半期', '雨'],
          ['R8年度 Q1', 1],
        ],
        host,
      );
      expect(events).toEqual(['append', 'click weather.csv blob:test/1', 'remove']);
      const blob = blobs.get('blob:test/1')!;
      expect(blob.type).toBe('text/csv;charset=utf-8');
      const bytes = Buffer.from(await blob.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8')).toBe('\uFEFF"四半期","雨"\r\n"R8年度 Q1","1"\r\n');
      expect(revoke).not.toHaveBeenCalled();
      jest.runAllTimers();
      expect(revoke).toHaveBeenCalledWith('blob:test/1');
    } finally {
      create.mockRestore();
      revoke.mockRestore();
      jest.useRealTimers();
    }
  });
});
