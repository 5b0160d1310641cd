import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
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
  for (const person of ['p-ward-staff', 'p-hq-responder', 'p-hq-approver', 'p-pmo']) await h.say(person, 'こんにちは');
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
  expect(titles((await refreshAs('p-hq-approver')).card)).toEqual(['回答する', '質問者に確認']);
  expect(titles((await refreshAs('p-ward-staff')).card)).toEqual([]);
});
