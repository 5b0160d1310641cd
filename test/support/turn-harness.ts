import fs from 'node:fs';
import path from 'node:path';
import { TestAdapter, TurnContext, type Activity, type CloudAdapter, type ConversationReference, type InvokeResponse } from 'botbuilder';
import { buildHandlerRegistry, WELCOME_COMMAND } from '../../bot/handlers';
import type { BotTurn, ConversationInfo, OutgoingMessage } from '../../bot/platform/bot-turn';
import { loadConfig, type Config } from '../../bot/platform/config';
import { japanDateOf, type IsoDate } from '../../bot/platform/fiscal-calendar';
import { resolveActorByEntraId, resolveActorByPersonId } from '../../bot/platform/identity';
import type { Logger } from '../../bot/platform/logger';
import { ProactiveInstallation } from '../../bot/platform/outbox/installation';
import { OutboxDispatcher, TEAMS_LIMITS } from '../../bot/platform/outbox/dispatcher';
import { projectRoot } from '../../bot/platform/version';
import { RulingSearch } from '../../bot/rulings/search/ruling-search';
import { createRulingSearch } from '../../bot/rulings/search/create-search';
import { seedDemoData } from '../../bot/demo/seed';
import { deferredSteps } from '../../bot/deferred-steps';
import { composeStore } from '../../bot/store/compose-store';
import type { Store, StoreCapabilities } from '../../bot/store/ports';
import { ActivityRouter } from '../../bot/teams/activity-router';
import { BotbuilderProactiveSender } from '../../bot/teams/proactive-sender';
import { tempDir } from './processes';

/**
 * In-process Teams turns: the bot's real ActivityRouter and handler registry (bot/handlers.ts)
 * over a real SQLite file in a temp folder, driven through botbuilder's TestAdapter. A test
 * sends the activities Teams would send (a message from a person in a personal chat, group chat
 * or channel; an Action.Execute invoke; an Action.Submit; an installation) and reads what the
 * bot answered, without HTTP, a server process or the Playground.
 *
 * Why TestAdapter and not CloudAdapter: CloudAdapter only runs turns from an HTTP request and
 * answers through a connector client, so an in-process run would need an HTTP fake of the Bot
 * Connector anyway. TestAdapter runs the same TurnContext and middleware pipeline and hands us
 * every activity the bot sends, including the `invokeResponse` an Action.Execute answers with
 * (CloudAdapter turns that one activity into the HTTP response body; here it is read from the
 * turn). Proactive messages go through the outbox as in production: deliverOutbox() runs the
 * real OutboxDispatcher and BotbuilderProactiveSender, with continueConversation implemented on
 * the TestAdapter so the sends land in the same transcript.
 */

/** A message the bot sent (or an earlier one it replaced), in the conversation it went to. */
export interface Sent {
  kind: 'send' | 'update';
  conversationId: string;
  /** The sent activity's id (for an update, the id of the activity it replaced). */
  id: string;
  activity: Partial<Activity>;
  /** Whether it went out through the outbox (continueConversation) rather than as a turn's reply. */
  proactive: boolean;
}

/** What an Action.Execute returned: the HTTP status CloudAdapter would answer with, and its body. */
export interface InvokeResult {
  status: number;
  body?: { statusCode: number; type: string; value: unknown };
  /** The card that replaces the pressed one, when the body is a card. */
  card?: Record<string, unknown>;
  /** The message shown instead, when the body is a message. */
  message?: string;
  /** Anything else the bot sent during the turn. */
  sent: Sent[];
}

/** Where a person talks to the bot. A channel post starts a thread unless `thread` names one. */
export type Place = 'personal' | { groupChat: string } | { channel: string; team?: string; thread?: string };

/** A demo person's id (p-ward-staff …), or a raw Teams sender the directory may not know. */
export type Sender = string | { aadObjectId?: unknown; name?: string; id?: string };

