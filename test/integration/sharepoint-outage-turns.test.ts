import { randomBytes } from 'node:crypto';
import { RECORD_WRITES } from '../../bot/platform/outbox/model';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { GraphTestServer } from '../support/graph/graph-test-server';
import { GRAPH_TEST_TOKEN, productionLayoutEnv, provisionedSite, removeTempDataDirs } from '../support/sharepoint-fixture';
import { cardIn, cardTextOf, findSent, TurnHarness, type Sent } from '../support/turn-harness';

/**
 * A check-in answer and a question sent through the router while SharePoint (the Graph test
 * server) answers 503 for longer than the client retries, in the production layout (operational
 * state in Azurite). The person is told it was received and waits to be applied; once SharePoint
 * is back, each is stored exactly once with its audit entry and its messages.
 */
jest.setTimeout(120_000);

type Card = { actions?: { verb: string; data: Record<string, unknown>; title: string }[] };
const actionOf = (card: unknown, title: string) => {
  const action = (card as Card).actions?.find((a) => a.title === title);
  if (!action) throw new Error(`no action ${title} in ${JSON.stringify(card).slice(0, 400)}`);
  return action;
};
const GENERAL = '19:renkei-team-general@thread.tacv2';
const INQUIRY_CHANNEL = '19:hoken-nenkin-inquiries@thread.tacv2';
const PENDING = '受け付けました（反映待ち）';

let azurite: RunningAzurite;
let graph: GraphTestServer;
let h: TurnHarness;

beforeAll(async () => {
  [azurite, graph] = await Promise.all([startAzurite(), GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN] })]);
  const { siteUrl } = await provisionedSite(graph);
  const prefix = `o${randomBytes(3).toString('hex')}`;
  h = await TurnHarness.start({
    env: { ...productionLayoutEnv(graph, siteUrl, azurite.connectionString, prefix), GRAPH_MAX_RETRIES: '2', PMO_CHANNEL_ID: GENERAL },
  });
});
afterAll(async () => {
  await h?.close();
  await Promise.all([azurite?.stop(), graph?.close()]);
  removeTempDataDirs();
});

it('tells the person an answer and a question were received while SharePoint is down, and stores each once with its audit entry and messages after', async () => {
  const inPersonalChat = (s: Sent) => s.conversationId === h.personalChatOf('p-ward-staff');
  expect(await h.say('p-ward-staff', 'こんにちは')).toHaveLength(1);
  await h.say('p-pmo', 'チェックイン開始 R8 Q3', { channel: GENERAL });
  const checkInCard = findSent(await h.deliverOutbox(), '窓口待ち時間の短縮', inPersonalChat);
  const submit = actionOf(cardIn(checkInCard), '提出する');
  const answer = {
    progress: '北区・南区で窓口予約システムを稼働。',
    weather: 'くもり',
    direction: '継続',
    directionReason: '',
    nextActions: '繁忙期の応援体制を決める',
    'kpi.A1-2-k1': '24.5',
  };

  const [form] = await h.say('p-ward-staff', '質問');
  const question = {
    targetDepartmentId: 'hq-hoken-nenkin',
    category: '国民健康保険',
    subject: '障害時に送った質問',
    body: '海外から戻った人の国保資格取得日は転入日と届出日のどちらですか。',
    legalBasis: '',
    desiredAnswerDate: '',
    urgency: '通常',
  };
  const preview = await h.press(
    'p-ward-staff',
    'inquiry.preview',
    { ...actionOf(cardIn(form), '確認して次へ').data, ...question },
    'personal',
    form.id,
  );
  const ask = actionOf(preview.card, 'それでも質問する');

  // SharePoint goes away for longer than the client retries.
  Object.assign(graph.faults, { unavailableRate: 1, retryAfterSeconds: 0 });
  const answered = await h.press('p-ward-staff', submit.verb, { ...submit.data, ...answer }, 'personal', checkInCard.id);
  expect(answered.message).toContain(PENDING);
  const asked = await h.press('p-ward-staff', ask.verb, ask.data, 'personal', form.id);
  expect(asked.message).toContain(PENDING);
  // A second press of each while it waits queues nothing new.
  expect((await h.press('p-ward-staff', submit.verb, { ...submit.data, ...answer }, 'personal', checkInCard.id)).message).toContain(
    PENDING,
  );
  expect((await h.press('p-ward-staff', ask.verb, ask.data, 'personal', form.id)).message).toContain(PENDING);
  const queued = await h.store.outbox.listDue(new Date(Date.now() + 3_600_000).toISOString(), 100);
  expect(
    queued
      .filter((m) => m.key.startsWith(RECORD_WRITES))
      .map((m) => m.conversationKey)
      .sort(),
  ).toEqual([`${RECORD_WRITES}unit:checkins.submit`, `${RECORD_WRITES}unit:inquiries.submit`]);

  // SharePoint is back: any instance's dispatcher runs each queued unit, whole.
  Object.assign(graph.faults, { unavailableRate: 0 });
  const delivered = await h.deliverOutbox();

  expect(await h.store.checkIns.history('A1-2', 2026, 3)).toEqual([
    expect.objectContaining({ revision: 1, submissionId: submit.data.submissionId, weather: 'くもり', submittedBy: 'p-ward-staff' }),
  ]);
  const checkInAudit = await h.store.audit.list({ objectType: 'checkIn', objectId: 'A1-2:2026Q3' });
  expect(checkInAudit.map((e) => e.action)).toEqual(['checkin.created']);

  const questions = (await h.store.inquiries.list({ askerId: 'p-ward-staff' })).filter((i) => i.subject === question.subject);
  expect(questions).toHaveLength(1);
  const [inquiry] = questions;
  expect((await h.store.audit.list({ objectType: 'inquiry', objectId: inquiry.number })).map((e) => e.action)).toEqual(['inquiry.submit']);
  // Its messages: the thread card in the department's channel and the status card to the asker, once each.
  const thread = delivered.filter((s) => s.conversationId.startsWith(INQUIRY_CHANNEL) && cardTextOf(cardIn(s)).includes(question.subject));
  expect(thread).toHaveLength(1);
  expect(delivered.filter((s) => inPersonalChat(s) && cardTextOf(cardIn(s)).includes(inquiry.number))).toHaveLength(1);

  // Run again (a unit taken twice after an instance died): nothing new.
  expect(await h.deliverOutbox()).toEqual([]);
  expect(await h.store.checkIns.history('A1-2', 2026, 3)).toHaveLength(1);
  expect((await h.store.inquiries.list({ askerId: 'p-ward-staff' })).filter((i) => i.subject === question.subject)).toHaveLength(1);
});
