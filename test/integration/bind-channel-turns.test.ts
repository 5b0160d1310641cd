import type { Person } from '../../bot/directory/model';
import { INQUIRY_CHANNEL, KITA } from '../support/demo-sections';
import { TurnHarness } from '../support/turn-harness';

/**
 * 照会窓口に設定 / お知らせ先に設定 through the real router: the channel is bound and audited, and
 * every answer (wrong place, unknown or ambiguous department, done) is in the speaker's language.
 */
const NEW_CHANNEL = '19:hoken-nenkin-new-desk@thread.tacv2';
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

describe('binding a channel to a department', () => {
  let h: TurnHarness;

  beforeAll(async () => {
    h = await TurnHarness.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('makes the channel HQ 保険年金課’s inquiry desk, audited, and says so in Japanese', async () => {
    const [reply] = await h.say('p-hq-approver', '照会窓口に設定 保険年金課', { channel: NEW_CHANNEL });
    expect(reply.activity.text).toBe(
      'このチャネルを 健康福祉局 保険年金課 の照会窓口にしました。区役所からの疑義照会はここにスレッドで届きます。',
    );
    expect((await h.store.departments.get('hq-hoken-nenkin'))?.inquiryChannelId).toBe(NEW_CHANNEL);
    const audit = await h.store.audit.list({ objectType: 'department', objectId: 'hq-hoken-nenkin' });
    expect(audit.map((a) => a.action)).toContain('directory.bind.inquiryChannel');
  });

  it('asks for a channel in personal chat, and names an unknown department without binding anything', async () => {
    const before = await h.store.departments.get(KITA);
    const [personal] = await h.say('p-hq-approver', 'お知らせ先に設定 北区役所 保険年金課');
    expect(personal.activity.text).toBe(
      'お知らせ先にしたいチャネルで、ボットをメンションして「お知らせ先に設定 北区役所 保険年金課」と送ってください。',
    );
    const [unknown] = await h.say('p-hq-approver', '照会窓口に設定 存在しない課', { channel: INQUIRY_CHANNEL });
    expect(unknown.activity.text).toBe('「存在しない課」という本庁の課は見つかりません（例：照会窓口に設定 保険年金課）。');
    expect(await h.store.departments.get(KITA)).toEqual(before);
  });

  it('answers an English speaker in English, Japanese left only in what to type and the department’s name', async () => {
    const approver = (await h.store.people.get('p-hq-approver')) as Person;
    await h.store.people.upsert({ ...approver, locale: 'en' });
    const replies = [
      ...(await h.say('p-hq-approver', '照会窓口に設定 保険年金課')),
      ...(await h.say('p-hq-approver', '照会窓口に設定 存在しない課', { channel: INQUIRY_CHANNEL })),
      ...(await h.say('p-hq-approver', '照会窓口に設定 保険年金課', { channel: INQUIRY_CHANNEL })),
    ].map((r) => r.activity.text ?? '');
    expect(replies).toEqual([
      'In the channel that should receive inquiries, mention the bot and send "照会窓口に設定 保険年金課".',
      'There is no HQ department "存在しない課" (e.g. 照会窓口に設定 保険年金課).',
      "This channel now receives the inquiries of 健康福祉局 保険年金課: ward offices' questions arrive here as threads.",
    ]);
    const leftovers = replies.map((text) =>
      text.replace(/照会窓口に設定 保険年金課|存在しない課|健康福祉局 保険年金課/g, '').replace(/[「」（）。、]/g, (c) => `[${c}]`),
    );
    for (const text of leftovers) expect(text).not.toMatch(JAPANESE);
    for (const text of leftovers) expect(text).not.toMatch(/\[[「」（）。、]\]/); // no Japanese punctuation either
    await h.store.people.upsert(approver);
  });
});
