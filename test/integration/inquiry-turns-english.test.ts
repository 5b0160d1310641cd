import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { cardIn, cardTextOf, findSent, TurnHarness, type Place, type Sent } from '../support/turn-harness';

type Card = { actions?: { verb: string; data: Record<string, unknown>; title: string }[] };
const actionOf = (card: unknown, title: string) => {
  const action = (card as Card).actions?.find((a) => a.title === title);
  if (!action) throw new Error(`no action ${title} in ${JSON.stringify(card).slice(0, 400)}`);
  return action;
};
const titlesOf = (card: unknown) => ((card as Card).actions ?? []).map((a) => a.title);

const INQUIRY_CHANNEL = '19:hoken-nenkin-inquiries@thread.tacv2';
/** Kana, kanji and full-width punctuation: none may be left in an English reader's card but typed text and names. */
const JAPANESE = /[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff01-\uff5e]/;

/** What a reader sees of a card: its texts, titles, labels, error messages and facts (not input values or action data). */
function visibleText(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => visibleText(item, into));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const isFact = typeof record.title === 'string' && typeof record.value === 'string' && record.type === undefined && !('verb' in record);
    for (const [key, value] of Object.entries(record)) {
      if (
        typeof value === 'string' &&
        (['text', 'title', 'label', 'errorMessage', 'placeholder'].includes(key) || (isFact && key === 'value'))
      )
        into.push(value);
      else if (key !== 'data' && key !== 'choices') visibleText(value, into);
    }
  }
  return into;
}

/**
 * 疑義照会 for people whose directory language is English (in process, real router, SQLite and
 * outbox): every card to them, and every view they refresh, is in English; the department's
 * channel keeps Japanese. The typed text here is English, so any Japanese left is the app's.
 */
