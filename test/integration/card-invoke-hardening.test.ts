import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fc from 'fast-check';
import { startApp, type RunningApp } from '../../bot/app';
import { loadDemoData } from '../../bot/demo/demo-data';
import type { Inquiry } from '../../bot/inquiries/model';
import { loadConfig } from '../../bot/platform/config';
import { fiscalYearOf, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { t, type Locale } from '../../bot/platform/i18n';
import type { Logger } from '../../bot/platform/logger';
import { WriteDeferredError } from '../../bot/store/ports';
import { tempDir } from '../support/processes';

const { people: demoPeople } = loadDemoData();

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startConnectorSimulator } = require('../support/connector-simulator');

/**
 * Issue 18, findings 2, 4 and 7, through the real server in local mode (botbuilder's
 * CloudAdapter, demo data in a real SQLite file, the connector simulator as serviceUrl):
 * every card press gets an invoke response, drafts stay inside the answering department on
 * cards as in the API, and one person cannot inflate the 効果検証 figures.
 */
jest.setTimeout(120_000);

describe('card invokes under faults, redaction and counting (issue 18)', () => {
  let app: RunningApp;
  let sim: { url: string; close(): Promise<void> };
  let dataDir: string;
  const logged: { message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (message, fields) => void logged.push({ message, fields }) };
  const MESSAGE = 'application/vnd.microsoft.activity.message';
  const PEOPLE = demoPeople.map((p) => p.id);
  const person = (id: string) => demoPeople.find((p) => p.id === id)!;
  let sequence = 0;

  beforeAll(async () => {
    dataDir = tempDir('renkei-invoke-hardening-');
    sim = await startConnectorSimulator({ perConversation: [], perApp: [] });
    const config = loadConfig({ APP_DATA_DIR: dataDir, CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0', INQUIRY_DEADLINE_INTERVAL_SECONDS: '0' });
    config.port = 0;
    app = await startApp(config, logger);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** An Action.Execute press as Teams sends it, from a demo person (or anyone, by Entra object id). */
  async function press(sender: string, verb: string, data: Record<string, unknown>, locale = 'ja-JP') {
    sequence += 1;
    const from = { id: `29:${sender}`, aadObjectId: person(sender).entraObjectId };
    const activity = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `in-${sequence}`,
      channelId: 'msteams',
      serviceUrl: sim.url,
      from,
      recipient: { id: '28:bot', name: 'bot' },
      conversation: { id: `hardening-${sender}`, conversationType: 'personal', tenantId: 'tenant' },
      locale,
      value: { action: { type: 'Action.Execute', verb, data } },
    };
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      body: text ? (JSON.parse(text) as { statusCode: number; type: string; value: unknown }) : undefined,
    };
  }

  async function api(personId: string, path: string) {
    const response = await fetch(`${app.url}${path}`, { headers: { Authorization: `Demo ${personId}` } });
    return { status: response.status, json: await response.json() };
  }

  // ---------------------------------------------------------------------------------------------
  // Finding 2: every invoke gets an answer
  // ---------------------------------------------------------------------------------------------

  it('answers a card action that throws with 200 and a message (nothing saved, or queued), logged with a correlation id', async () => {
    const thrown = fc.oneof(
      fc.string().map((m) => new Error(m)),
      fc.string().map((m) => new TypeError(m)),
      fc.string(),
      fc.constant(undefined),
      fc.record({ code: fc.string() }),
      fc.string().map((m) => new WriteDeferredError(m)),
    );
    // Where the fault happens: resolving who is pressing, reading the inquiry, or the step's transaction.
    const fault = fc.constantFrom<'people' | 'inquiries' | 'transaction'>('people', 'inquiries', 'transaction');
    const pressed = fc.constantFrom(
      // 取り下げる（確定） with its reason: the press that writes (the first press only asks).
      { sender: 'p-ward-staff', verb: 'inquiry.withdraw', data: { number: 'Q-R8-0004', confirm: true, reason: '課内で解決しました。' } },
      { sender: 'p-hq-responder', verb: 'inquiry.claim', data: { number: 'Q-R8-0003' } },
      { sender: 'p-pmo', verb: 'inquiry.view', data: { number: 'Q-R8-0002' } },
    );
    const before = await Promise.all(['Q-R8-0002', 'Q-R8-0003', 'Q-R8-0004'].map((n) => app.store.inquiries.get(n)));
    await fc.assert(
      fc.asyncProperty(
        thrown,
        fault,
        pressed,
        fc.constantFrom('ja-JP', 'en-US'),
        async (error, where, { sender, verb, data }, activityLocale) => {
          if (where === 'transaction' && verb === 'inquiry.view') return; // a view writes nothing
          const throwIt = async () => {
            // eslint-disable-next-line @typescript-eslint/only-throw-error -- anything a dependency might throw, strings and objects included
            throw error;
          };
          const target = where === 'people' ? app.store.people : where === 'inquiries' ? app.store.inquiries : app.store;
          const method = where === 'people' ? 'findByEntraObjectId' : where === 'inquiries' ? 'get' : 'transaction';
          const original = (target as unknown as Record<string, unknown>)[method];
          (target as unknown as Record<string, unknown>)[method] = throwIt;
          logged.splice(0);
          try {
            const { status, body } = await press(sender, verb, data, activityLocale);
            expect(status).toBe(200);
            expect(body?.statusCode).toBe(200);
            expect(body?.type).toBe(MESSAGE);
            // Without the person's record the activity's locale decides; demo people read Japanese.
            const locale: Locale = where === 'people' && activityLocale === 'en-US' ? 'en' : 'ja';
            const text = body?.value as string;
            if (error instanceof WriteDeferredError) return void expect(text).toBe(t(locale, 'writeDeferred'));
            expect(text).toContain(locale === 'ja' ? '保存されていません' : 'nothing from this action was saved');
            const reference = /(?:問い合わせ番号：|reference: )([0-9a-f]{8})/.exec(text)?.[1];
            expect(reference).toBeDefined();
            const entry = logged.find((e) => typeof e.fields?.correlationId === 'string' && e.fields.correlationId.startsWith(reference!));
            expect(entry?.fields).toMatchObject({ verb, activityId: expect.stringMatching(/^in-/) });
          } finally {
            (target as unknown as Record<string, unknown>)[method] = original;
          }
        },
      ),
      { numRuns: 60 },
    );
    logged.splice(0);
    // Nothing was saved by any of the failed presses.
    expect(await Promise.all(['Q-R8-0002', 'Q-R8-0003', 'Q-R8-0004'].map((n) => app.store.inquiries.get(n)))).toEqual(before);
  });

  // ---------------------------------------------------------------------------------------------
  // Finding 4: one redaction rule for the inquiry.view card and the API
  // ---------------------------------------------------------------------------------------------

  it("shows HQ's unapproved draft and the approver's return comment only to the answering department, on the card as in the API", async () => {
    let clock = Date.parse('2027-01-01T00:00:00.000Z');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Inquiry['status']>('drafted', 'awaitingApproval', 'returned'),
        fc.constantFrom(...PEOPLE),
        async (status, viewer) => {
          const marker = randomUUID().replace(/-/g, '');
          const stored = (await app.store.inquiries.get('Q-R8-0002'))!;
          const changed: Inquiry = {
            ...stored,
            status,
            draft: { ...stored.draft!, text: `DRAFT${marker}` },
            returnComment: status === 'returned' ? `RETURN${marker}` : null,
            updatedAt: new Date((clock += 1000)).toISOString(),
          };
          await app.store.inquiries.update(changed, stored.updatedAt);
          const insider = person(viewer).departmentId === changed.targetDepartmentId;

          const card = await press(viewer, 'inquiry.view', { number: 'Q-R8-0002' });
          const detail = await api(viewer, '/api/inquiries/Q-R8-0002');
          expect(card.status).toBe(200);
          expect(detail.status).toBe(200); // every demo person may view it (asker, ward, HQ, PMO, admin)
          const shown = { card: JSON.stringify(card.body?.value), api: JSON.stringify(detail.json) };
          for (const where of ['card', 'api'] as const) {
            expect({ where, viewer, draft: shown[where].includes(`DRAFT${marker}`) }).toEqual({ where, viewer, draft: insider });
            if (status === 'returned')
              expect({ where, viewer, comment: shown[where].includes(`RETURN${marker}`) }).toEqual({ where, viewer, comment: insider });
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  // ---------------------------------------------------------------------------------------------
  // Finding 7: metrics one person cannot inflate
  // ---------------------------------------------------------------------------------------------

  it('counts 3,000 forged これで解決した presses by one person once, in the department the server previewed; turns over the limit are told to wait', async () => {
    const fy = fiscalYearOf(japanDateOf(new Date()));
    const figures = async (department?: string) =>
      (
        (await api('p-pmo', `/api/analytics?fy=${fy}${department ? `&department=${department}` : ''}`)).json as {
          inquiries: { deflections: number };
        }
      ).inquiries.deflections;
    const before = { all: await figures(), asked: await figures('hq-hoken-nenkin'), forged: await figures('hq-kaigo-hoken') };

    const asker = 'p-ward-manager';
    const requestId = randomUUID();
    const question = {
      targetDepartmentId: 'hq-hoken-nenkin',
      category: '国民健康保険',
      subject: '資格取得日の扱い',
      body: '転入日と届出日が異なる場合',
      legalBasis: '',
      desiredAnswerDate: '',
      urgency: '通常',
    };
    const preview = await press(asker, 'inquiry.preview', { requestId, ...question });
    expect(preview.body?.type).toBe('application/vnd.microsoft.card.adaptive');

    // Forged presses: the same form with any department, and forms the server never previewed.
    const forged = fc.sample(
      fc.record({
        requestId: fc.oneof({ weight: 4, arbitrary: fc.constant(requestId) }, fc.uuid()),
        targetDepartmentId: fc.constantFrom('hq-kaigo-hoken', 'hq-hoken-nenkin', 'ward-kita-hoken-nenkin', 'hq-dx', 'nope'),
        category: fc.string({ maxLength: 10 }),
        suggestionIds: fc.array(fc.constantFrom('R-0001', 'R-0020'), { maxLength: 3 }),
      }),
      3000,
    );
    const answers: string[] = [];
    for (let i = 0; i < forged.length; i += 50) {
      const batch = await Promise.all(forged.slice(i, i + 50).map((data) => press(asker, 'inquiry.deflect', data)));
      for (const { status, body } of batch) {
        expect(status).toBe(200);
        answers.push(body?.type === MESSAGE ? String(body.value) : 'card');
      }
    }
    const told = answers.filter((a) => a.startsWith(t('ja', 'tooManyTurns', { seconds: 0 }).slice(0, 8))).length;
    expect(told).toBeGreaterThanOrEqual(3000 - 240);
    expect(answers.filter((a) => a === 'card').length).toBeGreaterThan(0);

    const recorded = await app.store.audit.list({ actions: ['inquiry.deflected'], actorId: asker, limit: 10_000 });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ objectId: requestId, detail: { departmentId: 'hq-hoken-nenkin', category: '国民健康保険' } });
    expect({ all: await figures(), asked: await figures('hq-hoken-nenkin'), forged: await figures('hq-kaigo-hoken') }).toEqual({
      all: before.all + 1,
      asked: before.asked + 1,
      forged: before.forged,
    });
  });

  it('counts 300 views of one ruling by one person as one view that day', async () => {
    const fy = fiscalYearOf(japanDateOf(new Date()));
    const reader = 'p-hq-approver';
    const views = async () => ((await api('p-pmo', `/api/analytics?fy=${fy}`)).json as { rulings: { views: number } }).rulings.views;
    const before = await views();
    const statuses: number[] = [];
    for (let i = 0; i < 300; i += 30)
      statuses.push(...(await Promise.all(Array.from({ length: 30 }, async () => (await api(reader, '/api/rulings/R-0001')).status))));
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(await app.store.audit.list({ actions: ['ruling.view'], actorId: reader, objectId: 'R-0001', limit: 10_000 })).toHaveLength(1);
    expect(await views()).toBe(before + 1);
  });
});
