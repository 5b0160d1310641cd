import path from 'node:path';
import type { Config } from '../platform/config';
import { createLogger } from '../platform/logger';
import type { NewOutboxMessage } from '../platform/outbox/model';
import { projectRoot } from '../platform/version';
import type { Store } from '../store/ports';
import type { ActivityRouter } from '../teams/activity-router';
import type { InProcessAction, InProcessTurnResult } from '../teams/in-process-turn';
import { cardAsText } from './as-person/card-text';
import { cliSessionStore } from './as-person/cli-session-store';
import { type CliCommand, openCliStore } from './cli-command';

const USAGE = 'as <personId> <チャットのコマンド> | as <personId> <verb> [key=値 …]';

/**
 * as p-hq-responder 照会一覧 / as p-hq-responder inquiry.claim number=Q-R8-0005: acts as a demo
 * person, as if they had typed the command in their personal chat with the bot or pressed the
 * card button, through the bot's own handlers and router over the configured store. Prints the
 * answer as text (each button as the command that presses it) and the messages the turn queued,
 * which the running server (npm start) then delivers.
 */
export const asCommand: CliCommand = {
  name: 'as',
  usage: 'as <personId> <command | verb key=値…>',
  description: '職員としてボットのコマンドやカードのボタンを実行し、結果を表示します (act as a person: a chat command or a card action)',
  async run(args, context) {
    const [personId, first, ...rest] = args;
    if (!personId || !first) {
      context.err(`使い方 (usage): npm run cli -- ${USAGE}`);
      context.err('  例: npm run cli -- as p-hq-responder 照会一覧');
      context.err('      npm run cli -- as p-hq-responder inquiry.view number=Q-R8-0001');
      return 2;
    }
    const config = context.config();
    const realStore = await openCliStore(config);
    try {
      const person = await realStore.people.get(personId);
      if (!person) {
        const known = (await realStore.people.list()).map((p) => `${p.id}（${p.displayName}）`);
        context.err(`職員 ${personId} は名簿にいません (no such person)。名簿: ${known.slice(0, 20).join(', ')}`);
        return 2;
      }
      const { store, queued } = cliSessionStore(realStore);
      const router = await routerOver(store, config);
      let action: InProcessAction;
      if (router.verbs.has(first)) {
        const data = parseCardData(rest);
        if ('error' in data) {
          context.err(data.error);
          return 2;
        }
        action = { kind: 'cardAction', verb: first, data: data.data };
      } else {
        action = { kind: 'message', text: [first, ...rest].join(' ') };
      }
      const department = await realStore.departments.get(person.departmentId);
      const who = `${person.displayName}（${department ? `${department.office} ${department.name}` : person.departmentId}）`;
      context.out(`${who} として: ${action.kind === 'message' ? action.text : `${action.verb} ${rest.join(' ')}`.trim()}`);
      const { runInProcessTurn } = await import('../teams/in-process-turn');
      const result = await runInProcessTurn(
        router.router,
        { aadObjectId: person.entraObjectId, name: person.displayName, tenantId: config.bot?.tenantId },
        action,
      );
      const out = (line: string) => context.out(line);
      printResult(result, personId, out);
      await printQueued(queued, realStore, out);
      return 0;
    } finally {
      await realStore.close();
    }
  },
};

/**
 * The bot as app.ts builds it, over `store`; the running server's dispatcher polls the outbox, so no nudge.
 * Loaded by this command only: botbuilder and every flow's handlers are most of a CLI start's loading.
 */
async function routerOver(store: Store, config: Config): Promise<{ router: ActivityRouter; verbs: { has(verb: string): boolean } }> {
  const [{ buildHandlerRegistry, WELCOME_COMMAND }, { ActivityRouter }, { createRulingSearch }] = await Promise.all([
    import('../handlers'),
    import('../teams/activity-router'),
    import('../rulings/search/create-search'),
  ]);
  // A refusal is the turn's answer, printed as such; only failures are logged beside it.
  const logger = createLogger('error', (line) => process.stderr.write(`${line}\n`));
  const now = () => new Date();
  const search = createRulingSearch(store.rulings, path.join(projectRoot(), 'bot', 'rulings', 'synonyms.txt'));
  const registry = buildHandlerRegistry({ store, logger, now, config, tabUrl: tabUrlOf(config), search, nudge: () => undefined });
  const router = new ActivityRouter({ store, registry, logger, now, welcomeCommand: WELCOME_COMMAND, defaultLocale: config.defaultLocale });
  return { router, verbs: { has: (verb) => registry.findCardAction(verb) !== undefined } };
}

