import { currentCorrelation, newCorrelationId } from '../platform/telemetry/correlation';
import { ActivityTypes, TurnContext, type Activity, type InvokeResponse } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../platform/adaptive-card';
import { WriteDeferredError } from '../store/ports';
import { ForbiddenError } from '../platform/authorization';
import type { BotTurn, CardActionResult, ConversationInfo, MessageExtensionResult, OutgoingMessage } from '../platform/bot-turn';
import { japanDateOf } from '../platform/fiscal-calendar';
import { excerpt, localeFrom, t, type Locale } from '../platform/i18n';
import { resolveActorByEntraId } from '../platform/identity';
import type { Logger } from '../platform/logger';
import { RequestRateLimiter, type RateLimit } from '../platform/request-rate-limit';
import type { Store } from '../store/ports';
import { activityShapeProblem } from './activity-bounds';
import type { HandlerRegistry } from './handler-registry';

/**
 * Routes each incoming activity to the one handler registered for it: messages by command
 * word, Action.Submit and Action.Execute by verb, installation by the welcome command. It is
 * the only place (with adapter.ts) that knows botbuilder's types.
 */
export class ActivityRouter {
  private readonly turnLimiter?: RequestRateLimiter;

  constructor(
    private readonly deps: {
      store: Store;
      registry: HandlerRegistry;
      logger: Logger;
      now?: () => Date;
      welcomeCommand: string;
      /** APP_LOCALE: for people not in the directory whose Teams client sends no language. */
      defaultLocale?: Locale;
      /** MESSAGES_RATE_PER_USER: bot turns per person. */
      turnLimit?: RateLimit;
    },
  ) {
    if (deps.turnLimit) this.turnLimiter = new RequestRateLimiter(deps.turnLimit);
  }

  async onTurn(context: TurnContext): Promise<void> {
    const { activity } = context;
    const problem = unanswerable(activity);
    if (problem) {
      this.deps.logger.warn('activity refused: malformed', { type: activity.type, problem });
      if (activity.type === ActivityTypes.Invoke)
        await context.sendActivity({ type: 'invokeResponse', value: { status: 400 } satisfies InvokeResponse });
      return;
    }
    if (await this.overTurnLimit(context)) return;
    switch (activity.type) {
      case ActivityTypes.Message:
        return activity.value && typeof activity.value === 'object' ? this.onCardSubmit(context) : this.onMessage(context);
      case ActivityTypes.Invoke:
        return this.onInvoke(context);
      case ActivityTypes.ConversationUpdate:
        return this.onConversationUpdate(context);
      case ActivityTypes.InstallationUpdate:
        await this.rememberConversation(context);
        return;
      default:
        this.deps.logger.debug('activity ignored', { type: activity.type });
    }
  }

