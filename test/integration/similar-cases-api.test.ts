import fs from 'node:fs';
import type { RunningApp } from '../../bot/app';
import type { SimilarCasesList } from '../../bot/inquiries/api-routes';
import type { CitingAnswer } from '../../bot/inquiries';
import type { Inquiry } from '../../bot/inquiries/model';
import type { RepeatedTopicsFigure } from '../../bot/analytics/repeated-topics';
import { make } from '../contract/fixtures';
import { demoApi, startDemoApp } from '../support/demo-api';
import { jsonOf } from '../support/processes';

/**
 * GET /api/inquiries/:number/similar (同様の照会・判断事例 as the caller may see them) and the
 * citedBy list of GET /api/rulings/:id, on the real server with the demo data and two inquiries
 * from 中央区 added: one answered, one answered citing ruling R-0006.
 */
describe('similar cases and cited-by API', () => {
  let app: RunningApp;
  let dataDir: string;
  const api = demoApi(() => app.url);
  const answered = (number: string, o: Parameters<typeof make.inquiry>[0] = {}) =>
    make.inquiry({
      number,
      fiscalYear: 2025,
      askerId: 'p-someone-in-chuo',
      askerDepartmentId: 'ward-chuo-hoken-nenkin',
      targetDepartmentId: 'hq-hoken-nenkin',
      category: '後期高齢者医療',
      subject: '市外の特別養護老人ホームに入所した後期高齢者医療の被保険者の住所地特例',
      body: '特別養護老人ホームに入所して住民票を移した被保険者に住所地特例は適用されますか。',
      status: 'answered',
      assigneeId: 'p-hq-responder',
      answer: { text: '適用されます。', answeredBy: 'p-hq-responder', approvedBy: 'p-hq-approver', answeredAt: '2025-10-01T01:00:00.000Z' },
      createdAt: '2025-09-20T01:00:00.000Z',
      updatedAt: '2025-10-01T01:00:00.000Z',
      ...o,
    });

  beforeAll(async () => {
    ({ app, dataDir } = await startDemoApp('renkei-similar-api-'));
    await app.store.inquiries.insert(answered('Q-R7-0101'));
    await app.store.inquiries.insert(
      answered('Q-R7-0102', {
        subject: '有料老人ホームに入居した人の住所地特例',
        answer: {
          text: 'R-0006 のとおりです。',
          answeredBy: 'p-hq-responder',
          approvedBy: 'p-hq-approver',
          answeredAt: '2025-11-01T01:00:00.000Z',
          citation: { kind: 'ruling', id: 'R-0006', title: '市外の有料老人ホームに入居した場合の介護保険の住所地特例' },
        },
      }),
    );
    const kodomo = { targetDepartmentId: 'hq-kodomo', category: '児童手当', answer: null, status: 'submitted' as const, assigneeId: null };
    await app.store.inquiries.insert(
      answered('Q-R7-0201', {
        ...kodomo,
        subject: '離婚協議中で別居している父母の児童手当の受給者',
        body: '離婚協議中で別居している父母のどちらが児童手当を受給しますか。',
        status: 'answered',
        answer: { text: '児童と同居する父母が受給者です。', answeredBy: 'p-x', approvedBy: null, answeredAt: '2025-10-01T01:00:00.000Z' },
      }),
    );
    await app.store.inquiries.insert(
      answered('Q-R7-0202', {
        ...kodomo,
        askerDepartmentId: 'ward-minami-hoken-nenkin',
        subject: '別居中の父母（離婚協議中）の児童手当の受給者',
        body: '離婚協議中で別居している父母のどちらを児童手当の受給者としますか。',
        createdAt: '2025-10-05T01:00:00.000Z',
      }),
    );
  });

  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives HQ the rulings and the earlier inquiries of any ward, with their answers and status', async () => {
    const response = await api.get('/api/inquiries/Q-R8-0003/similar', 'p-hq-responder');
    expect(response.status).toBe(200);
    const { cases } = (await jsonOf(response)) as SimilarCasesList;
    const kinds = cases.map((c) => c.kind);
    expect(kinds.indexOf('ruling')).toBeLessThan(kinds.indexOf('inquiry')); // rulings first
    expect(cases).toContainEqual(
      expect.objectContaining({
        kind: 'inquiry',
        id: 'Q-R7-0101',
        status: 'answered',
        answer: '適用されます。',
        askerDepartment: '中央区役所 保険年金課',
        citable: true,
      }),
    );
    expect(cases).toContainEqual(expect.objectContaining({ kind: 'ruling', id: 'R-0006', status: 'current', citable: true }));
    expect(cases.map((c) => c.id)).not.toContain('Q-R8-0003'); // not itself
  });

  it('shows the asking ward only what it may open: the rulings, not another ward’s inquiries', async () => {
    const { cases } = (await jsonOf(await api.get('/api/inquiries/Q-R8-0003/similar', 'p-ward-staff'))) as SimilarCasesList;
    expect(cases.some((c) => c.kind === 'ruling')).toBe(true);
    expect(cases.filter((c) => c.kind === 'inquiry').map((c) => c.id)).toEqual([]);
  });

  it('refuses without sign-in, for a bad or unknown number, and for an inquiry the caller may not open', async () => {
    expect((await api.get('/api/inquiries/Q-R8-0003/similar')).status).toBe(401);
    expect((await api.get('/api/inquiries/nonsense/similar', 'p-hq-responder')).status).toBe(400);
    expect((await api.get('/api/inquiries/Q-R8-0999/similar', 'p-hq-responder')).status).toBe(404);
    expect((await api.get('/api/inquiries/Q-R7-0101/similar', 'p-ward-staff')).status).toBe(403);
  });

  it('lists under a ruling the answers that cite it (citedBy), and nothing under one nobody cited', async () => {
    const cited = (await jsonOf(api.get('/api/rulings/R-0006', 'p-ward-staff'))) as { citedBy: CitingAnswer[] };
    expect(cited.citedBy).toEqual([
      {
        number: 'Q-R7-0102',
        askerDepartment: '中央区役所 保険年金課',
        targetDepartment: '健康福祉局 保険年金課',
        answeredAt: '2025-11-01T01:00:00.000Z',
      },
    ]);
    const uncited = (await jsonOf(api.get('/api/rulings/R-0020', 'p-ward-staff'))) as { citedBy: CitingAnswer[] };
    expect(uncited.citedBy).toEqual([]);
  });

  it('lists on the 効果検証 dashboard the topics asked repeatedly without a shared ruling, with what was counted', async () => {
    const response = await api.get('/api/analytics', 'p-pmo');
    expect(response.status).toBe(200);
    const { repeatedTopics } = (await jsonOf(response)) as { repeatedTopics: RepeatedTopicsFigure };
    // The two wards' 児童手当 questions, neither shared nor citing a ruling: one topic of two.
    expect(repeatedTopics.topics).toContainEqual(
      expect.objectContaining({ category: '児童手当', inquiries: ['Q-R7-0201', 'Q-R7-0202'], wards: 2, answered: 1 }),
    );
    // 中央区's two 住所地特例 questions form a topic too, but one answer cites R-0006: counted, not listed.
    expect(repeatedTopics.basis.topicsWithRuling).toBeGreaterThanOrEqual(1);
    expect(repeatedTopics.topics.flatMap((t) => t.inquiries)).not.toContain('Q-R7-0102');
    expect(repeatedTopics.basis.inquiriesInTopics).toBe(repeatedTopics.topics.reduce((n, t) => n + t.inquiries.length, 0));
    const kodomo = (await jsonOf(api.get('/api/analytics?department=hq-kodomo', 'p-pmo'))) as { repeatedTopics: RepeatedTopicsFigure };
    expect(kodomo.repeatedTopics.basis).toMatchObject({ inquiriesCompared: 2, topicsFound: 1, topicsWithRuling: 0, inquiriesInTopics: 2 });
    expect(kodomo.repeatedTopics.byCategory).toEqual([{ key: '児童手当', topics: 1, inquiries: 2 }]);
    expect((await api.get('/api/analytics', 'p-ward-staff')).status).toBe(403);
  });

  it('answers through the API as on the card: the citation checked on the server and kept with the draft', async () => {
    const answer = (personId: string, body: unknown) => api.post('/api/inquiries/Q-R8-0003/answer', personId, body);
    const text = { answer: '住所地特例が適用されます。', decision: 'submit' };
    expect((await answer('p-ward-staff', { ...text, cite: 'ruling:R-0006' })).status).toBe(403);
    expect((await answer('p-hq-responder', { ...text, decision: 'send' })).status).toBe(400);
    expect((await answer('p-hq-responder', { ...text, answer: '' })).status).toBe(400);
    const unknown = await answer('p-hq-responder', { ...text, cite: 'inquiry:Q-R8-0999' });
    expect(unknown.status).toBe(400);
    expect(((await jsonOf(unknown)) as { error: { message: string } }).error.message).toContain(
      '引用する照会 Q-R8-0999 は見つかりません。',
    );
    // 介護保険課's inquiry: the caller may not open it, so it cannot be cited either.
    expect((await answer('p-hq-responder', { ...text, cite: 'inquiry:Q-R8-0004' })).status).toBe(400);
    expect((await answer('p-hq-responder', { ...text, cite: 'ruling:<x>' })).status).toBe(400);
    expect((await app.store.inquiries.get('Q-R8-0003'))?.status).toBe('claimed');

    const sent = await answer('p-hq-responder', { ...text, cite: 'inquiry:Q-R7-0101' });
    expect(sent.status).toBe(200);
    const { inquiry } = (await jsonOf(sent)) as { inquiry: Inquiry };
    expect(inquiry.status).toBe('awaitingApproval'); // 保険年金課 answers through its approver
    expect(inquiry.draft?.citation).toEqual({
      kind: 'inquiry',
      id: 'Q-R7-0101',
      title: '市外の特別養護老人ホームに入所した後期高齢者医療の被保険者の住所地特例',
    });
  });
});
