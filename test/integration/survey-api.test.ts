import fs from 'node:fs';
import { ValueType, Workbook } from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import type { RunningApp } from '../../bot/app';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import type { SurveyView } from '../../bot/surveys/api-routes';
import { binaryString } from '../support/binary-strings';
import { demoApi, staffPerson, startDemoApp } from '../support/demo-api';
import { jsonOf } from '../support/processes';

const KITA = 'ward-kita-hoken-nenkin';
const MINAMI = 'ward-minami-hoken-nenkin';

const person = staffPerson;

/**
 * The 照会 API contract of issue 20 on the real server (SQLite, demo data): who may create,
 * read, answer and approve; every bad field and every bad answer named; HQ's one table with
 * totals; the xlsx and CSV export read back.
 */
describe('survey API', () => {
  let app: RunningApp;
  let dataDir: string;
  const today = japanDateOf(new Date());
  const dueOn = addBusinessDays(today, 5);
  const { post, put, get } = demoApi(() => app.url);
  const QUESTIONS = [
    { key: 'cases', label: '資格確認書の交付件数', type: 'number', required: true, unit: '件', min: 0, max: 100000 },
    { key: 'issue', label: '窓口での課題', type: 'choice', required: true, choices: ['特になし', '説明に時間がかかる', 'その他'] },
    { key: 'opinion', label: '御意見', type: 'text', required: false },
    { key: 'startOn', label: '交付開始日', type: 'date', required: false },
  ];
  const SURVEY = {
    title: '資格確認書の交付件数調査',
    purpose: '12月分の交付件数と窓口での課題をお知らせください。',
    dueOn,
    audience: { wardSections: [KITA, MINAMI] },
    requiresWardApproval: true,
    questions: QUESTIONS,
  };
  const answersPath = (id: string, section: string) => `/api/surveys/${id}/answers/${section}`;

  beforeAll(async () => {
    ({ app, dataDir } = await startDemoApp('renkei-survey-api-'));
    await app.store.people.upsert(person('p-minami-staff', MINAMI, ['staff'], 71));
    await app.store.people.upsert(person('p-minami-manager', MINAMI, ['staff', 'approver'], 72));
    await app.store.people.upsert(person('p-nishi-staff', 'ward-nishi-shimin', ['staff'], 73));
  });

  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses callers who have not signed in, and ward staff and the PMO on create (403)', async () => {
    expect((await post('/api/surveys', undefined, SURVEY)).status).toBe(401);
    expect((await get('/api/surveys/S-R8-0001')).status).toBe(401);
    for (const who of ['p-ward-staff', 'p-ward-manager', 'p-pmo']) expect((await post('/api/surveys', who, SURVEY)).status).toBe(403);
  });

  it('names every bad field (400) and stores nothing', async () => {
    const cases: [unknown, string][] = [
      [{ ...SURVEY, title: '' }, 'title'],
      [{ ...SURVEY, purpose: 'x'.repeat(4001) }, 'purpose'],
      [{ ...SURVEY, dueOn: today }, 'dueOn'],
      [{ ...SURVEY, dueOn: '2027-02-30' }, 'dueOn'],
      [{ ...SURVEY, audience: { wardSections: ['hq-hoken-nenkin'] } }, 'audience'],
      [{ ...SURVEY, audience: { category: '存在しない分野' } }, 'audience'],
      [{ ...SURVEY, requiresWardApproval: 'yes' }, 'requiresWardApproval'],
      [{ ...SURVEY, questions: [] }, 'questions'],
      [
        { ...SURVEY, questions: Array.from({ length: 21 }, (_, i) => ({ key: `q${i}`, label: 'x', type: 'text', required: false })) },
        'questions',
      ],
      [{ ...SURVEY, questions: [{ ...QUESTIONS[0], min: 5, max: 1 }] }, 'questions[0].max'],
      [{ ...SURVEY, questions: [{ ...QUESTIONS[1], choices: [] }] }, 'questions[0].choices'],
      [{ ...SURVEY, questions: [QUESTIONS[0], { ...QUESTIONS[2], key: 'cases' }] }, 'questions[1].key'],
      [{ ...SURVEY, manualId: 'M-NOPE' }, 'manualId'],
      [{ ...SURVEY, requestId: '../x' }, 'requestId'],
    ];
    for (const [body, field] of cases) {
      const response = await post('/api/surveys', 'p-hq-responder', body);
      expect(response.status).toBe(400);
      const { error } = await jsonOf(response);
      expect(error.message).toContain(field);
      expect(Object.keys(error.fields)).toEqual([field]);
    }
    expect((await jsonOf(get('/api/surveys', 'p-hq-responder'))).items).toEqual([]);
  });

  let id: string;

  it('creates a survey: 201 with its id and one pending section per ward section asked; a repeated request makes no second one', async () => {
    const response = await post('/api/surveys', 'p-hq-responder', { ...SURVEY, requestId: 'survey-form-1' });
    expect(response.status).toBe(201);
    const created: SurveyView = await jsonOf(response);
    id = created.id;
    expect(id).toMatch(/^S-R\d+-0001$/);
    expect(created).toMatchObject({ title: SURVEY.title, dueOn, requiresWardApproval: true, questions: QUESTIONS, answered: 0, total: 2 });
    expect(created.sections.map((s) => [s.departmentId, s.status, s.answers])).toEqual([
      [KITA, 'pending', {}],
      [MINAMI, 'pending', {}],
    ]);
    const again: SurveyView = await jsonOf(post('/api/surveys', 'p-hq-responder', { ...SURVEY, requestId: 'survey-form-1' }));
    expect(again.id).toBe(id);
    expect((await jsonOf(get('/api/surveys', 'p-hq-responder'))).items.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  it('shows HQ every section and a ward person only their own; others do not see it', async () => {
    const hq: SurveyView = await jsonOf(get(`/api/surveys/${id}`, 'p-hq-approver'));
    expect(hq.sections).toHaveLength(2);
    expect(hq.totals).toBeDefined();
    const ward: SurveyView = await jsonOf(get(`/api/surveys/${id}`, 'p-ward-staff'));
    expect(ward.sections.map((s) => s.departmentId)).toEqual([KITA]);
    expect(ward.totals).toBeUndefined();
    expect((await get(`/api/surveys/${id}`, 'p-nishi-staff')).status).toBe(404);
    expect((await get('/api/surveys/S-R8-9999', 'p-admin')).status).toBe(404);
  });

  it('refuses an answer for another section (403), from HQ and from a section not asked', async () => {
    const body = { answers: { cases: 1 }, submit: false };
    for (const [who, section] of [
      ['p-ward-staff', MINAMI],
      ['p-minami-staff', KITA],
      ['p-hq-responder', KITA],
      ['p-nishi-staff', KITA],
      ['p-nishi-staff', 'ward-nishi-shimin'],
    ]) {
      expect((await put(answersPath(id, section), who, body)).status).toBe(403);
    }
    expect((await jsonOf(get(`/api/surveys/${id}`, 'p-ward-staff'))).sections[0].status).toBe('pending');
  });

  it('answers 400 with a message per key for bad values and keeps what was there', async () => {
    expect(
      (await put(answersPath(id, KITA), 'p-ward-staff', { answers: { cases: '１，２３４件', opinion: '窓口の混雑' }, submit: false }))
        .status,
    ).toBe(200);
    const response = await put(answersPath(id, KITA), 'p-ward-staff', {
      answers: { cases: 100001, issue: '不明', opinion: 'あ'.repeat(10000), startOn: '2026-13-01', unknown: 'x' },
      submit: true,
    });
    expect(response.status).toBe(400);
    const { error } = await jsonOf(response);
    expect(Object.keys(error.fields).sort()).toEqual(['cases', 'issue', 'opinion', 'startOn', 'unknown']);
    expect(error.fields.cases).toContain('100,000');
    const control = await jsonOf(put(answersPath(id, KITA), 'p-ward-staff', { answers: { opinion: 'a\u0000b' }, submit: false }));
    expect(control.error.fields).toEqual({ opinion: expect.stringContaining('制御文字') });
    expect((await put(answersPath(id, KITA), 'p-ward-staff', { answers: { cases: 1 }, submit: 'yes' })).status).toBe(400);
    const mine: SurveyView = await jsonOf(get(`/api/surveys/${id}`, 'p-ward-staff'));
    expect(mine.sections[0]).toMatchObject({ status: 'draft', answers: { cases: 1234, opinion: '窓口の混雑' } });
  });

  it('draft → 承認依頼 → approved by the section approver only; HQ sees it with totals once approved', async () => {
    // Required questions are required when submitting.
    expect((await jsonOf(put(answersPath(id, KITA), 'p-ward-staff', { answers: { cases: 1234 }, submit: true }))).error.fields).toEqual({
      issue: expect.stringContaining('必須'),
    });
    const asked = await put(answersPath(id, KITA), 'p-ward-staff', {
      answers: { cases: 1234, issue: 'その他', opinion: '=HYPERLINK("http://evil")' },
      submit: true,
    });
    expect(asked.status).toBe(200);
    expect(((await jsonOf(asked)) as SurveyView).sections[0].status).toBe('awaitingApproval');
    // HQ does not see an answer its section has not approved.
    const before: SurveyView = await jsonOf(get(`/api/surveys/${id}`, 'p-hq-responder'));
    expect(before.sections[0]).toMatchObject({ status: 'awaitingApproval', answers: {} });
    expect(before.answered).toBe(0);
    expect((await post(`${answersPath(id, KITA)}/approve`, 'p-ward-staff')).status).toBe(403);
    expect((await post(`${answersPath(id, KITA)}/approve`, 'p-minami-manager')).status).toBe(403);
    expect((await post(`${answersPath(id, KITA)}/approve`, 'p-hq-approver')).status).toBe(403);
    const approved = await post(`${answersPath(id, KITA)}/approve`, 'p-ward-manager');
    expect(approved.status).toBe(200);
    // A second press changes nothing.
    expect((await post(`${answersPath(id, KITA)}/approve`, 'p-ward-manager')).status).toBe(200);
    const hq: SurveyView = await jsonOf(get(`/api/surveys/${id}`, 'p-hq-responder'));
    expect(hq.sections[0]).toMatchObject({
      departmentId: KITA,
      status: 'answered',
      answers: { cases: 1234, issue: 'その他' },
      answeredBy: 'p-ward-staff',
      approvedBy: 'p-ward-manager',
      answeredAt: expect.any(String),
    });
    expect(hq.answered).toBe(1);
    // MINAMI answers and is returned once, then approved.
    await put(answersPath(id, MINAMI), 'p-minami-staff', { answers: { cases: '12', issue: '特になし' }, submit: true });
    const returned = await post(`${answersPath(id, MINAMI)}/return`, 'p-minami-manager', { comment: '件数を再確認してください' });
    expect(((await jsonOf(returned)) as SurveyView).sections[0]).toMatchObject({
      status: 'returned',
      returnComment: '件数を再確認してください',
    });
    expect((await post(`${answersPath(id, MINAMI)}/approve`, 'p-minami-manager')).status).toBe(409);
    await put(answersPath(id, MINAMI), 'p-minami-staff', { answers: { cases: 16, issue: '特になし' }, submit: true });
    expect((await post(`${answersPath(id, MINAMI)}/approve`, 'p-minami-manager')).status).toBe(200);
    const table: SurveyView = await jsonOf(get(`/api/surveys/${id}`, 'p-pmo'));
    expect(table.totals).toEqual({
      cases: { sum: 1250, mean: 625, min: 16, max: 1234, count: 2 },
      issue: { counts: { 特になし: 1, 説明に時間がかかる: 0, その他: 1 } },
    });
    expect(table.answered).toBe(2);
  });

  it('reopens a sent answer before the deadline, HQ keeping the sent version until it is approved again', async () => {
    expect(
      (await put(answersPath(id, MINAMI), 'p-minami-staff', { answers: { cases: 20, issue: '特になし' }, submit: false })).status,
    ).toBe(200);
    const hq: SurveyView = await jsonOf(get(`/api/surveys/${id}`, 'p-hq-responder'));
    expect(hq.sections[1]).toMatchObject({ status: 'draft', answers: { cases: 16 } });
    const own: SurveyView = await jsonOf(get(`/api/surveys/${id}`, 'p-minami-staff'));
    expect(own.sections[0]).toMatchObject({ status: 'draft', answers: { cases: 20 }, version: 1 });
    const history = await app.store.surveys.getAnswer(id, MINAMI);
    expect(history?.history.map((h) => h.answers)).toEqual([{ cases: 16, issue: '特になし' }]);
  });

  it('sends every answer at once without 組織としての回答', async () => {
    const created: SurveyView = await jsonOf(
      post('/api/surveys', 'p-admin', { ...SURVEY, requiresWardApproval: false, audience: { wardSections: [KITA] } }),
    );
    const sent: SurveyView = await jsonOf(
      put(answersPath(created.id, KITA), 'p-ward-staff', { answers: { cases: 3, issue: '特になし' }, submit: true }),
    );
    expect(sent.sections[0]).toMatchObject({ status: 'answered', answers: { cases: 3 } });
    expect((await post(`${answersPath(created.id, KITA)}/approve`, 'p-ward-manager')).status).toBe(409);
  });

  it('exports the table as xlsx (read back) and CSV with BOM, formulas neutralised, HQ side only', async () => {
    expect((await get(`/api/surveys/${id}/export?format=xlsx`, 'p-ward-manager')).status).toBe(403);
    expect((await get(`/api/surveys/${id}/export?format=pdf`, 'p-hq-responder')).status).toBe(400);
    const response = await get(`/api/surveys/${id}/export?format=xlsx`, 'p-hq-responder');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(3);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      '区役所・課',
      '状況',
      '回答者',
      '承認者',
      '回答日時',
      '資格確認書の交付件数（件）',
      '窓口での課題',
      '御意見',
      '交付開始日',
    ]);
    const kita = sheet.getRow(2);
    expect([kita.getCell(1).value, kita.getCell(2).value, kita.getCell(4).value]).toEqual(['北区役所 保険年金課', '回答済み', '伊藤 由美']); // the approver, by name
    expect(kita.getCell(6).type).toBe(ValueType.Number);
    expect(kita.getCell(6).value).toBe(1234);
    expect(kita.getCell(8).value).toBe(`'=HYPERLINK("http://evil")`);
    expect(kita.getCell(8).formula).toBeFalsy();

    const csv = await get(`/api/surveys/${id}/export?format=csv`, 'p-pmo');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('exports CSV as Shift_JIS on request: no BOM, decodes back, and a character Shift_JIS lacks is written as [U+…], not dropped', async () => {
    const created: SurveyView = await jsonOf(
      post('/api/surveys', 'p-hq-responder', { ...SURVEY, requiresWardApproval: false, audience: { wardSections: [KITA] } }),
    );
    const opinion = '𠮷野家の件①～③、〜は波ダッシュ、髙橋さん😀';
    await put(answersPath(created.id, KITA), 'p-ward-staff', { answers: { cases: 7, issue: '特になし', opinion }, submit: true });
    for (const bad of ['format=csv&encoding=euc-jp', 'format=csv&encoding=', 'format=xlsx&encoding=shift_jis'])
      expect((await get(`/api/surveys/${created.id}/export?${bad}`, 'p-hq-responder')).status).toBe(400);
    expect((await get(`/api/surveys/${created.id}/export?format=csv&encoding=shift_jis`, 'p-ward-staff')).status).toBe(403);
    const response = await get(`/api/surveys/${created.id}/export?format=csv&encoding=shift_jis`, 'p-hq-responder');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    // Not valid UTF-8 (so really re-encoded), and read back as Windows-31J it is the table.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const lines = iconv.decode(bytes, 'cp932').trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('区役所・課,状況,回答者,承認者,回答日時,資格確認書の交付件数（件）,窓口での課題,御意見,交付開始日');
    expect(lines[1]).toContain('北区役所 保険年金課,回答済み,');
    expect(lines[1]).toContain(',7,特になし,[U+20BB7]野家の件①～③、～は波ダッシュ、髙橋さん[U+1F600],');
    // The UTF-8 file keeps the exact text.
    const utf8 = Buffer.from(
      await (await get(`/api/surveys/${created.id}/export?format=csv&encoding=utf-8`, 'p-hq-responder')).arrayBuffer(),
    );
    expect(utf8.subarray(3).toString('utf8')).toContain(opinion);
  });

  it('extends the 回答期限 and cancels (HQ of the asking department only); bad dates named, repeats change nothing', async () => {
    const created: SurveyView = await jsonOf(post('/api/surveys', 'p-hq-responder', { ...SURVEY, title: '延長と取消の確認' }));
    const extendPath = `/api/surveys/${created.id}/extend`;
    const later = addBusinessDays(dueOn, 3);
    for (const who of ['p-ward-staff', 'p-ward-manager', 'p-pmo']) expect((await post(extendPath, who, { dueOn: later })).status).toBe(403);
    expect((await post(`/api/surveys/${created.id}/cancel`, 'p-ward-staff')).status).toBe(403);
    expect((await post('/api/surveys/S-R8-9999/extend', 'p-hq-responder', { dueOn: later })).status).toBe(404);
    for (const bad of [{ dueOn: '2027-02-30' }, { dueOn: addBusinessDays(dueOn, -1) }, {}, { dueOn: 20270101 }]) {
      const response = await post(extendPath, 'p-hq-responder', bad);
      expect(response.status).toBe(400);
      expect(Object.keys((await jsonOf(response)).error.fields)).toEqual(['dueOn']);
    }
    expect((await app.store.surveys.get(created.id))?.dueOn).toBe(dueOn);
    const extended: SurveyView = await jsonOf(post(extendPath, 'p-hq-approver', { dueOn: later }));
    expect(extended.dueOn).toBe(later);
    const updatedAt = (await app.store.surveys.get(created.id))?.updatedAt;
    expect((await post(extendPath, 'p-hq-approver', { dueOn: later })).status).toBe(200);
    expect((await app.store.surveys.get(created.id))?.updatedAt).toBe(updatedAt);

    const cancelled: SurveyView = await jsonOf(post(`/api/surveys/${created.id}/cancel`, 'p-hq-responder'));
    expect(cancelled.status).toBe('cancelled');
    expect((await post(`/api/surveys/${created.id}/cancel`, 'p-hq-responder')).status).toBe(200);
    expect((await post(extendPath, 'p-hq-responder', { dueOn: addBusinessDays(later, 1) })).status).toBe(409);
    expect((await put(answersPath(created.id, KITA), 'p-ward-staff', { answers: { cases: 1 }, submit: false })).status).toBe(409);
    const actions = (await app.store.audit.list({ objectType: 'survey', objectId: created.id })).map((e) => e.action);
    expect(actions.filter((a) => a === 'survey.extend' || a === 'survey.cancel').sort()).toEqual(['survey.cancel', 'survey.extend']);
  });

  it('survives hostile answers: every request is 200 or 400, and what is stored always fits the questions', async () => {
    const created: SurveyView = await jsonOf(
      post('/api/surveys', 'p-hq-responder', { ...SURVEY, requiresWardApproval: false, audience: { wardSections: [KITA] } }),
    );
    const value = fc.oneof(
      fc.string(),
      binaryString(),
      fc.double(),
      fc.integer(),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.string()),
      fc.object(),
      fc.constant('１，０００件'),
      fc.constant('2026/2/29'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('cases', 'issue', 'opinion', 'startOn', '__proto__', 'constructor', 'x'.repeat(80)), value),
        fc.boolean(),
        async (answers, submit) => {
          const response = await put(answersPath(created.id, KITA), 'p-ward-staff', { answers, submit });
          expect([200, 400]).toContain(response.status);
          const stored = await app.store.surveys.getAnswer(created.id, KITA);
          const { cases, issue, startOn } = stored?.answers ?? {};
          if (cases !== undefined) expect(typeof cases === 'number' && cases >= 0 && cases <= 100000).toBe(true);
          if (issue !== undefined) expect(QUESTIONS[1].choices).toContain(issue);
          if (startOn !== undefined) expect(startOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        },
      ),
      { numRuns: 60 },
    );
    for (const raw of ['{"answers":', 'null', '[]', '"x"'])
      expect((await put(answersPath(created.id, KITA), 'p-ward-staff', raw)).status).toBe(400);
  });
});
