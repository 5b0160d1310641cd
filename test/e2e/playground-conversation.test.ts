import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { cardSchemaErrors } from '../support/adaptive-cards';
import { cardOf, cardText, LocalStack, PLAYGROUND } from '../support/local-stack';
import { startNode } from '../support/processes';

/**
 * One conversation through Microsoft's Playground, as Teams users would hold it: what only the
 * real HTTP path and Microsoft's client show (the built server answering the Playground, thread
 * ids the Playground assigns, installation, the CLI's outbox ping, references after a clean
 * shutdown). Turns and card presses in depth are tested in process (test/integration/*-turns.test.ts).
 */
describe('bot in the Playground', () => {
  let stack: LocalStack;
  /** The help card's message, which the card-press test presses on. */
  let helpCardId = '';

  beforeAll(async () => {
    stack = await LocalStack.start();
    await stack.connect();
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers こんにちは in personal chat with the Japanese help card', async () => {
    const reply = stack.waitForBotMessage(PLAYGROUND.personalChat);
    await stack.say(PLAYGROUND.personalChat, PLAYGROUND.users.wardStaff, 'こんにちは');
    const event = await reply;
    helpCardId = event.message.messageId;
    const card = cardOf(event);
    expect(card).toBeDefined();
    expect(cardSchemaErrors(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('本庁・区役所 連携ボットでできること');
    expect(text).toContain('佐藤 美咲 さん、こんにちは。');
    expect(text).toMatch(/令和\d+年\d+月\d+日（R\d+年度 Q[1-4]）/);
    expect(text).toContain('ヘルプ');
    expect(text).toContain('わたし');
    expect(JSON.stringify(card)).toContain(`${stack.botUrl}/tab/`);
  });

  it('replies in the channel thread and remembers the channel for later posts', async () => {
    const reply = stack.waitForBotMessage(PLAYGROUND.inquiryChannel);
    const posted = await stack.say(PLAYGROUND.inquiryChannel, PLAYGROUND.users.wardStaff, 'ＨＥＬＰ');
    const event = await reply;
    expect(posted.postConversationId).toBeDefined();
    expect(event.actionConversationId).toBe(posted.postConversationId);
    // A channel reply greets no one by name (everyone in the channel reads it) and points to the personal chat.
    const text = cardText(cardOf(event));
    expect(text).toContain('こんにちは。');
    expect(text).not.toContain('佐藤 美咲');
    expect(text).toContain('個人チャット');
  });

  it('shows each person in personal chat the help card for their role (issue 21)', async () => {
    // The ward clerk is the Playground's own user; the HQ approver's message goes through its custom-activity API.
    const helpFor = async (userId: string, name: string) => {
      const reply = stack.waitForBotMessage(PLAYGROUND.personalChat, (e) => cardText(cardOf(e)).includes(`${name} さん、こんにちは。`));
      await stack.say(PLAYGROUND.personalChat, userId, 'ヘルプ');
      return cardText(cardOf(await reply));
    };
    const clerk = await helpFor(PLAYGROUND.users.wardStaff, '佐藤 美咲');
    const approver = await helpFor(PLAYGROUND.users.hqApprover, '高橋 直子');
    for (const hqOnly of ['照会窓口に設定', 'お知らせ作成']) {
      expect(approver).toContain(hqOnly);
      expect(clerk).not.toContain(hqOnly);
    }
    for (const both of ['わたし', '照会一覧']) expect(clerk).toContain(both);
  });

  it('answers a card press (Action.Execute) through the Playground with the invoke response body', async () => {
    // The real path: the Playground's invoke → CloudAdapter → the router → the HTTP response body.
    const pressed = await stack.execute(PLAYGROUND.personalChat, helpCardId, 'inquiry.view', { number: 'Q-R8-0001' });
    expect(pressed.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(pressed.value as Record<string, unknown>)).toContain('Q-R8-0001');
  });

  it('welcomes a user who installs the app with the help card', async () => {
    const reply = stack.waitForBotMessage(PLAYGROUND.personalChat, (e) => cardText(cardOf(e)).includes('できること'));
    await stack.install(PLAYGROUND.personalChat);
    expect(cardText(cardOf(await reply))).toContain('佐藤 美咲 さん');
  });

  it('delivers a proactive message from the outbox into the personal chat (outbox ping)', async () => {
    const notice = stack.waitForBotMessage(PLAYGROUND.personalChat, (e) => (e.message.text ?? '').includes('テスト通知'), 15_000);
    const ping = startNode(['dist/bot/cli/main.js', 'outbox', 'ping', 'p-ward-staff'], { APP_DATA_DIR: stack.dataDir });
    expect((await ping.exited).code).toBe(0);
    expect((await notice).message.text).toContain('佐藤 美咲 さんにボットからのお知らせが届く');
  });

  it('stored where to reach each person and channel (read after a clean shutdown)', async () => {
    await stack.stop();
    const store = SqliteStore.open(stack.dataDir);
    const keys = await store.conversations.listKeys();
    const reference = await store.conversations.get('person:p-ward-staff');
    await store.close();
    expect(keys).toEqual(expect.arrayContaining(['person:p-ward-staff', `channel:${PLAYGROUND.inquiryChannel}`]));
    expect(reference).toMatchObject({
      conversation: { id: PLAYGROUND.personalChat },
      serviceUrl: expect.stringContaining(`:${stack.playgroundPort}`),
    });
    stack = undefined as unknown as LocalStack; // already stopped
  });
});
