import { whoamiCommand } from '../../bot/help/whoami-command';
import { t } from '../../bot/platform/i18n';
import { cardSchemaErrors } from '../support/adaptive-cards';
import { BOT, cardIn, cardTextOf, fakeTurn, TurnHarness } from '../support/turn-harness';

const INQUIRY_CHANNEL = '19:hoken-nenkin-inquiries@thread.tacv2';
const GROUP_CHAT = '19:renkei-group-chat@thread.v2';
const STRANGER = { aadObjectId: '00000000-0000-4000-8000-00000000dead' };

/**
 * Conversations and card presses in process (real router, handlers and SQLite file, demo data):
 * who is asking in each kind of conversation, and what a press that cannot be carried out gets.
 * test/e2e/playground-conversation.test.ts keeps one conversation through the Playground.
 */
describe('bot turns', () => {
  let h: TurnHarness;

  beforeAll(async () => {
    h = await TurnHarness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    expect(h.errors).toEqual([]);
  });

  /** Every record a press could change (the audit log records refusals, so it is left out). */
  async function records() {
    return {
      inquiries: await h.store.inquiries.list(),
      checkIns: await Promise.all(
        (await h.store.checkInCycles.list()).map((c) => h.store.checkIns.listForQuarter(c.fiscalYear, c.quarter)),
      ),
      cycles: await h.store.checkInCycles.list(),
      outbox: await h.store.outbox.countByStatus(),
    };
  }

  describe('conversations', () => {
    it('answers こんにちは in personal chat with the Japanese help card, linking the tab', async () => {
      const [reply, ...more] = await h.say('p-ward-staff', 'こんにちは');
      expect(more).toEqual([]);
      expect(reply.conversationId).toBe(h.personalChatOf('p-ward-staff'));
      const card = cardIn(reply);
      expect(cardSchemaErrors(card)).toEqual([]);
      const text = cardTextOf(card);
      expect(text).toContain('本庁・区役所 連携ボットでできること');
      expect(text).toContain('佐藤 美咲 さん、こんにちは。');
      expect(text).toMatch(/令和\d+年\d+月\d+日（R\d+年度 Q[1-4]）/);
      expect(JSON.stringify(card)).toContain(h.tabUrl);
      expect(await h.store.conversations.get('person:p-ward-staff')).toMatchObject({
        conversation: { id: h.personalChatOf('p-ward-staff') },
      });
    });

    it('knows who is asking in a group chat when @mentioned', async () => {
      const [reply] = await h.say('p-pmo', 'わたし', { groupChat: GROUP_CHAT });
      expect(reply.conversationId).toBe(GROUP_CHAT);
      const text = cardTextOf(cardIn(reply));
      expect(text).toContain('田中 誠（主査）');
      expect(text).toContain('総務局 DX推進課');
      expect(text).toContain('PMO');
      expect(text).not.toContain('承認者');
    });

    it('replies in the channel thread with the channel version (no one greeted by name, only what everyone may use) and remembers the channel itself', async () => {
      const [reply] = await h.say('p-hq-approver', 'ヘルプ', { channel: INQUIRY_CHANNEL });
      expect(reply.conversationId).toMatch(new RegExp(`^${INQUIRY_CHANNEL};messageid=`));
      const text = cardTextOf(cardIn(reply));
      expect(text).not.toContain('高橋 直子');
      expect(text).toContain('こんにちは。');
      expect(text).toContain(t('ja', 'help.channelHint'));
      expect(text).not.toContain('照会窓口に設定'); // hers to use, but not everyone's in the channel
      expect(await h.store.conversations.get(`channel:${INQUIRY_CHANNEL}`)).toMatchObject({ conversation: { id: INQUIRY_CHANNEL } });
    });

    it('lists in personal chat only the commands each person may use (issue 21)', async () => {
      const commandsOf = async (person: string) => cardTextOf(cardIn((await h.say(person, 'ヘルプ'))[0]));
      const clerk = await commandsOf('p-ward-staff');
      expect(clerk).toContain('佐藤 美咲 さん、こんにちは。');
      for (const shown of ['質問', 'チェックイン', 'わたし', '応答確認', '照会一覧']) expect(clerk).toContain(shown);
      for (const hidden of ['チェックイン開始', '照会窓口に設定', 'お知らせ先に設定', 'お知らせ作成', '集計'])
        expect(clerk).not.toContain(hidden);
      const pmo = await commandsOf('p-pmo');
      for (const shown of ['チェックイン開始 R8 Q3', '集計 R8 Q3', '応答確認']) expect(pmo).toContain(shown);
      const hqApprover = await commandsOf('p-hq-approver');
      expect(hqApprover).toContain('照会窓口に設定');
      expect(hqApprover).toContain('お知らせ作成');
      expect(hqApprover).not.toContain('お知らせ先に設定');
      expect(hqApprover).not.toContain('チェックイン開始');
      const wardManager = await commandsOf('p-ward-manager');
      expect(wardManager).toContain('お知らせ先に設定');
      expect(wardManager).not.toContain('照会窓口に設定');
    });

    // A question in words is searched now (issue 22; test/integration/chat-search.test.ts); one nothing matches is still answered plainly.
    it('says plainly when it does not understand, instead of pretending to answer', async () => {
      const [reply] = await h.say('p-ward-staff', 'ぴよぴよはいつですか');
      expect(reply.activity.textFormat).toBe('plain');
      expect(reply.activity.text).toContain('「ぴよぴよはいつですか」は分かりませんでした');
      expect(reply.activity.text).toContain('該当する判断事例は見つかりませんでした');
      expect(reply.activity.text).toContain('ヘルプ');
    });

    it('welcomes a user who installs the app with the help card, and ignores other members joining', async () => {
      const [welcome] = await h.install('p-ward-manager');
      expect(cardTextOf(cardIn(welcome))).toContain('伊藤 由美 さん');
      const joined = await h.send({
        type: 'conversationUpdate',
        membersAdded: [{ id: '29:someone-else', name: '山本 一郎' }],
        conversation: { id: GROUP_CHAT, conversationType: 'groupChat' } as never,
        serviceUrl: 'https://smba.trafficmanager.net/jp/',
        recipient: BOT,
        from: { id: '29:x' } as never,
      });
      expect(joined.sent).toEqual([]);
    });

    it('tells someone outside the staff directory what to do, in every conversation', async () => {
      for (const place of ['personal', { groupChat: GROUP_CHAT }, { channel: INQUIRY_CHANNEL }] as const) {
        const [reply] = await h.say(STRANGER, 'わたし', place);
        expect(reply.activity.text).toBe(t('ja', 'help.unregistered'));
      }
    });
  });

  describe('card presses that cannot be carried out', () => {
    it('answers an unknown verb, or a verb that is not text, with one clear message and no change', async () => {
      const before = await records();
      for (const verb of ['checkin.nope', 'inquiry.delete', '', 42, null, undefined, { verb: 'inquiry.claim' }]) {
        const result = await h.press('p-admin', verb, { number: 'Q-R8-0001' });
        expect(result.status).toBe(200);
        expect(result.message).toBe(t('ja', 'unknownAction'));
      }
      expect(await records()).toEqual(before);
    });

    it('answers a press without its data (or with data that is not an object) by naming what it could not read and pointing to a fresh card', async () => {
      const before = await records();
      const unreadable = /^このカードの内容（[A-Za-z.()]+）を読み取れませんでした。.*最新のカードを開き直してください。$/;
      for (const data of [undefined, null, 'Q-R8-0001', ['Q-R8-0001'], {}]) {
        expect((await h.press('p-hq-responder', 'inquiry.claim', data)).message).toMatch(unreadable);
        expect((await h.press('p-ward-staff', 'checkin.submit', data)).message).toMatch(unreadable);
      }
      expect(await records()).toEqual(before);
    });

    it('refuses a press by someone without the role, says why, records the refusal and changes nothing', async () => {
      const before = await records();
      const refusalsBefore = (await h.store.audit.list({ actions: ['inquiry.refused'], limit: 10_000 })).length;
      expect((await h.press('p-ward-staff', 'inquiry.claim', { number: 'Q-R8-0001' })).message).toBe(
        `${t('ja', 'forbidden', { reason: '' })}宛先の所管課の職員だけが対応できます`,
      );
      // Q-R8-0002 waits for approval; a responder without the approver role may not approve it.
      const draftedAt = (await h.store.inquiries.get('Q-R8-0002'))?.draft?.draftedAt;
      expect(draftedAt).toEqual(expect.any(String));
      expect((await h.press('p-hq-responder', 'inquiry.approve', { number: 'Q-R8-0002', draftedAt })).message).toContain(
        '所管課の承認者（係長・課長）だけが承認できます',
      );
      expect((await h.press(STRANGER, 'inquiry.claim', { number: 'Q-R8-0001' })).message).toBe(t('ja', 'help.unregistered'));
      expect(await records()).toEqual(before);
      expect((await h.store.audit.list({ actions: ['inquiry.refused'], limit: 10_000 })).length).toBeGreaterThan(refusalsBefore);
    });

    it('refuses a command by someone without the role in the channel it was typed in', async () => {
      const before = await records();
      const [reply] = await h.say('p-ward-staff', 'チェックイン開始 R8 Q3', { channel: INQUIRY_CHANNEL });
      expect(reply.conversationId).toMatch(new RegExp(`^${INQUIRY_CHANNEL};messageid=`));
      expect(reply.activity.text).toBe(`${t('ja', 'forbidden', { reason: '' })}PMO（業務改革の推進担当）または管理者だけが行えます`);
      expect(await records()).toEqual(before);
    });

    it('refuses an invoke the bot does not declare with 400, not a server fault', async () => {
      const result = await h.send({
        type: 'invoke',
        name: 'task/fetch',
        conversation: { id: 'a:x' } as never,
        serviceUrl: 'https://smba.trafficmanager.net/jp/',
        from: { id: '29:x' } as never,
        recipient: BOT,
        value: {},
      });
      expect(result.invokeResponse).toMatchObject({ status: 400, body: { error: { code: 'UnsupportedInvoke' } } });
      expect(result.sent).toEqual([]);
    });

    it('answers an Action.Submit by replacing the card it came from, or in the conversation', async () => {
      const [updated, ...more] = await h.submit('p-hq-responder', 'inquiry.view', { number: 'Q-R8-0001' }, 'personal', 'card-7');
      expect(more).toEqual([]);
      expect(updated).toMatchObject({ kind: 'update', id: 'card-7' });
      expect(cardTextOf(cardIn(updated))).toContain('Q-R8-0001');
      const [sent] = await h.submit('p-hq-responder', 'inquiry.view', { number: 'Q-R8-0001' }, { channel: INQUIRY_CHANNEL });
      expect(sent.kind).toBe('send');
      expect(cardTextOf(cardIn(sent))).toContain('Q-R8-0001');
      // A message (not a card) cannot replace a card: it is posted in the conversation instead.
      const [refused] = await h.submit('p-admin', 'nope', {}, 'personal', 'card-8');
      expect(refused).toMatchObject({ kind: 'send', activity: { text: t('ja', 'unknownAction') } });
    });
  });

  describe('fakeTurn, for one handler', () => {
    it('runs わたし for a demo person and for a stranger without botbuilder', async () => {
      const known = await fakeTurn(h.store, { as: 'p-hq-approver', text: 'わたし' });
      await whoamiCommand().handle(known.turn, '');
      expect(cardTextOf((known.replies[0] as { card: unknown }).card)).toContain('高橋 直子');
      expect(cardTextOf((known.replies[0] as { card: unknown }).card)).toContain('高橋 直子（係長）');
      // A title with its own brackets is not wrapped in another pair.
      const admin = await fakeTurn(h.store, { as: 'p-admin', text: 'わたし' });
      await whoamiCommand().handle(admin.turn, '');
      expect(cardTextOf((admin.replies[0] as { card: unknown }).card)).toContain('渡辺 翔　主任（情報システム担当）');
      expect(cardTextOf((admin.replies[0] as { card: unknown }).card)).not.toContain('））');
      const stranger = await fakeTurn(h.store, { aadObjectId: STRANGER.aadObjectId });
      await whoamiCommand().handle(stranger.turn, '');
      expect(stranger.replies).toEqual([{ text: t('ja', 'help.unregistered') }]);
    });
  });
});
