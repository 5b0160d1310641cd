import path from 'node:path';
import WebSocket from 'ws';
import { freePort, ROOT, startNode, tempDir, type RunningProcess } from './processes';

/** Ids fixed by infra/local/playground.yml. */
export const PLAYGROUND = {
  botId: '9a3f7e2c-5b1d-4c8e-a6f0-2d4b8e1c7a90',
  botName: '本庁区役所連携ボット',
  personalChat: 'a:personal-chat-ward-staff',
  groupChat: '19:renkei-group-chat@thread.v2',
  generalChannel: '19:renkei-team-general@thread.tacv2',
  inquiryChannel: '19:hoken-nenkin-inquiries@thread.tacv2',
  users: {
    wardStaff: 'user-ward-staff',
    hqResponder: 'user-hq-responder',
    hqApprover: 'user-hq-approver',
    pmo: 'user-pmo',
    wardManager: 'user-ward-manager',
    admin: 'user-admin',
  },
};

export interface PlaygroundEvent {
  action: 'createMessage' | 'updateMessage' | 'typing';
  actionConversationId: string;
  message: {
    messageId: string;
    text?: string;
    attachments?: { contentType: string; content: Record<string, unknown> }[];
    postConversationId?: string;
  };
}

/**
 * The product as `npm start` runs it: the built server and Microsoft 365 Agents Playground
 * (Microsoft's local Teams client) with the checked-in mock data, on free ports, with a
 * fresh data folder. Tests talk to the Playground's own API; nothing fakes the connector.
 */
export class LocalStack {
  readonly events: PlaygroundEvent[] = [];
  private socket?: WebSocket;
  private listeners = new Set<() => void>();

  private constructor(
    readonly dataDir: string,
    readonly botPort: number,
    readonly playgroundPort: number,
    private readonly server: RunningProcess,
    private readonly playground: RunningProcess,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<LocalStack> {
    const dataDir = tempDir('renkei-e2e-');
    const [botPort, playgroundPort] = [await freePort(), await freePort()];
    const server = startNode(['dist/bot/main.js'], {
      APP_MODE: 'local',
      APP_DATA_DIR: dataDir,
      PORT: String(botPort),
      MicrosoftAppId: undefined,
      ...env,
    });
    await server.waitFor(/READY/);
    const playground = startNode(
      [
        'node_modules/@microsoft/m365agentsplayground/cli.js',
        '--dt',
        '-e',
        `http://127.0.0.1:${botPort}/api/messages`,
        '-c',
        'msteams',
        '-p',
        String(playgroundPort),
      ],
      {
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(ROOT, 'infra/local/playground.yml'),
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(dataDir, 'playground.log'),
      },
    );
    const stack = new LocalStack(dataDir, botPort, playgroundPort, server, playground);
    await stack.waitForPlayground();
    return stack;
  }

  get playgroundUrl() {
    return `http://127.0.0.1:${this.playgroundPort}`;
  }

  get botUrl() {
    return `http://127.0.0.1:${this.botPort}`;
  }

  /** Opens the Playground's event stream (every bot message in every conversation). */
  async connect(): Promise<void> {
    this.socket = new WebSocket(`ws://127.0.0.1:${this.playgroundPort}/_ws_conversation/v1/conversations/stream`);
    this.socket.on('message', (data) => {
      this.events.push(JSON.parse((data as Buffer).toString()) as PlaygroundEvent);
      for (const listener of this.listeners) listener();
    });
    await new Promise((resolve, reject) => {
      this.socket?.once('open', resolve);
      this.socket?.once('error', reject);
    });
  }

  /**
   * A user sends a message; in chats and channels the bot is @mentioned as Teams requires.
   * The Playground (0.2.28) sends every message typed through its conversation API as its
   * current user (佐藤 美咲), whatever `from` says; another user acts through its custom
   * activity API, which forwards a full activity from that user to the bot.
   */
  async say(conversationId: string, userId: string, text: string): Promise<{ messageId?: string; postConversationId?: string }> {
    const mentioned = conversationId !== PLAYGROUND.personalChat;
    const mention = `<at>${PLAYGROUND.botName}</at>`;
    const fullText = mentioned ? `${mention} ${text}` : text;
    if (userId !== PLAYGROUND.users.wardStaff) return this.sayAs(conversationId, userId, fullText, mentioned ? mention : undefined);
    const body = {
      from: { id: userId },
      text: fullText,
      textFormat: 'plain',
      ...(mentioned ? { mentions: [{ mentioned: { id: PLAYGROUND.botId }, text: mention }] } : {}),
    };
    const response = await fetch(`${this.playgroundUrl}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`Playground refused the message: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ messageId: string; postConversationId?: string }>;
  }

  private async sayAs(conversationId: string, userId: string, text: string, mention?: string): Promise<Record<string, never>> {
    await this.forwardAs(conversationId, userId, {
      type: 'message',
      text,
      textFormat: 'plain',
      ...(mention ? { entities: [{ type: 'mention', mentioned: { id: PLAYGROUND.botId, name: PLAYGROUND.botName }, text: mention }] } : {}),
    });
    return {};
  }

  /**
   * Another user presses an Action.Execute button in the personal chat, which the Playground
   * (0.2.28) gives its current user only (its invoke API answers 400 UserNotFound for anyone
   * else there): the invoke is forwarded as a custom activity instead. The Playground does not
   * pass the bot's invoke response back, so the press is seen by what it causes.
   */
  async pressAs(conversationId: string, userId: string, replyToId: string, verb: string, data: Record<string, unknown>): Promise<void> {
    await this.forwardAs(conversationId, userId, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId,
      value: { action: { type: 'Action.Execute', verb, data } },
    });
  }

