import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { cardIn, cardTextOf, findSent, TurnHarness, type Place, type Sent } from '../support/turn-harness';

type Card = { body: { id?: string; value?: string }[]; actions?: { verb: string; data: Record<string, unknown>; title: string }[] };
const actionOf = (card: unknown, title: string) => {
  const action = (card as Card).actions?.find((a) => a.title === title);
  if (!action) throw new Error(`no action ${title} in ${JSON.stringify(card).slice(0, 400)}`);
  return action;
};

const INQUIRY_CHANNEL = '19:hoken-nenkin-inquiries@thread.tacv2';
const GENERAL = '19:renkei-team-general@thread.tacv2';
const GROUP_CHAT = '19:renkei-group-chat@thread.v2';

/**
 * 疑義照会 turn by turn in process (real router, handlers, SQLite and outbox dispatcher) with
 * different people acting: a ward asks, HQ claims and answers, the approver returns it, the
 * responder fixes it, the approver approves, the asker receives it and the shared ruling is
 * searchable. test/e2e/inquiry-browser.test.ts asks through the Playground's UI.
 */
describe('疑義照会, turn by turn', () => {
  let h: TurnHarness;

  beforeAll(async () => {
    h = await TurnHarness.start();
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

  /** 質問 in personal chat: the question form card and its id. */
  async function questionForm() {
    const [form] = await h.say('p-ward-staff', '質問');
    expect(cardTextOf(cardIn(form))).toContain('疑義照会（本庁の所管課への質問）');
    return form;
  }

  it('goes from question to shared ruling', async () => {
    const formEvent = await questionForm();
    const desired = addBusinessDays(japanDateOf(new Date()), 3);
    const question = {
      targetDepartmentId: 'hq-hoken-nenkin',
      category: '国民健康保険',
      subject: '海外転出から戻った人の国保資格取得日',
      body: '1年間海外に転出していた人が11月2日に帰国し、11月20日に転入届を出しました。国保の資格取得日は転入日と届出日のどちらですか。',
      legalBasis: '国民健康保険法第7条',
      desiredAnswerDate: desired,
      urgency: '通常',
    };
    const preview = await h.press(
      'p-ward-staff',
      'inquiry.preview',
      { ...actionOf(cardIn(formEvent), '確認して次へ').data, ...question },
      'personal',
      formEvent.id,
    );
    expect(cardTextOf(preview.card)).toContain('送信前の確認');
    const sent = await h.press('p-ward-staff', 'inquiry.submit', actionOf(preview.card, 'それでも質問する').data, 'personal', formEvent.id);
    const number = /Q-R8-\d{4}/.exec(cardTextOf(sent.card))?.[0];
    expect(number).toBe('Q-R8-0005');
    const thread = findSent(await h.deliverOutbox(), '海外転出から戻った人', (s) => s.conversationId.startsWith(INQUIRY_CHANNEL));
    expect(cardTextOf(cardIn(thread))).toContain('令和8年');
    const threadId = `${INQUIRY_CHANNEL};messageid=${thread.id}`;
    const onThread = (verb: string, data: Record<string, unknown>, person: string) =>
      h.press(person, verb, data, threadOf(thread), thread.id);

    // Someone from another department, or the asker, cannot take it.
    const forged = await onThread('inquiry.claim', { number }, 'p-ward-staff');
    expect(forged.message).toContain('宛先の所管課の職員だけが対応できます');

    const claimed = await onThread('inquiry.claim', { number }, 'p-hq-responder');
    expect(cardTextOf(claimed.card)).toContain('対応中　担当：鈴木 健太');
    const answerForm = await onThread('inquiry.answerForm', { number }, 'p-hq-responder');
    const submitDraft = actionOf(answerForm.card, '承認を依頼する');
    const answer = {
      answer: '転入日（住所を有するに至った日）から資格を取得します。届出日ではありません。',
      share: 'true',
      rulingTitle: '海外からの転入者の国保資格取得日',
      rulingCategory: '国民健康保険',
      rulingTags: '海外転入、資格取得',
    };

    const submitted = await onThread('inquiry.answer', { ...submitDraft.data, ...answer, answer: '' }, 'p-hq-responder');
    expect(cardTextOf(submitted.card)).toContain('回答内容を入力してください。');
    const awaiting = await onThread('inquiry.answer', { ...submitDraft.data, ...answer }, 'p-hq-responder');
    expect(cardTextOf(awaiting.card)).toContain('承認待ち');
    // The approver never opened the bot, so the approval request comes into the thread.
    const approval = findSent(await h.deliverOutbox(), '回答の承認依頼', (s) => s.conversationId === threadId);
    const approvalCard = cardIn(approval);
    const onApproval = (verb: string, data: Record<string, unknown>, person: string) =>
      h.press(person, verb, data, threadOf(thread), approval.id);

    // Nobody approves their own answer.
    const own = await onApproval('inquiry.approve', actionOf(approvalCard, '承認').data, 'p-hq-responder');
    expect(own.message).toContain('承認者');
    const noReason = await onApproval('inquiry.return', actionOf(approvalCard, '差戻し').data, 'p-hq-approver');
    expect(cardTextOf(noReason.card)).toContain('差し戻すときは理由を入力してください。');
    const returned = await onApproval(
      'inquiry.return',
      { ...actionOf(approvalCard, '差戻し').data, comment: '根拠条文（法第7条）を回答に明記してください。' },
      'p-hq-approver',
    );
    expect(cardTextOf(returned.card)).toContain('差し戻しました');
    // A replayed approval of the returned draft does nothing.
    const replayed = await onApproval('inquiry.approve', actionOf(approvalCard, '承認').data, 'p-hq-approver');
    expect(replayed.message).toContain('既に処理された');

    // The responder fixes it from the thread card, which now shows the comment.
    const fixForm = await onThread('inquiry.answerForm', { number }, 'p-hq-responder');
    expect(cardTextOf(fixForm.card)).toContain('差戻しコメント：根拠条文');
    await onThread(
      'inquiry.answer',
      {
        ...actionOf(fixForm.card, '承認を依頼する').data,
        ...answer,
        answer: `${answer.answer}（国民健康保険法第7条により、住所を有するに至った日から被保険者となります。）`,
      },
      'p-hq-responder',
    );
    const approval2 = findSent(await h.deliverOutbox(), '法第7条により', (s) => s.conversationId === threadId);

    const approved = await h.press(
      'p-hq-approver',
      'inquiry.approve',
      actionOf(cardIn(approval2), '承認').data,
      threadOf(thread),
      approval2.id,
    );
    expect(cardTextOf(approved.card)).toContain('判断事例 R-R8-0005 として全区に共有します');
    const afterApproval = await h.deliverOutbox();

    const delivered = cardTextOf(cardIn(findSent(afterApproval, 'に回答がありました', inPersonalChat)));
    expect(delivered).toContain('法第7条により');
    expect(delivered).toContain('回答者：鈴木 健太　承認者：高橋 直子');
    expect(
      cardTextOf(cardIn(findSent(afterApproval, '新しい判断事例が共有されました', (s) => s.conversationId.startsWith(GENERAL)))),
    ).toContain('R-R8-0005　海外からの転入者の国保資格取得日');

    // The thread's card was updated in place to show the outcome, with who answered and approved.
    expect(
      findSent(
        afterApproval,
        '回答済（全区共有）　担当：鈴木 健太　回答：鈴木 健太　承認：高橋 直子',
        (s) => s.kind === 'update' && s.id === thread.id,
      ),
    ).toBeDefined();

    // What GET /api/rulings?q=… and /api/rulings/R-R8-0005 answer.
    const hits = await h.search.search('海外 転入 資格取得日');
    expect(hits[0]?.ruling.id).toBe('R-R8-0005');
    expect(JSON.stringify(await h.store.rulings.get('R-R8-0005'))).toContain('Q-R8-0005');
  });

  it('asks the asker for more in the thread; her reply in personal chat lands there; 照会一覧 shows the queue', async () => {
    const { number, thread } = await ask('特別養護老人ホーム入所者の住所地特例の開始日');
    const threadId = `${INQUIRY_CHANNEL};messageid=${thread.id}`;
    const onThread = (verb: string, data: Record<string, unknown>) => h.press('p-hq-responder', verb, data, threadOf(thread), thread.id);
    await onThread('inquiry.claim', { number });
    const askForm = await onThread('inquiry.askForm', { number });
    const asked = await onThread('inquiry.requestInfo', {
      ...actionOf(askForm.card, '質問者に送る').data,
      question: '施設への入所日を教えてください。',
    });
    expect(cardTextOf(asked.card)).toContain('質問者に確認中');
    expect(cardTextOf(asked.card)).toContain('Q：施設への入所日を教えてください。');

    const request = findSent(await h.deliverOutbox(), '所管課から確認があります', inPersonalChat);
    const replied = await h.press(
      'p-ward-staff',
      'inquiry.reply',
      { ...actionOf(cardIn(request), '所管課に返信する').data, reply: '特養の入所日は11月1日です。' },
      'personal',
      request.id,
    );
    expect(cardTextOf(replied.card)).toContain('所管課に返信しました');
    const replyInThread = findSent(await h.deliverOutbox(), '特養の入所日は11月1日です', (s) => s.conversationId === threadId);
    expect(replyInThread.activity.text).toContain('質問者（佐藤 美咲）からの回答：特養の入所日は11月1日です。');

    const [list] = await h.say('p-hq-responder', '照会一覧', { groupChat: GROUP_CHAT });
    expect(list.conversationId).toBe(GROUP_CHAT);
    const listText = cardTextOf(cardIn(list));
    expect(listText).toContain('健康福祉局 保険年金課 の対応中の照会');
    // One table row: number and subject, the asking ward section, the status and who took it.
    expect(listText).toContain(`${number}\n特別養護老人ホーム入所者の住所地特例の開始日\n北区役所 保険年金課\n対応中\n担当 鈴木 健太`);
    expect(listText).not.toContain('Q-R8-0004'); // 介護保険課's

    // The asking section's 課長 sees her section's questions, not only her own (she asked none).
    const [sectionList] = await h.say('p-ward-manager', '照会一覧');
    const sectionText = cardTextOf(cardIn(sectionList));
    expect(sectionText).toContain('北区役所 保険年金課 の対応中の照会');
    expect(sectionText).toContain(number);
    expect(sectionText).toContain('Q-R8-0004');
  });

  it('records a question settled by a suggested ruling without sending it', async () => {
    const formEvent = await questionForm();
    const preview = await h.press(
      'p-ward-staff',
      'inquiry.preview',
      {
        ...actionOf(cardIn(formEvent), '確認して次へ').data,
        targetDepartmentId: 'hq-hoken-nenkin',
        subject: '在留期間が3月になった外国人の国保資格',
        body: '在留期間の更新で3月になった外国人住民の国保は喪失させますか。',
        desiredAnswerDate: '',
        urgency: '通常',
      },
      'personal',
      formEvent.id,
    );
    expect(cardTextOf(preview.card)).toContain('判断事例 R-0020');
    const settled = await h.press(
      'p-ward-staff',
      'inquiry.deflect',
      actionOf(preview.card, 'これで解決した').data,
      'personal',
      formEvent.id,
    );
    expect(cardTextOf(settled.card)).toContain('解決済みとして記録しました。');
    // Nothing was asked: not in her list (GET /api/inquiries?status=all), nor anywhere in the store, nor in any channel.
    expect((await h.store.inquiries.list()).some((i) => i.subject.includes('在留期間が3月になった'))).toBe(false);
    expect(await h.deliverOutbox()).toEqual([]);
  });

  it('取り下げる asks for a reason, tells the thread, and can be undone until someone has taken it on', async () => {
    const { number, thread, status } = await ask('取下げを試す照会（国保の資格喪失日）');
    const asAsker = (verb: string, data: Record<string, unknown>) => h.press('p-ward-staff', verb, data, 'personal', status.id);

    // The status card's button only asks; nothing changes yet.
    const confirm = await asAsker('inquiry.withdraw', actionOf(cardIn(status), '取り下げる').data);
    expect(cardTextOf(confirm.card)).toContain(`${number} を取り下げますか`);
    expect((await h.store.inquiries.get(number))?.status).toBe('submitted');
    const cancelled = await asAsker('inquiry.status', actionOf(confirm.card, 'キャンセル').data);
    expect(actionOf(cancelled.card, '取り下げる')).toBeDefined();
    const noReason = await asAsker('inquiry.withdraw', actionOf(confirm.card, '取り下げる（確定）').data);
    expect(cardTextOf(noReason.card)).toContain('取り下げる理由を入力してください。');
    expect((await h.store.inquiries.get(number))?.status).toBe('submitted');

    const withdrawn = await asAsker('inquiry.withdraw', {
      ...actionOf(confirm.card, '取り下げる（確定）').data,
      reason: '課内で解決しました。',
    });
    expect(cardTextOf(withdrawn.card)).toContain('取下げの理由：課内で解決しました。');
    const note = findSent(
      await h.deliverOutbox(),
      '質問者が照会を取り下げました',
      (s) => s.conversationId === `${INQUIRY_CHANNEL};messageid=${thread.id}`,
    );
    expect(note.activity.text).toContain('理由：課内で解決しました。');
    const [audit] = await h.store.audit.list({ objectType: 'inquiry', objectId: number, actions: ['inquiry.withdraw'] });
    expect(audit?.detail).toMatchObject({ from: 'submitted', to: 'withdrawn', comment: '課内で解決しました。' });

    // Someone else cannot undo it; the asker can, and the department's queue has it again.
    const forged = await h.press(
      'p-hq-responder',
      'inquiry.restore',
      actionOf(withdrawn.card, '取下げを取り消す').data,
      threadOf(thread),
      thread.id,
    );
    expect(forged.message).toContain('質問した本人だけが取下げを取り消せます');
    const restored = await asAsker('inquiry.restore', actionOf(withdrawn.card, '取下げを取り消す').data);
    expect(cardTextOf(restored.card)).toContain('受付待ち');
    expect(findSent(await h.deliverOutbox(), '取下げを取り消しました', (s) => s.conversationId.startsWith(INQUIRY_CHANNEL))).toBeDefined();

    // Once taken on, a withdrawal is final: the card offers no undo, and a replayed press is refused.
    await h.press('p-hq-responder', 'inquiry.claim', { number }, threadOf(thread), thread.id);
    const final = await asAsker('inquiry.withdraw', { number, confirm: true, reason: 'やはり不要になりました。' });
    expect(() => actionOf(final.card, '取下げを取り消す')).toThrow();
    const late = await asAsker('inquiry.restore', { number });
    expect(late.message).toContain('担当者が決まった後の取下げは取り消せません');
    expect((await h.store.inquiries.get(number))?.status).toBe('withdrawn');
    await h.deliverOutbox();
  });

  it('担当を外す by the responder and 担当変更 by the approver update the thread, the audit log and the asker', async () => {
    const { number, thread } = await ask('担当変更を試す照会（限度額適用認定証）');
    const threadId = `${INQUIRY_CHANNEL};messageid=${thread.id}`;
    const onThread = (person: string, verb: string, data: Record<string, unknown>) =>
      h.press(person, verb, data, threadOf(thread), thread.id);
    const claimed = await onThread('p-hq-responder', 'inquiry.claim', { number });

    // Only the assignee gives it back; only an approver reassigns.
    expect((await onThread('p-hq-approver', 'inquiry.release', actionOf(claimed.card, '担当を外す').data)).message).toContain(
      '担当者本人だけが担当を外せます',
    );
    // The responder's own view offers 担当を外す, not 担当変更 (the approver's); a press anyway is refused.
    expect((claimed.card as Card).actions?.map((a) => a.title)).not.toContain('担当変更');
    expect((await onThread('p-hq-responder', 'inquiry.reassignForm', { number })).message).toContain(
      '承認者（係長・課長）だけが担当を変更できます',
    );
    expect((await onThread('p-ward-staff', 'inquiry.release', { number })).message).toContain('宛先の所管課の職員だけが対応できます');
    await h.deliverOutbox();

    const released = await onThread('p-hq-responder', 'inquiry.release', actionOf(claimed.card, '担当を外す').data);
    expect(cardTextOf(released.card)).toContain('受付待ち');
    expect(actionOf(released.card, '担当する')).toBeDefined();
    const afterRelease = await h.deliverOutbox();
    expect(findSent(afterRelease, '鈴木 健太 さんが担当を外しました', (s) => s.conversationId === threadId)).toBeDefined();
    expect(findSent(afterRelease, '受付待ち', (s) => inPersonalChat(s) && s.kind === 'update')).toBeDefined();

    // The approver hands it to someone: only the department's responders are offered, and checked again.
    await h.say('p-hq-approver', 'こんにちは');
    const form = await onThread('p-hq-approver', 'inquiry.reassignForm', { number });
    const choiceSet = (form.card as { body: { id?: string; choices?: { title: string; value: string }[] }[] }).body.find(
      (e) => e.id === 'assignee',
    );
    expect(choiceSet?.choices?.map((c) => c.title).sort()).toEqual(['鈴木 健太', '高橋 直子'].sort());
    const submit = actionOf(form.card, '担当を変更する').data;
    expect(cardTextOf((await onThread('p-hq-approver', 'inquiry.reassign', submit)).card)).toContain('新しい担当者を選んでください。');
    expect((await onThread('p-hq-approver', 'inquiry.reassign', { ...submit, assignee: 'p-ward-staff' })).message).toContain(
      'この課の回答担当者・承認者から選んでください',
    );
    const toSuzuki = await onThread('p-hq-approver', 'inquiry.reassign', { ...submit, assignee: 'p-hq-responder' });
    expect(cardTextOf(toSuzuki.card)).toContain('対応中　担当：鈴木 健太');
    const toTakahashi = await onThread('p-hq-approver', 'inquiry.reassign', { ...submit, assignee: 'p-hq-approver' });
    expect(cardTextOf(toTakahashi.card)).toContain('対応中　担当：高橋 直子');
    const afterReassign = await h.deliverOutbox();
    expect(
      findSent(afterReassign, '高橋 直子 さんが担当者を鈴木 健太 さんに変更しました。', (s) => s.conversationId === threadId),
    ).toBeDefined();
    expect(
      findSent(
        afterReassign,
        '高橋 直子 さんが担当者を 鈴木 健太 さんから 高橋 直子 さんに変更しました。',
        (s) => s.conversationId === threadId,
      ),
    ).toBeDefined();
    expect(findSent(afterReassign, '担当：高橋 直子', (s) => inPersonalChat(s) && s.kind === 'update')).toBeDefined();
    // 鈴木 never opened the bot, so he hears it in the thread only; nobody is told in personal chat about their own choice.
    expect(afterReassign.some((s) => cardTextOf(cardIn(s)).includes('担当を引き継ぎました'))).toBe(false);

    const trail = await h.store.audit.list({ objectType: 'inquiry', objectId: number, actions: ['inquiry.release', 'inquiry.reassign'] });
    expect(trail.map((e) => [e.action, e.actorId, e.detail?.assigneeFrom, e.detail?.assigneeTo]).sort()).toEqual(
      [
        ['inquiry.release', 'p-hq-responder', 'p-hq-responder', null],
        ['inquiry.reassign', 'p-hq-approver', null, 'p-hq-responder'],
        ['inquiry.reassign', 'p-hq-approver', 'p-hq-responder', 'p-hq-approver'],
      ].sort(),
    );

    // Once 鈴木 has opened the bot, handing it back to him reaches his personal chat with the card to act on.
    await h.say('p-hq-responder', 'こんにちは');
    await onThread('p-hq-approver', 'inquiry.reassign', { ...submit, assignee: 'p-hq-responder' });
    const handed = findSent(
      await h.deliverOutbox(),
      '高橋 直子 さんから担当を引き継ぎました',
      (s) => s.conversationId === h.personalChatOf('p-hq-responder'),
    );
    expect(actionOf(cardIn(handed), '回答する')).toBeDefined();
  });

  /** 佐藤 美咲 asks 保険年金課 through the form; resolves to the number and the thread's first post. */
  async function ask(subject: string) {
    const formEvent = await questionForm();
    const question = {
      targetDepartmentId: 'hq-hoken-nenkin',
      category: '後期高齢者医療',
      subject,
      body: `${subject}について教えてください。`,
      legalBasis: '',
      desiredAnswerDate: '',
      urgency: '至急',
    };
    const preview = await h.press(
      'p-ward-staff',
      'inquiry.preview',
      { ...actionOf(cardIn(formEvent), '確認して次へ').data, ...question },
      'personal',
      formEvent.id,
    );
    const sent = await h.press('p-ward-staff', 'inquiry.submit', actionOf(preview.card, 'それでも質問する').data, 'personal', formEvent.id);
    const number = /Q-R8-\d{4}/.exec(cardTextOf(sent.card))?.[0] ?? '';
    const delivered = await h.deliverOutbox();
    const thread = findSent(delivered, subject, (s) => s.conversationId.startsWith(INQUIRY_CHANNEL));
    const status = findSent(delivered, 'あなたの疑義照会', inPersonalChat);
    return { number, thread, status };
  }
});