  /**
   * Messages and card presses per person (as on the JSON API): one person's flood must not fill
   * the store, the audit log or the figures. A press over the limit is told how long to wait;
   * a message is dropped (answering each would flood the chat instead).
   */
  private async overTurnLimit(context: TurnContext): Promise<boolean> {
    const { activity } = context;
    if (!this.turnLimiter || (activity.type !== ActivityTypes.Message && activity.type !== ActivityTypes.Invoke)) return false;
    const who = activity.from?.aadObjectId || activity.from?.id || 'anonymous';
    const verdict = this.turnLimiter.take(who);
    if (verdict.allowed) return false;
    this.deps.logger.debug('turn refused: over the per-person limit', {
      activityType: activity.type,
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
    if (activity.type === ActivityTypes.Invoke) {
      const message = t(localeFrom(activity.locale, this.deps.defaultLocale), 'tooManyTurns', { seconds: verdict.retryAfterSeconds });
      await context.sendActivity({
        type: 'invokeResponse',
        value: {
          status: 200,
          body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: message },
        } satisfies InvokeResponse,
      });
    }
    return true;
  }

  private async onMessage(context: TurnContext) {
    const turn = await this.turnFor(context);
    await this.rememberConversation(context, turn);
    const found = this.deps.registry.findCommand(turn.text);
    if (!found) {
      const fallback = this.deps.registry.fallback;
      if (fallback && turn.text.trim()) return this.guarded(turn, () => fallback.handle(turn, turn.text));
      await turn.reply({ text: t(turn.locale, 'unknownCommand', { text: excerpt(turn.text, 40) }) });
      return;
    }
    await this.guarded(turn, () => found.handler.handle(turn, found.argument));
  }

  /** Action.Submit arrives as a message whose value carries the verb. */
  private async onCardSubmit(context: TurnContext) {
    const turn = await this.turnFor(context);
    const value = context.activity.value as Record<string, unknown>;
    const result = await this.runCardAction(turn, value.verb, value);
    const replyToId = context.activity.replyToId;
    if ('card' in result && replyToId) {
      await context.updateActivity({ id: replyToId, type: ActivityTypes.Message, attachments: [cardAttachment(result.card)] });
    } else {
      await turn.reply('card' in result ? { card: result.card, summary: '' } : { text: result.message });
    }
  }

  private async onInvoke(context: TurnContext) {
    const name = context.activity.name;
    if (name === 'composeExtension/query' || name === 'composeExtension/selectItem') return this.onMessageExtension(context, name);
    if (name !== 'adaptiveCard/action') {
      // An invoke this bot does not declare (e.g. task/fetch): refused as a bad request, not a server fault.
      await context.sendActivity({
        type: 'invokeResponse',
        value: {
          status: 400,
          body: { error: { code: 'UnsupportedInvoke', message: 'このボットはこの操作に対応していません (unsupported invoke)' } },
        } satisfies InvokeResponse,
      });
      return;
    }
    const action = (context.activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action ?? {};
    let turn: BotTurn | undefined;
    let result: CardActionResult;
    try {
      turn = await this.turnFor(context);
      const data = action.data && typeof action.data === 'object' ? (action.data as Record<string, unknown>) : {};
      result = await this.runCardAction(turn, action.verb, data);
    } catch (error) {
      // Without an invoke response botbuilder answers 501 with an empty body and Teams shows a
      // generic error: the person is told instead what happened and whether anything was kept.
      result = { message: this.invokeFailure(context, turn, action.verb, error) };
    }
    const body =
      'card' in result
        ? { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: result.card }
        : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result.message };
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } satisfies InvokeResponse });
  }

  /**
   * The compose box's search (「判断事例を検索」): composeExtension/query answers with results
   * (a preview each), composeExtension/selectItem with the card to insert. An unknown command is
   * a bad request; a failure is answered as a message, logged under its correlation id.
   */
  private async onMessageExtension(context: TurnContext, name: 'composeExtension/query' | 'composeExtension/selectItem') {
    const value = (context.activity.value ?? {}) as {
      commandId?: unknown;
      parameters?: { name?: unknown; value?: unknown }[];
      queryOptions?: { skip?: unknown; count?: unknown };
    };
    // selectItem carries the preview's tap value, which names its command too.
    const commandId = typeof value.commandId === 'string' ? value.commandId : undefined;
    const handler = commandId ? this.deps.registry.findMessageExtension(commandId) : undefined;
    if (!handler) {
      await context.sendActivity({
        type: 'invokeResponse',
        value: {
          status: 400,
          body: { error: { code: 'UnsupportedCommand', message: 'このコマンドには対応していません (unsupported command)' } },
        } satisfies InvokeResponse,
      });
      return;
    }
    let turn: BotTurn | undefined;
    let result: MessageExtensionResult;
    try {
      turn = await this.turnFor(context);
      if (name === 'composeExtension/query') {
        const parameters = Array.isArray(value.parameters) ? value.parameters : [];
        const typed = parameters.find((p) => p?.name === 'query') ?? parameters.find((p) => p?.name !== 'initialRun');
        const number = (n: unknown, fallback: number, max: number) =>
          typeof n === 'number' && Number.isInteger(n) && n >= 0 ? Math.min(n, max) : fallback;
        result = await handler.query(turn, {
          text: typeof typed?.value === 'string' ? typed.value : '',
          skip: number(value.queryOptions?.skip, 0, 1000),
          count: number(value.queryOptions?.count, 25, 100),
        });
      } else {
        const tapped =
          context.activity.value && typeof context.activity.value === 'object' ? (context.activity.value as Record<string, unknown>) : {};
        result = await handler.selectItem(turn, tapped);
      }
    } catch (error) {
      result = { type: 'message', text: this.invokeFailure(context, turn, name, error) };
    }
    await context.sendActivity({
      type: 'invokeResponse',
      value: { status: 200, body: { composeExtension: result } } satisfies InvokeResponse,
    });
  }

  /** Logs a failed card action under the turn's correlation id and returns what to tell the person (with its first 8 characters). */
  private invokeFailure(context: TurnContext, turn: BotTurn | undefined, verb: unknown, error: unknown): string {
    const locale = turn?.locale ?? localeFrom(context.activity.locale, this.deps.defaultLocale);
    if (error instanceof WriteDeferredError) return t(locale, 'writeDeferred');
    const correlationId = currentCorrelation()?.correlationId ?? newCorrelationId();
    this.deps.logger.error('card action failed', {
      correlationId,
      activityId: context.activity.id,
      verb: typeof verb === 'string' ? verb.slice(0, 64) : typeof verb,
      conversationId: context.activity.conversation?.id,
      error,
    });
    return t(locale, 'invokeFailed', { reference: correlationId.slice(0, 8) });
  }

  private async onConversationUpdate(context: TurnContext) {
    const added: unknown[] = Array.isArray(context.activity.membersAdded) ? context.activity.membersAdded : [];
    const botId = context.activity.recipient?.id;
    if (!botId || !added.some((member) => (member as { id?: unknown } | null)?.id === botId)) return;
    const turn = await this.turnFor(context);
    await this.rememberConversation(context, turn);
    const welcome = this.deps.registry.findCommand(this.deps.welcomeCommand);
    if (welcome) await welcome.handler.handle(turn, '');
  }

  private async runCardAction(turn: BotTurn, verb: unknown, data: Record<string, unknown>): Promise<CardActionResult> {
    const handler = typeof verb === 'string' ? this.deps.registry.findCardAction(verb) : undefined;
    if (!handler) return { message: t(turn.locale, 'unknownAction') };
    try {
      return await handler.handle(turn, data);
    } catch (error) {
      if (error instanceof ForbiddenError) return { message: t(turn.locale, 'forbidden', { reason: error.message }) };
      if (error instanceof WriteDeferredError) return { message: t(turn.locale, 'writeDeferred') };
      throw error;
    }
  }

  private async guarded(turn: BotTurn, work: () => Promise<void>) {
    try {
      await work();
    } catch (error) {
      // SharePoint took the write into its queue: the person's input is safe, only not visible yet.
      if (error instanceof WriteDeferredError) return void (await turn.reply({ text: t(turn.locale, 'writeDeferred') }));
      if (!(error instanceof ForbiddenError)) throw error;
      await turn.reply({ text: t(turn.locale, 'forbidden', { reason: error.message }) });
    }
  }

  /** Stores where to reach this person or channel later (check-in cards, answers, notices). */
  private async rememberConversation(context: TurnContext, turn?: BotTurn) {
    const resolved = turn ?? (await this.turnFor(context));
    const reference = TurnContext.getConversationReference(context.activity) as unknown as Record<string, unknown>;
    const { conversation } = resolved;
    if (conversation.kind === 'personal' && resolved.actor.kind === 'known') {
      await this.deps.store.conversations.save(`person:${resolved.actor.actor.person.id}`, reference);
    } else if (conversation.kind === 'channel' && conversation.channelId) {
      // A message in a thread carries `;messageid=` in its conversation id; the channel's
      // reference must point at the channel itself, or new posts would land in that thread.
      const channelConversation = {
        ...(reference.conversation as Record<string, unknown>),
        id: String((reference.conversation as { id?: string }).id ?? '').split(';')[0],
      };
      await this.deps.store.conversations.save(`channel:${conversation.channelId}`, { ...reference, conversation: channelConversation });
    }
  }

  private async turnFor(context: TurnContext): Promise<BotTurn> {
    const { activity } = context;
    const actor = await resolveActorByEntraId(this.deps.store, activity.from?.aadObjectId);
    const locale = actor.kind === 'known' ? actor.actor.person.locale : localeFrom(activity.locale, this.deps.defaultLocale);
    return {
      actor,
      locale,
      conversation: conversationOf(activity),
      text: messageText(activity),
      today: japanDateOf((this.deps.now ?? (() => new Date()))()),
      reply: async (message: OutgoingMessage) => (await context.sendActivity(toActivity(message)))?.id,
    };
  }
}