  /** Forwards an activity from a configured user to the bot through the Playground's custom activity API. */
  private async forwardAs(conversationId: string, userId: string, fields: Record<string, unknown>): Promise<void> {
    const query = new URLSearchParams({ conversationId });
    const template = (await (
      await fetch(`${this.playgroundUrl}/_internal/v1/customActivities/template?${query.toString()}`)
    ).json()) as Record<string, unknown>;
    const { config } = (await (await fetch(`${this.playgroundUrl}/_internal/v1/testConfig`)).json()) as {
      config: { users: { id: string; name: string; aadObjectId: string }[] };
    };
    const user = config.users.find((u) => u.id === userId);
    if (!user) throw new Error(`no Playground user ${userId}`);
    const activity = {
      ...template,
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      locale: 'ja-JP',
      ...fields,
      ...(conversationId.includes('@thread.tacv2')
        ? {
            channelData: {
              tenant: { id: (template.conversation as { tenantId?: string }).tenantId },
              channel: { id: conversationId },
              team: { id: PLAYGROUND.generalChannel },
            },
          }
        : {}),
    };
    const response = await fetch(`${this.playgroundUrl}/_internal/v1/customActivities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity),
    });
    if (!response.ok) throw new Error(`Playground refused the activity: ${response.status} ${await response.text()}`);
  }

  /**
   * The current user presses an Action.Execute button on a card; resolves to the bot's invoke
   * response (the card that replaces it, or a message).
   */
  async execute(
    conversationId: string,
    replyToId: string,
    verb: string,
    data: Record<string, unknown>,
    userId: string = PLAYGROUND.users.wardStaff,
  ): Promise<{ statusCode: number; type: string; value: unknown }> {
    const body = {
      name: 'adaptiveCard/action',
      conversation: { id: conversationId },
      from: { id: userId },
      replyToId,
      value: { action: { type: 'Action.Execute', verb, data } },
    };
    const response = await fetch(`${this.playgroundUrl}/_conversation/v1/invoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`Playground refused the invoke: ${response.status} ${await response.text()}`);
    const result = (await response.json()) as { status?: number; body?: { statusCode: number; type: string; value: unknown } } & {
      statusCode?: number;
      type?: string;
      value?: unknown;
    };
    return (result.body ?? result) as { statusCode: number; type: string; value: unknown };
  }

  async install(conversationId: string): Promise<void> {
    const response = await fetch(`${this.playgroundUrl}/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    if (!response.ok) throw new Error(`install failed: ${response.status}`);
  }

  /** Waits for a bot message in a conversation (a channel thread's id starts with the channel id). */
  waitForBotMessage(
    conversationPrefix: string,
    predicate: (event: PlaygroundEvent) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<PlaygroundEvent> {
    const seen = this.events.length;
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.events
          .slice(seen)
          .find((e) => e.action === 'createMessage' && e.actionConversationId.startsWith(conversationPrefix) && predicate(e));
        if (match) {
          cleanup();
          resolve(match);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `no bot message in ${conversationPrefix} within ${timeoutMs} ms; got ${JSON.stringify(this.events.slice(seen)).slice(0, 500)}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  async stop(): Promise<void> {
    this.socket?.close();
    await this.playground.stop();
    const { code } = await this.server.stop();
    if (code !== 0) throw new Error(`server exited with ${code}:\n${this.server.output()}`);
  }

  private async waitForPlayground() {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        if ((await (await fetch(`${this.playgroundUrl}/_debug/ping`)).text()).includes('pong')) return;
      } catch {
        // not up yet
      }
      if (this.playground.child.exitCode !== null) throw new Error(`Playground exited:\n${this.playground.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Playground did not start:\n${this.playground.output()}`);
  }
}

/** The adaptive card of a bot message, if any. */
export function cardOf(event: PlaygroundEvent): Record<string, unknown> | undefined {
  return event.message.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** All text of a card, for assertions. */
export function cardText(card: Record<string, unknown> | undefined): string {
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
