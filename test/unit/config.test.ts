import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuthenticationConstants } from 'botframework-connector';
import { ConfigError, environmentWithDotEnv, loadConfig } from '../../bot/platform/config';

const GUID = '11111111-2222-4333-8444-555555555555';
const TENANT = '66666666-7777-4888-9999-000000000000';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('defaults to local mode on loopback with demo data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ mode: 'local', host: '127.0.0.1', port: 3978, playgroundPort: 56150, demoData: true, logLevel: 'info' });
    expect(config.healthCacheSeconds).toBe(5);
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.bot).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '4000',
      PLAYGROUND_PORT: '56000',
      APP_DATA_DIR: '/tmp/x',
      APP_DEMO_DATA: '0',
      LOG_LEVEL: 'debug',
      APP_LOCALE: 'en',
      PUBLIC_HOSTNAME: 'Renkei.Example.jp',
      HEALTH_CACHE_SECONDS: '0',
    });
    expect(config).toMatchObject({
      port: 4000,
      playgroundPort: 56000,
      dataDir: '/tmp/x',
      demoData: false,
      logLevel: 'debug',
      defaultLocale: 'en',
      publicHostname: 'renkei.example.jp',
      healthCacheSeconds: 0,
    });
  });

  it('names each wrong variable and what is wrong, all at once', () => {
    const problems = problemsOf({ PORT: '70000', APP_MODE: 'prod', APP_DEMO_DATA: 'maybe', PUBLIC_HOSTNAME: 'https://x.jp/path' });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^APP_MODE: "prod"/);
    expect(problems.join('\n')).toMatch(/PORT: "70000"/);
    expect(problems.join('\n')).toMatch(/APP_DEMO_DATA: "maybe"/);
    expect(problems.join('\n')).toMatch(/PUBLIC_HOSTNAME/);
  });

  it('refuses production without Bot credentials and SharePoint, naming each setting', () => {
    const problems = problemsOf({ APP_MODE: 'production' });
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining(['MicrosoftAppId', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'MicrosoftAppPassword', 'SHAREPOINT_SITE_URL']),
    );
  });

  it('accepts production with a secret or with a managed identity', () => {
    const base = {
      APP_MODE: 'production',
      MicrosoftAppId: GUID,
      MicrosoftAppTenantId: TENANT,
      SHAREPOINT_SITE_URL: 'https://sakura.sharepoint.com/sites/renkei/',
      GRAPH_USE_MANAGED_IDENTITY: 'true',
    };
    const withSecret = loadConfig({ ...base, MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'secret' });
    expect(withSecret.bot).toEqual({ appId: GUID, appType: 'SingleTenant', tenantId: TENANT, password: 'secret' });
    expect(withSecret.host).toBe('0.0.0.0');
    expect(withSecret.sharePointSiteUrl).toBe('https://sakura.sharepoint.com/sites/renkei');
    const withIdentity = loadConfig({ ...base, MicrosoftAppType: 'UserAssignedMSI' });
    expect(withIdentity.bot?.password).toBeUndefined();
    expect(problemsOf({ ...base, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: 'x' })[0]).toMatch(/^MicrosoftAppPassword/);
  });

  it('rejects malformed ids and non-https SharePoint URLs', () => {
    const problems = problemsOf({
      APP_MODE: 'production',
      MicrosoftAppId: 'not-a-guid',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppPassword: 'x',
      MicrosoftAppTenantId: TENANT,
      SHAREPOINT_SITE_URL: 'http://sakura.sharepoint.com',
      GRAPH_USE_MANAGED_IDENTITY: 'true',
    });
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^MicrosoftAppId: "not-a-guid" は GUID/),
        expect.stringMatching(/^SHAREPOINT_SITE_URL: https/),
      ]),
    );
  });

  it('stores records in SharePoint in production, with a certificate or a managed identity, and operational state in Azure Storage when configured', () => {
    const base = {
      APP_MODE: 'production',
      MicrosoftAppId: GUID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
      SHAREPOINT_SITE_URL: 'https://sakura.sharepoint.com/sites/renkei',
    };
    expect(problemsOf(base)).toEqual([
      expect.stringMatching(/^GRAPH_CLIENT_CERTIFICATE_PATH: .*managed identity/),
      expect.stringMatching(/^GRAPH_CLIENT_ID: /),
    ]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-cert-'));
    fs.writeFileSync(path.join(dir, 'app.pem'), 'PEM');
    const withCertificate = loadConfig({ ...base, GRAPH_CLIENT_ID: GUID, GRAPH_CLIENT_CERTIFICATE_PATH: path.join(dir, 'app.pem') });
    expect(withCertificate.store).toEqual({
      records: {
        kind: 'sharepoint',
        siteUrl: 'https://sakura.sharepoint.com/sites/renkei',
        credential: {
          kind: 'certificate',
          tenantId: TENANT,
          clientId: GUID,
          certificatePath: path.join(dir, 'app.pem'),
          authorityHost: 'https://login.microsoftonline.com',
        },
        maxRetries: 5,
        syncIntervalSeconds: 60,
        mirrorDir: path.resolve('./data/sharepoint-mirror'),
        redirectTo: undefined,
      },
      operational: { kind: 'sqlite' },
    });
    const withIdentity = loadConfig({
      ...base,
      GRAPH_USE_MANAGED_IDENTITY: 'true',
      AZURE_STORAGE_TABLE_ENDPOINT: 'https://renkeiops.table.core.windows.net',
      AZURE_CLIENT_ID: GUID,
    });
    expect(withIdentity.store.records).toMatchObject({ credential: { kind: 'managedIdentity' } });
    expect(withIdentity.store.operational).toEqual({
      kind: 'azure',
      connectionString: undefined,
      accountUrl: 'https://renkeiops.table.core.windows.net',
      managedIdentityClientId: GUID,
      tablePrefix: 'renkei',
    });
    // Redirecting Graph and a fixed token are for tests on loopback only.
    expect(problemsOf({ ...base, GRAPH_TEST_ACCESS_TOKEN: 't' }).join('\n')).toMatch(/GRAPH_TEST_ACCESS_TOKEN: .*tests only/);
    expect(problemsOf({ ...base, GRAPH_TEST_ACCESS_TOKEN: 't', GRAPH_REDIRECT_TO: 'http://127.0.0.1:9' }).join('\n')).toMatch(
      /GRAPH_REDIRECT_TO: /,
    );
    expect(
      loadConfig({
        RECORDS_STORE: 'sharepoint',
        SHAREPOINT_SITE_URL: 'https://a.sharepoint.com/sites/x',
        GRAPH_TEST_ACCESS_TOKEN: 't',
        GRAPH_REDIRECT_TO: 'http://127.0.0.1:9',
        APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS: '1',
      }).store.records,
    ).toMatchObject({ redirectTo: 'http://127.0.0.1:9/', credential: { kind: 'fixedToken' } });
    expect(loadConfig({}).store).toEqual({ records: { kind: 'sqlite' }, operational: { kind: 'sqlite' } });
  });

  it('refuses Bot credentials in local mode rather than running them unauthenticated', () => {
    expect(problemsOf({ MicrosoftAppId: GUID })[0]).toMatch(/^MicrosoftAppId: APP_MODE=local/);
  });

  it('reads a .env file under the real environment', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-env-'));
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'PORT=4100\nLOG_LEVEL=warn\n');
    const env = environmentWithDotEnv({ LOG_LEVEL: 'error' }, file);
    expect(loadConfig(env)).toMatchObject({ port: 4100, logLevel: 'error' });
    expect(environmentWithDotEnv({ A: '1' }, path.join(dir, 'missing'))).toEqual({ A: '1' });
  });
});

