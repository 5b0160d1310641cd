import fs from 'node:fs';
import fc from 'fast-check';
import { startApp, type RunningApp } from '../../bot/app';
import { loadDemoData } from '../../bot/demo/demo-data';
import { loadConfig } from '../../bot/platform/config';
import type { Logger } from '../../bot/platform/logger';
import { MAX_ACTIVITY_DEPTH, MAX_STORED_PART_BYTES } from '../../bot/teams/activity-bounds';
import { tempDir } from '../support/processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startConnectorSimulator } = require('../support/connector-simulator');

/**
 * An activity's free-form parts (the accounts' properties, channelData, value, entities) nested
 * far deeper or grown far larger than Teams ever sends used to fail the turn when they reached
 * SQLite (JSON depth) or the stack. They are refused with 400 and a message naming the part,
 * before anything is stored; ordinary nesting still gets an answer.
 */
jest.setTimeout(60_000);

const { people: demoPeople } = loadDemoData();

const PARTS = [
  'from.properties',
  'recipient.properties',
  'conversation.properties',
  'channelData',
  'value',
  'entities',
  'attachments',
] as const;
type Part = (typeof PARTS)[number];

/**
 * JSON text of objects and arrays nested `depth` levels deep (the outermost an object), built as
 * text: JSON.stringify itself overflows the stack on a few thousand levels.
 */
function nestedJson(depth: number, arrays: boolean[]): string {
  let open = '';
  let close = '';
  for (let level = 0; level < depth - 1; level++) {
    const array = level > 0 && arrays[level % arrays.length];
    open += array ? '[' : '{"inner":';
    close = (array ? ']' : '}') + close;
  }
  return `${open}{"text":"leaf"}${close}`;
}

const PLACEHOLDER = '"__nested__"';

describe('activity shape limits on /api/messages', () => {
  let app: RunningApp;
  let sim: { url: string; delivered: unknown[]; close(): Promise<void> };
  let dataDir: string;
  let sequence = 0;
  const errors: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (message, fields) => void errors.push(`${message} ${JSON.stringify(fields)?.slice(0, 200)}`),
  };
  const staff = demoPeople.find((person) => person.id === 'p-ward-staff')!;

  beforeAll(async () => {
    dataDir = tempDir('renkei-activity-shape-');
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
  afterEach(async () => {
    expect(errors.splice(0)).toEqual([]);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  function activityWith(part: Part, content: unknown) {
    sequence += 1;
    const activity: Record<string, unknown> = {
      type: 'message',
      id: `shape-${sequence}`,
      channelId: 'msteams',
      serviceUrl: sim.url,
      locale: 'ja-JP',
      text: 'ヘルプ',
      from: { id: '29:staff', name: staff.displayName, aadObjectId: staff.entraObjectId },
      recipient: { id: '28:bot', name: 'bot' },
      conversation: { id: `shape-conversation-${sequence}`, conversationType: 'personal', tenantId: 'tenant-shape' },
    };
    const [field, sub] = part.split('.');
    if (sub) (activity[field] as Record<string, unknown>)[sub] = content;
    else activity[field] = part === 'entities' || part === 'attachments' ? [content] : content;
    return activity;
  }

  async function post(activity: unknown, nested?: string) {
    const body = nested ? JSON.stringify(activity).replace(PLACEHOLDER, nested) : JSON.stringify(activity);
    const response = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    return { status: response.status, body: await response.text() };
  }

  it('refuses any part nested deeper than the limit with 400 naming the part, and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PARTS),
        fc.oneof(fc.integer({ min: MAX_ACTIVITY_DEPTH + 1, max: MAX_ACTIVITY_DEPTH + 50 }), fc.integer({ min: 1_000, max: 20_000 })),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        async (part, depth, arrays) => {
          const { status, body } = await post(activityWith(part, JSON.parse(PLACEHOLDER)), nestedJson(depth, arrays));
          expect(status).toBe(400);
          expect(body).toContain(part.split('.')[0]);
          expect(body).toMatch(/深すぎ|大きすぎ/);
          expect(await app.store.conversations.get('person:p-ward-staff')).toBeUndefined(); // the tests that store come last
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a stored part (an account) larger than the limit, whatever fills it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('from.properties', 'recipient.properties', 'conversation.properties'),
        fc.integer({ min: 1, max: 2_000 }),
        async (part, keys) => {
          const filler = Object.fromEntries(
            Array.from({ length: keys }, (_, i) => [`k${i}`, 'x'.repeat(Math.ceil((MAX_STORED_PART_BYTES + 1) / keys))]),
          );
          const { status, body } = await post(activityWith(part, filler));
          expect(status).toBe(400);
          expect(body).toMatch(/大きすぎ/);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('still answers activities whose parts nest within the limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PARTS),
        fc.integer({ min: 1, max: MAX_ACTIVITY_DEPTH - 4 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        async (part, depth, arrays) => {
          const { status } = await post(activityWith(part, JSON.parse(PLACEHOLDER)), nestedJson(depth, arrays));
          expect(status).toBeLessThan(300);
        },
      ),
      { numRuns: 25 },
    );
  });
});