describe('疑義照会 for an English reader, turn by turn', () => {
  let h: TurnHarness;

  beforeAll(async () => {
    h = await TurnHarness.start();
    for (const id of ['p-ward-staff', 'p-hq-approver']) {
      const person = await h.store.people.get(id);
      await h.store.people.upsert({ ...person!, locale: 'en' });
    }
    expect(await h.say('p-ward-staff', 'help')).toHaveLength(1);
    expect(await h.say('p-hq-approver', 'help')).toHaveLength(1);
  });

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    expect(h.errors).toEqual([]);
  });

  const inPersonalChatOf = (person: string) => (s: Sent) => s.conversationId === h.personalChatOf(person);
  /** The proper names of the demo (people, offices, departments), which stay Japanese in an English card. */
  let properNames: string[] = [];
  beforeAll(async () => {
    const departments = await h.store.departments.list();
    properNames = [
      ...(await h.store.people.list()).map((p) => p.displayName),
      ...departments.flatMap((d) => [`${d.office} ${d.name}`, d.office, d.name]),
    ].sort((a, b) => b.length - a.length);
  });
  /** The card's visible words, checked to hold no Japanese but proper names and what people typed (`typed`). */
  const english = (card: unknown, typed: string[] = []) => {
    const text = visibleText(card).join('\n');
    const leftovers = [...typed, ...properNames].reduce((rest, name) => rest.split(name).join(''), text);
    expect(leftovers).not.toMatch(JAPANESE);
    return text;
  };

  it('asks, follows and receives the answer in English; the channel stays Japanese', async () => {
    const [form] = await h.say('p-ward-staff', 'ask');
    expect(english(cardIn(form))).toContain('Inquiry (a question to an HQ department)');
    const question = {
      targetDepartmentId: 'hq-hoken-nenkin',
      category: 'National Health Insurance',
      subject: 'Joining date after living abroad',
      body: 'A resident came back from abroad on 2 November and filed on 20 November. Which date does coverage start?',
      legalBasis: 'Article 7',
      desiredAnswerDate: addBusinessDays(japanDateOf(new Date()), 3),
      urgency: '至急',
    };
    // A missing subject is asked for in English.
    const missing = await h.press(
      'p-ward-staff',
      'inquiry.preview',
      { ...actionOf(cardIn(form), 'Check and continue').data, ...question, subject: '' },
      'personal',
      form.id,
    );
    expect(english(missing.card)).toContain('Enter a subject of at most 100 characters.');
    const preview = await h.press(
      'p-ward-staff',
      'inquiry.preview',
      { ...actionOf(cardIn(form), 'Check and continue').data, ...question },
      'personal',
      form.id,
    );
    // The suggested rulings are the city's own documents (Japanese); everything around them is English.
    const previewCard = preview.card as { body: { type: string; items?: { text: string }[] }[] };
    const suggested = previewCard.body.filter((e) => e.type === 'Container');
    expect(suggested.length).toBeGreaterThan(0);
    for (const s of suggested) expect(s.items?.[0]?.text).toMatch(/^(Ruling|Manual) /);
    expect(english({ ...previewCard, body: previewCard.body.filter((e) => e.type !== 'Container') })).toContain('Before sending');
    const sent = await h.press('p-ward-staff', 'inquiry.submit', actionOf(preview.card, 'Ask anyway').data, 'personal', form.id);
    expect(english(sent.card)).toMatch(/Sent to .* as Q-R8-\d{4}\./);
    const number = /Q-R8-\d{4}/.exec(cardTextOf(sent.card))![0];

    const first = await h.deliverOutbox();
    const status = findSent(first, 'Your inquiry', inPersonalChatOf('p-ward-staff'));
    const statusText = english(cardIn(status));
    expect(statusText).toContain('Waiting to be taken');
    expect(statusText).toContain('Urgency');
    expect(statusText).toContain('Urgent');
    expect(titlesOf(cardIn(status))).toEqual(['Withdraw']);
    // The department's channel reads Japanese.
    const thread = findSent(first, 'Joining date after living abroad', (s) => s.conversationId.startsWith(INQUIRY_CHANNEL));
    expect(cardTextOf(cardIn(thread))).toContain('受付待ち');
    const threadPlace: Place = { channel: INQUIRY_CHANNEL, thread: thread.id };

    // 照会一覧 in English: one table with the status and the days in English.
    const [list] = await h.say('p-ward-staff', 'inquiries');
    const listText = english(
      cardIn(list),
      (await h.store.inquiries.list()).map((i) => i.subject),
    );
    expect(listText).toContain('Your open inquiries');
    expect(listText).toContain('Waiting to be taken');

    // The approver's own view of the thread card (its refresh) is in English; the responder's stays Japanese.
    const approverView = await h.press('p-hq-approver', 'inquiry.view', { number }, threadPlace, thread.id);
    expect(english(approverView.card)).toContain('Answer wanted by');
    expect(titlesOf(approverView.card)).toEqual(['Take it on', 'Reassign']);
    const claimed = await h.press('p-hq-responder', 'inquiry.claim', { number }, threadPlace, thread.id);
    expect(cardTextOf(claimed.card)).toContain('対応中　担当：鈴木 健太');

    // The asker's card was updated in English; HQ asks her something, in an English card.
    const afterClaim = await h.deliverOutbox();
    expect(english(cardIn(findSent(afterClaim, 'handled by', inPersonalChatOf('p-ward-staff'))))).toContain('In progress');
    await h.press('p-hq-responder', 'inquiry.askForm', { number }, threadPlace, thread.id);
    await h.press(
      'p-hq-responder',
      'inquiry.requestInfo',
      { number, question: 'Which date was the move-in filed?' },
      threadPlace,
      thread.id,
    );
    const clarify = findSent(await h.deliverOutbox(), 'The department has a question', inPersonalChatOf('p-ward-staff'));
    expect(english(cardIn(clarify))).toContain('Which date was the move-in filed?');
    const reply = await h.press(
      'p-ward-staff',
      'inquiry.reply',
      { ...actionOf(cardIn(clarify), 'Reply to the department').data, reply: 'On 20 November.' },
      'personal',
      clarify.id,
    );
    expect(english(reply.card)).toContain(`You replied to the department about ${number}.`);

    // The responder answers; the English approver gets the approval card in English and approves.
    const form2 = await h.press('p-hq-responder', 'inquiry.answerForm', { number }, threadPlace, thread.id);
    await h.press(
      'p-hq-responder',
      'inquiry.answer',
      { ...actionOf(form2.card, '承認を依頼する').data, answer: 'From the move-in date.', share: 'false' },
      threadPlace,
      thread.id,
    );
    const approval = findSent(await h.deliverOutbox(), 'Answer awaiting your approval', inPersonalChatOf('p-hq-approver'));
    expect(titlesOf(cardIn(approval))).toEqual(['Approve', 'Return']);
    english(cardIn(approval));
    const approved = await h.press('p-hq-approver', 'inquiry.approve', actionOf(cardIn(approval), 'Approve').data, 'personal', approval.id);
    expect(english(approved.card)).toContain(`You approved ${number}.`);

    const answer = findSent(await h.deliverOutbox(), `${number} has been answered`, inPersonalChatOf('p-ward-staff'));
    const answerText = english(cardIn(answer));
    expect(answerText).toContain('From the move-in date.');
    expect(answerText).toContain('Answered by 鈴木 健太, approved by 高橋 直子');
  });
});