function tabUrlOf(config: Config): string {
  if (config.publicHostname) return `https://${config.publicHostname}/tab/`;
  return `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/tab/`;
}

/**
 * A button's data from the command line: `key=値` (text, as a card input sends it),
 * `key:=JSON` (a number, true/false or a list, as a card's data carries it) or one JSON object.
 */
export function parseCardData(args: string[]): { data: Record<string, unknown> } | { error: string } {
  const data: Record<string, unknown> = {};
  for (const arg of args) {
    if (arg.startsWith('{')) {
      try {
        const parsed = JSON.parse(arg) as unknown;
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        Object.assign(data, parsed);
        continue;
      } catch {
        return { error: `JSON のオブジェクトとして読めません (not a JSON object): ${arg.slice(0, 60)}` };
      }
    }
    const typed = /^([\w.-]+):=([\s\S]*)$/u.exec(arg);
    if (typed) {
      try {
        data[typed[1]] = JSON.parse(typed[2]) as unknown;
        continue;
      } catch {
        return { error: `${typed[1]} の値を JSON として読めません (key:= takes JSON): ${typed[2].slice(0, 60)}` };
      }
    }
    const text = /^([\w.-]+)=([\s\S]*)$/u.exec(arg);
    if (!text) return { error: `ボタンのデータは key=値 か key:=JSON で指定してください (expected key=value): ${arg.slice(0, 60)}` };
    data[text[1]] = text[2];
  }
  return { data };
}

function printResult(result: InProcessTurnResult, personId: string, out: (line: string) => void) {
  const shown = [...result.replies, ...(result.invoke ? [result.invoke] : [])];
  if (shown.length === 0) out('（ボットの返答はありません）');
  for (const reply of shown) {
    out('');
    if ('card' in reply) cardAsText(reply.card, personId).forEach((line) => out(`  ${line}`));
    else if ('message' in reply) indented(reply.message, '  ', out);
    else if ('text' in reply) indented(reply.text, '  ', out);
    else out(`  （状態 ${reply.status}）`);
  }
}

/** What the turn queued, to whom: the running server delivers it (npm run cli -- outbox shows its progress). */
async function printQueued(queued: NewOutboxMessage[], store: Store, out: (line: string) => void) {
  const messages = queued.filter((message) => !message.payload.recordWrite);
  if (messages.length === 0) return;
  out('');
  out(`送信キューに入れたメッセージ ${messages.length} 件（起動中のサーバーが届けます）:`);
  for (const message of messages) {
    const person = message.conversationKey.startsWith('person:') ? message.conversationKey.slice('person:'.length) : undefined;
    const name = person ? (await store.people.get(person))?.displayName : undefined;
    const where = person
      ? `${name ?? person}（${person}）の個人チャット`
      : message.payload.replyInThreadOf
        ? `${message.conversationKey} のスレッド`
        : message.conversationKey;
    out(`→ ${where}${message.payload.updateOf || message.payload.activityId ? '（送信済みのカードを更新）' : ''}`);
    const activity = message.payload.activity as { text?: unknown; attachments?: { content?: unknown }[] };
    const card = activity.attachments?.[0]?.content;
    if (card && typeof card === 'object')
      cardAsText(card as Record<string, unknown>, person ?? '<personId>').forEach((line) => out(`    ${line}`));
    else if (typeof activity.text === 'string') indented(activity.text, '    ', out);
  }
}

function indented(text: string, indent: string, out: (line: string) => void) {
  for (const line of text.split('\n')) out(indent + line);
}
