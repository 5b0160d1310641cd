import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.bot).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig({ PORT: '4000', PLAYGROUND_PORT: '56000', APP_DATA_DIR: '/tmp/x', APP_DEMO_DATA: '0', LOG_LEVEL: 'debug', APP_LOCALE: 'en', PUBLIC_HOSTNAME: 'Renkei.Example.jp' });
    expect(config).toMatchObject({ port: 4000, playgroundPort: 56000, dataDir: '/tmp/x', demoData: false, logLevel: 'debug', defaultLocale: 'en', publicHostname: 'renkei.example.jp' });
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
    expect(names).toEqual(expect.arrayContaining(['MicrosoftAppId', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'MicrosoftAppPassword', 'SHAREPOINT_SITE_URL']));
  });

  it('accepts production with a secret or with a managed identity', () => {
    const base = { APP_MODE: 'production', MicrosoftAppId: GUID, MicrosoftAppTenantId: TENANT, SHAREPOINT_SITE_URL: 'https://sakura.sharepoint.com/sites/renkei/' };
    const withSecret = loadConfig({ ...base, MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'secret' });
    expect(withSecret.bot).toEqual({ appId: GUID, appType: 'SingleTenant', tenantId: TENANT, password: 'secret' });
    expect(withSecret.host).toBe('0.0.0.0');
    expect(withSecret.sharePointSiteUrl).toBe('https://sakura.sharepoint.com/sites/renkei');
    const withIdentity = loadConfig({ ...base, MicrosoftAppType: 'UserAssignedMSI' });
    expect(withIdentity.bot?.password).toBeUndefined();
    expect(problemsOf({ ...base, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: 'x' })[0]).toMatch(/^MicrosoftAppPassword/);
  });

  it('rejects malformed ids and non-https SharePoint URLs', () => {
    const problems = problemsOf({ APP_MODE: 'production', MicrosoftAppId: 'not-a-guid', MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'x', MicrosoftAppTenantId: TENANT, SHAREPOINT_SITE_URL: 'http://sakura.sharepoint.com' });
    expect(problems).toEqual([expect.stringMatching(/^MicrosoftAppId: "not-a-guid" は GUID/), expect.stringMatching(/^SHAREPOINT_SITE_URL: https/)]);
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
