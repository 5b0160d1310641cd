import { queueNoticeFollowUps } from '../../bot/notices/workflow';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import path from 'node:path';
import { cardSchemaErrors } from '../support/adaptive-cards';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { cardOf, cardText, PLAYGROUND, type PlaygroundEvent } from '../support/local-stack';
import { actionOf, KITA, MINAMI, type CardAction } from '../support/demo-sections';
import { created, threadOf, updated, usePlaygroundStack } from '../support/playground-fixture';

/**
 * Issue 19's done condition (chat part) through Microsoft's Playground and the built server,
 * with the demo data `npm start` loads: 鈴木 健太 (HQ responder) writes a 制度改正 from
 * 「お知らせ作成」 for 北区 and 南区 保険年金課; his department sends as an organisation, so
 * 高橋 直子 (approver) approves and it goes out; both cards arrive in General (the demo binds
 * both sections' お知らせ先 there: the Playground has one extra channel only); 佐藤 美咲 confirms
 * for 北区 on the card; the sender's card counts 「確認 1/2」; and on the business day before
 * the 確認期限 only 南区 is reminded; the sender's tab shows the matrix. The server has no clock setting, so the follow-up step runs
 * here against the server's own SQLite file (WAL) and the server's outbox dispatcher delivers it.
 * Turn-by-turn depth (errors, forgery, escalation, 訂正) is in test/integration/notice-turns.test.ts.
 */
