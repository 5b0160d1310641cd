/**
 * Proactive installation: a message for a person (or a channel of a team) the bot has never
 * heard from waits while the app is installed for them through Microsoft Graph, then goes out
 * through the conversation that installation made. Each installation is one outbox message of
 * its own (key `install:person:<id>` / `install:team:<teamId>`), so it happens once however many
 * messages wait for it, survives restarts, is taken by one instance, and its outcome (installed,
 * already installed, or unreachable with the reason) stays visible in the outbox report.
 * Nothing here knows Graph or botbuilder: the AppInstaller port does the calls.
 */
import type { Department } from '../../directory/model';
import type { AuditLogStore, ConversationReferenceStore, OutboxStore, StoredConversationReference } from '../../store/ports';
import { InstallError, type AppInstaller } from './app-installer';
import type { ClaimedOutboxMessage, InstallRequest, NewOutboxMessage } from './model';

/** Conversation keys (and message keys) of installations start with this; Teams' send limits do not apply to them. */
export const APP_INSTALLS = 'install:';

/** The outbox key of installing the app for a person or in a team. */
export const installKeys = {
  person: (personId: string) => `${APP_INSTALLS}person:${personId}`,
  team: (teamId: string) => `${APP_INSTALLS}team:${teamId}`,
};

export const installKey = (request: InstallRequest) =>
  request.kind === 'person' ? installKeys.person(request.personId) : installKeys.team(request.teamId);

/**
 * Installations started per second. Graph allows 30 installedApps POSTs and 30 GETs a second per
 * app per tenant (throttling-limits, Microsoft Teams service limits); one installation makes one
 * POST and up to two GETs (find the installation, read its chat), so 14 a second stays under both.
 */
export const GRAPH_INSTALL_LIMITS = [{ limit: 14, windowMs: 1000 }];

export type InstallStepOutcome =
  | { kind: 'done'; detail: 'installed' | 'alreadyInstalled' }
  | { kind: 'throttled'; reason: string; retryAfterMs: number }
  | { kind: 'retry'; reason: string }
  | { kind: 'dead'; reason: string };

/**
 * What to do after a failed installation. 429: wait as Graph says. 403: Teams will not give this
 * person the app (no Teams licence, or an app permission policy blocks it); 404: no such user or
 * team in Teams, or the app is not in the organisation's catalog. Neither changes by retrying.
 */
export function classifyInstallError(error: unknown, defaultRetryAfterMs = 1000): Exclude<InstallStepOutcome, { kind: 'done' }> {
  const status = error instanceof InstallError ? error.status : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 429) {
    const retryAfterMs = (error as InstallError).retryAfterMs ?? defaultRetryAfterMs;
    return {
      kind: 'throttled',
      reason: `429 Graph が制限しました (throttled; Retry-After ${Math.ceil(retryAfterMs / 1000)} s)`,
      retryAfterMs,
    };
  }
  if (status === 403)
    return {
      kind: 'dead',
      reason: `403 Teams のライセンスがないか、アプリの許可ポリシーでこのアプリが許可されていません (no Teams licence or blocked by an app permission policy: ${detail})`,
    };
  if (status === 404)
    return {
      kind: 'dead',
      reason: `404 Teams に宛先が見つからないか、アプリが組織のアプリカタログにありません (user, team or catalog app not found: ${detail})`,
    };
  if (status === undefined || status >= 500 || status === 408 || status === 401)
    return { kind: 'retry', reason: status ? `${status} ${detail}` : `通信エラー (network error): ${detail}` };
  return { kind: 'dead', reason: `${status} インストールできませんでした (rejected: ${detail})` };
}

/** The conversation reference of a person's 1:1 chat with the bot, as a message from them would give it. */
export function personalChatReference(
  chatId: string,
  entraObjectId: string,
  bot: { appId: string; tenantId: string; serviceUrl: string },
): StoredConversationReference {
  return {
    channelId: 'msteams',
    serviceUrl: bot.serviceUrl,
    bot: { id: `28:${bot.appId}` },
    user: { aadObjectId: entraObjectId },
    conversation: { id: chatId, conversationType: 'personal', tenantId: bot.tenantId },
  };
}

/** Teams' global Bot Connector endpoint, used when no conversation has told the bot its region's. */
export const GLOBAL_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

export interface InstallationDeps {
  outbox: Pick<OutboxStore, 'get' | 'enqueue'>;
  conversations: Pick<ConversationReferenceStore, 'get' | 'save' | 'listKeys'>;
  audit: Pick<AuditLogStore, 'append'>;
  people: { get(id: string): Promise<{ id: string; entraObjectId: string } | undefined> };
  departments: { list(): Promise<Department[]> };
  installer: AppInstaller;
  bot: { appId: string; tenantId: string };
}

/** For a message whose conversation has no reference: wait for its installation, or die with the installation's reason. */
export type PreparedDelivery = { kind: 'wait'; reason: string } | { kind: 'dead'; reason: string };