const CARD = 'application/vnd.microsoft.card.adaptive';
const INVOKE_RESPONSE = 'harness.invokeResponse';
export const BOT = { id: '28:renkei-test-bot', name: '本庁区役所連携ボット' };
export const TENANT_ID = '5f1c2b7e-8a4d-4e0f-9b3a-1c2d3e4f5a6b';
/** The bot's app id (BOT.id without 28:), as installations name it. */
const BOT_APP_ID = BOT.id.slice('28:'.length);
const SERVICE_URL = 'https://smba.trafficmanager.net/jp/';
const TEAM_ID = '19:renkei-team-general@thread.tacv2';

/** TestAdapter that records every send and update with its conversation, and continues conversations for the outbox. */
class RecordingAdapter extends TestAdapter {
  readonly transcript: Sent[] = [];
  private proactive = false;

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]) {
    const answers = await super.sendActivities(context, activities);
    activities.forEach((activity, i) => {
      if (activity.type === 'invokeResponse') context.turnState.set(INVOKE_RESPONSE, activity.value);
      else
        this.transcript.push({
          kind: 'send',
          conversationId: activity.conversation?.id ?? context.activity.conversation.id,
          id: answers[i].id,
          activity,
          proactive: this.proactive,
        });
    });
    return answers;
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>) {
    this.transcript.push({
      kind: 'update',
      conversationId: activity.conversation?.id ?? context.activity.conversation.id,
      id: activity.id ?? '',
      activity,
      proactive: this.proactive,
    });
    await super.updateActivity(context, activity);
  }

  /** What CloudAdapter does for the outbox: a turn in a stored conversation, with no incoming message. */
  override async continueConversationAsync(_botAppId: unknown, reference: unknown, logic: unknown): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: 'event', name: 'ContinueConversation' },
      reference as Partial<ConversationReference>,
      true,
    );
    this.proactive = true;
    try {
      await this.runMiddleware(this.createContext(activity), logic as (context: TurnContext) => Promise<void>);
    } finally {
      this.proactive = false;
    }
  }
}

export class TurnHarness {
  private sequence = 0;
  /** How far the outbox's clock runs ahead, so retries scheduled for later are due at once. */
  private clockSkewMs = 0;

  private constructor(
    readonly store: Store,
    readonly config: Config,
    readonly search: RulingSearch,
    readonly tabUrl: string,
    private readonly adapter: RecordingAdapter,
    private readonly router: ActivityRouter,
    private readonly logger: Logger,
    /** Everything logged at error level; a healthy run logs none. */
    readonly errors: { message: string; fields?: Record<string, unknown> }[],
    private readonly capabilities: StoreCapabilities,
    private readonly now: () => Date,
  ) {}

  /**
   * A bot with the demo data (unless APP_DEMO_DATA=false) in a fresh data folder. `env` is read as
   * the server reads its environment (e.g. RECORDS_STORE=sharepoint with GRAPH_REDIRECT_TO and
   * AZURE_STORAGE_CONNECTION_STRING for the production layout on the Graph test server and
   * Azurite: see productionLayoutEnv in sharepoint-fixture.ts); `now` fixes the clock the handlers see.
   */
  static async start(options: { env?: Record<string, string>; now?: () => Date; tabUrl?: string } = {}): Promise<TurnHarness> {
    const config = loadConfig({
      CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
      INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
      ...options.env,
      APP_DATA_DIR: tempDir('renkei-turns-'),
    });
    const errors: TurnHarness['errors'] = [];
    const logger: Logger = { debug() {}, info() {}, warn() {}, error: (message, fields) => void errors.push({ message, fields }) };
    const { store, capabilities } = await composeStore(config, logger);
    if (config.demoData) await seedDemoData(store);
    const now = options.now ?? (() => new Date());
    const tabUrl = options.tabUrl ?? 'https://renkei.example.jp/tab/';
    const search = createRulingSearch(store.rulings, path.join(projectRoot(), 'bot', 'rulings', 'synonyms.txt'));
    const registry = buildHandlerRegistry({ store, logger, now, config, tabUrl, search, nudge: () => undefined });
    const router = new ActivityRouter({ store, registry, logger, now, welcomeCommand: WELCOME_COMMAND });
    return new TurnHarness(store, config, search, tabUrl, new RecordingAdapter(), router, logger, errors, capabilities, now);
  }

