import fs from 'node:fs';
import type { JWTPayload } from 'jose';
import { loadDemoData } from '../../bot/demo/demo-data';
import { createSigningKey, nowSeconds, signToken, startOpenIdServer, type OpenIdServer } from '../support/openid-server';
import { freePort, jsonOf, startNode, tempDir, type RunningProcess } from '../support/processes';

const { people: demoPeople } = loadDemoData();

/**
 * The tab's API in production: the built server with Entra ID's signing keys replaced by keys
 * this test generates (ENTRA_OPENID_METADATA_URL → a local OpenID server). Tokens are what Teams
 * SSO gives the tab (authentication.getAuthToken()): v2 access tokens for the tab app.
 */
const MAIN = 'dist/bot/main.js';
const TENANT = '66666666-7777-4888-9999-000000000000';
const TAB_APP_ID = '22222222-3333-4444-8555-666666666666';
const PMO_GROUP = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const oidOf = (personId: string) => demoPeople.find((person) => person.id === personId)!.entraObjectId;
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

describe('tab sign-in with Entra ID (production)', () => {
  const entraKey = createSigningKey('entra-key-1');
  const stranger = createSigningKey('entra-key-1'); // same kid, a key Entra ID never published
  const tokensSent: string[] = [];
  let openId: OpenIdServer;
  let server: RunningProcess;
  let baseUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    // Entra ID publishes more than one signing key at a time (rollover).
    openId = await startOpenIdServer({
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      keys: [entraKey.jwk, createSigningKey('entra-key-2').jwk],
    });
    dataDir = tempDir('renkei-tab-auth-');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = startNode([MAIN], {
      ...CLEAN_ENV,
      APP_MODE: 'production',
      MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT, // ENTRA_ALLOWED_TENANTS defaults to it
      SHAREPOINT_SITE_URL: `https://127.0.0.1:${await freePort()}/sites/renkei`,
      RECORDS_STORE: 'sqlite',
      TAB_APP_ID,
      ENTRA_OPENID_METADATA_URL: openId.metadataUrl,
      ENTRA_ROLE_MAP: `Renkei.PMO=pmo,${PMO_GROUP}=pmo,Renkei.Admin=admin`,
      APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS: '1',
      HOST: '127.0.0.1',
      PORT: String(port),
      APP_DATA_DIR: dataDir,
      APP_DEMO_DATA: '1', // the demo people exist (off by default in production)
      CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
      INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
    });
    await server.waitFor(/READY/);
  });

  afterAll(async () => {
    await server?.stop();
    await openId?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const userClaims = (oid: string, overrides: JWTPayload = {}): JWTPayload => ({
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    aud: TAB_APP_ID,
    tid: TENANT,
    oid,
    scp: 'access_as_user',
    iat: nowSeconds() - 60,
    nbf: nowSeconds() - 60,
    exp: nowSeconds() + 3600,
    ver: '2.0',
    ...overrides,
  });
  const tokenFor = (personId: string, overrides: JWTPayload = {}) => signToken(entraKey, userClaims(oidOf(personId), overrides));

  function get(path: string, authorization?: string) {
    if (authorization) tokensSent.push(authorization);
    return fetch(`${baseUrl}${path}`, { headers: authorization ? { Authorization: authorization } : {} });
  }

  it('knows a signed-in person from the directory by the token’s oid', async () => {
    const response = await get('/api/me', `Bearer ${await tokenFor('p-hq-approver')}`);
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toMatchObject({
      person: { id: 'p-hq-approver', displayName: '高橋 直子' },
      department: { id: 'hq-hoken-nenkin' },
      roles: ['staff', 'responder', 'approver'],
    });
  });

  it('refuses a valid token of someone not in the directory with 403 and says why', async () => {
    const response = await get('/api/me', `Bearer ${await signToken(entraKey, userClaims('0f0f0f0f-0000-4000-8000-00000000dead'))}`);
    expect(response.status).toBe(403);
    const { error } = await jsonOf(response);
    expect(error.code).toBe('UnknownPerson');
    expect(error.message).toContain('職員名簿に登録されていません');
  });

  it.each<[string, () => Promise<string>, string]>([
    [
      'signed by a key Entra ID never published',
      async () => `Bearer ${await signToken(stranger, userClaims(oidOf('p-pmo')))}`,
      'signature',
    ],
    ['expired', async () => `Bearer ${await tokenFor('p-pmo', { exp: nowSeconds() - 600 })}`, 'expired'],
    ['for another app', async () => `Bearer ${await tokenFor('p-pmo', { aud: '99999999-3333-4444-8555-666666666666' })}`, 'audience'],
    [
      'from another tenant',
      async () =>
        `Bearer ${await tokenFor('p-pmo', { tid: '77777777-7777-4888-9999-000000000000', iss: 'https://login.microsoftonline.com/77777777-7777-4888-9999-000000000000/v2.0' })}`,
      'tenant',
    ],
    ['that is not a JWT', async () => 'Bearer abc.def.ghi', 'malformed'],
    [
      'that names no signing key (kid)',
      async () => `Bearer ${await signToken(entraKey, userClaims(oidOf('p-pmo')), { kid: undefined })}`,
      'unknown-key',
    ],
  ])('refuses a token %s with 401 and an invalid_token challenge', async (_name, authorization, reason) => {
    const response = await get('/api/me', await authorization());
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer error="invalid_token", error_description="${reason}"`);
    expect((await jsonOf(response)).error.code).toBe('InvalidToken');
    // Any caller can send a bad token: it is a warning, never an error that pages someone.
    expect(server.output()).not.toMatch(/ ERROR |"level":(50|"error")|sign-in keys unavailable/);
  });

  it.each([
    ['no Authorization header', undefined],
    ['the local demo sign-in', 'Demo p-pmo'],
  ])('refuses %s with 401 and a Bearer challenge', async (_name, authorization) => {
    const response = await get('/api/me', authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect((await jsonOf(response)).error.code).toBe('Unauthenticated');
  });

  it('adds the roles ENTRA_ROLE_MAP gives for an app role or a group to the directory’s', async () => {
    // 佐藤 美咲 is ward staff: the outbox report is for the PMO.
    expect((await get('/api/outbox', `Bearer ${await tokenFor('p-ward-staff')}`)).status).toBe(403);
    const byAppRole = await get('/api/outbox', `Bearer ${await tokenFor('p-ward-staff', { roles: ['Renkei.PMO'] })}`);
    expect(byAppRole.status).toBe(200);
    expect(await jsonOf(byAppRole)).toHaveProperty('counts');
    expect((await get('/api/outbox', `Bearer ${await tokenFor('p-ward-staff', { groups: [PMO_GROUP.toUpperCase()] })}`)).status).toBe(200);
    const me = await jsonOf(get('/api/me', `Bearer ${await tokenFor('p-ward-staff', { roles: ['Renkei.PMO', 'Unmapped.Role'] })}`));
    expect(me.roles).toEqual(['staff', 'pmo']);
  });

  it('protects the rulings search too', async () => {
    expect((await get('/api/rulings?q=国保')).status).toBe(401);
    expect((await get('/api/rulings?q=国保', `Bearer ${await tokenFor('p-ward-staff')}`)).status).toBe(200);
  });

  it('never writes a token to its logs', async () => {
    expect(server.output()).toContain('sign-in token refused');
    for (const authorization of tokensSent) {
      const token = authorization.replace(/^\w+\s+/, '');
      expect(server.output()).not.toContain(token);
      const signature = token.split('.')[2];
      if (signature && signature.length > 10) expect(server.output()).not.toContain(signature);
    }
  });
});
