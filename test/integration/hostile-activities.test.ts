import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { startApp, type RunningApp } from '../../bot/app';
import { DIRECTIONS, WEATHERS } from '../../bot/checkins/model';
import { loadDemoData } from '../../bot/demo/demo-data';
import { loadConfig } from '../../bot/platform/config';
import { addBusinessDays, fiscalQuarterOf, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { t } from '../../bot/platform/i18n';
import type { Logger } from '../../bot/platform/logger';
import { DATABASE_FILE_NAME } from '../../bot/store/sqlite/database';
import {
  HOSTILE_TEXTS,
  hasLoneSurrogate,
  hostileText,
  JAPANESE,
  MARKDOWN_PROBE,
  markdownTextsOf,
  mostly,
  PROTOTYPE_KEYS,
  RAW_MARKDOWN,
  runs,
  stringsIn,
  withOwnKeys,
  wrongType,
} from '../support/hostile-inputs';
import { tempDir } from '../support/processes';

const { people: demoPeople, initiatives: demoInitiatives, inquiries: demoInquiries } = loadDemoData();

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startConnectorSimulator } = require('../support/connector-simulator');

interface Delivery {
  conversationId: string;
  activityId: string;
  text: string;
  kind: 'send' | 'reply' | 'update';
  activity: { text?: string; textFormat?: string; attachments?: { contentType: string; content: unknown }[] };
}
interface Simulator {
  url: string;
  delivered: Delivery[];
  close(): Promise<void>;
}

/**
 * Hostile activities against the real server in-process (demo data, real SQLite file), with the
 * connector simulator as serviceUrl so every reply lands somewhere we can read. For every case:
 * a 4xx, or a card or Japanese message; never a 5xx or a failed turn (the logger's errors and the
 * apology message are watched); nothing written for people who may not act; text echoed
 * literally (plain text, or escaped in cards).
 */
jest.setTimeout(runs(30_000)); // longer searches (HOSTILE_RUNS_FACTOR) get proportionally more time