  /** Every message the bot has sent or updated so far, in order. */
  get transcript(): readonly Sent[] {
    return this.adapter.transcript;
  }

  /** The conversation id Teams uses for a person's personal chat with the bot. */
  personalChatOf(personId: string): string {
    return `a:personal-${personId}`;
  }

  /** A message from `sender`; in a group chat or channel the bot is @mentioned, as Teams requires. Resolves to the bot's replies. */
  async say(sender: Sender, text: string, place: Place = 'personal'): Promise<Sent[]> {
    const mentioned = place !== 'personal';
    const mention = `<at>${BOT.name}</at>`;
    const activity = await this.activity(sender, place, {
      type: 'message',
      text: mentioned ? `${mention} ${text}` : text,
      textFormat: 'plain',
      ...(mentioned ? { entities: [{ type: 'mention', mentioned: BOT, text: mention }] } : {}),
    });
    return (await this.run(activity)).sent;
  }

  /**
   * An Action.Execute press on a card (invoke `adaptiveCard/action` with verb and data), as Teams sends it;
   * with `trigger` 'automatic', the refresh a client asks for when a card with `refresh` comes into view.
   */
  async press(
    sender: Sender,
    verb: unknown,
    data: unknown,
    place: Place = 'personal',
    replyToId?: string,
    trigger?: 'automatic' | 'manual',
  ): Promise<InvokeResult> {
    const activity = await this.activity(sender, place, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, ...(trigger ? { trigger } : {}) },
      ...(replyToId ? { replyToId } : {}),
    });
    return this.invoke(activity);
  }

  /** A named invoke from a person, as Teams sends it (e.g. composeExtension/query with its value); the raw invoke response. */
  async invokeAs(
    sender: Sender,
    name: string,
    value: unknown,
    place: Place = 'personal',
  ): Promise<{ status: number; body: unknown; sent: Sent[] }> {
    const { sent, invokeResponse } = await this.run(await this.activity(sender, place, { type: 'invoke', name, value }));
    if (!invokeResponse) throw new Error(`the invoke got no invokeResponse; the bot sent ${JSON.stringify(sent).slice(0, 300)}`);
    return { status: invokeResponse.status, body: invokeResponse.body, sent };
  }

  /** Any invoke activity (e.g. one this bot does not declare). */
  async invoke(activity: Partial<Activity>): Promise<InvokeResult> {
    const { sent, invokeResponse } = await this.run(activity);
    if (!invokeResponse) throw new Error(`the invoke got no invokeResponse; the bot sent ${JSON.stringify(sent).slice(0, 300)}`);
    const body = invokeResponse.body as InvokeResult['body'];
    const result: InvokeResult = { status: invokeResponse.status, body, sent };
    if (body?.type === CARD) result.card = body.value as Record<string, unknown>;
    else if (typeof body?.value === 'string') result.message = body.value;
    return result;
  }

  /** An Action.Submit press (a message whose value carries the verb); with `replyToId` the answer replaces that card. */
  async submit(
    sender: Sender,
    verb: string,
    data: Record<string, unknown>,
    place: Place = 'personal',
    replyToId?: string,
  ): Promise<Sent[]> {
    const activity = await this.activity(sender, place, {
      type: 'message',
      text: '',
      value: { ...data, verb },
      ...(replyToId ? { replyToId } : {}),
    });
    return (await this.run(activity)).sent;
  }

  /** The bot is added to a conversation (installed in personal scope, or to a team). */
  async install(sender: Sender, place: Place = 'personal'): Promise<Sent[]> {
    const activity = await this.activity(sender, place, { type: 'conversationUpdate', membersAdded: [BOT] });
    return (await this.run(activity)).sent;
  }

  /** Runs any activity through the router as-is (fields you leave out are filled as Teams would). */
  async send(activity: Partial<Activity>): Promise<{ sent: Sent[]; invokeResponse?: InvokeResponse }> {
    return this.run(activity);
  }

  /**
   * Delivers everything the outbox holds through the real dispatcher and proactive sender (and,
   * in the SharePoint layout, applies the writes and units of work queued while it was out),
   * until nothing is left to send; resolves to what was sent. Messages that wait for another
   * (a thread reply for its first post) or were scheduled later are made due at once. Throws if
   * a message was given up (dead), with its reason, unless `allowDead`.
   */
  async deliverOutbox(options: { timeoutMs?: number; allowDead?: boolean } = {}): Promise<Sent[]> {
    const from = this.adapter.transcript.length;
    const deadBefore = new Set((await this.store.outbox.listDead(10_000)).map((m) => m.key));
    const clock = () => Date.now() + this.clockSkewMs;
    const { applyRecordWrite, appInstaller } = this.capabilities;
    const steps = deferredSteps({ store: this.store, logger: this.logger, now: this.now, tabUrl: this.tabUrl, nudge: () => undefined });
    const dispatcher = new OutboxDispatcher({
      outbox: this.store.outbox,
      conversations: this.store.conversations,
      sender: new BotbuilderProactiveSender(this.adapter as unknown as CloudAdapter, ''),
      applyRecordWrite: applyRecordWrite && ((write) => applyRecordWrite(write, steps)),
      installation: appInstaller && ProactiveInstallation.over(this.store, appInstaller, { appId: BOT_APP_ID, tenantId: TENANT_ID }),
      logger: this.logger,
      now: clock,
      options: {
        ...TEAMS_LIMITS,
        perConversation: [{ limit: 1000, windowMs: 1000 }],
        perApp: [{ limit: 1000, windowMs: 1000 }],
        marginMs: 0,
        maxInFlight: 16,
        leaseSeconds: 30,
        maxAttempts: 3,
        backoff: { baseMs: 10, capMs: 100 },
        sendTimeoutMs: 5000,
        pollIntervalMs: 5,
        scanSize: 500,
      },
    });
    dispatcher.start();
    try {
      const deadline = Date.now() + (options.timeoutMs ?? 10_000);
      for (;;) {
        const counts = await this.store.outbox.countByStatus();
        if (counts.pending + counts.sending + counts.failed === 0) break;
        if (Date.now() > deadline) throw new Error(`outbox not delivered within the time: ${JSON.stringify(counts)}`);
        if (counts.sending === 0 && (await this.store.outbox.listDue(new Date(clock()).toISOString(), 1)).length === 0)
          this.clockSkewMs += 1000;
        dispatcher.nudge();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      await dispatcher.stop();
    }
    const dead = (await this.store.outbox.listDead(10_000)).filter((m) => !deadBefore.has(m.key));
    if (dead.length > 0 && !options.allowDead)
      throw new Error(`outbox messages given up: ${dead.map((m) => `${m.key}: ${m.lastError}`).join('; ')}`);
    return this.adapter.transcript.slice(from);
  }

  async close(): Promise<void> {
    await this.store.close();
    fs.rmSync(this.config.dataDir, { recursive: true, force: true });
  }

  private async run(activity: Partial<Activity>): Promise<{ sent: Sent[]; invokeResponse?: InvokeResponse }> {
    const from = this.adapter.transcript.length;
    let invokeResponse: InvokeResponse | undefined;
    await this.adapter.processActivity(activity, async (context) => {
      await this.router.onTurn(context);
      invokeResponse = context.turnState.get<InvokeResponse | undefined>(INVOKE_RESPONSE);
    });
    return { sent: this.adapter.transcript.slice(from), invokeResponse };
  }

  private async activity(sender: Sender, place: Place, fields: Partial<Activity>): Promise<Partial<Activity>> {
    this.sequence += 1;
    const id = `in-${this.sequence}`;
    const from = await this.fromOf(sender);
    let conversation: Record<string, unknown>;
    let channelData: Record<string, unknown> = { tenant: { id: TENANT_ID } };
    if (place === 'personal') {
      conversation = {
        id: this.personalChatOf(typeof sender === 'string' ? sender : 'stranger'),
        conversationType: 'personal',
        tenantId: TENANT_ID,
      };
    } else if ('groupChat' in place) {
      conversation = { id: place.groupChat, conversationType: 'groupChat', isGroup: true, tenantId: TENANT_ID };
    } else {
      // A post in a channel starts a thread named by the post's id; a reply carries the thread's.
      conversation = {
        id: `${place.channel};messageid=${place.thread ?? id}`,
        conversationType: 'channel',
        isGroup: true,
        tenantId: TENANT_ID,
      };
      channelData = { ...channelData, team: { id: place.team ?? TEAM_ID }, channel: { id: place.channel } };
    }
    return {
      id,
      channelId: 'msteams',
      serviceUrl: SERVICE_URL,
      timestamp: new Date(),
      locale: 'ja-JP',
      from,
      recipient: BOT,
      conversation,
      channelData,
      ...fields,
    } as Partial<Activity>;
  }

  private async fromOf(sender: Sender): Promise<Record<string, unknown>> {
    if (typeof sender !== 'string')
      return { id: sender.id ?? '29:stranger', name: sender.name ?? '部外者', aadObjectId: sender.aadObjectId };
    const person = await this.store.people.get(sender);
    if (!person) throw new Error(`no person ${sender} in the directory`);
    return { id: `29:${person.id}`, name: person.displayName, aadObjectId: person.entraObjectId };
  }
}

