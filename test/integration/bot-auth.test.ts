import fs from 'node:fs';
import type { JWTPayload } from 'jose';
import { loadDemoData } from '../../bot/demo/demo-data';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import {
  createSigningKey,
  hs256WithPublicKey,
  nowSeconds,
  signToken,
  startOpenIdServer,
  unsignedToken,
  type OpenIdServer,
} from '../support/openid-server';
import { freePort, startNode, tempDir, type RunningProcess } from '../support/processes';

const { people: demoPeople } = loadDemoData();

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startConnectorSimulator } = require('../support/connector-simulator');

/**
 * The built server in production mode, with the Bot Framework's signing keys replaced by keys
 * this test generates (BOT_OPENID_METADATA_URL → a local OpenID server). Every request to
 * /api/messages must carry a valid channel token; a refused one gets 401 and no turn runs: the
 * bot neither stores the conversation nor sends anything to the serviceUrl (the connector
 * simulator, which counts every request it gets).
 *
 * The accepted case is an installationUpdate, whose turn only stores the conversation
 * reference: a reply would need the bot's own outbound token from login.microsoftonline.com,
 * which this offline test cannot get (botbuilder offers no way to point that at a local server
 * without code in the product).
 */
const MAIN = 'dist/bot/main.js';
const APP_ID = '11111111-2222-4333-8444-555555555555';
const TENANT = '66666666-7777-4888-9999-000000000000';
const CHANNEL_ISSUER = 'https://api.botframework.com';
const WARD_STAFF = demoPeople.find((person) => person.id === 'p-ward-staff')!;
/** Variables a developer's shell might set that would change what this test starts. */
const CLEAN_ENV = {
  APP_MODE: undefined,
  MicrosoftAppId: undefined,
  MicrosoftAppPassword: undefined,
  MicrosoftAppType: undefined,
  MicrosoftAppTenantId: undefined,
  SHAREPOINT_SITE_URL: undefined,
  PUBLIC_HOSTNAME: undefined,
  TAB_APP_ID: undefined,
  ENTRA_ALLOWED_TENANTS: undefined,
  ENTRA_ROLE_MAP: undefined,
  ENTRA_OPENID_METADATA_URL: undefined,
  BOT_OPENID_METADATA_URL: undefined,
  APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS: undefined,
};

