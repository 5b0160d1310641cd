import { citingAnswersOf } from '../../bot/inquiries';
import { make } from '../contract/fixtures';
import { cardIn, cardTextOf, findSent, TurnHarness, type Place, type Sent } from '../support/turn-harness';

type Action = { type: string; verb?: string; data?: Record<string, unknown>; title: string; url?: string };
type Element = {
  type: string;
  id?: string;
  value?: string;
  choices?: { title: string; value: string }[];
  items?: Element[];
  actions?: Action[];
};
type Card = { body: Element[]; actions?: Action[] };

const INQUIRY_CHANNEL = '19:hoken-nenkin-inquiries@thread.tacv2';

/** Every Action.Execute in a card, at any depth (ActionSets inside containers included). */
function executesIn(card: unknown): Action[] {
  const found: Action[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.type === 'Action.Execute') found.push(record as unknown as Action);
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}
const buttonOf = (card: unknown, title: string) => {
  const action = executesIn(card).find((a) => a.title === title);
  if (!action) throw new Error(`no action ${title} in ${JSON.stringify(card).slice(0, 600)}`);
  return action;
};
const inputOf = (card: unknown, id: string) => (card as Card).body.find((e) => e.id === id);

/**
 * 同様の照会・判断事例 turn by turn: a ward asks what another ward asked before; HQ's thread card
 * shows the earlier inquiry and the ruling, HQ answers by citing (checked on the server), and the
 * asker's answer card says which case the answer follows. Real router, SQLite and outbox.
 */
