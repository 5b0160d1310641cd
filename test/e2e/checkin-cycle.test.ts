import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { cardSchemaErrors } from '../support/adaptive-cards';
import { cardOf, cardText, LocalStack, PLAYGROUND, type PlaygroundEvent } from '../support/local-stack';

type Card = { body: { id?: string; value?: string }[]; actions?: { verb: string; data: Record<string, unknown> }[] };

/**
 * One quarter's check-in through Microsoft's Playground: the PMO opens the cycle in the team
 * channel, the owner (the Playground's current user, 佐藤 美咲, who owns A1-2) gets the card in
 * personal chat, answers with a mistake, fixes it, edits it, and the PMO gets the roll-up.
 */
describe('quarterly check-in in the Playground', () => {
  let stack: LocalStack;
  /** The owner's check-in card message, the one a forged press pretends to come from. */
  let ownerCardId = '';

  beforeAll(async () => {
    stack = await LocalStack.start({ PMO_CHANNEL_ID: PLAYGROUND.generalChannel, CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0' });
    await stack.connect();
    // The owner has talked to the bot once, so the bot can reach her in personal chat.
    const hello = stack.waitForBotMessage(PLAYGROUND.personalChat);
    await stack.say(PLAYGROUND.personalChat, PLAYGROUND.users.wardStaff, 'こんにちは');
    await hello;
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const inputValues = (card: Card) => Object.fromEntries(card.body.filter((e) => e.id).map((e) => [e.id, e.value]));
  const isCardAbout = (text: string) => (e: PlaygroundEvent) => cardText(cardOf(e)).includes(text);

  it('runs a whole cycle: open → card → invalid answer kept → fixed → summary → edit → roll-up', async () => {
    const ownerCard = stack.waitForBotMessage(PLAYGROUND.personalChat, isCardAbout('窓口待ち時間の短縮'));
    const opened = stack.waitForBotMessage(PLAYGROUND.generalChannel, (e) => (e.message.text ?? '').includes('チェックイン'));
    await stack.say(PLAYGROUND.generalChannel, PLAYGROUND.users.pmo, 'チェックイン開始 R8 Q3');
    const openedText = (await opened).message.text ?? '';
    expect(openedText).toContain('R8年度 Q3 のチェックインを開始しました');
    // Only 佐藤 美咲 has a personal chat with the bot; the other owners are named for the PMO.
    expect(openedText).toContain('カードを 1 人に送ります');
    expect(openedText).toMatch(/届けられない担当者：.*鈴木 健太/);
    expect(openedText).toContain('担当者が登録されていない施策：B1-7A');

    const event = await ownerCard;
    const form = cardOf(event) as unknown as Card;
    expect(cardSchemaErrors(form)).toEqual([]);
    expect(cardText(form as never)).toContain('窓口平均待ち時間（区役所市民課）：目標 20分（低いほど良い');
    const submit = form.actions?.[0];
    expect(submit?.verb).toBe('checkin.submit');
    const cardId = event.message.messageId;
    ownerCardId = cardId;
    const answer = { progress: '北区・南区で窓口予約システムを稼働。待ち時間を毎週計測している。', weather: 'くもり', direction: '継続', directionReason: '', nextActions: '3月繁忙期の応援体制を決める', 'kpi.A1-2-k1': '二十四分' };

    const invalid = await stack.execute(PLAYGROUND.personalChat, cardId, submit!.verb, { ...submit!.data, ...answer });
    expect(invalid.type).toBe('application/vnd.microsoft.card.adaptive');
    const shownAgain = invalid.value as Card;
    expect(cardText(shownAgain as never)).toContain('窓口平均待ち時間（区役所市民課）は数値で入力してください');
    expect(inputValues(shownAgain)).toEqual(answer);

    const fixed = { ...answer, 'kpi.A1-2-k1': '24.5' };
    const saved = await stack.execute(PLAYGROUND.personalChat, cardId, submit!.verb, { ...(shownAgain.actions?.[0].data ?? {}), ...fixed });
    const summary = saved.value as Card;
    const summaryText = cardText(summary as never);
    expect(summaryText).toContain('チェックイン提出済み：R8年度 Q3');
    expect(summaryText).toContain('24.5分');
    expect(summaryText).toContain('第 1 版');
    expect(summary.body.some((e) => e.id)).toBe(false);

    // Pressing 提出する again (or a replayed request) stores nothing new.
    const replay = await stack.execute(PLAYGROUND.personalChat, cardId, submit!.verb, { ...(shownAgain.actions?.[0].data ?? {}), ...fixed, progress: '二度押し' });
    expect(cardText(replay.value as never)).toContain('第 1 版');
    expect(cardText(replay.value as never)).not.toContain('二度押し');

    // 修正する: the form comes back filled in; a 見直し without a reason is refused, with one it is revision 2.
    const edit = summary.actions?.find((a) => a.verb === 'checkin.edit');
    const editForm = (await stack.execute(PLAYGROUND.personalChat, cardId, 'checkin.edit', edit!.data)).value as Card;
    expect(inputValues(editForm)).toMatchObject({ progress: fixed.progress, 'kpi.A1-2-k1': '24.5', weather: 'くもり' });
    const resubmit = editForm.actions![0];
    const noReason = await stack.execute(PLAYGROUND.personalChat, cardId, resubmit.verb, { ...resubmit.data, ...fixed, weather: '雨', direction: '見直し' });
    expect(cardText(noReason.value as never)).toContain('今後の方向性が「見直し」のときは、方向性理由を入力してください。');
    const revised = await stack.execute(PLAYGROUND.personalChat, cardId, resubmit.verb, { ...resubmit.data, ...fixed, weather: '雨', direction: '見直し', directionReason: '予約システムの改修が来年度にずれ込むため' });
    expect(cardText(revised.value as never)).toContain('第 2 版');

    // The PMO asks for the roll-up in the channel.
    const rollUp = stack.waitForBotMessage(PLAYGROUND.generalChannel, isCardAbout('チェックイン集計'));
    await stack.say(PLAYGROUND.generalChannel, PLAYGROUND.users.pmo, '集計');
    const rollUpText = cardText(cardOf(await rollUp));
    expect(rollUpText).toContain('チェックイン集計：R8年度 Q3');
    expect(rollUpText).toMatch(/回答 1 \/ 15 件（未回答 14 件）/);
    expect(rollUpText).toContain('A1-2 窓口待ち時間の短縮（見直し）：予約システムの改修が来年度にずれ込むため');
    expect(rollUpText).toContain('A1-1 書かない窓口の実現（伊藤 由美）');
  });

  it('refuses a forged submission for someone else\'s initiative and stores nothing', async () => {
    const forged = await stack.execute(PLAYGROUND.personalChat, ownerCardId, 'checkin.submit', {
      initiativeCode: 'A1-1', fiscalYear: 2026, quarter: 3, revision: 1, submissionId: 'forged-1', progress: '勝手に回答', weather: '晴れ', direction: '完了',
    });
    expect(String(forged.value)).toContain('施策の担当者（または PMO）だけがチェックインできます');
    const csv = await fetch(`${stack.botUrl}/api/checkins/export?fy=2026&q=3&format=csv`, { headers: { Authorization: 'Demo p-pmo' } });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain('予約システムの改修が来年度にずれ込むため');
    expect(text).not.toContain('勝手に回答');
    const store = SqliteStore.open(stack.dataDir);
    try {
      const refused = await store.audit.list({ objectType: 'initiative', objectId: 'A1-1' });
      expect(refused.map((e) => [e.action, e.actorId])).toEqual([['checkin.refused', 'p-ward-staff']]);
      expect((await store.checkIns.history('A1-2', 2026, 3)).map((c) => [c.revision, c.weather, c.submittedBy])).toEqual([
        [1, 'くもり', 'p-ward-staff'],
        [2, '雨', 'p-ward-staff'],
      ]);
    } finally {
      await store.close();
    }
  });
});