describe('bot endpoint authentication (production)', () => {
  const trusted = createSigningKey('bf-key-1');
  const impostor = createSigningKey('bf-key-1'); // same kid as the trusted key, different key
  const stranger = createSigningKey('bf-key-unknown');
  const tokensSent: string[] = [];
  let openId: OpenIdServer;
  let sim: { url: string; stats(): { requests: number }; close(): Promise<void> };
  let server: RunningProcess;
  let store: SqliteStore;
  let baseUrl: string;
  let serviceUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    // Like the real keys, ours are endorsed for the channels they may sign for.
    openId = await startOpenIdServer({
      issuer: CHANNEL_ISSUER,
      keys: [{ ...trusted.jwk, endorsements: ['msteams'] }],
      metadataPath: '/v1/.well-known/openidconfiguration',
    });
    sim = await startConnectorSimulator();
    serviceUrl = `${sim.url}/teams/`;
    dataDir = tempDir('renkei-bot-auth-');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = startNode([MAIN], {
      ...CLEAN_ENV,
      APP_MODE: 'production',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      SHAREPOINT_SITE_URL: `https://127.0.0.1:${await freePort()}/sites/renkei`, // unreachable: only /healthz is degraded
      RECORDS_STORE: 'sqlite',
      BOT_OPENID_METADATA_URL: openId.metadataUrl,
      APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS: '1',
      HOST: '127.0.0.1',
      PORT: String(port),
      APP_DATA_DIR: dataDir,
      APP_DEMO_DATA: '1', // the demo people (off by default in production)
      LOG_LEVEL: 'debug',
      // Nothing but the requests below may make the bot talk to anyone.
      CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
      INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
    });
    await server.waitFor(/READY/);
    store = SqliteStore.open(dataDir);
  });

  afterAll(async () => {
    await store?.close();
    await server?.stop();
    await Promise.all([openId?.close(), sim?.close()]);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A message from 佐藤 美咲 in her own conversation: a turn would store its reference and reply. */
  const messageIn = (conversationId: string) => ({
    type: 'message',
    text: 'こんにちは',
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
    from: { id: '29:ward-staff', aadObjectId: WARD_STAFF.entraObjectId },
    recipient: { id: `28:${APP_ID}` },
    channelData: { tenant: { id: TENANT } },
  });

  /** What the Bot Framework puts in its tokens to the bot. */
  const channelClaims = (overrides: JWTPayload = {}): JWTPayload => ({
    iss: CHANNEL_ISSUER,
    aud: APP_ID,
    serviceurl: serviceUrl,
    nbf: nowSeconds() - 60,
    exp: nowSeconds() + 3600,
    ...overrides,
  });

  async function post(activity: object, authorization?: string) {
    if (authorization) tokensSent.push(authorization);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (authorization) headers.Authorization = authorization;
    return fetch(`${baseUrl}/api/messages`, { method: 'POST', headers, body: JSON.stringify(activity) });
  }

  /** The conversation the bot last stored for 佐藤 美咲, if any. */
  async function storedConversationId(): Promise<string | undefined> {
    const reference = (await store.conversations.get(`person:${WARD_STAFF.id}`)) as { conversation?: { id?: string } } | undefined;
    return reference?.conversation?.id;
  }

  const bearer = (token: string) => `Bearer ${token}`;
  const refusals: [string, () => Promise<string | undefined>][] = [
    ['no Authorization header', async () => undefined],
    ['a token signed by an unknown key', async () => bearer(await signToken(stranger, channelClaims()))],
    ['a token signed by another key under the trusted kid', async () => bearer(await signToken(impostor, channelClaims()))],
    ['an unsigned token (alg none)', async () => bearer(unsignedToken(channelClaims(), trusted.kid))],
    ['an HS256 token keyed with the public key', async () => bearer(await hs256WithPublicKey(trusted, channelClaims()))],
    [
      'an expired token',
      async () => bearer(await signToken(trusted, channelClaims({ nbf: nowSeconds() - 7200, exp: nowSeconds() - 3600 }))),
    ],
    [
      'a token for another bot (audience)',
      async () => bearer(await signToken(trusted, channelClaims({ aud: '99999999-2222-4333-8444-555555555555' }))),
    ],
    ['a token from another issuer', async () => bearer(await signToken(trusted, channelClaims({ iss: 'https://evil.example/' })))],
    [
      'a token for another serviceUrl',
      async () => bearer(await signToken(trusted, channelClaims({ serviceurl: 'https://evil.example/teams/' }))),
    ],
    ['a Demo header', async () => 'Demo p-ward-staff'],
  ];

  it.each(refusals)('refuses %s with 401, and no turn runs', async (name, authorization) => {
    const conversationId = `a:refused-${name.replace(/\W+/g, '-')}`;
    const response = await post(messageIn(conversationId), await authorization());
    expect(response.status).toBe(401);
    await response.text();
    expect(await storedConversationId()).not.toBe(conversationId);
    expect(sim.stats().requests).toBe(0);
  });

  it('runs the turn for a valid channel token', async () => {
    const token = await signToken(trusted, channelClaims());
    const activity = { ...messageIn('a:accepted'), type: 'installationUpdate', action: 'add', text: undefined };
    const response = await post(activity, bearer(token));
    expect(response.status).toBe(200);
    // The turn ran: the router stored where to reach her, with the serviceUrl the token vouched for.
    expect(await storedConversationId()).toBe('a:accepted');
    expect(await store.conversations.get(`person:${WARD_STAFF.id}`)).toMatchObject({ serviceUrl });
    // The keys came from the configured metadata, not from login.botframework.com.
    expect(openId.requests).toEqual(expect.arrayContaining(['/v1/.well-known/openidconfiguration', '/keys']));
    expect(sim.stats().requests).toBe(0); // an installation needs no reply
  });

  it('never writes a token to its logs', async () => {
    expect(tokensSent.length).toBeGreaterThan(5);
    const output = server.output();
    expect(output).toContain('bot request refused');
    for (const authorization of tokensSent) {
      const token = authorization.replace(/^\w+\s+/, '');
      expect(output).not.toContain(token);
      const signature = token.split('.')[2];
      if (signature) expect(output).not.toContain(signature);
    }
  });
});
