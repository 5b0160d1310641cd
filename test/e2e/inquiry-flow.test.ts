import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { cardOf, cardText, LocalStack, PLAYGROUND } from '../support/local-stack';
import { eventually } from '../support/outbox-fixtures';
import { jsonOf } from '../support/processes';

type Card = { body: { id?: string; value?: string }[]; actions?: { verb: string; data: Record<string, unknown>; title: string }[] };
const actionOf = (card: unknown, title: string) => {
  const action = (card as Card).actions?.find((a) => a.title === title);
  if (!action) throw new Error(`no action ${title} in ${JSON.stringify(card).slice(0, 400)}`);
  return action;
};

/**
 * 疑義照会 through Microsoft's Playground with different people acting: a ward asks, HQ claims and
 * answers, the approver returns it, the responder fixes it, the approver approves, the asker
 * receives it and the shared ruling is searchable.
 */
describe('疑義照会 in the Playground', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await LocalStack.start({ CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0', INQUIRY_DEADLINE_INTERVAL_SECONDS: '0' });
    await stack.connect();
    const hello = stack.waitForBotMessage(PLAYGROUND.personalChat);
    await stack.say(PLAYGROUND.personalChat, PLAYGROUND.users.wardStaff, 'こんにちは');
    await hello;
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('goes from question to shared ruling', async () => {
    const form = stack.waitForBotMessage(PLAYGROUND.personalChat, (e) => cardText(cardOf(e)).includes('疑義照会（本庁の所管課への質問）'));
    await stack.say(PLAYGROUND.personalChat, PLAYGROUND.users.wardStaff, '質問');
    const formEvent = await form;
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
    const preview = await stack.execute(PLAYGROUND.personalChat, formEvent.message.messageId, 'inquiry.preview', { ...actionOf(cardOf(formEvent), '確認して次へ').data, ...question });
    const previewText = cardText(preview.value as never);
    expect(previewText).toContain('送信前の確認');
    const threadPosted = stack.waitForBotMessage(PLAYGROUND.inquiryChannel, (e) => cardText(cardOf(e)).includes('海外転出から戻った人'), 15_000);
    const sent = await stack.execute(PLAYGROUND.personalChat, formEvent.message.messageId, 'inquiry.submit', actionOf(preview.value, 'それでも質問する').data);
    const sentText = cardText(sent.value as never);
    const number = /Q-R8-\d{4}/.exec(sentText)?.[0];
    expect(number).toBe('Q-R8-0005');
    const thread = await threadPosted;
    expect(cardText(cardOf(thread))).toContain('令和8年');
    const threadId = `${PLAYGROUND.inquiryChannel};messageid=${thread.message.messageId}`;
    const onThread = (verb: string, data: Record<string, unknown>, user: string) => stack.execute(threadId, thread.message.messageId, verb, data, user);

    // Someone from another department, or the asker, cannot take it.
    const forged = await onThread('inquiry.claim', { number }, PLAYGROUND.users.wardStaff);
    expect(String(forged.value)).toContain('宛先の所管課の職員だけが対応できます');

    const claimed = await onThread('inquiry.claim', { number }, PLAYGROUND.users.hqResponder);
    expect(cardText(claimed.value as never)).toContain('対応中　担当：鈴木 健太');
    const answerForm = await onThread('inquiry.answerForm', { number }, PLAYGROUND.users.hqResponder);
    const submitDraft = actionOf(answerForm.value, '承認を依頼する');
    const answer = { answer: '転入日（住所を有するに至った日）から資格を取得します。届出日ではありません。', share: 'true', rulingTitle: '海外からの転入者の国保資格取得日', rulingCategory: '国民健康保険', rulingTags: '海外転入、資格取得' };

    // The approver never opened the bot, so the approval request comes into the thread.
    const approvalPosted = stack.waitForBotMessage(threadId, (e) => cardText(cardOf(e)).includes('回答の承認依頼'), 15_000);
    const submitted = await onThread('inquiry.answer', { ...submitDraft.data, ...answer, answer: '' }, PLAYGROUND.users.hqResponder);
    expect(cardText(submitted.value as never)).toContain('回答内容を入力してください。');
    const awaiting = await onThread('inquiry.answer', { ...submitDraft.data, ...answer }, PLAYGROUND.users.hqResponder);
    expect(cardText(awaiting.value as never)).toContain('承認待ち');
    const approval = await approvalPosted;
    const approvalCard = cardOf(approval);
    const onApproval = (verb: string, data: Record<string, unknown>, user: string) => stack.execute(threadId, approval.message.messageId, verb, data, user);

    // Nobody approves their own answer.
    const own = await onApproval('inquiry.approve', actionOf(approvalCard, '承認').data, PLAYGROUND.users.hqResponder);
    expect(String(own.value)).toContain('承認者');
    const noReason = await onApproval('inquiry.return', actionOf(approvalCard, '差戻し').data, PLAYGROUND.users.hqApprover);
    expect(cardText(noReason.value as never)).toContain('差し戻すときは理由を入力してください。');
    const returned = await onApproval('inquiry.return', { ...actionOf(approvalCard, '差戻し').data, comment: '根拠条文（法第7条）を回答に明記してください。' }, PLAYGROUND.users.hqApprover);
    expect(cardText(returned.value as never)).toContain('差し戻しました');
    // A replayed approval of the returned draft does nothing.
    const replayed = await onApproval('inquiry.approve', actionOf(approvalCard, '承認').data, PLAYGROUND.users.hqApprover);
    expect(String(replayed.value)).toContain('既に処理された');

    // The responder fixes it from the thread card, which now shows the comment.
    const fixForm = await onThread('inquiry.answerForm', { number }, PLAYGROUND.users.hqResponder);
    expect(cardText(fixForm.value as never)).toContain('差戻しコメント：根拠条文');
    const secondApproval = stack.waitForBotMessage(threadId, (e) => cardText(cardOf(e)).includes('法第7条により'), 15_000);
    await onThread('inquiry.answer', { ...actionOf(fixForm.value, '承認を依頼する').data, ...answer, answer: `${answer.answer}（国民健康保険法第7条により、住所を有するに至った日から被保険者となります。）` }, PLAYGROUND.users.hqResponder);
    const approval2 = await secondApproval;

    const answerToAsker = stack.waitForBotMessage(PLAYGROUND.personalChat, (e) => cardText(cardOf(e)).includes('に回答がありました'), 15_000);
    const notice = stack.waitForBotMessage(PLAYGROUND.generalChannel, (e) => cardText(cardOf(e)).includes('新しい判断事例が共有されました'), 15_000);
    const approved = await stack.execute(threadId, approval2.message.messageId, 'inquiry.approve', actionOf(cardOf(approval2), '承認').data, PLAYGROUND.users.hqApprover);
    expect(cardText(approved.value as never)).toContain('判断事例 R-R8-0005 として全区に共有します');

    const delivered = cardText(cardOf(await answerToAsker));
    expect(delivered).toContain('法第7条により');
    expect(delivered).toContain('回答者：鈴木 健太　承認者：高橋 直子');
    expect(cardText(cardOf(await notice))).toContain('R-R8-0005　海外からの転入者の国保資格取得日');

    // The thread's card was updated in place to show the outcome, with who answered and approved.
    await eventually(() => stack.events.some((e) => e.action === 'updateMessage' && e.message.messageId === thread.message.messageId && cardText(cardOf(e)).includes('回答済（全区共有）　担当：鈴木 健太　回答：鈴木 健太　承認：高橋 直子')), 15_000, 'thread card shows the answer');

    const hits = (await jsonOf(await fetch(`${stack.botUrl}/api/rulings?q=${encodeURIComponent('海外 転入 資格取得日')}`))) as { id: string }[];
    expect(hits[0]?.id).toBe('R-R8-0005');
    const ruling = await jsonOf(await fetch(`${stack.botUrl}/api/rulings/R-R8-0005`));
    expect(JSON.stringify(ruling)).toContain('Q-R8-0005');
  });

  it('asks the asker for more in the thread; her reply in personal chat lands there; 照会一覧 shows the queue', async () => {
    const { number, thread } = await ask('特別養護老人ホーム入所者の住所地特例の開始日');
    const threadId = `${PLAYGROUND.inquiryChannel};messageid=${thread.message.messageId}`;
    const onThread = (verb: string, data: Record<string, unknown>) => stack.execute(threadId, thread.message.messageId, verb, data, PLAYGROUND.users.hqResponder);
    await onThread('inquiry.claim', { number });
    const askForm = await onThread('inquiry.askForm', { number });
    const toAsker = stack.waitForBotMessage(PLAYGROUND.personalChat, (e) => cardText(cardOf(e)).includes('所管課から確認があります'), 15_000);
    const asked = await onThread('inquiry.requestInfo', { ...actionOf(askForm.value, '質問者に送る').data, question: '施設への入所日を教えてください。' });
    expect(cardText(asked.value as never)).toContain('質問者に確認中');
    expect(cardText(asked.value as never)).toContain('Q：施設への入所日を教えてください。');

    const request = await toAsker;
    const replyInThread = stack.waitForBotMessage(threadId, (e) => (e.message.text ?? '').includes('特養の入所日は11月1日です'), 15_000);
    const replied = await stack.execute(PLAYGROUND.personalChat, request.message.messageId, 'inquiry.reply', { ...actionOf(cardOf(request), '所管課に返信する').data, reply: '特養の入所日は11月1日です。' });
    expect(cardText(replied.value as never)).toContain('所管課に返信しました');
    expect((await replyInThread).message.text).toContain('質問者（佐藤 美咲）からの回答：特養の入所日は11月1日です。');

    const list = stack.waitForBotMessage(PLAYGROUND.groupChat, (e) => cardText(cardOf(e)).includes('の対応中の照会'));
    await stack.say(PLAYGROUND.groupChat, PLAYGROUND.users.hqResponder, '照会一覧');
    const listText = cardText(cardOf(await list));
    expect(listText).toContain('健康福祉局 保険年金課 の対応中の照会');
    expect(listText).toContain(`${number} 特別養護老人ホーム入所者の住所地特例の開始日｜対応中`);
    expect(listText).not.toContain('Q-R8-0004'); // 介護保険課's
  });

  it('records a question settled by a suggested ruling without sending it', async () => {
    const form = stack.waitForBotMessage(PLAYGROUND.personalChat, (e) => cardText(cardOf(e)).includes('疑義照会（本庁の所管課への質問）'));
    await stack.say(PLAYGROUND.personalChat, PLAYGROUND.users.wardStaff, '質問');
    const formEvent = await form;
    const preview = await stack.execute(PLAYGROUND.personalChat, formEvent.message.messageId, 'inquiry.preview', {
      ...actionOf(cardOf(formEvent), '確認して次へ').data,
      targetDepartmentId: 'hq-hoken-nenkin',
      subject: '在留期間が3月になった外国人の国保資格',
      body: '在留期間の更新で3月になった外国人住民の国保は喪失させますか。',
      desiredAnswerDate: '',
      urgency: '通常',
    });
    expect(cardText(preview.value as never)).toContain('判断事例 R-0020');
    const settled = await stack.execute(PLAYGROUND.personalChat, formEvent.message.messageId, 'inquiry.deflect', actionOf(preview.value, 'これで解決した').data);
    expect(cardText(settled.value as never)).toContain('解決済みとして記録しました。');
    const mine = (await jsonOf(await fetch(`${stack.botUrl}/api/inquiries?status=all`, { headers: { Authorization: 'Demo p-ward-staff' } }))) as { items: { subject: string }[] };
    expect(mine.items.some((i) => i.subject.includes('在留期間が3月になった'))).toBe(false);
  });

  /** 佐藤 美咲 asks 保険年金課 through the form; resolves to the number and the thread's first post. */
  async function ask(subject: string) {
    const form = stack.waitForBotMessage(PLAYGROUND.personalChat, (e) => cardText(cardOf(e)).includes('疑義照会（本庁の所管課への質問）'));
    await stack.say(PLAYGROUND.personalChat, PLAYGROUND.users.wardStaff, '質問');
    const formEvent = await form;
    const question = { targetDepartmentId: 'hq-hoken-nenkin', category: '後期高齢者医療', subject, body: `${subject}について教えてください。`, legalBasis: '', desiredAnswerDate: '', urgency: '至急' };
    const preview = await stack.execute(PLAYGROUND.personalChat, formEvent.message.messageId, 'inquiry.preview', { ...actionOf(cardOf(formEvent), '確認して次へ').data, ...question });
    const threadPosted = stack.waitForBotMessage(PLAYGROUND.inquiryChannel, (e) => cardText(cardOf(e)).includes(subject), 15_000);
    const sent = await stack.execute(PLAYGROUND.personalChat, formEvent.message.messageId, 'inquiry.submit', actionOf(preview.value, 'それでも質問する').data);
    const number = /Q-R8-\d{4}/.exec(cardText(sent.value as never))?.[0] ?? '';
    return { number, thread: await threadPosted };
  }
});