function messageText(activity: Activity): string {
  if (typeof activity.text !== 'string') return '';
  // botbuilder's removeRecipientMention trusts every entity to be a well-formed mention.
  const mention = (Array.isArray(activity.entities) ? (activity.entities as unknown[]) : []).find((entity): entity is { text: string } => {
    const e = entity as { type?: unknown; mentioned?: { id?: unknown } | null; text?: unknown } | null;
    return (
      typeof e?.type === 'string' &&
      e.type.toLowerCase() === 'mention' &&
      e.mentioned?.id === activity.recipient?.id &&
      typeof e.text === 'string' &&
      e.text !== ''
    );
  });
  const withoutMention = mention ? activity.text.replace(mention.text, '') : activity.text;
  return withoutMention.replace(/<at>[^<]*<\/at>/g, '').trim();
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown) => value === undefined || value === null || typeof value === 'string';
function isWebUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
const ACCOUNT_TEXT_FIELDS = ['id', 'name', 'aadObjectId', 'role'];
const CONVERSATION_TEXT_FIELDS = ['id', 'name', 'aadObjectId', 'role', 'conversationType', 'tenantId'];

/**
 * Why the bot cannot answer this activity, or undefined. A reply goes to the serviceUrl and
 * copies the conversation, both accounts, the channel, the locale and the activity id; the
 * connector refuses to send one whose fields have the wrong type, and without a conversation
 * id or a web serviceUrl there is nowhere to answer (an empty one would even go to the public
 * Bot Framework). Teams never sends such an activity, so it is refused before any handler
 * runs instead of failing half-way through a turn.
 */