describe('hostile activities on /api/messages', () => {
  let app: RunningApp;
  let sim: Simulator;
  let dataDir: string;
  let snapshotDb: Database.Database;
  const loggedErrors: { message: string; fields?: Record<string, unknown> }[] = [];
  const describeError = (fields?: Record<string, unknown>) => {
    const error = fields?.error;
    return error instanceof Error
      ? `${error.name}: ${error.message} ${error.stack?.split('\n').slice(1, 4).join(' ')}`
      : JSON.stringify(fields)?.slice(0, 300);
  };
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (message, fields) => void loggedErrors.push({ message, fields }) };
  const BOT = { id: '28:hostile-test-bot', name: '本庁区役所連携ボット' };
  const TURN_ERROR = t('ja', 'turnError');
  const CARD = 'application/vnd.microsoft.card.adaptive';
  const MESSAGE = 'application/vnd.microsoft.activity.message';
  let sequence = 0;

  const person = (id: string) => demoPeople.find((p) => p.id === id)!;
  const PEOPLE = demoPeople.map((p) => p.id);
  const today = japanDateOf(new Date());
  /** A quarter open for answers now (the demo's cycles are all closed), so owners' answers are stored. */
  const openQuarter = fiscalQuarterOf(today);

  beforeAll(async () => {
    dataDir = tempDir('renkei-hostile-activities-');
    sim = await startConnectorSimulator({ perConversation: [], perApp: [] });
    // Hundreds of presses a minute by the same few people: lift the per-person turn limit (a refusal would hide what the press does).
    const config = loadConfig({
      APP_DATA_DIR: dataDir,
      CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
      INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
      MESSAGES_RATE_PER_USER: '1000000/60',
    });
    config.port = 0;
    app = await startApp(config, logger);
    const window = { opensOn: today, dueOn: addBusinessDays(today, 20) };
    expect(
      await app.store.checkInCycles.open({
        ...openQuarter,
        ...window,
        openedAt: new Date().toISOString(),
        openedBy: 'p-pmo',
        unreachableOwnerIds: [],
        closedAt: null,
      }),
    ).toBe(true);
    snapshotDb = new Database(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true, fileMustExist: true });
  });

  afterAll(async () => {
    snapshotDb?.close();
    await app?.stop();
    await sim?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(() => {
    // A failed turn is logged by the adapter's onTurnError; none may happen.
    const failures = loggedErrors.splice(0).map((e) => `${e.message}: ${describeError(e.fields)}`);
    const apologies = sim.delivered.filter((d) => d.text === TURN_ERROR).length;
    sim.delivered.splice(0);
    expect([...new Set(failures)]).toEqual([]);
    expect(apologies).toBe(0);
  });

  /**
   * What the bot answered this turn in this conversation: replies and card updates. Outbox sends are
   * left out: they go to a person's newest chat, and the dispatcher may deliver one there at any moment.
   */
  const turnAnswersIn = (conversationId: string) => sim.delivered.filter((d) => d.conversationId === conversationId && d.kind !== 'send');

  /**
   * Every record as sorted JSON lines: not the audit log (it records the refusals), and of the
   * outbox only which messages exist (the dispatcher updates their delivery state on its own).
   */
  function snapshot(tables?: string[]): Record<string, string[]> {
    const names =
      tables ??
      (
        snapshotDb
          .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' AND name NOT IN ('audit_log', 'schema_migrations')",
          )
          .all() as { name: string }[]
      ).map((r) => r.name);
    const rowsOf = (name: string) => snapshotDb.prepare(name === 'outbox' ? 'SELECT key FROM outbox' : `SELECT * FROM "${name}"`).all();
    return Object.fromEntries(
      names.map((name) => [
        name,
        rowsOf(name)
          .map((row) => JSON.stringify(row))
          .sort(),
      ]),
    );
  }

  function baseActivity(
    from: Record<string, unknown>,
    fields: Record<string, unknown>,
    conversationType: 'personal' | 'channel' | 'groupChat' = 'personal',
  ) {
    sequence += 1;
    const channelId = conversationType === 'channel' ? `19:hostile-channel-${sequence}@thread.tacv2` : undefined;
    return {
      type: 'message',
      id: `in-${sequence}`,
      channelId: 'msteams',
      serviceUrl: sim.url,
      timestamp: new Date().toISOString(),
      from,
      recipient: BOT,
      conversation: { id: channelId ?? `hostile-${conversationType}-${sequence}`, conversationType, tenantId: 'tenant-hostile' },
      ...(channelId
        ? { channelData: { tenant: { id: 'tenant-hostile' }, team: { id: '19:team@thread.tacv2' }, channel: { id: channelId } } }
        : {}),
      locale: 'ja-JP',
      ...fields,
    };
  }

  /** `from` for a demo person, or for someone the directory does not know (odd aadObjectIds included). */
  type Sender = string | { aadObjectId: unknown };
  const fromOf = (sender: Sender) =>
    typeof sender === 'string'
      ? { id: `29:${sender}`, name: person(sender).displayName, aadObjectId: person(sender).entraObjectId }
      : { id: '29:stranger', name: '部外者', aadObjectId: sender.aadObjectId };
  /** People the directory does not know, as Teams could send them. */
  const UNKNOWN: Sender[] = [
    { aadObjectId: undefined },
    { aadObjectId: '00000000-0000-4000-8000-00000000dead' },
    { aadObjectId: '' },
    { aadObjectId: "' OR 1=1 --" },
    { aadObjectId: 'x'.repeat(10_000) },
    { aadObjectId: 'P-WARD-STAFF' },
  ];
  /** Senders whose id is not even a string: an activity Teams never sends, which the bot refuses (400 for an invoke, no turn). */
  const MALFORMED: Sender[] = [
    { aadObjectId: 12345 },
    { aadObjectId: { $ne: null } },
    { aadObjectId: ['6b1e0c3a-0003-4000-8000-000000000003'] },
  ];
  const STRANGERS: Sender[] = [...UNKNOWN, ...MALFORMED];
  const isMalformed = (sender: Sender) => MALFORMED.includes(sender);

  async function post(body: unknown, contentType = 'application/json') {
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text };
  }

  async function healthy() {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('ok');
  }

  /** What a card or message shows a person: Japanese, no lone surrogates from well-formed input, user Markdown escaped. */
  function expectReadable(result: { kind: 'card'; card: unknown } | { kind: 'message'; text: string }, input: unknown) {
    const inputWellFormed = stringsIn(input).every((s) => !hasLoneSurrogate(s));
    if (result.kind === 'message') {
      expect(typeof result.text).toBe('string');
      expect(result.text).toMatch(JAPANESE);
      if (inputWellFormed) expect(hasLoneSurrogate(result.text)).toBe(false);
      return;
    }
    const card = result.card as { type?: string; body?: unknown[] };
    expect(card.type).toBe('AdaptiveCard');
    expect(Array.isArray(card.body)).toBe(true);
    const shown = markdownTextsOf(card);
    expect(shown.join('\n')).toMatch(JAPANESE);
    // One expectation for all texts (jest builds every matcher per expect call, and cards are many).
    expect(shown.filter((text) => RAW_MARKDOWN.some((raw) => text.includes(raw)))).toEqual([]);
    for (const text of shown) {
      // Typed text is stored and shown as valid Unicode, whatever the request carried.
      if (hasLoneSurrogate(text)) throw new Error(`broken character in ${JSON.stringify(text).slice(0, 300)}`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 1. Arbitrary bodies and activity-shaped objects
  // ---------------------------------------------------------------------------------------------

  const anyJson = fc.oneof(fc.jsonValue(), fc.object(), fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }), fc.string());

  // First, while the store holds only the demo data: a message that is no command is a search, and the
  // presses below store rulings with random text, which such a message could then find (a card, not the echo).
  it('echoes an unknown command literally, as plain text, cut at 40 characters without breaking one', async () => {
    const cases = [
      MARKDOWN_PROBE,
      '<script>alert(1)</script>',
      '# 見出し',
      'a'.repeat(39) + '👨‍👩‍👧‍👦',
      '🇯🇵'.repeat(30),
      ...HOSTILE_TEXTS.filter((text) => text.trim() !== '' && !hasLoneSurrogate(text) && !/<at>/.test(text)).slice(0, 12),
    ];
    for (const text of cases) {
      const activity = baseActivity(fromOf('p-ward-staff'), { text: `不明 ${text}` });
      expect((await post(activity)).status).toBe(200);
      const [reply] = turnAnswersIn(activity.conversation.id);
      expect(reply.activity.textFormat).toBe('plain');
      const typed = `不明 ${text}`.trim();
      const echoed = /^「([\s\S]*)」は分かりませんでした/.exec(reply.text)?.[1];
      expect(echoed).toBeDefined();
      expect(typed.startsWith(echoed!)).toBe(true);
      expect(hasLoneSurrogate(echoed!)).toBe(false);
      const characters = [...new Intl.Segmenter('ja', { granularity: 'grapheme' }).segment(typed)].map((s) => s.segment);
      expect(characters.slice(0, 40).join('')).toBe(echoed); // 40 characters as people count them, none cut in half
    }
  });

  it('answers arbitrary JSON bodies with a 4xx (not an activity) and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (value) => {
        const json = JSON.stringify(value) ?? 'null';
        const { status } = await post(json);
        expect(status).toBeLessThan(500);
        const isActivity =
          value !== null &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          typeof (value as { type?: unknown }).type === 'string' &&
          (value as { type: string }).type !== '';
        if (!isActivity) expect(status).toBe(400);
      }),
      { numRuns: runs(150) },
    );
    for (const raw of [
      '{"type":',
      '{"type":"message"}}',
      '\u0000',
      '[1,2',
      '{"__proto__":{"polluted":true},"type":"message"}',
      'null',
      '"message"',
      '1e999',
      '{"type":"message","text":"\\ud800"}',
    ]) {
      expect((await post(raw)).status).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await healthy();
  });

  const randomField = fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileText, wrongType, fc.constant(undefined));
  const activityShaped = fc.record(
    {
      type: fc.oneof(
        fc.constantFrom(
          'message',
          'invoke',
          'conversationUpdate',
          'installationUpdate',
          'messageReaction',
          'typing',
          'event',
          'endOfConversation',
          'Message',
          'INVOKE',
          ' message',
        ),
        hostileText,
      ),
      name: fc.oneof(
        fc.constantFrom('adaptiveCard/action', 'task/fetch', 'composeExtension/query', 'signin/verifyState'),
        hostileText,
        wrongType,
      ),
      text: randomField,
      value: fc.oneof(
        randomField,
        fc.record(
          {
            verb: fc.oneof(fc.constantFrom('checkin.submit', 'inquiry.claim', 'inquiry.approve', 'nope'), wrongType),
            number: mostly(fc.constantFrom('Q-R8-0001', 'Q-R8-0002')),
          },
          { requiredKeys: [] },
        ),
        fc.record(
          {
            action: fc.oneof(
              wrongType,
              fc.record(
                {
                  type: fc.constant('Action.Execute'),
                  verb: fc.oneof(fc.constantFrom('inquiry.view', 'checkin.open', 'nope'), wrongType),
                  data: fc.oneof(wrongType, fc.dictionary(fc.string({ maxLength: 12 }), randomField)),
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      from: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...PEOPLE).map((id) => fromOf(id)) },
        fc.record(
          {
            id: randomField,
            name: randomField,
            aadObjectId: fc.oneof(randomField, fc.constantFrom(...demoPeople.map((p) => p.entraObjectId))),
          },
          { requiredKeys: [] },
        ),
        fc.constant({}),
      ),
      recipient: fc.oneof(
        { weight: 3, arbitrary: fc.constant(BOT) },
        fc.record({ id: randomField }, { requiredKeys: [] }),
        fc.constant(undefined),
      ),
      conversation: fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .constantFrom('personal', 'channel', 'groupChat')
            .map((conversationType) => ({ id: `hostile-shape-${conversationType}`, conversationType, tenantId: 'tenant-hostile' })),
        },
        fc.record(
          {
            id: fc.oneof(fc.string({ maxLength: 20 }), wrongType),
            conversationType: fc.oneof(fc.constantFrom('personal', 'channel', 'groupChat'), wrongType),
            tenantId: randomField,
          },
          { requiredKeys: [] },
        ),
        fc.constant({}),
      ),
      channelData: fc.oneof(
        randomField,
        fc.record(
          { channel: fc.oneof(fc.record({ id: randomField }), wrongType), team: randomField, tenant: randomField },
          { requiredKeys: [] },
        ),
      ),
      entities: fc.oneof(
        randomField,
        fc.array(
          fc.oneof(
            fc.record(
              { type: fc.oneof(fc.constant('mention'), wrongType), mentioned: fc.oneof(fc.constant(BOT), wrongType), text: randomField },
              { requiredKeys: [] },
            ),
            wrongType,
          ),
          { maxLength: 3 },
        ),
      ),
      membersAdded: fc.oneof(
        randomField,
        fc.array(fc.oneof(fc.constant(BOT), fc.record({ id: randomField }), wrongType), { maxLength: 2 }),
      ),
      replyToId: randomField,
      locale: randomField,
      textFormat: randomField,
      timestamp: randomField,
      channelId: fc.oneof(fc.constant('msteams'), randomField),
      id: randomField,
      // Nowhere to answer: refused before any turn (a reachable URL that fails is an outage, not hostile input).
      serviceUrl: fc.constantFrom('absent', '', 'not a url', 'javascript:alert(1)', 'file:///etc/passwd', '/v3/conversations'),
    },
    { requiredKeys: ['type'] },
  );

  it('never fails on activity-shaped objects with random field types', async () => {
    await fc.assert(
      fc.asyncProperty(activityShaped, async (shape) => {
        const activity = { serviceUrl: sim.url, ...shape };
        if (shape.serviceUrl === 'absent') delete (activity as { serviceUrl?: unknown }).serviceUrl;
        const { status, text } = await post(activity);
        if (status >= 500) throw new Error(`${status} for ${JSON.stringify(activity).slice(0, 500)}: ${text.slice(0, 300)}`);
        if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
          // 400 when the activity itself is malformed (no conversation to answer in, ids that are not strings).
          expect([200, 400]).toContain(status);
          if (status === 400) return;
          const body = JSON.parse(text) as { statusCode: number; type: string; value: unknown };
          expect(body.statusCode).toBe(200);
          expect([CARD, MESSAGE]).toContain(body.type);
        }
      }),
      { numRuns: runs(150) },
    );
    await healthy();
  });

  // ---------------------------------------------------------------------------------------------
  // 2. Every card verb with hostile data, as Action.Submit (message + value) and Action.Execute (invoke)
  // ---------------------------------------------------------------------------------------------

  const CHECKIN_VERBS = ['checkin.submit', 'checkin.edit', 'checkin.open'] as const;
  const INQUIRY_VERBS = [
    'inquiry.preview',
    'inquiry.submit',
    'inquiry.deflect',
    'inquiry.editQuestion',
    'inquiry.claim',
    'inquiry.answerForm',
    'inquiry.answer',
    'inquiry.askForm',
    'inquiry.requestInfo',
    'inquiry.view',
    'inquiry.approve',
    'inquiry.return',
    'inquiry.reply',
    'inquiry.withdraw',
    'inquiry.status',
    'inquiry.restore',
    'inquiry.release',
    'inquiry.reassignForm',
    'inquiry.reassign',
  ] as const;
  type Verb = (typeof CHECKIN_VERBS)[number] | (typeof INQUIRY_VERBS)[number];
  const CODES = demoInitiatives.map((i) => i.code);
  const ownerOf = (code: string) => demoInitiatives.find((i) => i.code === code)?.ownerId ?? null;
  const NUMBERS = demoInquiries.map((i) => i.number);

  const kpiKeys = demoInitiatives.flatMap((i) => i.kpis.map((k) => `kpi.${k.id}`)).slice(0, 6);
  const cardData = fc
    .record(
      {
        number: mostly(fc.constantFrom(...NUMBERS, 'Q-R8-9999', 'Q-R999-0001', 'q-r8-0001', 'Q-R8-0001\n')),
        initiativeCode: mostly(fc.constantFrom(...CODES, 'NOPE-1', 'a1-1', 'A1-1 ')),
        fiscalYear: mostly(fc.constantFrom(2025, 2026, 2027, 2026.5, -2026, 1e308)),
        quarter: mostly(fc.constantFrom(1, 2, 3, 4, 0, 5, '3')),
        revision: mostly(fc.constantFrom(1, 2, 3, 0, -1, 1.5, Number.MAX_SAFE_INTEGER)),
        submissionId: mostly(fc.uuid()),
        progress: hostileText,
        weather: mostly(fc.constantFrom(...WEATHERS)),
        direction: mostly(fc.constantFrom(...DIRECTIONS)),
        directionReason: hostileText,
        nextActions: hostileText,
        ...Object.fromEntries(
          kpiKeys.map((key) => [
            key,
            mostly(fc.constantFrom('12', '１２件', '-5', '1e309', 'NaN', 'Infinity', '0x10', '12.5%', '9'.repeat(400))),
          ]),
        ),
        requestId: mostly(fc.uuid()),
        targetDepartmentId: mostly(fc.constantFrom('hq-hoken-nenkin', 'hq-kaigo-hoken', 'ward-kita-hoken-nenkin', 'hq-dx')),
        category: hostileText,
        subject: hostileText,
        body: hostileText,
        legalBasis: hostileText,
        desiredAnswerDate: mostly(
          fc.constantFrom('', addBusinessDays(today, 3), '2026-02-30', '2099-12-31', '1970-01-01', '２０２６-１２-０１'),
        ),
        urgency: mostly(fc.constantFrom('通常', '至急')),
        suggestionIds: fc.oneof(fc.array(hostileText, { maxLength: 8 }), wrongType),
        answer: hostileText,
        share: mostly(fc.constantFrom('true', 'false', true)),
        rulingTitle: hostileText,
        rulingCategory: hostileText,
        rulingTags: hostileText,
        decision: mostly(fc.constantFrom('draft', 'submit')),
        question: hostileText,
        comment: hostileText,
        reply: hostileText,
        draftedAt: mostly(fc.constantFrom(demoInquiries.find((i) => i.status === 'awaitingApproval')!.draft!.draftedAt)),
        verb: mostly(fc.constantFrom('inquiry.approve', 'checkin.submit')),
      },
      { requiredKeys: [] },
    )
    .chain((record) =>
      fc
        .array(
          fc.tuple(
            fc.constantFrom(...PROTOTYPE_KEYS),
            fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ isAdmin: true, roles: ['admin'] })),
          ),
          { maxLength: 2 },
        )
        .map((extra) => withOwnKeys({ ...record }, extra)),
    );

  const CURRENT_DRAFT = '(the draftedAt stored now)';
  const freeText = fc.oneof(hostileText, fc.constantFrom('順調に進んでいます。', '国保の資格取得日について'));
  /** Valid-looking forms with hostile text where people type, so the writes happen too. */
  function realisticData(verb: Verb, code: string, number: fc.Arbitrary<string>): fc.Arbitrary<Record<string, unknown>> {
    if (verb.startsWith('checkin.')) {
      const initiative = demoInitiatives.find((i) => i.code === code)!;
      return fc.record({
        initiativeCode: fc.constant(code),
        fiscalYear: fc.constant(openQuarter.fiscalYear),
        quarter: fc.constant(openQuarter.quarter),
        revision: fc.constantFrom(1, 1, 2),
        submissionId: fc.uuid(),
        progress: freeText,
        weather: fc.constantFrom(...WEATHERS),
        direction: fc.constantFrom(...DIRECTIONS),
        directionReason: freeText,
        nextActions: freeText,
        ...Object.fromEntries(
          initiative.kpis.map((kpi) => [`kpi.${kpi.id}`, fc.constantFrom('', '12', '1,234件', '５０%', '-5', '1e3', '=1+2')]),
        ),
      });
    }
    const question = {
      targetDepartmentId: fc.constantFrom('hq-hoken-nenkin', 'hq-kaigo-hoken'),
      category: freeText,
      subject: freeText,
      body: freeText,
      legalBasis: freeText,
      desiredAnswerDate: fc.constantFrom('', addBusinessDays(today, 3)),
      urgency: fc.constantFrom('通常', '至急'),
      requestId: fc.uuid(),
    };
    switch (verb) {
      case 'inquiry.preview':
      case 'inquiry.submit':
      case 'inquiry.deflect':
      case 'inquiry.editQuestion':
        return fc.record({ ...question, suggestionIds: fc.array(fc.constantFrom('R-0001', 'R-0020', '<script>'), { maxLength: 3 }) });
      case 'inquiry.answer':
        return fc.record({
          number,
          answer: freeText,
          share: fc.constantFrom('true', 'false'),
          rulingTitle: freeText,
          rulingCategory: freeText,
          rulingTags: freeText,
          decision: fc.constantFrom('draft', 'submit'),
        });
      case 'inquiry.requestInfo':
        return fc.record({ number, question: freeText });
      case 'inquiry.reply':
        return fc.record({ number, reply: freeText });
      case 'inquiry.withdraw':
        return fc.record({ number, confirm: fc.constantFrom(true, false), reason: freeText });
      case 'inquiry.reassign':
        return fc.record({ number, assignee: fc.constantFrom('p-hq-responder', 'p-hq-approver', 'p-ward-staff', 'p-other-responder', '') });
      case 'inquiry.approve':
      case 'inquiry.return':
        return fc.record({ number, draftedAt: fc.constant(CURRENT_DRAFT), comment: freeText });
      default:
        return fc.record({ number });
    }
  }

  /**
   * Presses `verb` as `sender`: an Action.Execute invoke, or an Action.Submit (message + value,
   * answered in the conversation or by updating the card it came from).
   */
  async function press(verb: Verb, sender: Sender, data: Record<string, unknown>, mode: 'invoke' | 'submit' | 'submit-update') {
    const from = fromOf(sender);
    if (mode === 'invoke') {
      const activity = baseActivity(from, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
      });
      const { status, text } = await post(activity);
      if (status === 413) return; // a body over 1 MB: refused before any turn
      if (isMalformed(sender)) return void expect({ verb, status }).toEqual({ verb, status: 400 });
      expect({ verb, status }).toEqual({ verb, status: 200 });
      const body = JSON.parse(text) as { statusCode: number; type: string; value: unknown };
      expect(body.statusCode).toBe(200);
      if (body.type === CARD) expectReadable({ kind: 'card', card: body.value }, data);
      else {
        expect(body.type).toBe(MESSAGE);
        expectReadable({ kind: 'message', text: body.value as string }, data);
      }
      return;
    }
    const replyToId = mode === 'submit-update' ? `card-${sequence}` : undefined;
    // The verb goes last, as the card's fallback Action.Submit puts it.
    const value = withOwnKeys({ ...data }, [['verb', verb]]);
    const activity = baseActivity(from, { value, text: '', ...(replyToId ? { replyToId } : {}) });
    const { status } = await post(activity);
    if (status === 413) return;
    // An activity the bot could not answer (a malformed sender) is refused with 400 before any turn.
    expect({ verb, status }).toEqual({ verb, status: isMalformed(sender) ? 400 : 200 });
    const answers = turnAnswersIn(activity.conversation.id);
    if (isMalformed(sender)) return void expect(answers).toEqual([]);
    expect(answers).toHaveLength(1);
    const [answer] = answers;
    const card = answer.activity.attachments?.find((a) => a.contentType === CARD)?.content;
    if (card) expectReadable({ kind: 'card', card }, data);
    else {
      expect(answer.activity.textFormat).toBe('plain');
      expectReadable({ kind: 'message', text: answer.text }, data);
    }
    if (answer.kind === 'update') expect(answer.activityId).toBe(replyToId);
  }

  const mode = fc.constantFrom<'invoke' | 'submit' | 'submit-update'>('invoke', 'submit', 'submit-update');
  const hqStrangers = ['p-ward-staff', 'p-ward-manager', 'p-pmo', 'p-admin'];
  /** Who may NOT do each verb on the demo inquiries (all asked by p-ward-staff of 北区役所保険年金課). */
  const NOT_ALLOWED: Record<Exclude<Verb, (typeof CHECKIN_VERBS)[number]>, Sender[]> = {
    // Read-only or audit-only steps: nobody changes a record through them.
    'inquiry.preview': [...PEOPLE, ...STRANGERS],
    'inquiry.editQuestion': [...PEOPLE, ...STRANGERS],
    'inquiry.deflect': [...PEOPLE, ...STRANGERS],
    'inquiry.view': [...PEOPLE, ...STRANGERS],
    // Sending needs someone in the staff directory.
    'inquiry.submit': STRANGERS,
    'inquiry.claim': [...hqStrangers, ...STRANGERS],
    'inquiry.answerForm': [...hqStrangers, ...STRANGERS],
    'inquiry.answer': [...hqStrangers, ...STRANGERS],
    'inquiry.askForm': [...hqStrangers, ...STRANGERS],
    'inquiry.requestInfo': [...hqStrangers, ...STRANGERS],
    'inquiry.approve': [...hqStrangers, 'p-hq-responder', ...STRANGERS],
    'inquiry.return': [...hqStrangers, 'p-hq-responder', ...STRANGERS],
    'inquiry.reply': [...PEOPLE.filter((id) => id !== 'p-ward-staff'), ...STRANGERS],
    'inquiry.withdraw': [...PEOPLE.filter((id) => id !== 'p-ward-staff'), ...STRANGERS],
    'inquiry.status': [...PEOPLE, ...STRANGERS],
    'inquiry.restore': [...PEOPLE.filter((id) => id !== 'p-ward-staff'), ...STRANGERS],
    // The demo's inquiries are 鈴木's (p-hq-responder) or another department's: nobody else gives them back.
    'inquiry.release': [...hqStrangers, 'p-hq-approver', ...STRANGERS],
    'inquiry.reassignForm': [...PEOPLE, ...STRANGERS],
    'inquiry.reassign': [...hqStrangers, 'p-hq-responder', ...STRANGERS],
  };
  /** (person, initiative) pairs where the person neither owns the initiative nor is PMO; plus strangers. */
  const checkInStrangers: [Sender, string][] = [
    ...PEOPLE.filter((id) => !person(id).roles.includes('pmo')).flatMap((id) =>
      CODES.filter((code) => ownerOf(code) !== id).map((code): [Sender, string] => [id, code]),
    ),
    ...STRANGERS.flatMap((s) => CODES.slice(0, 3).map((code): [Sender, string] => [s, code])),
  ];

  it('changes nothing when people who may not act press any button with hostile data', async () => {
    const before = snapshot();
    const refusalsBefore = (await app.store.audit.list({ actions: ['inquiry.refused', 'checkin.refused'], limit: 100_000 })).length;
    for (const verb of CHECKIN_VERBS) {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...checkInStrangers).chain(([sender, code]) =>
            fc.tuple(
              fc.constant(sender),
              fc.oneof(
                // The pair's initiative, unless the card sends a code of the wrong type.
                cardData.map((data) =>
                  data.initiativeCode === undefined || typeof data.initiativeCode === 'string'
                    ? withOwnKeys({ ...data }, [['initiativeCode', code]])
                    : data,
                ),
                realisticData(verb, code, fc.constant('')),
              ),
            ),
          ),
          mode,
          async ([sender, data], how) => press(verb, sender, data, how),
        ),
        { numRuns: runs(40) },
      );
    }
    for (const verb of INQUIRY_VERBS) {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...NOT_ALLOWED[verb]),
          fc.oneof(cardData, realisticData(verb, '', fc.constantFrom(...NUMBERS))),
          mode,
          async (sender, data, how) => {
            const stored =
              data.draftedAt === CURRENT_DRAFT && typeof data.number === 'string' ? await app.store.inquiries.get(data.number) : undefined;
            await press(verb, sender, stored ? withOwnKeys({ ...data }, [['draftedAt', stored.draft?.draftedAt ?? '']]) : data, how);
          },
        ),
        { numRuns: runs(25) },
      );
    }
    expect(snapshot()).toEqual(before);
    // The refusals were noticed and recorded.
    expect((await app.store.audit.list({ actions: ['inquiry.refused', 'checkin.refused'], limit: 100_000 })).length).toBeGreaterThan(
      refusalsBefore,
    );
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    await healthy();
  });

  it('keeps every invariant when the people who may act press buttons with hostile data', async () => {
    const otherDepartment = demoInquiries.find((i) => i.targetDepartmentId !== 'hq-hoken-nenkin')!.number; // 介護保険課's
    const rowsOutsideReach = () => ({
      inquiry: snapshotDb.prepare('SELECT * FROM inquiries WHERE number = ?').get(otherDepartment),
      rulings: snapshotDb.prepare("SELECT * FROM rulings WHERE id NOT LIKE 'R-R8-%' ORDER BY id").all(),
      // Check-ins of initiatives whose owner is not among the actors below (PMO's and unowned ones).
      checkIns: snapshotDb
        .prepare(
          `SELECT * FROM check_ins WHERE initiative_code IN (${CODES.filter((c) => [null, 'p-pmo'].includes(ownerOf(c)))
            .map((c) => `'${c}'`)
            .join(',')}) ORDER BY 1, 2, 3`,
        )
        .all(),
      people: snapshotDb.prepare('SELECT * FROM people ORDER BY id').all(),
      departments: snapshotDb.prepare('SELECT * FROM departments ORDER BY id').all(),
      initiatives: snapshotDb.prepare('SELECT * FROM initiatives ORDER BY code').all(),
    });
    const before = rowsOutsideReach();
    // The inquiries of 保険年金課 (and those asked during this test) that HQ may act on.
    const numbers = () => fc.constantFrom(...NUMBERS.filter((n) => n !== otherDepartment), 'Q-R8-0005', 'Q-R8-0006', 'Q-R8-0007');
    const owners: [string, string][] = CODES.flatMap((code) =>
      ownerOf(code) && ownerOf(code) !== 'p-pmo' ? [[ownerOf(code)!, code] as [string, string]] : [],
    );
    const ownerAndData = (verb: Verb) =>
      fc.constantFrom(...owners).chain(([sender, code]) =>
        fc.tuple(
          fc.constant(sender),
          fc.oneof(
            cardData.map((data) =>
              data.initiativeCode === undefined || typeof data.initiativeCode === 'string'
                ? withOwnKeys({ ...data }, [['initiativeCode', code]])
                : data,
            ),
            realisticData(verb, code, fc.constant('')),
          ),
        ),
      );
    for (const verb of CHECKIN_VERBS) {
      await fc.assert(
        fc.asyncProperty(ownerAndData(verb), mode, async ([sender, data], how) => press(verb, sender, data, how)),
        { numRuns: runs(30) },
      );
    }
    const ALLOWED: Record<(typeof INQUIRY_VERBS)[number], string[]> = {
      'inquiry.preview': PEOPLE,
      'inquiry.editQuestion': PEOPLE,
      'inquiry.deflect': PEOPLE,
      'inquiry.submit': PEOPLE,
      'inquiry.view': PEOPLE,
      'inquiry.claim': ['p-hq-responder', 'p-hq-approver'],
      'inquiry.answerForm': ['p-hq-responder', 'p-hq-approver'],
      'inquiry.answer': ['p-hq-responder', 'p-hq-approver'],
      'inquiry.askForm': ['p-hq-responder', 'p-hq-approver'],
      'inquiry.requestInfo': ['p-hq-responder', 'p-hq-approver'],
      'inquiry.approve': ['p-hq-approver'],
      'inquiry.return': ['p-hq-approver'],
      'inquiry.reply': ['p-ward-staff'],
      'inquiry.withdraw': ['p-ward-staff'],
      'inquiry.status': PEOPLE,
      'inquiry.restore': ['p-ward-staff'],
      'inquiry.release': ['p-hq-responder', 'p-hq-approver'],
      'inquiry.reassignForm': ['p-hq-approver'],
      'inquiry.reassign': ['p-hq-approver'],
    };
    for (const verb of INQUIRY_VERBS) {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ALLOWED[verb]),
          fc.oneof(cardData, realisticData(verb, '', numbers())),
          mode,
          async (sender, data, how) => {
            // 取り下げ and 返信 are the asker's own; the other department's inquiry stays out of reach.
            let target = data.number === otherDepartment ? withOwnKeys({ ...data }, [['number', 'Q-R8-0002']]) : data;
            if (target.draftedAt === CURRENT_DRAFT) {
              const stored = typeof target.number === 'string' ? await app.store.inquiries.get(target.number) : undefined;
              target = withOwnKeys({ ...target }, [['draftedAt', stored?.draft?.draftedAt ?? '']]);
            }
            await press(verb, sender, target, how);
          },
        ),
        { numRuns: runs(20) },
      );
    }
    expect(rowsOutsideReach()).toEqual(before);
    // Not vacuous: hostile text went through to the store (answers, questions, steps of the flow).
    const done = new Set((await app.store.audit.list({ limit: 100_000 })).map((entry) => entry.action));
    expect(done).toContain('checkin.created');
    expect(done).toContain('inquiry.submit');
    // What was stored is clean text: no control characters (but line breaks and tabs), no broken UTF-16.
    const stored = [
      ...(await app.store.inquiries.list()),
      ...(await app.store.checkIns.listForQuarter(openQuarter.fiscalYear, openQuarter.quarter)),
    ];
    for (const text of stringsIn(stored)) {
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(hasLoneSurrogate(text)).toBe(false);
    }
    // The store still reads everything back.
    expect((await app.store.inquiries.list()).length).toBeGreaterThanOrEqual(demoInquiries.length);
    for (const inquiry of await app.store.inquiries.list()) expect(await app.store.inquiries.get(inquiry.number)).toBeDefined();
    for (const cycle of await app.store.checkInCycles.list()) await app.store.checkIns.listForQuarter(cycle.fiscalYear, cycle.quarter);
    await healthy();
  });

  it('stores what people type through a whole inquiry without control characters or broken characters', async () => {
    const dirty = (label: string) => `\u0000${label}\u0007\u001b[31m\r\n\ud800${MARKDOWN_PROBE}\u007f`;
    const execute = async (sender: string, verb: Verb, data: Record<string, unknown>) => {
      const activity = baseActivity(fromOf(sender), {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
      });
      const { status, text } = await post(activity);
      expect(status).toBe(200);
      const body = JSON.parse(text) as { type: string; value: unknown };
      expectReadable(body.type === CARD ? { kind: 'card', card: body.value } : { kind: 'message', text: body.value as string }, data);
      return JSON.stringify(body.value);
    };
    const question = {
      targetDepartmentId: 'hq-hoken-nenkin',
      category: '\u0000国保\u0007',
      subject: dirty('件名'),
      body: dirty('内容'),
      legalBasis: dirty('法'),
      desiredAnswerDate: '',
      urgency: '通常',
      requestId: 'dirty-flow',
    };
    const number = /Q-R8-\d{4}/.exec(await execute('p-ward-staff', 'inquiry.submit', question))?.[0];
    expect(number).toBeDefined();
    await execute('p-hq-responder', 'inquiry.claim', { number });
    await execute('p-hq-responder', 'inquiry.requestInfo', { number, question: dirty('確認') });
    await execute('p-ward-staff', 'inquiry.reply', { number, reply: dirty('返信') });
    await execute('p-hq-responder', 'inquiry.answer', {
      number,
      answer: dirty('回答'),
      share: 'true',
      rulingTitle: dirty('表題'),
      rulingCategory: '国保',
      rulingTags: dirty('タグ'),
      decision: 'submit',
    });
    const draftedAt = (await app.store.inquiries.get(number!))?.draft?.draftedAt;
    expect(draftedAt).toBeDefined();
    await execute('p-hq-approver', 'inquiry.return', { number, draftedAt, comment: dirty('差戻し') });
    const stored = (await app.store.inquiries.get(number!))!;
    expect(stored.status).toBe('returned');
    expect(stored.clarifications).toHaveLength(1);
    const texts = stringsIn(stored);
    expect(texts.join('\n')).toContain(MARKDOWN_PROBE); // kept as typed, escaped only when shown in a card
    for (const text of texts) {
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(hasLoneSurrogate(text)).toBe(false);
    }
    expect(stored.returnComment).toBe(`差戻し\u001b[31m\n\ufffd${MARKDOWN_PROBE}`.replace('\u001b', ''));
  });

  it('shows Markdown, HTML and mentions typed into a form literally (escaped) in the cards it returns', async () => {
    const hostile = {
      subject: MARKDOWN_PROBE,
      body: `${MARKDOWN_PROBE}\n<script>alert(1)</script>\n<at>高橋 直子</at>`,
      category: '_国保_ *至急*',
      legalBasis: '# 見出し',
      targetDepartmentId: 'hq-hoken-nenkin',
      urgency: '通常',
      desiredAnswerDate: addBusinessDays(today, 3),
      requestId: 'md-probe',
    };
    for (const how of ['invoke', 'submit'] as const) {
      await press('inquiry.preview', 'p-ward-staff', hostile, how);
      await press('inquiry.preview', 'p-ward-staff', { ...hostile, subject: '' }, how); // invalid: the form comes back with the values
    }
    const activity = baseActivity(fromOf('p-ward-staff'), {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'inquiry.preview', data: hostile } },
    });
    const body = JSON.parse((await post(activity)).text) as { value: unknown };
    const shown = markdownTextsOf(body.value).join('\n');
    expect(shown).toContain('\\*\\*太字\\*\\* \\[リンク\\]\\(http://evil.example/x\\)');
  });

  // ---------------------------------------------------------------------------------------------
  // 3. Commands with hostile text
  // ---------------------------------------------------------------------------------------------

  const COMMANDS = [
    'ヘルプ',
    'help',
    'わたし',
    'チェックイン',
    'チェックイン開始',
    '集計',
    '質問',
    '照会一覧',
    '照会窓口に設定',
    'お知らせ先に設定',
    'ＨＥＬＰ！',
    'ping',
  ];
  const commandText = fc.oneof(
    fc
      .tuple(fc.constantFrom(...COMMANDS), fc.constantFrom(' ', '　', '\n', ''), hostileText)
      .map(([command, space, junk]) => `${command}${space}${junk}`),
    hostileText,
    fc.constantFrom(
      '照会窓口に設定 ../../etc/passwd',
      "照会窓口に設定 保険年金課'; DROP TABLE departments; --",
      'チェックイン開始 R8 Q3; DROP TABLE check_in_cycles',
      '集計 R99 Q9',
      '集計 令和元年度 第5四半期',
      'お知らせ先に設定 %00%2e%2e',
    ),
  );

  it('answers every command with hostile text in every kind of conversation, as every kind of sender', async () => {
    const before = snapshot(['departments', 'people', 'initiatives', 'check_ins', 'check_in_revisions', 'inquiries', 'rulings', 'manuals']);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom<Sender>(...PEOPLE), fc.constantFrom(...STRANGERS)),
        commandText,
        fc.constantFrom<'personal' | 'channel' | 'groupChat'>('personal', 'channel', 'groupChat'),
        fc.boolean(),
        async (sender, text, kind, mention) => {
          const mentionText = `<at>${BOT.name}</at>`;
          const activity = baseActivity(
            fromOf(sender),
            {
              text: mention ? `${mentionText} ${text}` : text,
              ...(mention ? { entities: [{ type: 'mention', mentioned: BOT, text: mentionText }] } : {}),
            },
            kind,
          );
          const { status } = await post(activity);
          if (status === 413) return;
          expect(status).toBe(isMalformed(sender) ? 400 : 200);
          const replies = turnAnswersIn(activity.conversation.id);
          if (isMalformed(sender)) return void expect(replies).toEqual([]);
          expect(replies.length).toBeGreaterThanOrEqual(1);
          for (const reply of replies) {
            const card = reply.activity.attachments?.find((a) => a.contentType === CARD)?.content;
            if (card) expectReadable({ kind: 'card', card }, text);
            else {
              // Teams shows a plain-text message as typed: no Markdown, no HTML.
              expect(reply.activity.textFormat).toBe('plain');
              expectReadable({ kind: 'message', text: reply.text }, text);
            }
          }
        },
      ),
      { numRuns: runs(150) },
    );
    expect(
      snapshot(['departments', 'people', 'initiatives', 'check_ins', 'check_in_revisions', 'inquiries', 'rulings', 'manuals']),
    ).toEqual(before);
    await healthy();
  });
});