export class ProactiveInstallation {
  private regionServiceUrl: string | undefined;

  constructor(private readonly deps: InstallationDeps) {}

  /** Over a store's ports (named one by one: a store's ports may be getters, which spreading would lose). */
  static over(
    store: Pick<InstallationDeps, 'outbox' | 'conversations' | 'audit' | 'people' | 'departments'>,
    installer: AppInstaller,
    bot: InstallationDeps['bot'],
  ): ProactiveInstallation {
    const { outbox, conversations, audit, people, departments } = store;
    return new ProactiveInstallation({ outbox, conversations, audit, people, departments, installer, bot });
  }

  /**
   * The installation a message to `conversationKey` needs (queued once), or undefined when none
   * can help (not a person or a team's channel).
   */
  async prepare(conversationKey: string): Promise<PreparedDelivery | undefined> {
    const request = await this.requestFor(conversationKey);
    if (!request) return undefined;
    if ('dead' in request) return { kind: 'dead', reason: request.dead };
    const key = installKey(request);
    const existing = await this.deps.outbox.get(key);
    if (existing?.status === 'dead')
      return { kind: 'dead', reason: `届けられません: ${existing.lastError ?? ''} (unreachable: the app could not be installed)` };
    if (existing?.status === 'sent')
      // A team's channels are reached through another conversation's reference once the app is in the team.
      return request.kind === 'person'
        ? { kind: 'dead', reason: 'アプリはインストール済みですが会話が見つかりません (installed, but no conversation reference)' }
        : undefined;
    if (!existing) await this.deps.outbox.enqueue(installMessage(request));
    return { kind: 'wait', reason: `アプリのインストール待ち (waiting for ${key})` };
  }

  /** Runs one installation the dispatcher claimed: Graph, then the conversation reference and the audit entry. */
  async run(message: ClaimedOutboxMessage): Promise<InstallStepOutcome> {
    const request = message.payload.install;
    if (!request) return { kind: 'dead', reason: 'no installation in the message' };
    try {
      if (request.kind === 'person') {
        const result = await this.deps.installer.installForUser(request.entraObjectId);
        const reference = personalChatReference(result.chatId, request.entraObjectId, {
          ...this.deps.bot,
          serviceUrl: await this.serviceUrl(),
        });
        await this.deps.conversations.save(`person:${request.personId}`, reference);
        await this.audited(request, result.outcome, `person:${request.personId}`);
        return { kind: 'done', detail: result.outcome };
      }
      const result = await this.deps.installer.installInTeam(request.teamId);
      await this.audited(request, result.outcome, request.teamId);
      return { kind: 'done', detail: result.outcome };
    } catch (error) {
      const outcome = classifyInstallError(error);
      if (outcome.kind === 'dead') await this.audited(request, 'unreachable', installKey(request), outcome.reason);
      return outcome;
    }
  }

  private async audited(request: InstallRequest, outcome: string, objectId: string, reason?: string): Promise<void> {
    await this.deps.audit.append({
      actorId: 'outbox',
      action: `reach.install.${outcome}`,
      objectType: request.kind === 'person' ? 'person' : 'team',
      objectId: request.kind === 'person' ? request.personId : objectId,
      detail: { ...request, ...(reason ? { reason } : {}) },
    });
  }

  /** Any conversation of the tenant tells the region's Bot Connector URL (kept once found); else the global one. */
  private async serviceUrl(): Promise<string> {
    if (this.regionServiceUrl) return this.regionServiceUrl;
    for (const key of [
      ...(await this.deps.conversations.listKeys('channel:')),
      ...(await this.deps.conversations.listKeys('person:')),
    ].slice(0, 5)) {
      const url = (await this.deps.conversations.get(key))?.serviceUrl;
      if (typeof url === 'string' && url) return (this.regionServiceUrl = url);
    }
    return GLOBAL_SERVICE_URL;
  }

  private async requestFor(conversationKey: string): Promise<InstallRequest | { dead: string } | undefined> {
    if (conversationKey.startsWith('person:')) {
      const personId = conversationKey.slice('person:'.length);
      const person = await this.deps.people.get(personId);
      if (!person?.entraObjectId) return { dead: `名簿に ${personId} の Entra ID がありません (no Entra object id for ${personId})` };
      return { kind: 'person', personId, entraObjectId: person.entraObjectId };
    }
    if (conversationKey.startsWith('channel:')) {
      const channelId = conversationKey.slice('channel:'.length);
      const department = (await this.deps.departments.list()).find(
        (d) => d.teamId && (d.noticeChannelId === channelId || d.inquiryChannelId === channelId),
      );
      return department?.teamId ? { kind: 'team', teamId: department.teamId, departmentId: department.id } : undefined;
    }
    return undefined;
  }
}

/** The outbox message that installs the app for one person or team (its key makes it once). */
export function installMessage(request: InstallRequest): NewOutboxMessage {
  const key = installKey(request);
  return { key, conversationKey: key, payload: { activity: {}, install: request } };
}
