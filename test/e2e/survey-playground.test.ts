import { Workbook } from 'exceljs';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { queueSurveyFollowUps } from '../../bot/surveys/workflow';
import { cardSchemaErrors } from '../support/adaptive-cards';
import { cardOf, cardText, PLAYGROUND, type PlaygroundEvent } from '../support/local-stack';
import { actionOf, KITA, MINAMI, type CardAction } from '../support/demo-sections';
import { created, threadOf, updated, usePlaygroundStack } from '../support/playground-fixture';

/**
 * Issue 20's done condition through Microsoft's Playground and the built server, with the demo
 * data `npm start` loads: 鈴木 健太 (HQ responder) creates a survey with a number and a choice
 * question for 北区 and 南区 保険年金課 (as the tab's form does, through the API); both answer
 * cards arrive in General (the demo binds both sections' お知らせ先 there); 佐藤 美咲 saves a
 * draft for 北区 and asks for approval on the card; 伊藤 由美 (北区's approver) approves and the
 * answer goes to HQ, whose card in the inquiry channel counts 「回答 1/2」; on the business day
 * before the 回答期限 only 南区 is reminded; HQ reads the totals and downloads the xlsx. The
 * server has no clock setting, so the follow-up step runs here against the server's own SQLite
 * file (WAL) and the server's outbox dispatcher delivers it. Turn-by-turn depth (refusals, kept
 * values, 差戻し, reopening, 延長, 取消) is in test/integration/survey-turns.test.ts.
 */
