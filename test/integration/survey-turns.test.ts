import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { resolveActorByPersonId } from '../../bot/platform/identity';
import { surveyOutboxKey } from '../../bot/surveys/outbox-keys';
import { createSurvey, queueSurveyFollowUps, refreshSenderCards, saveSurveyAnswer } from '../../bot/surveys/workflow';
import { actionOf, GENERAL, INQUIRY_CHANNEL, KITA, MINAMI, MINAMI_CHANNEL, type CardAction } from '../support/demo-sections';
import { cardIn, cardTextOf, findSent, type TurnHarness } from '../support/turn-harness';
import { inChannel, noon, startWardHarness } from '../support/ward-turns';

const titles = (card: unknown) => ((card as { actions?: CardAction[] }).actions ?? []).map((a) => a.title);
/** The value an input of the card shows (what the person typed comes back after a refusal). */
const inputValue = (card: unknown, id: string) =>
  ((card as { body: { id?: string; value?: string }[] }).body.find((e) => e.id === id) ?? { value: undefined }).value;

const NISHI = 'ward-nishi-hoken-nenkin';

/**
 * 全区照会 turn by turn in process (real router, handlers, SQLite and outbox dispatcher): HQ sends
 * a survey to three ward sections (one unreachable), 北区 answers on its card (refusals, kept
 * values, draft, approval request, 差戻し, approval, reopening), HQ's card counts, 南区 is
 * reminded and its manager told, HQ extends the deadline and cancels.
 */
