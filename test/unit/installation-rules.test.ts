import { InstallError, type AppInstaller } from '../../bot/platform/outbox/app-installer';
import { classifyInstallError, GLOBAL_SERVICE_URL, installKeys, ProactiveInstallation } from '../../bot/platform/outbox/installation';
import type { ClaimedOutboxMessage, NewOutboxMessage, OutboxMessage } from '../../bot/platform/outbox/model';

describe('what a failed installation means', () => {
  it('waits out 429 as Retry-After says, retries 5xx and network errors, and gives up on 403 and 404 with the reason', () => {
    expect(classifyInstallError(new InstallError('throttled', 429, 3000))).toMatchObject({ kind: 'throttled', retryAfterMs: 3000 });
    expect(classifyInstallError(new InstallError('down', 503))).toMatchObject({ kind: 'retry' });
    expect(classifyInstallError(new Error('ECONNRESET'))).toMatchObject({ kind: 'retry', reason: expect.stringContaining('ECONNRESET') });
    expect(classifyInstallError(new InstallError('no licence', 403))).toEqual({
      kind: 'dead',
      reason: expect.stringMatching(/^403 Teams のライセンスがないか、アプリの許可ポリシー.*no licence/),
    });
    expect(classifyInstallError(new InstallError('no user', 404))).toMatchObject({ kind: 'dead', reason: expect.stringMatching(/^404 /) });
    expect(classifyInstallError(new InstallError('bad body', 400))).toMatchObject({ kind: 'dead', reason: expect.stringMatching(/^400 /) });
  });
});

/** An outbox and conversations in memory, enough for ProactiveInstallation. */
function fixture(installer: Partial<AppInstaller>) {
  const outbox = new Map<string, OutboxMessage>();
  const conversations = new Map<string, Record<string, unknown>>();
  const audit: { action: string; objectId: string }[] = [];
  const installation = new ProactiveInstallation({
    outbox: {
      get: async (key) => outbox.get(key),
      enqueue: async (m: NewOutboxMessage) => {
        if (outbox.has(m.key)) return false;
        const at = new Date().toISOString();
        outbox.set(m.key, {
          ...m,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: at,
          lastError: null,
          createdAt: at,
          sentAt: null,
          sentActivityId: null,
        });
        return true;
      },
    },
    conversations: {
      get: async (key) => conversations.get(key),
      save: async (key, reference) => void conversations.set(key, reference),
      listKeys: async () => [...conversations.keys()],
    },
    audit: { append: async (entry) => (audit.push(entry), { ...entry, id: String(audit.length), at: '' }) as never },
    people: { get: async (id) => (id === 'p1' ? { id, entraObjectId: 'aad-1' } : undefined) },
    departments: { list: async () => [] },
    installer: installer as AppInstaller,
    bot: { appId: 'bot-app', tenantId: 'tenant' },
  });
  const claimed = (key: string): ClaimedOutboxMessage => ({ ...outbox.get(key)!, claimToken: 't' });
  return { installation, outbox, conversations, audit, claimed };
}

describe('proactive installation', () => {
  it("queues one installation however many messages wait, then saves the chat as the person's conversation and audits it", async () => {
    const f = fixture({ installForUser: async () => ({ outcome: 'installed', chatId: '19:chat@unq.gbl.spaces' }) });
    expect(await f.installation.prepare('person:p1')).toMatchObject({ kind: 'wait' });
    expect(await f.installation.prepare('person:p1')).toMatchObject({ kind: 'wait' });
    expect([...f.outbox.keys()]).toEqual([installKeys.person('p1')]);

    expect(await f.installation.run(f.claimed(installKeys.person('p1')))).toEqual({ kind: 'done', detail: 'installed' });
    expect(f.conversations.get('person:p1')).toEqual({
      channelId: 'msteams',
      serviceUrl: GLOBAL_SERVICE_URL,
      bot: { id: '28:bot-app' },
      user: { aadObjectId: 'aad-1' },
      conversation: { id: '19:chat@unq.gbl.spaces', conversationType: 'personal', tenantId: 'tenant' },
    });
    expect(f.audit).toMatchObject([{ action: 'reach.install.installed', objectId: 'p1' }]);
  });

  it("lets a message die with the installation's reason once Teams refused it, and names a person missing from the directory", async () => {
    const f = fixture({ installForUser: async () => Promise.reject(new InstallError('no licence', 403)) });
    await f.installation.prepare('person:p1');
    const outcome = await f.installation.run(f.claimed(installKeys.person('p1')));
    expect(outcome).toMatchObject({ kind: 'dead', reason: expect.stringContaining('403') });
    f.outbox.set(installKeys.person('p1'), {
      ...f.outbox.get(installKeys.person('p1'))!,
      status: 'dead',
      lastError: (outcome as { reason: string }).reason,
    });
    expect(await f.installation.prepare('person:p1')).toEqual({ kind: 'dead', reason: expect.stringContaining('403') });
    expect(f.audit).toMatchObject([{ action: 'reach.install.unreachable', objectId: 'p1' }]);
    expect(await f.installation.prepare('person:nobody')).toEqual({ kind: 'dead', reason: expect.stringContaining('nobody') });
    expect(await f.installation.prepare('channel:19:x@thread.tacv2')).toBeUndefined(); // no team known for it: sent as before
  });
});