/** The adaptive card a sent activity carries, if any. */
export function cardIn(sent: Sent | undefined): Record<string, unknown> | undefined {
  return sent?.activity.attachments?.find((a) => a.contentType === CARD)?.content as Record<string, unknown> | undefined;
}

/** The first sent message whose card or text contains `text`, or an error listing what was sent. */
export function findSent(sent: readonly Sent[], text: string | RegExp, where?: (s: Sent) => boolean): Sent {
  const matches = (s: Sent) => {
    const shown = `${s.activity.text ?? ''}\n${cardTextOf(cardIn(s))}`;
    return typeof text === 'string' ? shown.includes(text) : text.test(shown);
  };
  const found = sent.find((s) => (!where || where(s)) && matches(s));
  if (!found)
    throw new Error(
      `no message with ${String(text)}; sent: ${JSON.stringify(sent.map((s) => [s.kind, s.conversationId, s.activity.text ?? cardTextOf(cardIn(s)).slice(0, 80)]))}`,
    );
  return found;
}

/** All text of a card (text, title and value fields), for assertions. */
export function cardTextOf(card: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (['text', 'title', 'value'].includes(key) && typeof value === 'string') texts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return texts.join('\n');
}

/**
 * A BotTurn for calling one handler directly, without botbuilder: the person (a demo person id,
 * resolved from the store, or an Entra object id nobody has), the conversation and the text;
 * `replies` collects what the handler sends.
 */
export async function fakeTurn(
  store: Pick<Store, 'people' | 'departments'>,
  options: {
    as?: string;
    aadObjectId?: string;
    text?: string;
    conversation?: Partial<ConversationInfo>;
    today?: IsoDate;
    locale?: 'ja' | 'en';
  } = {},
): Promise<{ turn: BotTurn; replies: OutgoingMessage[] }> {
  const actor = options.as ? await resolveActorByPersonId(store, options.as) : await resolveActorByEntraId(store, options.aadObjectId);
  const replies: OutgoingMessage[] = [];
  const turn: BotTurn = {
    actor,
    locale: options.locale ?? (actor.kind === 'known' ? actor.actor.person.locale : 'ja'),
    conversation: { kind: 'personal', id: 'a:fake-turn', ...options.conversation },
    text: options.text ?? '',
    today: options.today ?? japanDateOf(new Date()),
    async reply(message) {
      replies.push(message);
      return `reply-${replies.length}`;
    },
  };
  return { turn, replies };
}