describe('全区照会, turn by turn', () => {
  let h: TurnHarness;
  const today = japanDateOf(new Date());
  const dueOn = addBusinessDays(today, 3);
  const deps = () => ({
    store: h.store,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    now: () => new Date(),
    tabUrl: h.tabUrl,
    nudge: () => undefined,
  });

  beforeAll(async () => {
    h = await startWardHarness({
      greet: ['p-ward-staff', 'p-ward-manager', 'p-hq-responder', 'p-hq-approver', 'p-minami-staff', 'p-minami-manager'],
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    expect(h.errors).toEqual([]);
  });

  it('「照会作成」 opens the tab form for HQ and is refused to ward staff; the help card names it', async () => {
    const [refused] = await h.say('p-ward-staff', '照会作成');
    expect(refused.activity.text).toContain('照会は本庁の課の回答担当者・承認者だけが作成できます');
    const [answer] = await h.say('p-hq-responder', '照会作成');
    const card = cardIn(answer);
    expect(cardTextOf(card)).toContain('照会作成（本庁→区役所）');
    expect(actionOf(card, 'タブで照会を作成する')).toMatchObject({ type: 'Action.OpenUrl', url: `${h.tabUrl}#/surveys/new` });
    const [help] = await h.say('p-hq-responder', 'ヘルプ');
    expect(JSON.stringify(cardIn(help) ?? help.activity)).toContain('照会作成');
  });

  it('goes from delivery through draft, approval, 差戻し, sending, reopening, reminders, extension and cancellation', async () => {
    const actor = await resolveActorByPersonId(h.store, 'p-hq-responder');
    if (actor.kind === 'unknown') throw new Error('no HQ responder');
    const created = await createSurvey(
      deps(),
      actor.actor,
      {
        title: '資格確認書の交付件数（*12月分*）',
        purpose: '12月分の交付件数と主な交付方法を回答してください。[リンク](http://evil.example)',
        dueOn,
        audience: { wardSections: [KITA, MINAMI, NISHI] },
        questions: [
          { key: 'cases', label: '交付件数', type: 'number', unit: '件', min: 0, max: 100000, required: true },
          { key: 'method', label: '主な交付方法', type: 'choice', choices: ['窓口', '郵送'], required: true },
          { key: 'startOn', label: '開始日', type: 'date', required: false },
          { key: 'note', label: '補足', type: 'text', required: false },
        ],
      },
      'turns-1',
    );
    if (!('survey' in created)) throw new Error(JSON.stringify(created));
    const id = created.survey.id;
    expect(created.answers.find((a) => a.departmentId === NISHI)?.status).toBe('unreachable');

    // One card per reachable section in its お知らせ先 channel; HQ's card in its inquiry channel lists the unreachable one at once.
    const delivered = await h.deliverOutbox();
    const kitaCard = findSent(delivered, id, inChannel(GENERAL));
    const minamiCard = findSent(delivered, id, inChannel(MINAMI_CHANNEL));
    expect(delivered.filter((s) => s.kind === 'send' && cardTextOf(cardIn(s)).includes('交付件数')).length).toBe(3);
    const kitaText = cardTextOf(cardIn(kitaCard));
    expect(kitaText).toContain('資格確認書の交付件数（\\*12月分\\*）');
    expect(kitaText).toContain('\\[リンク\\]\\(http://evil.example\\)');
    const labels = (cardIn(kitaCard) as { body: { id?: string; label?: string }[] }).body
      .filter((e) => e.id?.startsWith('answer.'))
      .map((e) => e.label);
    expect(labels).toEqual(['交付件数（単位：件）（0〜100,000）（必須）', '主な交付方法（必須）', '開始日', '補足']);
    expect(titles(cardIn(kitaCard))).toEqual(['下書き保存', '承認依頼', 'タブで開く']);
    expect(cardTextOf(cardIn(minamiCard))).toContain('南区役所 保険年金課');
    const senderCard = findSent(delivered, '送信した照会', inChannel(INQUIRY_CHANNEL));
    const senderText = cardTextOf(cardIn(senderCard));
    expect(senderText).toContain('回答 0/3');
    expect(senderText).toContain('未回答の課：北区役所 保険年金課、南区役所 保険年金課');
    expect(senderText).toContain('届けられない課（チャネル未設定・ボット未登録）：西区役所 保険年金課');

    const kita = { channel: GENERAL, thread: kitaCard.id };
    const save = actionOf(cardIn(kitaCard), '下書き保存');
    const submit = actionOf(cardIn(kitaCard), '承認依頼');

    // Someone of another section cannot answer for 北区; the attempt is audited.
    const forged = await h.press('p-minami-staff', 'survey.save', { ...save.data, 'answer.cases': '5' }, kita, kitaCard.id);
    expect(forged.message).toBe('このカードは 北区役所 保険年金課 宛てです。自分の課のカードから回答してください。');
    expect(
      (await h.store.audit.list({ objectType: 'survey', objectId: id })).some(
        (e) => e.action === 'survey.refused' && e.actorId === 'p-minami-staff',
      ),
    ).toBe(true);

    // Bad values: a message under each input, every typed value kept, nothing stored.
    const typed = { 'answer.cases': '百件', 'answer.method': '', 'answer.startOn': '2026-02-30', 'answer.note': '窓口で*強調*' };
    const bad = await h.press('p-ward-staff', 'survey.submit', { ...submit.data, ...typed }, kita, kitaCard.id);
    const badText = cardTextOf(bad.card);
    expect(badText).toContain('数値で入力してください（例：1,234件）。');
    expect(badText).toContain('必須の質問です。回答を入力してください。');
    expect(badText).toContain('実在する日付（例：2026-12-14）で入力してください。');
    expect(inputValue(bad.card, 'answer.cases')).toBe('百件');
    expect(inputValue(bad.card, 'answer.note')).toBe('窓口で*強調*');
    expect((await h.store.surveys.getAnswer(id, KITA))?.status).toBe('pending');

    // 下書き保存 with full-width digits: stored as a number, the card says 作成中.
    const draft = await h.press(
      'p-ward-staff',
      'survey.save',
      { ...save.data, ...typed, 'answer.cases': '１，２３４件', 'answer.startOn': '' },
      kita,
      kitaCard.id,
    );
    expect(cardTextOf(draft.card)).toContain('状況：作成中');
    const drafted = await h.store.surveys.getAnswer(id, KITA);
    expect(drafted).toMatchObject({ status: 'draft', answers: { cases: 1234, note: '窓口で*強調*' }, answeredBy: 'p-ward-staff' });
    // The same press again (a double click on the card as first drawn) changes nothing.
    const twice = await h.press(
      'p-ward-staff',
      'survey.save',
      { ...save.data, ...typed, 'answer.cases': '１，２３４件', 'answer.startOn': '' },
      kita,
      kitaCard.id,
    );
    expect(cardTextOf(twice.card)).toContain('状況：作成中');
    expect((await h.store.surveys.getAnswer(id, KITA))?.updatedAt).toBe(drafted?.updatedAt);
    // A different value from the card as first drawn is stale: refused with the values kept.
    const stale = await h.press(
      'p-ward-manager',
      'survey.save',
      { ...save.data, ...typed, 'answer.cases': '99', 'answer.startOn': '' },
      kita,
      kitaCard.id,
    );
    expect(cardTextOf(stale.card)).toContain('佐藤 美咲 さんがこの回答を更新しました');
    expect(inputValue(stale.card, 'answer.cases')).toBe('99');
    expect((await h.store.surveys.getAnswer(id, KITA))?.answers.cases).toBe(1234);
    const afterDraft = await h.deliverOutbox();
    expect(afterDraft.some((s) => s.id === senderCard.id)).toBe(false); // HQ sees nothing of a draft

    // 承認依頼 from the draft card: waiting for the section's approver, who hears of it.
    const ask = actionOf(draft.card, '承認依頼');
    const asked = await h.press(
      'p-ward-staff',
      'survey.submit',
      { ...ask.data, ...typed, 'answer.cases': '1234', 'answer.method': '窓口', 'answer.startOn': '' },
      kita,
      kitaCard.id,
    );
    expect(cardTextOf(asked.card)).toContain('状況：承認待ち');
    expect(titles(asked.card)).toEqual(['承認して本庁へ送付', '差戻し', '回答を修正する', 'タブで開く']);
    const requested = await h.deliverOutbox();
    expect(
      findSent(requested, '承認依頼が届いています', (s) => s.conversationId === h.personalChatOf('p-ward-manager')).activity.text,
    ).toContain(id);

    // Staff is no approver; the approver must give a reason to return it.
    const approve = actionOf(asked.card, '承認して本庁へ送付');
    const notApprover = await h.press('p-ward-staff', 'survey.approve', approve.data, kita, kitaCard.id);
    expect(notApprover.message).toContain('照会先の課の承認者（係長・課長）だけが回答を承認・差戻しできます');
    const noReason = await h.press('p-ward-manager', 'survey.return', { ...approve.data, comment: ' ' }, kita, kitaCard.id);
    expect(cardTextOf(noReason.card)).toContain('差し戻すときは理由を入力してください。');
    const returned = await h.press(
      'p-ward-manager',
      'survey.return',
      { ...approve.data, comment: '件数は1月4日時点で' },
      kita,
      kitaCard.id,
    );
    expect(cardTextOf(returned.card)).toContain('伊藤 由美 さんが差し戻しました：件数は1月4日時点で');
    expect(inputValue(returned.card, 'answer.cases')).toBe('1234'); // the values stay for the author
    const told = await h.deliverOutbox();
    expect(findSent(told, '差し戻されました', (s) => s.conversationId === h.personalChatOf('p-ward-staff'))).toBeDefined();
    // The approval card pressed again after the 差戻し: nothing happens, the current card comes back.
    const late = await h.press('p-ward-manager', 'survey.approve', approve.data, kita, kitaCard.id);
    expect(cardTextOf(late.card)).toContain('状況：差戻し');

    // Resubmitted and approved: the answer reaches HQ, whose card counts 1/3 in place.
    const again = await h.press(
      'p-ward-staff',
      'survey.submit',
      { ...actionOf(returned.card, '承認依頼').data, ...typed, 'answer.cases': '1,250', 'answer.method': '窓口', 'answer.startOn': '' },
      kita,
      kitaCard.id,
    );
    const approved = await h.press('p-ward-manager', 'survey.approve', actionOf(again.card, '承認して本庁へ送付').data, kita, kitaCard.id);
    expect(cardTextOf(approved.card)).toContain('本庁へ回答を送付しました');
    expect(cardTextOf(approved.card)).toContain('承認：伊藤 由美');
    expect(titles(approved.card)).toEqual(['回答を修正する', 'タブで開く']);
    const audits = (await h.store.audit.list({ objectType: 'survey', objectId: id })).length;
    const double = await h.press('p-ward-manager', 'survey.approve', actionOf(again.card, '承認して本庁へ送付').data, kita, kitaCard.id);
    expect(cardTextOf(double.card)).toContain('本庁へ回答を送付しました');
    expect((await h.store.audit.list({ objectType: 'survey', objectId: id })).length).toBe(audits);
    const counted = await h.deliverOutbox();
    const one = cardTextOf(cardIn(findSent(counted, '回答 1/3', (s) => s.kind === 'update' && s.id === senderCard.id)));
    expect(one).toContain('未回答の課：南区役所 保険年金課');
    expect(findSent(counted, '本庁へ回答を送付しました', (s) => s.kind === 'update' && s.id === kitaCard.id)).toBeDefined();

    // Reopened before the deadline: the sent version is kept and HQ keeps seeing it until the new one is approved.
    const edit = await h.press('p-ward-staff', 'survey.edit', actionOf(approved.card, '回答を修正する').data, kita, kitaCard.id);
    expect(inputValue(edit.card, 'answer.cases')).toBe('1250');
    const reopened = await h.press(
      'p-ward-staff',
      'survey.submit',
      { ...actionOf(edit.card, '承認依頼').data, ...typed, 'answer.cases': '1260', 'answer.method': '郵送', 'answer.startOn': '' },
      kita,
      kitaCard.id,
    );
    await h.press('p-ward-manager', 'survey.approve', actionOf(reopened.card, '承認して本庁へ送付').data, kita, kitaCard.id);
    const kitaAnswer = await h.store.surveys.getAnswer(id, KITA);
    expect(kitaAnswer).toMatchObject({ status: 'answered', version: 2, answers: { cases: 1260, method: '郵送' } });
    expect(kitaAnswer?.history.map((v) => v.answers.cases)).toEqual([1250]);
    await h.deliverOutbox();

    // The business day before the 回答期限: only 南区 is reminded, once.
    const dayBefore = noon(addBusinessDays(dueOn, -1));
    expect(await queueSurveyFollowUps(h.store, dayBefore, h.tabUrl)).toBe(1);
    expect(await queueSurveyFollowUps(h.store, dayBefore, h.tabUrl)).toBe(0);
    const reminders = await h.deliverOutbox();
    expect(cardTextOf(cardIn(findSent(reminders, '回答期限が近づいています', inChannel(MINAMI_CHANNEL))))).toContain(id);
    expect(reminders.some((s) => s.conversationId.startsWith(GENERAL))).toBe(false);
    // After it: reminded again and the section's manager told in personal chat.
    const after = noon(addBusinessDays(dueOn, 1));
    expect(await queueSurveyFollowUps(h.store, after, h.tabUrl)).toBe(2);
    const overdue = await h.deliverOutbox();
    expect(
      cardTextOf(
        cardIn(findSent(overdue, '回答期限を過ぎた照会があります', (s) => s.conversationId === h.personalChatOf('p-minami-manager'))),
      ),
    ).toContain('南区役所 保険年金課 で、次の照会にまだ回答していません');

    // 回答期限の延長 on HQ's card: ward staff cannot; a date not after the deadline comes back under the input.
    const hq = { channel: INQUIRY_CHANNEL, thread: senderCard.id };
    const extend = actionOf(cardIn(senderCard), '回答期限を延長');
    const wardExtend = await h.press(
      'p-ward-staff',
      'survey.extend',
      { ...extend.data, dueOn: addBusinessDays(dueOn, 5) },
      hq,
      senderCard.id,
    );
    expect(wardExtend.message).toContain('回答担当者・承認者だけが回答期限の延長・取消をできます');
    const earlier = addBusinessDays(dueOn, -1);
    const early = await h.press('p-hq-responder', 'survey.extend', { ...extend.data, dueOn: earlier }, hq, senderCard.id);
    expect(cardTextOf(early.card)).toContain('新しい回答期限は今の回答期限');
    expect(inputValue(early.card, 'dueOn')).toBe(earlier);
    const newDue = addBusinessDays(dueOn, 5);
    const extended = await h.press('p-hq-responder', 'survey.extend', { ...extend.data, dueOn: newDue }, hq, senderCard.id);
    expect((await h.store.surveys.get(id))?.dueOn).toBe(newDue);
    expect(cardTextOf(extended.card)).toContain('回答 1/3');
    const renotified = await h.deliverOutbox();
    expect(findSent(renotified, 'に延長されました', inChannel(MINAMI_CHANNEL)).activity.text).toContain(id);
    expect(renotified.some((s) => s.kind === 'send' && s.conversationId.startsWith(GENERAL))).toBe(false);
    // Reminders start over for the new deadline.
    expect(await queueSurveyFollowUps(h.store, noon(addBusinessDays(newDue, -1)), h.tabUrl)).toBe(1);
    await h.deliverOutbox();

    // 取消: asked first, then every card stops taking answers.
    const cancel = actionOf(extended.card, '照会を取り消す');
    const confirm = await h.press('p-hq-responder', 'survey.cancel', cancel.data, hq, senderCard.id);
    expect(cardTextOf(confirm.card)).toContain('取り消してよろしいですか');
    const kept = await h.press('p-hq-responder', 'survey.view', actionOf(confirm.card, 'やめる').data, hq, senderCard.id);
    expect(titles(kept.card)).toEqual(['回答期限を延長', '照会を取り消す', '回答の一覧（タブ）']);
    expect((await h.press('p-ward-manager', 'survey.view', { surveyId: id }, hq, senderCard.id)).message).toContain(
      '回答担当者・承認者だけ',
    );
    expect((await h.store.surveys.get(id))?.status).toBe('open');
    const cancelled = await h.press('p-hq-responder', 'survey.cancel', actionOf(confirm.card, '取り消す').data, hq, senderCard.id);
    expect(cardTextOf(cancelled.card)).toContain('この照会は取り消されています。');
    const closed = await h.deliverOutbox();
    expect(findSent(closed, 'この照会は本庁が取り消しました', (s) => s.kind === 'update' && s.id === minamiCard.id)).toBeDefined();
    const minamiSave = actionOf(cardIn(minamiCard), '下書き保存');
    const tooLate = await h.press(
      'p-minami-staff',
      'survey.save',
      { ...minamiSave.data, 'answer.cases': '3' },
      { channel: MINAMI_CHANNEL, thread: minamiCard.id },
      minamiCard.id,
    );
    expect(cardTextOf(tooLate.card)).toContain('この照会は本庁が取り消しました');
    expect((await h.store.surveys.getAnswer(id, MINAMI))?.status).toBe('pending');
    expect(await queueSurveyFollowUps(h.store, after, h.tabUrl)).toBe(0);
  });

  it("draws HQ's card once after a burst of answers instead of once per answer", async () => {
    const actor = await resolveActorByPersonId(h.store, 'p-hq-responder');
    if (actor.kind === 'unknown') throw new Error('no HQ responder');
    let clock = new Date();
    const at = { ...deps(), now: () => clock };
    const created = await createSurvey(
      at,
      actor.actor,
      {
        title: '窓口混雑の状況',
        purpose: '先週の最大待ち時間',
        dueOn,
        requiresWardApproval: false,
        audience: { wardSections: [KITA, MINAMI] },
        questions: [{ key: 'minutes', label: '最大待ち時間', type: 'number', unit: '分', required: true }],
      },
      'turns-burst',
    );
    if (!('survey' in created)) throw new Error(JSON.stringify(created));
    const { id } = created.survey;
    await h.deliverOutbox();
    const hqUpdate = async (count: number) => h.store.outbox.get(surveyOutboxKey.senderUpdate(id, `n${count}`));

    // The first answer after a quiet spell redraws HQ's card at once.
    await saveSurveyAnswer(at, id, KITA, 'p-ward-staff', { minutes: '45' }, true);
    expect(await hqUpdate(1)).toBeDefined();
    // A second one a second later is part of a burst: its update waits for the refresh, which waits for the burst to end.
    clock = new Date(clock.getTime() + 1000);
    await saveSurveyAnswer(at, id, MINAMI, 'p-minami-staff', { minutes: '30' }, true);
    expect(await hqUpdate(2)).toBeUndefined();
    expect(await refreshSenderCards(h.store, clock, h.tabUrl)).toBe(0);
    clock = new Date(clock.getTime() + 3000);
    expect(await refreshSenderCards(h.store, clock, h.tabUrl)).toBe(1);
    expect(await refreshSenderCards(h.store, clock, h.tabUrl)).toBe(0);
    const refreshed = await h.deliverOutbox();
    expect(cardTextOf(cardIn(findSent(refreshed, '回答 2/2', (s) => s.kind === 'update')))).toContain('すべての課から回答が届きました。');
  });
});
