import type { OutboxMessage } from '../../bot/platform/outbox/model';
import { resolveTarget, threadConversationId } from '../../bot/platform/outbox/targets';

const channelRef = {
  serviceUrl: 'https://smba.example/',
  conversation: { id: '19:general@thread.tacv2', conversationType: 'channel' },
  bot: { id: '28:bot' },
};

function deps(
  sent: Partial<OutboxMessage> | undefined,
  references: Record<string, Record<string, unknown>> = { 'channel:19:general@thread.tacv2': channelRef },
) {
  return {
    outbox: { get: async () => sent as OutboxMessage | undefined },
    conversations: {
      get: async (key: string) => references[key],
      listKeys: async (prefix?: string) => Object.keys(references).filter((k) => k.startsWith(prefix ?? '')),
    },
  };
}

describe('outbox delivery targets', () => {
  it('replies in the thread started by an earlier message, once that one is sent', async () => {
    const message = {
      conversationKey: 'channel:19:general@thread.tacv2',
      payload: { activity: { type: 'message' }, replyInThreadOf: 'inquiry:Q-R8-0005:thread' },
    };
    expect(await resolveTarget(message, deps({ status: 'pending', sentActivityId: null }))).toMatchObject({ kind: 'wait' });
    const ready = await resolveTarget(message, deps({ status: 'sent', sentActivityId: '1700000000001' }));
    expect(ready).toMatchObject({ kind: 'ready', reference: { conversation: { id: '19:general@thread.tacv2;messageid=1700000000001' } } });
    expect(await resolveTarget(message, deps({ status: 'dead', sentActivityId: null }))).toMatchObject({ kind: 'dead' });
    expect(await resolveTarget(message, deps(undefined))).toMatchObject({ kind: 'dead' });
  });

  it('updates the activity an earlier message sent', async () => {
    const message = {
      conversationKey: 'channel:19:general@thread.tacv2',
      payload: { activity: { type: 'message', text: 'v2' }, updateOf: 'inquiry:Q-R8-0005:thread' },
    };
    expect(await resolveTarget(message, deps({ status: 'sent', sentActivityId: 'root-1' }))).toMatchObject({
      kind: 'ready',
      payload: { activityId: 'root-1' },
      reference: channelRef,
    });
  });

  it('posts to a channel the bot has not heard in through a sibling channel of the team, and gives up without any', async () => {
    const message = { conversationKey: 'channel:19:inquiries@thread.tacv2', payload: { activity: { type: 'message' } } };
    expect(await resolveTarget(message, deps(undefined))).toMatchObject({
      kind: 'ready',
      reference: { serviceUrl: 'https://smba.example/', conversation: { id: '19:inquiries@thread.tacv2', conversationType: 'channel' } },
    });
    expect(await resolveTarget(message, deps(undefined, {}))).toMatchObject({
      kind: 'dead',
      reason: expect.stringContaining('会話が登録されていません'),
    });
    expect(await resolveTarget({ conversationKey: 'person:p-1', payload: { activity: {} } }, deps(undefined))).toMatchObject({
      kind: 'dead',
    });
  });

  it('builds a thread id from a channel id even if it already names a thread', () => {
    expect(threadConversationId('19:a@thread.tacv2;messageid=1', '2')).toBe('19:a@thread.tacv2;messageid=2');
  });
});
