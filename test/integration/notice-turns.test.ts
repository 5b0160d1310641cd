import { queueNoticeFollowUps } from '../../bot/notices/workflow';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { actionOf, GENERAL, INQUIRY_CHANNEL, KITA, MINAMI, MINAMI_CHANNEL, type CardAction } from '../support/demo-sections';
import { cardIn, cardTextOf, findSent, type TurnHarness } from '../support/turn-harness';
import { inChannel, noon, startWardHarness } from '../support/ward-turns';
/**
 * お知らせ turn by turn in process (real router, handlers, SQLite and outbox dispatcher): an HQ
 * responder writes a 制度改正 for two ward sections, the approver (not the author) sends it, a
 * ward person confirms on the card, the sender's count follows, the other section is reminded
 * and its manager told, and a 訂正 starts the confirmations over.
 */
describe('お知らせ, turn by turn', () => {
  let h: TurnHarness;
  const today = japanDateOf(new Date());
  const confirmBy = addBusinessDays(today, 3);

  beforeAll(async () => {
    // Everyone opens the bot once, so it can reach them in personal chat.
    h = await startWardHarness({
      greet: ['p-ward-staff', 'p-hq-responder', 'p-hq-approver', 'p-minami-staff', 'p-minami-manager'],
      minamiCategories: ['国民健康保険'],
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    expect(h.errors).toEqual([]);
  });

  it('goes from compose to confirmation, reminder, escalation and correction', async () => {
    // Ward staff cannot write notices.
    const [refused] = await h.say('p-ward-staff', 'お知らせ作成');
    expect(refused.activity.text).toContain('本庁の所管課の回答担当者・承認者だけ');

    const [form] = await h.say('p-hq-responder', 'お知らせ作成');
    const formCard = cardIn(form);
    expect(cardTextOf(formCard)).toContain('お知らせ作成（本庁→区役所）');
    const submit = actionOf(formCard, '承認を依頼する');
    const inputs = {
      kind: '制度改正',
      title: '国保の資格喪失日の取扱い（*令和9年度*から）',
      body: '資格喪失日は転出日の翌日とします。[リンク](http://evil.example)',
      confirmBy,
      audienceMode: 'wardSections',
      wardSections: `${KITA},${MINAMI}`,
    };
    const bad = await h.press('p-hq-responder', 'notice.compose', { ...submit.data, ...inputs, title: '' }, 'personal', form.id);
    expect(cardTextOf(bad.card)).toContain('件名を入力してください。');
    const unknownRuling = await h.press(
      'p-hq-responder',
      'notice.compose',
      { ...submit.data, ...inputs, rulingIds: 'R-0003、R-9999' },
      'personal',
      form.id,
    );
    expect(cardTextOf(unknownRuling.card)).toContain('登録されていない判断事例があります: R-9999');
    const sent = await h.press('p-hq-responder', 'notice.compose', { ...submit.data, ...inputs }, 'personal', form.id);
    const id = /N-R\d+-\d{4}/.exec(cardTextOf(sent.card))?.[0] as string;
    expect(cardTextOf(sent.card)).toContain('の承認を依頼しました');
    // A second press of the same form makes no second notice.
    await h.press('p-hq-responder', 'notice.compose', { ...submit.data, ...inputs }, 'personal', form.id);
    expect(await h.store.notices.list()).toHaveLength(1);

    const requested = await h.deliverOutbox();
    const approval = findSent(requested, 'お知らせの承認依頼', (s) => s.conversationId === h.personalChatOf('p-hq-approver'));
    const senderCard = findSent(requested, '送信したお知らせ', inChannel(INQUIRY_CHANNEL));
    expect(cardTextOf(cardIn(senderCard))).toContain('状態：承認待ち');
    expect(requested.some((s) => s.conversationId.startsWith(GENERAL))).toBe(false);

    // The author is no approver; the approver sends it.
    const own = await h.press('p-hq-responder', 'notice.approve', actionOf(cardIn(approval), '承認して送信').data);
    expect(own.message).toContain('承認者');
    const approved = await h.press(
      'p-hq-approver',
      'notice.approve',
      actionOf(cardIn(approval), '承認して送信').data,
      'personal',
      approval.id,
    );
    expect(cardTextOf(approved.card)).toContain(`${id} を承認し、2 課に送信しました。`);

    const delivered = await h.deliverOutbox();
    const kitaCard = findSent(delivered, id, inChannel(GENERAL));
    const minamiCard = findSent(delivered, id, inChannel(MINAMI_CHANNEL));
    expect(cardTextOf(cardIn(minamiCard))).toContain('南区役所 保険年金課');
    const kitaText = cardTextOf(cardIn(kitaCard));
    expect(kitaText).toContain('国保の資格喪失日の取扱い（\\*令和9年度\\*から）'); // escaped, not bold
    expect(kitaText).toContain('\\[リンク\\]\\(http://evil.example\\)');
    expect(cardTextOf(cardIn(findSent(delivered, '確認 0/2', (s) => s.kind === 'update' && s.id === senderCard.id)))).toContain(
      '未確認の課：北区役所 保険年金課、南区役所 保険年金課',
    );

    // Someone of the other section cannot confirm for 北区; the attempt is audited.
    const confirm = actionOf(cardIn(kitaCard), '確認しました');
    const forged = await h.press('p-minami-staff', 'notice.confirm', confirm.data, { channel: GENERAL, thread: kitaCard.id }, kitaCard.id);
    expect(forged.message).toContain('北区役所 保険年金課 宛てです');
    expect(
      (await h.store.audit.list({ objectType: 'notice', objectId: id })).some(
        (e) => e.action === 'notice.refused' && e.actorId === 'p-minami-staff',
      ),
    ).toBe(true);

    const confirmed = await h.press('p-ward-staff', 'notice.confirm', confirm.data, { channel: GENERAL, thread: kitaCard.id }, kitaCard.id);
    expect(cardTextOf(confirmed.card)).toContain('佐藤 美咲 さんが課として確認しました');
    expect((confirmed.card as { actions?: CardAction[] }).actions?.map((a) => a.title)).not.toContain('確認しました');
    const afterConfirm = await h.deliverOutbox();
    expect(
      findSent(afterConfirm, '佐藤 美咲 さんが課として確認しました', (s) => s.kind === 'update' && s.id === kitaCard.id),
    ).toBeDefined();
    const count = cardTextOf(cardIn(findSent(afterConfirm, '確認 1/2', (s) => s.kind === 'update' && s.id === senderCard.id)));
    expect(count).toContain('未確認の課：南区役所 保険年金課');
    expect(count).not.toContain('北区役所 保険年金課、');
    // The manager pressing again changes nothing.
    const again = await h.press('p-ward-manager', 'notice.confirm', confirm.data, { channel: GENERAL, thread: kitaCard.id }, kitaCard.id);
    expect(cardTextOf(again.card)).toContain('佐藤 美咲 さんが課として確認しました');

    // The business day before the 確認期限: only 南区 is reminded, once.
    const dayBefore = noon(addBusinessDays(confirmBy, -1));
    expect(await queueNoticeFollowUps(h.store, dayBefore, h.tabUrl)).toBe(1);
    expect(await queueNoticeFollowUps(h.store, dayBefore, h.tabUrl)).toBe(0);
    const reminders = await h.deliverOutbox();
    expect(cardTextOf(cardIn(findSent(reminders, '確認期限が近づいています', inChannel(MINAMI_CHANNEL))))).toContain(id);
    expect(reminders.some((s) => s.conversationId.startsWith(GENERAL))).toBe(false);

    // After it: reminded again, and the section's manager told in personal chat.
    const after = noon(addBusinessDays(confirmBy, 1));
    expect(await queueNoticeFollowUps(h.store, after, h.tabUrl)).toBe(2);
    const overdue = await h.deliverOutbox();
    expect(findSent(overdue, '確認期限（', inChannel(MINAMI_CHANNEL))).toBeDefined();
    expect(
      cardTextOf(
        cardIn(findSent(overdue, '確認期限を過ぎたお知らせがあります', (s) => s.conversationId === h.personalChatOf('p-minami-manager'))),
      ),
    ).toContain('南区役所 保険年金課 で、次のお知らせがまだ確認されていません');
    expect(await queueNoticeFollowUps(h.store, after, h.tabUrl)).toBe(0);

    // 訂正: every section gets the new version and confirms again; the first version is kept.
    const correctForm = await h.press(
      'p-hq-responder',
      'notice.correctForm',
      { noticeId: id },
      { channel: INQUIRY_CHANNEL, thread: senderCard.id },
      senderCard.id,
    );
    const correct = actionOf(correctForm.card, '訂正して再送する');
    const corrected = await h.press(
      'p-hq-responder',
      'notice.correct',
      { ...correct.data, title: '【訂正】国保の資格喪失日の取扱い', body: '資格喪失日は転出日の翌日とします（施行は令和9年4月1日）。' },
      { channel: INQUIRY_CHANNEL, thread: senderCard.id },
      senderCard.id,
    );
    expect(cardTextOf(corrected.card)).toContain('確認 0/2');
    const resent = await h.deliverOutbox();
    for (const channel of [GENERAL, MINAMI_CHANNEL])
      expect(cardTextOf(cardIn(findSent(resent, '訂正版（第 2 版）', (s) => s.kind === 'send' && inChannel(channel)(s))))).toContain(
        '【訂正】',
      );
    const stored = await h.store.notices.get(id);
    expect(stored?.history[0]?.sections.find((s) => s.departmentId === KITA)).toMatchObject({
      status: 'confirmed',
      confirmedBy: 'p-ward-staff',
    });
    // The old card's button is about revision 1: pressing it shows the new version instead of confirming.
    const stale = await h.press('p-ward-staff', 'notice.confirm', confirm.data, { channel: GENERAL, thread: kitaCard.id }, kitaCard.id);
    expect(cardTextOf(stale.card)).toContain('訂正版（第 2 版）');
    expect((await h.store.notices.get(id))?.sections.every((s) => s.status === 'pending')).toBe(true);
  });

  it('opens a 疑義照会 about the notice from 質問する, linked both ways', async () => {
    const [notice] = await h.store.notices.list();
    const asked = await h.press('p-ward-staff', 'notice.ask', { noticeId: notice.id }, { channel: GENERAL });
    expect(asked.message).toBe('個人チャットに質問フォームを送りました。');
    const form = findSent(
      await h.deliverOutbox(),
      '疑義照会（本庁の所管課への質問）',
      (s) => s.conversationId === h.personalChatOf('p-ward-staff'),
    );
    const formCard = cardIn(form);
    expect(JSON.stringify(formCard)).toContain(`${notice.id}「【訂正】国保の資格喪失日の取扱い」について`);
    const next = actionOf(formCard, '確認して次へ');
    expect(next.data.noticeId).toBe(notice.id);
    const question = {
      targetDepartmentId: 'hq-hoken-nenkin',
      category: '国民健康保険',
      subject: `${notice.id} の施行日`,
      body: '施行日前に転出した人はどう扱いますか。',
      legalBasis: '',
      desiredAnswerDate: '',
      urgency: '通常',
    };
    const preview = await h.press('p-ward-staff', 'inquiry.preview', { ...next.data, ...question }, 'personal', form.id);
    const submitted = await h.press('p-ward-staff', 'inquiry.submit', actionOf(preview.card, 'それでも質問する').data, 'personal', form.id);
    const number = /Q-R8-\d{4}/.exec(cardTextOf(submitted.card))?.[0] as string;
    expect((await h.store.inquiries.get(number))?.noticeId).toBe(notice.id);
    await h.deliverOutbox();
  });
});