describe('お知らせ through the Playground', () => {
  const playground = usePlaygroundStack();
  const { eventAfter } = playground;
  const api = async (path: string, person: string) => {
    const response = await fetch(`${playground.stack.botUrl}${path}`, { headers: { Authorization: `Demo ${person}` } });
    expect(response.status).toBe(200);
    return response.json();
  };

  it('goes from 「お知らせ作成」 through approval to two ward sections, a confirmation on the card, the count and a reminder', async () => {
    const { stack } = playground;
    const { hqResponder, hqApprover } = PLAYGROUND.users;

    // The Playground's own user is ward staff: the command is refused to her.
    let mark = stack.events.length;
    await stack.say(PLAYGROUND.personalChat, PLAYGROUND.users.wardStaff, 'お知らせ作成');
    expect((await eventAfter(mark, (e) => (e.message.text ?? '').includes('回答担当者・承認者だけ'), 'refusal')).actionConversationId).toBe(
      PLAYGROUND.personalChat,
    );

    // 鈴木 健太 asks for the form in personal chat and sends it for approval.
    mark = stack.events.length;
    await stack.say(PLAYGROUND.personalChat, hqResponder, 'お知らせ作成');
    const form = await eventAfter(mark, created(PLAYGROUND.personalChat, 'お知らせ作成（本庁→区役所）'), 'compose form');
    expect(cardSchemaErrors(cardOf(form))).toEqual([]);
    const submit = actionOf(cardOf(form), '承認を依頼する');
    const inputs = {
      kind: '制度改正',
      title: '国保の資格喪失日の取扱い',
      body: '令和9年4月1日から、資格喪失日は転出日の翌日とします。',
      effectiveOn: '',
      confirmBy: '',
      audienceMode: 'wardSections',
      category: '',
      wardSections: `${KITA},${MINAMI}`,
      rulingIds: '',
      supersedesRulingIds: '',
      manualIds: '',
    };
    // The Playground gives its personal chat to 佐藤 美咲 alone, so his press is forwarded as his activity.
    mark = stack.events.length;
    await stack.pressAs(PLAYGROUND.personalChat, hqResponder, form.message.messageId, submit.verb, { ...submit.data, ...inputs });

    // 高橋 直子 has not opened the bot, so the request goes to the department's inquiry channel, beside the sender's card.
    const approval = await eventAfter(mark, created(PLAYGROUND.inquiryChannel, 'お知らせの承認依頼'), 'approval request');
    const id = /N-R\d+-\d{4}/.exec(cardText(cardOf(approval)))?.[0] as string;
    expect(id).toBeDefined();
    expect(cardText(cardOf(approval))).toContain('鈴木 健太');
    const senderCard = await eventAfter(mark, created(PLAYGROUND.inquiryChannel, '送信したお知らせ'), "sender's card");
    expect(cardText(cardOf(senderCard))).toContain('状態：承認待ち');
    expect(stack.events.slice(mark).some((e) => e.actionConversationId.startsWith(PLAYGROUND.generalChannel))).toBe(false);

    // The author, a responder and no approver, cannot send it (re-checked on the server); the approver does.
    const approve = actionOf(cardOf(approval), '承認して送信');
    const own = await stack.execute(threadOf(approval), approval.message.messageId, approve.verb, approve.data, hqResponder);
    expect(String(own.value)).toContain('送信する課の承認者（係長・課長）だけが承認できます');
    mark = stack.events.length;
    const approved = await stack.execute(threadOf(approval), approval.message.messageId, approve.verb, approve.data, hqApprover);
    expect(cardText(approved.value as Record<string, unknown>)).toContain(`${id} を承認し、2 課に送信しました。`);

    // One card per section arrives in General; the sender's card counts 0/2 in place.
    const cardFor = (section: string) => (e: PlaygroundEvent) =>
      created(PLAYGROUND.generalChannel, id)(e) &&
      (cardOf(e)?.actions as CardAction[] | undefined)?.some((a) => a.data?.sectionId === section) === true;
    const kitaCard = await eventAfter(mark, cardFor(KITA), '北区 card');
    const minamiCard = await eventAfter(mark, cardFor(MINAMI), '南区 card');
    expect(cardText(cardOf(kitaCard))).toContain('北区役所 保険年金課');
    expect(cardText(cardOf(minamiCard))).toContain('南区役所 保険年金課');
    expect(cardSchemaErrors(cardOf(kitaCard))).toEqual([]);
    expect(cardText(cardOf(kitaCard))).toContain('国保の資格喪失日の取扱い');
    const zero = cardText(cardOf(await eventAfter(mark, updated(senderCard.message.messageId, '確認 0/2'), 'sender count 0/2')));
    expect(zero).toContain('未確認の課：北区役所 保険年金課、南区役所 保険年金課');

    // 佐藤 美咲 (北区役所 保険年金課) presses 確認しました on 北区's card: the Playground's invoke path.
    const confirm = actionOf(cardOf(kitaCard), '確認しました');
    mark = stack.events.length;
    const confirmed = await stack.execute(threadOf(kitaCard), kitaCard.message.messageId, confirm.verb, confirm.data);
    const confirmedCard = confirmed.value as Record<string, unknown>;
    expect(confirmed.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(confirmedCard)).toContain('佐藤 美咲 さんが課として確認しました');
    expect((confirmedCard.actions as CardAction[]).map((a) => a.title)).not.toContain('確認しました');
    await eventAfter(mark, updated(kitaCard.message.messageId, '佐藤 美咲 さんが課として確認しました'), '北区 card updated in place');
    const one = cardText(cardOf(await eventAfter(mark, updated(senderCard.message.messageId, '確認 1/2'), 'sender count 1/2')));
    expect(one).toContain('未確認の課：南区役所 保険年金課');
    expect(one).not.toContain('北区役所 保険年金課、');
    expect(stack.events.slice(mark).some((e) => e.message.messageId === minamiCard.message.messageId)).toBe(false);

    const notice = (await api(`/api/notices/${id}`, 'p-hq-approver')) as {
      confirmBy: string;
      sections: { departmentId: string; status: string; confirmedBy?: string }[];
    };
    expect(notice.sections).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ departmentId: KITA, status: 'confirmed', confirmedBy: 'p-ward-staff' }),
        expect.objectContaining({ departmentId: MINAMI, status: 'pending' }),
      ]),
    );
    expect(notice.confirmBy).toBe(addBusinessDays(japanDateOf(new Date()), 5)); // the default: 5 business days

    // The business day before the 確認期限: the follow-up step, on the server's SQLite file while it runs.
    mark = stack.events.length;
    const store = SqliteStore.open(stack.dataDir);
    try {
      const dayBefore = new Date(`${addBusinessDays(notice.confirmBy, -1)}T09:00:00+09:00`);
      // One message: 南区's reminder (北区 has confirmed and is not reminded).
      expect(await queueNoticeFollowUps(store, dayBefore, `${stack.botUrl}/tab/`)).toBe(1);
    } finally {
      await store.close();
    }
    const reminder = await eventAfter(mark, created(PLAYGROUND.generalChannel, '確認期限が近づいています'), 'reminder');
    const reminderText = cardText(cardOf(reminder));
    expect(reminderText).toContain(id);
    expect(reminderText).toContain('南区役所 保険年金課');
    expect(actionOf(cardOf(reminder), '確認しました').data).toMatchObject({ noticeId: id, sectionId: MINAMI });

    // The sender's view in the tab (real Chromium, the same server): the matrix of ward sections.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.botUrl}/tab/#/notices/${encodeURIComponent(id)}`);
      await page.getByRole('button', { name: '鈴木 健太 としてサインイン' }).click();
      const matrix = page.getByTestId('notice-matrix');
      await matrix.waitFor();
      const rowOf = (name: string) => matrix.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
      await expect(rowOf('北区役所 保険年金課').textContent()).resolves.toContain('確認済み');
      await expect(rowOf('北区役所 保険年金課').textContent()).resolves.toContain('佐藤 美咲');
      await expect(rowOf('南区役所 保険年金課').textContent()).resolves.toContain('未確認');
      await expect(matrix.locator('caption').textContent()).resolves.toContain('1/2');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'notice-playground-matrix.png'), fullPage: true, animations: 'disabled' });
    } finally {
      await browser.close();
    }
  });
});