describe('同様の照会・判断事例 and answering by citing, turn by turn', () => {
  let h: TurnHarness;
  const earlier = make.inquiry({
    number: 'Q-R7-0101',
    fiscalYear: 2025,
    askerId: 'p-someone-in-chuo',
    askerDepartmentId: 'ward-chuo-hoken-nenkin',
    targetDepartmentId: 'hq-hoken-nenkin',
    category: '後期高齢者医療',
    subject: '市外の特別養護老人ホームに入所した後期高齢者医療の被保険者の住所地特例',
    body: '特別養護老人ホームに入所して住民票を移した被保険者に住所地特例は適用されますか。',
    status: 'answered',
    assigneeId: 'p-hq-responder',
    answer: {
      text: '住所地特例が適用され、入所前の住所地の被保険者のままです。',
      answeredBy: 'p-hq-responder',
      approvedBy: 'p-hq-approver',
      answeredAt: '2025-10-01T01:00:00.000Z',
    },
    createdAt: '2025-09-20T01:00:00.000Z',
    updatedAt: '2025-10-01T01:00:00.000Z',
  });

  beforeAll(async () => {
    h = await TurnHarness.start();
    await h.store.inquiries.insert(earlier);
    expect(await h.say('p-ward-staff', 'こんにちは')).toHaveLength(1);
  });

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    expect(h.errors).toEqual([]);
  });

  const inPersonalChat = (s: Sent) => s.conversationId === h.personalChatOf('p-ward-staff');
  const threadOf = (thread: Sent): Place => ({ channel: INQUIRY_CHANNEL, thread: thread.id });

  async function ask(subject: string, body: string) {
    const [form] = await h.say('p-ward-staff', '質問');
    const question = {
      targetDepartmentId: 'hq-hoken-nenkin',
      category: '後期高齢者医療',
      subject,
      body,
      legalBasis: '',
      desiredAnswerDate: '',
      urgency: '通常',
    };
    const preview = await h.press(
      'p-ward-staff',
      'inquiry.preview',
      { ...buttonOf(cardIn(form), '確認して次へ').data, ...question },
      'personal',
      form.id,
    );
    const sent = await h.press('p-ward-staff', 'inquiry.submit', buttonOf(preview.card, 'それでも質問する').data, 'personal', form.id);
    const number = /Q-R8-\d{4}/.exec(cardTextOf(sent.card))?.[0] ?? '';
    const thread = findSent(await h.deliverOutbox(), subject, (s) => s.conversationId.startsWith(INQUIRY_CHANNEL));
    return { number, thread };
  }

  it('shows HQ the earlier inquiry of another ward and the ruling, and answers citing one; the asker is told', async () => {
    const { number, thread } = await ask(
      '他市の特別養護老人ホームに入所する後期高齢者医療の被保険者の住所地特例',
      '市外の特別養護老人ホームに入所し住民票を移す予定の被保険者について、住所地特例の適用を教えてください。',
    );
    const onThread = (person: string, verb: string, data: Record<string, unknown>) =>
      h.press(person, verb, data, threadOf(thread), thread.id);

    const claimed = await onThread('p-hq-responder', 'inquiry.claim', { number });
    const text = cardTextOf(claimed.card);
    expect(text).toContain('同様の照会・判断事例');
    // The other ward's earlier inquiry, with its status and answer.
    expect(text).toContain(
      '照会 Q-R7-0101（中央区役所 保険年金課）　市外の特別養護老人ホームに入所した後期高齢者医療の被保険者の住所地特例',
    );
    expect(text).toContain('状態：回答済');
    expect(text).toContain('回答：住所地特例が適用され、入所前の住所地の被保険者のままです。');
    // The current ruling on the same topic.
    expect(text).toContain('判断事例 R-0006');
    // The asker sees no such list: it is the answering department's.
    const askerView = await onThread('p-ward-staff', 'inquiry.view', { number });
    expect(cardTextOf(askerView.card)).not.toContain('同様の照会・判断事例');

    // これを引用して回答する under the earlier inquiry: the answer form with it chosen and its answer as the start.
    const citeEarlier = executesIn(claimed.card).find((a) => a.title === 'これを引用して回答する' && a.data?.cite === 'inquiry:Q-R7-0101');
    expect(citeEarlier).toBeDefined();
    const form = await onThread('p-hq-responder', 'inquiry.answerForm', citeEarlier!.data!);
    expect(inputOf(form.card, 'cite')?.value).toBe('inquiry:Q-R7-0101');
    expect(inputOf(form.card, 'answer')?.value).toBe(earlier.answer?.text);
    expect(inputOf(form.card, 'cite')?.choices?.map((c) => c.value)).toEqual(
      expect.arrayContaining(['none', 'inquiry:Q-R7-0101', 'ruling:R-0006']),
    );
    const send = buttonOf(form.card, '承認を依頼する').data!;
    const answer = {
      answer: '住所地特例が適用されます（R-0006 のとおり）。',
      share: 'false',
      rulingTitle: '',
      rulingCategory: '',
      rulingTags: '',
    };

    // The press is checked on the server: an id that does not exist, one of another department, one not yet answered.
    const missing = await onThread('p-hq-responder', 'inquiry.answer', { ...send, ...answer, cite: 'inquiry:Q-R8-0999' });
    expect(cardTextOf(missing.card)).toContain('引用する照会 Q-R8-0999 は見つかりません。');
    const otherDepartment = await onThread('p-hq-responder', 'inquiry.answer', { ...send, ...answer, cite: 'inquiry:Q-R8-0004' });
    expect(cardTextOf(otherDepartment.card)).toContain('引用する照会 Q-R8-0004 は見つかりません。');
    const unanswered = await onThread('p-hq-responder', 'inquiry.answer', { ...send, ...answer, cite: 'inquiry:Q-R8-0003' });
    expect(cardTextOf(unanswered.card)).toContain('照会 Q-R8-0003 にはまだ回答がないため、引用できません。');
    const noRuling = await onThread('p-hq-responder', 'inquiry.answer', { ...send, ...answer, cite: 'ruling:R-9999' });
    expect(cardTextOf(noRuling.card)).toContain('引用する判断事例 R-9999 は見つかりません。');
    expect((await h.store.inquiries.get(number))?.status).toBe('claimed');

    const awaiting = await onThread('p-hq-responder', 'inquiry.answer', { ...send, ...answer, cite: 'ruling:R-0006' });
    expect(cardTextOf(awaiting.card)).toContain('引用：判断事例 R-0006「市外の有料老人ホームに入居した場合の介護保険の住所地特例」');
    const approval = findSent(await h.deliverOutbox(), '回答の承認依頼');
    expect(cardTextOf(cardIn(approval))).toContain('引用：判断事例 R-0006');
    await h.press('p-hq-approver', 'inquiry.approve', buttonOf(cardIn(approval), '承認').data, threadOf(thread), approval.id);

    const delivered = findSent(await h.deliverOutbox(), 'に回答がありました', inPersonalChat);
    const card = cardIn(delivered) as unknown as Card;
    expect(cardTextOf(card)).toContain(
      'この回答は、判断事例 R-0006「市外の有料老人ホームに入居した場合の介護保険の住所地特例」と同じ判断です。',
    );
    expect(card.actions).toContainEqual(expect.objectContaining({ title: '引用元を開く', url: `${h.tabUrl}#/rulings/R-0006` }));
    const stored = await h.store.inquiries.get(number);
    expect(stored?.answer?.citation).toEqual({
      kind: 'ruling',
      id: 'R-0006',
      title: '市外の有料老人ホームに入居した場合の介護保険の住所地特例',
    });
    expect((await citingAnswersOf(h.store, { kind: 'ruling', id: 'R-0006' })).map((c) => c.number)).toEqual([number]);
  });
});