describe('全区照会 through the Playground', () => {
  const playground = usePlaygroundStack();
  const { eventAfter } = playground;
  const call = (method: string, path: string, person: string, body?: unknown) =>
    fetch(`${playground.stack.botUrl}${path}`, {
      method,
      headers: { Authorization: `Demo ${person}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('goes from a survey to two ward sections through draft, approval and sending on the card, a reminder, the totals and the xlsx', async () => {
    const { stack } = playground;
    const { wardManager, wardStaff, hqResponder } = PLAYGROUND.users;
    const dueOn = addBusinessDays(japanDateOf(new Date()), 3);

    // The bot learns its channels from a first message in each: 鈴木 健太 asks for 「照会作成」 in his
    // department's channel (a card that opens the tab's form), 佐藤 美咲 for help in General.
    let mark = stack.events.length;
    await stack.say(PLAYGROUND.inquiryChannel, hqResponder, '照会作成');
    const form = await eventAfter(mark, created(PLAYGROUND.inquiryChannel, '照会作成（本庁→区役所）'), '照会作成 card');
    expect((cardOf(form)?.actions as { type: string; url: string }[])[0]).toMatchObject({
      type: 'Action.OpenUrl',
      url: expect.stringMatching(/\/tab\/#\/surveys\/new$/),
    });
    await stack.say(PLAYGROUND.generalChannel, wardStaff, 'ヘルプ');
    await eventAfter(mark, (e) => e.actionConversationId.startsWith(PLAYGROUND.generalChannel), 'help in General');

    // 鈴木 健太 creates the survey (the tab's form posts the same JSON).
    mark = stack.events.length;
    const response = await call('POST', '/api/surveys', 'p-hq-responder', {
      title: '資格確認書の交付件数調査',
      purpose: '12月分の交付件数と主な交付方法を回答してください。',
      dueOn,
      audience: { wardSections: [KITA, MINAMI] },
      requiresWardApproval: true,
      questions: [
        { key: 'cases', label: '交付件数', type: 'number', unit: '件', min: 0, required: true },
        { key: 'method', label: '主な交付方法', type: 'choice', choices: ['窓口', '郵送'], required: true },
      ],
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };

    // One answer card per section arrives in General; HQ's card in the department's inquiry channel.
    const cardFor = (section: string) => (e: PlaygroundEvent) =>
      created(PLAYGROUND.generalChannel, id)(e) &&
      (cardOf(e)?.actions as CardAction[] | undefined)?.some((a) => a.data?.sectionId === section) === true;
    const kitaCard = await eventAfter(mark, cardFor(KITA), '北区 card');
    const minamiCard = await eventAfter(mark, cardFor(MINAMI), '南区 card');
    expect(cardText(cardOf(kitaCard))).toContain('北区役所 保険年金課');
    expect(cardText(cardOf(minamiCard))).toContain('南区役所 保険年金課');
    expect(cardSchemaErrors(cardOf(kitaCard))).toEqual([]);
    const senderCard = await eventAfter(mark, created(PLAYGROUND.inquiryChannel, '送信した照会'), "HQ's card");
    expect(cardText(cardOf(senderCard))).toContain('回答 0/2');
    expect(cardSchemaErrors(cardOf(senderCard))).toEqual([]);

    // 佐藤 美咲 (北区役所 保険年金課) saves a draft on the card, the figure typed as staff type it.
    const save = actionOf(cardOf(kitaCard), '下書き保存');
    const draft = await stack.execute(threadOf(kitaCard), kitaCard.message.messageId, save.verb, {
      ...save.data,
      'answer.cases': '１，２３４件',
      'answer.method': '',
    });
    const draftCard = draft.value as Record<string, unknown>;
    expect(draft.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(draftCard)).toContain('状況：作成中');
    expect(cardSchemaErrors(draftCard)).toEqual([]);

    // 承認依頼 from the draft card, then 伊藤 由美 approves: the answer goes to HQ.
    const ask = actionOf(draftCard, '承認依頼');
    const asked = await stack.execute(threadOf(kitaCard), kitaCard.message.messageId, ask.verb, {
      ...ask.data,
      'answer.cases': '1234',
      'answer.method': '窓口',
    });
    const askedCard = asked.value as Record<string, unknown>;
    expect(cardText(askedCard)).toContain('状況：承認待ち');
    const approve = actionOf(askedCard, '承認して本庁へ送付');
    // 佐藤 美咲 is no approver (re-checked on the server).
    const own = await stack.execute(threadOf(kitaCard), kitaCard.message.messageId, approve.verb, approve.data);
    expect(String(own.value)).toContain('照会先の課の承認者（係長・課長）だけが回答を承認・差戻しできます');
    mark = stack.events.length;
    const approved = await stack.execute(threadOf(kitaCard), kitaCard.message.messageId, approve.verb, approve.data, wardManager);
    expect(cardText(approved.value as Record<string, unknown>)).toContain('本庁へ回答を送付しました');
    const one = cardText(cardOf(await eventAfter(mark, updated(senderCard.message.messageId, '回答 1/2'), "HQ's count 1/2")));
    expect(one).toContain('未回答の課：南区役所 保険年金課');
    await eventAfter(mark, updated(kitaCard.message.messageId, '本庁へ回答を送付しました'), '北区 card updated in place');
    expect(stack.events.slice(mark).some((e) => e.message.messageId === minamiCard.message.messageId)).toBe(false);

    // The business day before the 回答期限: the follow-up step, on the server's SQLite file while it runs.
    mark = stack.events.length;
    const store = SqliteStore.open(stack.dataDir);
    try {
      // One message: 南区's reminder (北区 has answered and is not reminded).
      expect(await queueSurveyFollowUps(store, new Date(`${addBusinessDays(dueOn, -1)}T09:00:00+09:00`), `${stack.botUrl}/tab/`)).toBe(1);
    } finally {
      await store.close();
    }
    const reminder = await eventAfter(mark, created(PLAYGROUND.generalChannel, '回答期限が近づいています'), 'reminder');
    expect(cardText(cardOf(reminder))).toContain(id);
    expect(cardText(cardOf(reminder))).toContain('南区役所 保険年金課');

    // HQ's totals and the xlsx, one row per ward section.
    const view = (await (await call('GET', `/api/surveys/${id}`, 'p-hq-responder')).json()) as {
      sections: { departmentId: string; status: string; approvedBy?: string }[];
      totals: Record<string, unknown>;
    };
    expect(view.sections).toEqual([
      expect.objectContaining({ departmentId: KITA, status: 'answered', approvedBy: 'p-ward-manager' }),
      expect.objectContaining({ departmentId: MINAMI, status: 'pending' }),
    ]);
    expect(view.totals).toEqual({
      cases: { sum: 1234, mean: 1234, min: 1234, max: 1234, count: 1 },
      method: { counts: { 窓口: 1, 郵送: 0 } },
    });
    const download = await call('GET', `/api/surveys/${id}/export?format=xlsx`, 'p-hq-responder');
    expect(download.status).toBe(200);
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(await download.arrayBuffer()) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0];
    const rows = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((row) => row.slice(1));
    expect(rows[0]).toEqual(expect.arrayContaining(['区役所・課', '交付件数（件）', '主な交付方法']));
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual(expect.arrayContaining(['北区役所 保険年金課', '回答済み', 1234, '窓口']));
    expect(rows[2]).toEqual(expect.arrayContaining(['南区役所 保険年金課', '未回答']));
  });
});
