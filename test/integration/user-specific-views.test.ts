import { composeNotice } from '../../bot/notices/workflow';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { resolveActorByPersonId } from '../../bot/platform/identity';
import { cardIn, cardTextOf, findSent, TurnHarness, type Place, type Sent } from '../support/turn-harness';

/**
 * Issue 21, user-specific views (Universal Actions refresh): the 疑義照会 thread card in the HQ
 * department's channel carries `refresh` with the Teams user ids of the department's responders
 * and approvers; each of their clients asks the bot for the card (adaptiveCard/action, trigger
 * "automatic") and gets the buttons meant for their role, while anyone else who refreshes gets it
 * read-only. A press is still checked again on the server.
 */
const INQUIRY_CHANNEL = '19:hoken-nenkin-inquiries@thread.tacv2';

type Card = {
  actions?: { title: string; data: Record<string, unknown> }[];
  refresh?: { action: Record<string, unknown>; userIds: string[] };
};
const titles = (card: unknown) => ((card as Card).actions ?? []).map((a) => a.title);
const actionOf = (card: unknown, title: string) => {
  const action = (card as Card).actions?.find((a) => a.title === title);
  if (!action) throw new Error(`no action ${title}`);
  return action;
};

let h: TurnHarness;
let thread: Sent;
let number: string;