describe('configuration of authentication (production)', () => {
  const PRODUCTION = {
    APP_MODE: 'production',
    MicrosoftAppId: GUID,
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppPassword: 'secret',
    MicrosoftAppTenantId: TENANT,
    SHAREPOINT_SITE_URL: 'https://sakura.sharepoint.com/sites/renkei',
    GRAPH_USE_MANAGED_IDENTITY: 'true',
  };
  const TAB_APP_ID = '22222222-3333-4444-8555-666666666666';
  const GROUP = 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE';

  it('installs the app only with TEAMS_APP_CATALOG_ID, a GUID, and the Graph credentials of the SharePoint store', () => {
    expect(loadConfig(PRODUCTION).installation).toBeUndefined();
    const catalogAppId = '0d8b8e0c-4c3a-4f7e-9a55-1f2e3d4c5b6a';
    expect(loadConfig({ ...PRODUCTION, TEAMS_APP_CATALOG_ID: catalogAppId }).installation).toEqual({ catalogAppId });
    expect(problemsOf({ ...PRODUCTION, TEAMS_APP_CATALOG_ID: 'com.example.renkei' })).toEqual([
      expect.stringMatching(/^TEAMS_APP_CATALOG_ID: .*GUID/),
    ]);
    expect(problemsOf({ ...PRODUCTION, RECORDS_STORE: 'sqlite', TEAMS_APP_CATALOG_ID: catalogAppId })).toEqual([
      expect.stringMatching(/^TEAMS_APP_CATALOG_ID: .*RECORDS_STORE=sharepoint/),
    ]);
  });

  it("defaults to botbuilder's public-cloud channel keys, and without TAB_APP_ID to no tab sign-in", () => {
    const config = loadConfig(PRODUCTION);
    expect(config.auth).toEqual({ botOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl });
    expect(loadConfig({}).auth).toBeUndefined();
  });

  it('reads the tab sign-in: audiences, tenants (default: the bot tenant), Entra metadata', () => {
    const entra = loadConfig({ ...PRODUCTION, TAB_APP_ID: TAB_APP_ID.toUpperCase() }).auth?.entra;
    expect(entra).toEqual({
      tabAppId: TAB_APP_ID,
      audiences: [TAB_APP_ID],
      allowedTenants: [TENANT],
      openIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
      roleMap: new Map(),
    });
    const withHost = loadConfig({
      ...PRODUCTION,
      TAB_APP_ID,
      PUBLIC_HOSTNAME: 'renkei.example.lg.jp',
      ENTRA_ALLOWED_TENANTS: `${TENANT}, ${GUID.toUpperCase()}`,
    }).auth?.entra;
    expect(withHost?.audiences).toEqual([TAB_APP_ID, `api://renkei.example.lg.jp/${TAB_APP_ID}`]);
    expect(withHost?.allowedTenants).toEqual([TENANT, GUID]);
  });

  it('maps Entra app roles and groups to roles, a key possibly to several', () => {
    const entra = loadConfig({ ...PRODUCTION, TAB_APP_ID, ENTRA_ROLE_MAP: ` Renkei.PMO=pmo, ${GROUP}=approver,Renkei.PMO = admin ` }).auth
      ?.entra;
    expect(entra?.roleMap).toEqual(
      new Map([
        ['Renkei.PMO', ['pmo', 'admin']],
        [GROUP.toLowerCase(), ['approver']],
      ]),
    );
    const problems = problemsOf({ ...PRODUCTION, TAB_APP_ID, ENTRA_ROLE_MAP: 'Renkei.Boss=boss,pmo,=admin' });
    expect(problems).toHaveLength(3);
    expect(problems.every((p) => p.startsWith('ENTRA_ROLE_MAP:'))).toBe(true);
  });

  it('rejects malformed tab and tenant ids', () => {
    const problems = problemsOf({ ...PRODUCTION, TAB_APP_ID: 'tab-app', ENTRA_ALLOWED_TENANTS: `${TENANT},contoso.onmicrosoft.com` });
    expect(problems).toEqual([expect.stringMatching(/^TAB_APP_ID: "tab-app" は GUID/), expect.stringMatching(/^ENTRA_ALLOWED_TENANTS:/)]);
  });

  it('takes the key endpoints over https only', () => {
    const config = loadConfig({
      ...PRODUCTION,
      BOT_OPENID_METADATA_URL: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
    });
    expect(config.auth?.botOpenIdMetadataUrl).toBe('https://login.botframework.azure.us/v1/.well-known/openidconfiguration');
    for (const name of ['BOT_OPENID_METADATA_URL', 'ENTRA_OPENID_METADATA_URL']) {
      expect(problemsOf({ ...PRODUCTION, [name]: 'http://keys.example/openid' })).toEqual([
        expect.stringMatching(new RegExp(`^${name}: https`)),
      ]);
      expect(problemsOf({ ...PRODUCTION, [name]: 'keys.example' })).toEqual([
        expect.stringMatching(new RegExp(`^${name}: "keys.example" は URL ではありません`)),
      ]);
      expect(problemsOf({ ...PRODUCTION, HOST: '127.0.0.1', [name]: 'http://127.0.0.1:9999/openid' })[0]).toMatch(
        /APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS=1/,
      );
    }
  });

  it('allows loopback http key endpoints for tests only, on a server listening on loopback', () => {
    const test = {
      ...PRODUCTION,
      APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS: '1',
      BOT_OPENID_METADATA_URL: 'http://127.0.0.1:9999/v1/openid',
      ENTRA_OPENID_METADATA_URL: 'http://localhost:9998/openid',
      TAB_APP_ID,
    };
    const config = loadConfig({ ...test, HOST: '127.0.0.1' });
    expect(config.auth?.botOpenIdMetadataUrl).toBe('http://127.0.0.1:9999/v1/openid');
    expect(config.auth?.entra?.openIdMetadataUrl).toBe('http://localhost:9998/openid');
    // Production's default HOST (0.0.0.0) or any address reachable from the network: refused.
    for (const host of [undefined, '0.0.0.0', '10.0.0.4']) {
      expect(problemsOf({ ...test, ...(host ? { HOST: host } : {}) })).toEqual([
        expect.stringMatching(/^APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS: テスト専用です/),
      ]);
    }
    // The switch never admits plain http to another host.
    expect(problemsOf({ ...test, HOST: '127.0.0.1', BOT_OPENID_METADATA_URL: 'http://keys.example/openid' })).toEqual([
      expect.stringMatching(/^BOT_OPENID_METADATA_URL: https/),
    ]);
  });
});