export function unanswerable(activity: Partial<Activity>): string | undefined {
  for (const field of ['id', 'channelId', 'locale', 'replyToId'] as const) {
    if (!isText(activity[field])) return `${field} must be a string`;
  }
  if (!isWebUrl(activity.serviceUrl)) return 'serviceUrl must be an http(s) URL';
  const conversation: unknown = activity.conversation;
  if (!isObject(conversation) || typeof conversation.id !== 'string' || conversation.id === '') return 'conversation.id is required';
  const accounts: [string, unknown, string[]][] = [
    ['conversation', conversation, CONVERSATION_TEXT_FIELDS],
    ['from', activity.from, ACCOUNT_TEXT_FIELDS],
    ['recipient', activity.recipient, ACCOUNT_TEXT_FIELDS],
  ];
  for (const [name, account, fields] of accounts) {
    if (account === undefined || account === null) continue;
    if (!isObject(account)) return `${name} must be an object`;
    const wrong = fields.find((field) => !isText(account[field]));
    if (wrong) return `${name}.${wrong} must be a string`;
    if (!(account.properties === undefined || account.properties === null || isObject(account.properties)))
      return `${name}.properties must be an object`;
  }
  if (!(conversation.isGroup === undefined || conversation.isGroup === null || typeof conversation.isGroup === 'boolean'))
    return 'conversation.isGroup must be a boolean';
  return activityShapeProblem(activity);
}

function conversationOf(activity: Activity): ConversationInfo {
  const type = activity.conversation?.conversationType;
  // channelData is Teams' free-form object: only string ids are taken from it.
  const channelData = (isObject(activity.channelData) ? activity.channelData : {}) as {
    channel?: { id?: unknown };
    team?: { id?: unknown };
    tenant?: { id?: unknown };
  };
  const idOf = (part?: { id?: unknown }) => (typeof part?.id === 'string' && part.id !== '' ? part.id : undefined);
  return {
    kind: type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal',
    id: activity.conversation?.id ?? '',
    tenantId: idOf(channelData.tenant) ?? activity.conversation?.tenantId ?? undefined,
    teamId: idOf(channelData.team),
    channelId: idOf(channelData.channel),
  };
}

function cardAttachment(card: AdaptiveCard) {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

function toActivity(message: OutgoingMessage): Partial<Activity> {
  if ('text' in message) return { type: ActivityTypes.Message, text: message.text, textFormat: 'plain' };
  return { type: ActivityTypes.Message, summary: message.summary, attachments: [cardAttachment(message.card)] };
}