beforeAll(async () => {
  h = await TurnHarness.start();
  // The department's people have talked to the bot, so their Teams user ids are known.
  for (const person of ['p-ward-staff', 'p-ward-manager', 'p-hq-responder', 'p-hq-approver', 'p-pmo']) await h.say(person, 'こんにちは');
  const [form] = await h.say('p-ward-staff', '質問');
  const question = {
    targetDepartmentId: 'hq-hoken-nenkin',
    category: '国民健康保険',
    subject: '転入前の医療費の扱い',
    body: '転入日前に受診した医療費は、転入後の国保で療養費として支給できますか。',
    legalBasis: '',
    desiredAnswerDate: addBusinessDays(japanDateOf(new Date()), 5),
    urgency: '通常',
  };
  const preview = await h.press(
    'p-ward-staff',
    'inquiry.preview',
    { ...actionOf(cardIn(form), '確認して次へ').data, ...question },
    'personal',
    form.id,
  );
  const sent = await h.press('p-ward-staff', 'inquiry.submit', actionOf(preview.card, 'それでも質問する').data, 'personal', form.id);
  number = /Q-R8-\d{4}/.exec(cardTextOf(sent.card))![0];
  thread = findSent(await h.deliverOutbox(), '転入前の医療費の扱い', (s) => s.conversationId.startsWith(INQUIRY_CHANNEL));
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => expect(h.errors).toEqual([]));

const inThread = (): Place => ({ channel: INQUIRY_CHANNEL, thread: thread.id });
const refreshAs = (person: string) => h.press(person, 'inquiry.view', { number }, inThread(), thread.id, 'automatic');

it("posts the thread card with refresh for the department's responders and approvers", () => {
  const card = cardIn(thread) as Card;
  expect(card.refresh).toEqual({
    action: { type: 'Action.Execute', title: '最新の状態', verb: 'inquiry.view', data: { number } },
    userIds: expect.arrayContaining(['29:p-hq-responder', '29:p-hq-approver']),
  });
  expect(card.refresh?.userIds).toHaveLength(2);
});

it('answers each refresh with the card for that person: 担当する for the responder, read-only for the ward clerk and the PMO', async () => {
  const responder = await refreshAs('p-hq-responder');
  expect(titles(responder.card)).toEqual(['担当する']);
  expect((responder.card as Card).refresh?.userIds).toHaveLength(2); // keeps refreshing

  const clerk = await refreshAs('p-ward-staff');
  expect(cardTextOf(clerk.card)).toContain('転入前の医療費の扱い');
  expect(titles(clerk.card)).toEqual([]);
  expect(titles((await refreshAs('p-pmo')).card)).toEqual([]);

  // What the clerk's card no longer shows is still refused if pressed (the server checks again).
  const forged = await h.press('p-ward-staff', 'inquiry.claim', { number }, inThread(), thread.id);
  expect(forged.message).toContain('宛先の所管課の職員だけが対応できます');
});

it('shows the approver what she can do once the responder has claimed it', async () => {
  await h.press('p-hq-responder', 'inquiry.claim', { number }, inThread(), thread.id);
  // 担当変更 is the approver's, 担当を外す only the assignee's.
  expect(titles((await refreshAs('p-hq-approver')).card)).toEqual(['回答する', '質問者に確認', '担当変更']);
  expect(titles((await refreshAs('p-hq-responder')).card)).toEqual(['回答する', '質問者に確認', '担当を外す']);
  expect(titles((await refreshAs('p-ward-staff')).card)).toEqual([]);
});

describe("お知らせ in a ward section's channel", () => {
  const GENERAL = '19:renkei-team-general@thread.tacv2'; // 北区役所 保険年金課's お知らせ先 in the demo
  let card: Sent;
  let noticeId: string;

  beforeAll(async () => {
    const hq = (await h.store.departments.get('hq-hoken-nenkin'))!;
    await h.store.departments.upsert({ ...hq, approvalRequired: false });
    const sender = await resolveActorByPersonId(h.store, 'p-hq-responder');
    if (sender.kind !== 'known') throw new Error('no sender');
    const deps = {
      store: h.store,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      now: () => new Date(),
      tabUrl: h.tabUrl,
      nudge() {},
    };
    const request = {
      kind: '事務連絡',
      title: '証明書交付窓口の変更',
      body: '来月から証明書の交付窓口を1階に移します。',
      confirmBy: addBusinessDays(japanDateOf(new Date()), 3),
      audience: { wardSections: ['ward-kita-hoken-nenkin'] },
    };
    const composed = await composeNotice(deps, sender.actor, request, 'usv-1');
    if (!('notice' in composed)) throw new Error(JSON.stringify(composed));
    noticeId = composed.notice.id;
    card = findSent(await h.deliverOutbox(), '証明書交付窓口の変更', (s) => s.conversationId === GENERAL);
  });

  const refreshAs = (person: string) =>
    h.press(
      person,
      'notice.sectionView',
      { noticeId, sectionId: 'ward-kita-hoken-nenkin' },
      { channel: GENERAL, thread: card.id },
      card.id,
      'automatic',
    );

  it("carries refresh for the section's members and answers each: 確認しました for a member, read-only for the PMO", async () => {
    expect((cardIn(card) as Card).refresh?.userIds.sort()).toEqual(['29:p-ward-manager', '29:p-ward-staff']);
    expect(titles((await refreshAs('p-ward-staff')).card)).toEqual(expect.arrayContaining(['確認しました', '質問する']));
    const pmo = titles((await refreshAs('p-pmo')).card);
    expect(pmo).not.toContain('確認しました');
    expect(pmo).not.toContain('質問する');
    // A press from outside the section is still refused on the server.
    const forged = await h.press(
      'p-pmo',
      'notice.confirm',
      { noticeId, sectionId: 'ward-kita-hoken-nenkin', revision: 1 },
      { channel: GENERAL, thread: card.id },
      card.id,
    );
    expect(forged.message).toBeDefined();
    expect((await h.store.notices.get(noticeId))!.sections[0].status).toBe('pending');
  });
});

it('shows the approver the approval card while the answer awaits her, and the responder a read-only card', async () => {
  const hq = (await h.store.departments.get('hq-hoken-nenkin'))!;
  await h.store.departments.upsert({ ...hq, approvalRequired: true }); // as in the demo (the notice test sent without approval)
  const form = await h.press('p-hq-responder', 'inquiry.answerForm', { number }, inThread(), thread.id);
  const submit = actionOf(form.card, '承認を依頼する');
  await h.press(
    'p-hq-responder',
    'inquiry.answer',
    { ...submit.data, answer: '療養費として支給できます。', share: 'false' },
    inThread(),
    thread.id,
  );
  expect((await h.store.inquiries.get(number))?.status).toBe('awaitingApproval');
  const approver = await refreshAs('p-hq-approver');
  expect(cardTextOf(approver.card)).toContain('回答の承認依頼');
  expect(titles(approver.card)).toEqual(['承認', '差戻し']);
  expect((approver.card as Card).refresh?.action).toMatchObject({ verb: 'inquiry.view', data: { number } });
  expect(titles((await refreshAs('p-hq-responder')).card)).toEqual([]);
  expect(titles((await refreshAs('p-ward-staff')).card)).toEqual([]);
  // Her view works as the approval card does: 承認 there sends the answer.
  const approve = actionOf(approver.card, '承認');
  await h.press('p-hq-approver', 'inquiry.approve', approve.data, inThread(), thread.id);
  expect((await h.store.inquiries.get(number))?.status).toBe('answered');
});
