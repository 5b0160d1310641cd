import fs from 'node:fs';
import fc from 'fast-check';
import type { RunningApp } from '../../bot/app';
import type { NoticeDetail } from '../../bot/notices/api-routes';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import type { SurveyView } from '../../bot/surveys/api-routes';
import { RESPONSE_DECISIONS } from '../../bot/surveys/model';
import { binaryString } from '../support/binary-strings';
import { demoApi, staffPerson, startDemoApp } from '../support/demo-api';
import { jsonOf } from '../support/processes';

const KITA = 'ward-kita-hoken-nenkin';
const MINAMI = 'ward-minami-hoken-nenkin';
const NISHI = 'ward-nishi-hoken-nenkin';

/**
 * 意見照会 on HQ's side, on the real server: HQ records 反映する / 反映しない + 理由 for each
 * ward section's opinion (only the asking department's responders and approvers, only for an
 * opinion that arrived, every bad field named), and 意見照会結果 goes back to every section
 * asked as one notice once every opinion has a response.
 */
describe('survey responses API (意見照会)', () => {
  let app: RunningApp;
  let dataDir: string;
  const today = japanDateOf(new Date());
  const { post, put, get } = demoApi(() => app.url);
  let id: string;
  const responsePath = (section: string) => `/api/surveys/${id}/responses/${section}`;

  beforeAll(async () => {
    ({ app, dataDir } = await startDemoApp('renkei-survey-responses-'));
    await app.store.people.upsert(staffPerson('p-minami-staff', MINAMI, ['staff'], 71));
    await app.store.people.upsert(staffPerson('p-kodomo-responder', 'hq-kodomo', ['staff', 'responder'], 74));
    const created = await post('/api/surveys', 'p-hq-responder', {
      title: '国保資格マニュアル改訂案への意見照会',
      purpose: '改訂案（第3章）への御意見をお寄せください。',
      dueOn: addBusinessDays(today, 5),
      audience: { wardSections: [KITA, MINAMI, NISHI] },
      requiresWardApproval: false,
      manualId: 'M-001',
      draftUrl: 'https://sakura-city.example/drafts/m-001.docx',
      questions: [
        { key: 'opinion', label: '改訂案への御意見', type: 'text', required: false },
        { key: 'agree', label: '改訂案に賛成か', type: 'choice', required: true, choices: ['賛成', '反対'] },
      ],
    });
    expect(created.status).toBe(201);
    id = ((await jsonOf(created)) as SurveyView).id;
    await put(`/api/surveys/${id}/answers/${KITA}`, 'p-ward-staff', {
      answers: { opinion: '第3章の記載例が分かりにくいので、転出の例を加えてください。', agree: '賛成' },
      submit: true,
    });
  });

  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the draft link with the manual, and refuses one that is not https or has no manual', async () => {
    const view: SurveyView = await jsonOf(get(`/api/surveys/${id}`, 'p-hq-responder'));
    expect([view.manualId, view.draftUrl]).toEqual(['M-001', 'https://sakura-city.example/drafts/m-001.docx']);
    const base = {
      title: 'x',
      purpose: 'y',
      audience: { allWards: true },
      questions: [{ key: 'a', label: 'b', type: 'text', required: false }],
    };
    for (const body of [
      { ...base, manualId: 'M-001', draftUrl: 'javascript:alert(1)' },
      { ...base, manualId: 'M-001', draftUrl: 'http://sakura-city.example/a' },
      { ...base, manualId: 'M-001', draftUrl: `https://x.example/${'a'.repeat(500)}` },
      { ...base, draftUrl: 'https://sakura-city.example/a' },
    ]) {
      const response = await post('/api/surveys', 'p-hq-responder', body);
      expect(response.status).toBe(400);
      expect(Object.keys((await jsonOf(response)).error.fields)).toEqual(['draftUrl']);
    }
  });

  it('lets only the asking department (responders, approvers) and admins respond', async () => {
    const body = { questionKey: 'opinion', decision: 'adopt', reason: '' };
    expect((await put(responsePath(KITA), undefined, body)).status).toBe(401);
    for (const who of ['p-ward-staff', 'p-ward-manager', 'p-pmo', 'p-kodomo-responder'])
      expect([who, (await put(responsePath(KITA), who, body)).status]).toEqual([who, 403]);
    expect((await put(responsePath('ward-chuo-shimin'), 'p-hq-responder', body)).status).toBe(404);
    expect((await put(responsePath('../x'), 'p-hq-responder', body)).status).toBe(404);
    expect((await put('/api/surveys/S-R8-9999/responses/' + KITA, 'p-hq-responder', body)).status).toBe(404);
    expect(await app.store.surveys.listResponses(id)).toEqual([]);
  });

  it('names every bad field (400) and stores nothing', async () => {
    const cases: [unknown, string[]][] = [
      [{ questionKey: 'nope', decision: 'adopt' }, ['questionKey']],
      [{ questionKey: 'agree', decision: 'adopt' }, ['questionKey']], // a choice is not an opinion
      [{ questionKey: 'opinion', decision: 'maybe' }, ['decision']],
      [{ questionKey: 'opinion', decision: 'reject' }, ['reason']],
      [{ questionKey: 'opinion', decision: 'reject', reason: '   ' }, ['reason']],
      [{ questionKey: 'opinion', decision: 'adopt', reason: 'あ'.repeat(1001) }, ['reason']],
      [{ questionKey: 'opinion', decision: 'adopt', reason: 'a\u0000b' }, ['reason']],
      [{ questionKey: 'opinion', decision: 'adopt', reason: 42 }, ['reason']],
      [{}, ['questionKey', 'decision']],
    ];
    for (const [body, fields] of cases) {
      const response = await put(responsePath(KITA), 'p-hq-responder', body);
      expect(response.status).toBe(400);
      expect(Object.keys((await jsonOf(response)).error.fields).sort()).toEqual([...fields].sort());
    }
    // 南区 has sent no opinion yet: nothing to respond to.
    const none = await put(responsePath(MINAMI), 'p-hq-responder', { questionKey: 'opinion', decision: 'adopt' });
    expect((await jsonOf(none)).error.fields.questionKey).toContain('届いていません');
    for (const raw of ['{"questionKey":', 'null', '[]']) expect((await put(responsePath(KITA), 'p-hq-responder', raw)).status).toBe(400);
    expect(await app.store.surveys.listResponses(id)).toEqual([]);
  });

  it('survives hostile bodies: every request is 200 or 400, and what is stored is always a valid response', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            questionKey: fc.oneof(fc.constantFrom('opinion', 'agree', '__proto__', 'constructor'), fc.string(), fc.integer()),
            decision: fc.oneof(fc.constantFrom(...RESPONSE_DECISIONS), fc.string(), fc.constant(null), fc.boolean()),
            reason: fc.oneof(fc.string({ maxLength: 1200 }), binaryString(), fc.constant(null), fc.array(fc.string()), fc.object()),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const response = await put(responsePath(KITA), 'p-hq-responder', body);
          expect([200, 400]).toContain(response.status);
          for (const stored of await app.store.surveys.listResponses(id)) {
            expect([stored.departmentId, stored.questionKey]).toEqual([KITA, 'opinion']);
            expect(RESPONSE_DECISIONS).toContain(stored.decision);
            expect([...stored.reason].length).toBeLessThanOrEqual(1000);
            if (stored.decision === 'reject') expect(stored.reason).not.toBe('');
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('records 反映する with how, shows it to HQ only, and the same again changes nothing', async () => {
    const response = await put(responsePath(KITA), 'p-hq-responder', {
      questionKey: 'opinion',
      decision: 'adopt',
      reason: '転出の記載例を第3章に加えます。',
    });
    expect(response.status).toBe(200);
    const view: SurveyView = await jsonOf(response);
    expect(view.responses).toEqual([
      {
        surveyId: id,
        departmentId: KITA,
        questionKey: 'opinion',
        decision: 'adopt',
        reason: '転出の記載例を第3章に加えます。',
        respondedBy: 'p-hq-responder',
        respondedAt: expect.any(String),
      },
    ]);
    const audits = async () => (await app.store.audit.list({ objectId: id })).filter((e) => e.action === 'survey.respond').length;
    const before = await audits();
    expect(
      (
        await put(responsePath(KITA), 'p-hq-approver', {
          questionKey: 'opinion',
          decision: 'adopt',
          reason: '転出の記載例を第3章に加えます。',
        })
      ).status,
    ).toBe(200);
    expect(await audits()).toBe(before);
    expect(((await jsonOf(get(`/api/surveys/${id}`, 'p-ward-staff'))) as SurveyView).responses).toBeUndefined();
  });

  it('sends 意見照会結果 as one notice once every opinion has a response; again returns the same notice', async () => {
    await put(`/api/surveys/${id}/answers/${MINAMI}`, 'p-minami-staff', {
      answers: { opinion: '=CMD() 様式も同時に改めてください。', agree: '反対' },
      submit: true,
    });
    expect((await post(`/api/surveys/${id}/results`, 'p-ward-staff')).status).toBe(403);
    expect((await post(`/api/surveys/${id}/results`, 'p-pmo')).status).toBe(403);
    const early = await post(`/api/surveys/${id}/results`, 'p-hq-responder');
    expect(early.status).toBe(409);
    expect((await jsonOf(early)).error.message).toContain('1 件');
    await put(responsePath(MINAMI), 'p-hq-responder', {
      questionKey: 'opinion',
      decision: 'reject',
      reason: '様式は別途、令和9年度に改正します。',
    });

    const sent = await post(`/api/surveys/${id}/results`, 'p-hq-responder');
    expect(sent.status).toBe(201);
    const { noticeId, survey } = (await jsonOf(sent)) as { noticeId: string; survey: SurveyView };
    expect(noticeId).toMatch(/^N-R\d+-\d{4}$/);
    expect(survey.resultsNoticeId).toBe(noticeId);
    const notice: NoticeDetail = await jsonOf(get(`/api/notices/${noticeId}`, 'p-hq-responder'));
    expect(notice.kind).toBe('事務連絡');
    expect(notice.title).toBe('意見照会結果：国保資格マニュアル改訂案への意見照会');
    expect(notice.manualIds).toEqual(['M-001']);
    // Every section asked, 西区 (no opinion) included.
    expect(notice.sections.map((s) => s.departmentId).sort()).toEqual([KITA, MINAMI, NISHI].sort());
    expect(notice.body).toContain(
      '【北区役所 保険年金課】\n御意見: 第3章の記載例が分かりにくいので、転出の例を加えてください。\n対応: 反映する\n理由: 転出の記載例を第3章に加えます。',
    );
    expect(notice.body).toContain(
      '【南区役所 保険年金課】\n御意見: =CMD() 様式も同時に改めてください。\n対応: 反映しない\n理由: 様式は別途、令和9年度に改正します。',
    );
    expect(notice.body).toContain(`#/surveys/${id}`);
    expect(notice.body).not.toContain('賛成'); // choices are not opinions

    for (const who of ['p-hq-responder', 'p-hq-approver']) {
      const again = await post(`/api/surveys/${id}/results`, who);
      expect(again.status).toBe(200);
      expect((await jsonOf(again)).noticeId).toBe(noticeId);
    }
    expect(
      (await jsonOf(get('/api/notices', 'p-hq-responder'))).items.filter((n: { title: string }) => n.title.startsWith('意見照会結果')),
    ).toHaveLength(1);
  });

  it('refuses results for a survey without opinions (409)', async () => {
    const created: SurveyView = await jsonOf(
      post('/api/surveys', 'p-hq-responder', {
        title: '件数調査',
        purpose: '件数',
        audience: { wardSections: [KITA] },
        questions: [{ key: 'cases', label: '件数', type: 'number', required: true }],
      }),
    );
    const response = await post(`/api/surveys/${created.id}/results`, 'p-hq-responder');
    expect(response.status).toBe(409);
  });
});
