import { exportCheckIns, parseExportPeriod } from '../../bot/checkins/spreadsheet/checkin-export';
import { ensureAllowed } from '../../bot/platform/authorization';
import { resolveActorByPersonId } from '../../bot/platform/identity';
import { cardSchemaErrors } from '../support/adaptive-cards';
import { cardIn, cardTextOf, findSent, TurnHarness, type Sent } from '../support/turn-harness';

type Card = { body: { id?: string; value?: string }[]; actions?: { verb: string; data: Record<string, unknown> }[] };

const GENERAL = '19:renkei-team-general@thread.tacv2';

/**
 * One quarter's check-in, turn by turn in process (real router, handlers, SQLite and outbox
 * dispatcher): the PMO opens the cycle in the team channel, the owner 佐藤 美咲 (A1-2) gets the
 * card in personal chat, answers with a mistake, fixes it, edits it, and the PMO gets the
 * roll-up. test/e2e/checkin-browser.test.ts shows the same card in the Playground's UI.
 */
describe('quarterly check-in, turn by turn', () => {
  let h: TurnHarness;
  /** The owner's check-in card message, the one a forged press pretends to come from. */
  let ownerCardId = '';

  beforeAll(async () => {
    h = await TurnHarness.start({ env: { PMO_CHANNEL_ID: GENERAL } });
    // The owner has talked to the bot once, so the bot can reach her in personal chat.
    expect(await h.say('p-ward-staff', 'こんにちは')).toHaveLength(1);
  });

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    expect(h.errors).toEqual([]);
  });

  const inputValues = (card: Card) => Object.fromEntries(card.body.filter((e) => e.id).map((e) => [e.id, e.value]));
  const inPersonalChat = (s: Sent) => s.conversationId === h.personalChatOf('p-ward-staff');

  it('runs a whole cycle: open → card → invalid answer kept → fixed → summary → edit → roll-up', async () => {
    const replies = await h.say('p-pmo', 'チェックイン開始 R8 Q3', { channel: GENERAL });
    const delivered = await h.deliverOutbox();
    const openedText =
      findSent([...replies, ...delivered], 'チェックイン', (s) => s.conversationId.startsWith(GENERAL)).activity.text ?? '';
    expect(openedText).toContain('R8年度 Q3 のチェックインを開始しました');
    // Only 佐藤 美咲 has a personal chat with the bot; the other owners are named for the PMO.
    expect(openedText).toContain('カードを 1 人に送ります');
    expect(openedText).toMatch(/届けられない担当者：.*鈴木 健太/);
    expect(openedText).toContain('担当者が登録されていない施策：B1-7A');

    const event = findSent(delivered, '窓口待ち時間の短縮', inPersonalChat);
    expect(event.proactive).toBe(true);
    const form = cardIn(event) as unknown as Card;
    expect(cardSchemaErrors(form)).toEqual([]);
    expect(cardTextOf(form)).toContain('窓口平均待ち時間（区役所市民課）：目標 20分（低いほど良い');
    const submit = form.actions?.[0];
    expect(submit?.verb).toBe('checkin.submit');
    const cardId = event.id;
    ownerCardId = cardId;
    const answer = {
      progress: '北区・南区で窓口予約システムを稼働。待ち時間を毎週計測している。',
      weather: 'くもり',
      direction: '継続',
      directionReason: '',
      nextActions: '3月繁忙期の応援体制を決める',
      'kpi.A1-2-k1': '二十四分',
    };
    const press = (verb: string, data: Record<string, unknown>) => h.press('p-ward-staff', verb, data, 'personal', cardId);

    const invalid = await press(submit!.verb, { ...submit!.data, ...answer });
    expect(invalid.body?.type).toBe('application/vnd.microsoft.card.adaptive');
    const shownAgain = invalid.card as unknown as Card;
    expect(cardTextOf(shownAgain)).toContain('窓口平均待ち時間（区役所市民課）は数値で入力してください');
    expect(inputValues(shownAgain)).toEqual(answer);

    const fixed = { ...answer, 'kpi.A1-2-k1': '24.5' };
    const saved = await press(submit!.verb, { ...(shownAgain.actions?.[0].data ?? {}), ...fixed });
    const summary = saved.card as unknown as Card;
    const summaryText = cardTextOf(summary);
    expect(summaryText).toContain('チェックイン提出済み：R8年度 Q3');
    expect(summaryText).toContain('24.5分');
    expect(summaryText).toContain('第 1 版');
    expect(summary.body.some((e) => e.id)).toBe(false);

    // Pressing 提出する again (or a replayed request) stores nothing new.
    const replay = await press(submit!.verb, { ...(shownAgain.actions?.[0].data ?? {}), ...fixed, progress: '二度押し' });
    expect(cardTextOf(replay.card)).toContain('第 1 版');
    expect(cardTextOf(replay.card)).not.toContain('二度押し');

    // 修正する: the form comes back filled in; a 見直し without a reason is refused, with one it is revision 2.
    const edit = summary.actions?.find((a) => a.verb === 'checkin.edit');
    const editForm = (await press('checkin.edit', edit!.data)).card as unknown as Card;
    expect(inputValues(editForm)).toMatchObject({ progress: fixed.progress, 'kpi.A1-2-k1': '24.5', weather: 'くもり' });
    const resubmit = editForm.actions![0];
    const noReason = await press(resubmit.verb, { ...resubmit.data, ...fixed, weather: '雨', direction: '見直し' });
    expect(cardTextOf(noReason.card)).toContain('今後の方向性が「見直し」のときは、方向性理由を入力してください。');
    const revised = await press(resubmit.verb, {
      ...resubmit.data,
      ...fixed,
      weather: '雨',
      direction: '見直し',
      directionReason: '予約システムの改修が来年度にずれ込むため',
    });
    expect(cardTextOf(revised.card)).toContain('第 2 版');

    // The PMO asks for the roll-up in the channel.
    const rollUp = [...(await h.say('p-pmo', '集計', { channel: GENERAL })), ...(await h.deliverOutbox())];
    const rollUpText = cardTextOf(cardIn(findSent(rollUp, 'チェックイン集計', (s) => s.conversationId.startsWith(GENERAL))));
    expect(rollUpText).toContain('チェックイン集計：R8年度 Q3');
    expect(rollUpText).toMatch(/回答 1 \/ 15 件（未回答 14 件）/);
    expect(rollUpText).toContain('A1-2 窓口待ち時間の短縮（見直し）：予約システムの改修が来年度にずれ込むため');
    expect(rollUpText).toContain('A1-1 書かない窓口の実現（伊藤 由美）');
  });

  it("refuses a forged submission for someone else's initiative and stores nothing", async () => {
    const forged = await h.press(
      'p-ward-staff',
      'checkin.submit',
      {
        initiativeCode: 'A1-1',
        fiscalYear: 2026,
        quarter: 3,
        revision: 1,
        submissionId: 'forged-1',
        progress: '勝手に回答',
        weather: '晴れ',
        direction: '完了',
      },
      'personal',
      ownerCardId,
    );
    expect(forged.message).toContain('施策の担当者（または PMO）だけがチェックインできます');
    // What the PMO's export (GET /api/checkins/export?fy=2026&q=3&format=csv) would contain.
    const pmo = await resolveActorByPersonId(h.store, 'p-pmo');
    if (pmo.kind !== 'known') throw new Error('p-pmo missing');
    expect(() => ensureAllowed(pmo.actor, 'checkin.export')).not.toThrow();
    const period = parseExportPeriod('2026', '3');
    if ('error' in period) throw new Error(period.error);
    const text = (await exportCheckIns(h.store, period, 'csv')).body.toString('utf8');
    expect(text).toContain('予約システムの改修が来年度にずれ込むため');
    expect(text).not.toContain('勝手に回答');
    const refused = await h.store.audit.list({ objectType: 'initiative', objectId: 'A1-1' });
    expect(refused.map((e) => [e.action, e.actorId])).toEqual([['checkin.refused', 'p-ward-staff']]);
    expect((await h.store.checkIns.history('A1-2', 2026, 3)).map((c) => [c.revision, c.weather, c.submittedBy])).toEqual([
      [1, 'くもり', 'p-ward-staff'],
      [2, '雨', 'p-ward-staff'],
    ]);
  });
});
