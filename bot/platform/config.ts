import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { LOCALES, type Locale } from '../../shared/locale';
import { ROLES, type Role } from '../directory/model';
import { parseRateWindows, type RateWindow } from './outbox/rate-limiter';
import { parseRateLimit, type RateLimit } from './request-rate-limit';

/**
 * The one place that reads configuration. Every value comes from an environment variable
 * (optionally from a .env file) and is validated here, so the rest of the code receives a
 * typed, trustworthy Config and never touches process.env.
 */

export type AppMode = 'local' | 'production';
export type BotAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface BotCredentials {
  appId: string;
  appType: BotAppType;
  tenantId: string;
  /** Absent with a managed identity (UserAssignedMSI). */
  password?: string;
}

export interface Config {
  mode: AppMode;
  host: string;
  port: number;
  dataDir: string;
  demoData: boolean;
  playgroundPort: number;
  logLevel: LogLevel;
  defaultLocale: Locale;
  /** Present in production (required there); absent in local mode. */
  bot?: BotCredentials;
  /** Production only: where the keys that sign incoming tokens come from, and the tab's sign-in. */
  auth?: AuthConfig;
  sharePointSiteUrl?: string;
  /** Where the city's records and the operational state live. */
  store: StoreConfig;
  /** The public host name (e.g. renkei.example.lg.jp) used in links; absent locally. */
  publicHostname?: string;
  outbox: OutboxConfig;
  /**
   * TEAMS_APP_CATALOG_ID (the app's id in the tenant's app catalog, not the manifest id): the outbox
   * installs the app through Graph for people and teams the bot cannot reach yet. Absent: it does not.
   */
  installation?: { catalogAppId: string };
  checkIns: CheckInConfig;
  inquiries: InquiryConfig;
  api: ApiProtectionConfig;
  /** APPLICATIONINSIGHTS_CONNECTION_STRING: with APP_MODE=production, traces and metrics go to Application Insights. */
  applicationInsightsConnectionString?: string;
  /** How long /healthz reuses the local store's read-and-write probe, so polling it is not a stream of writes; 0: probe every time. */
  healthCacheSeconds: number;
}

/**
 * Records (departments, people, initiatives, check-ins, inquiries, rulings, manuals): the local
 * SQLite file, or SharePoint lists through Graph (production). Operational state (outbox,
 * conversation references, audit log): the local SQLite file, or Azure Table Storage (needed
 * for more than one instance).
 */
export interface StoreConfig {
  records: { kind: 'sqlite' } | SharePointStoreConfig;
  operational: { kind: 'sqlite' } | AzureStorageConfig;
}

export interface SharePointStoreConfig {
  kind: 'sharepoint';
  siteUrl: string;
  credential: GraphCredentialConfig;
  /** Attempts after the first when Graph throttles (429) or is unavailable (503/504). */
  maxRetries: number;
  /** How often the rulings search index asks SharePoint for changes (delta); 0 turns it off. */
  syncIntervalSeconds: number;
  /**
   * This instance's own folder for the search index and delta positions: a cache, rebuilt by
   * delta when empty, so it belongs on the instance's local disk, never on storage shared by instances.
   */
  mirrorDir: string;
  /** Tests only (loopback, with APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS): Graph's requests go to this local server. */
  redirectTo?: string;
}

/** App-only access to Graph: a certificate (preferred over a secret) or the App Service's managed identity. */
export type GraphCredentialConfig =
  | { kind: 'certificate'; tenantId: string; clientId: string; certificatePath: string; authorityHost: string }
  | { kind: 'managedIdentity'; clientId?: string }
  /** Tests only, with GRAPH_REDIRECT_TO: a fixed token for the local Graph test server. */
  | { kind: 'fixedToken'; token: string };

export interface AzureStorageConfig {
  kind: 'azure';
  /** A connection string (Azurite, or a key the city accepts), or the account URL with a managed identity. */
  connectionString?: string;
  accountUrl?: string;
  managedIdentityClientId?: string;
  tablePrefix: string;
}

/** Limits on the tab's JSON API (/api/* except the bot's /api/messages). */
export interface ApiProtectionConfig {
  perIp: RateLimit;
  perUser: RateLimit;
  /** Bot turns (messages and card presses on /api/messages) per person, after the adapter authenticated them. */
  messagesPerUser: RateLimit;
  /** Use X-Forwarded-For's first address as the caller's (only behind a proxy that sets it, e.g. App Service). */
  trustForwardedFor: boolean;
}

/** Who may call the bot endpoint and the tab's API in production. */
export interface AuthConfig {
  /** The Bot Framework channel's OpenID metadata: the keys that sign the tokens on /api/messages. */
  botOpenIdMetadataUrl: string;
  /** The tab's Entra ID sign-in; absent without TAB_APP_ID (the API then refuses every call). */
  entra?: EntraSignInConfig;
}

export interface EntraSignInConfig {
  /** The tab's Entra app (client) id. */
  tabAppId: string;
  /** Accepted `aud`: the client id (v2 tokens) and api://<PUBLIC_HOSTNAME>/<client id> (v1 tokens). */
  audiences: string[];
  /** Tenants (lower-case GUIDs) whose users may sign in. */
  allowedTenants: string[];
  /** Entra ID's OpenID metadata; its jwks_uri gives the signing keys. */
  openIdMetadataUrl: string;
  /**
   * The tab app's secret for the on-behalf-of exchange: with it the tab's マニュアル list is
   * read from SharePoint as the signed-in user, so nobody sees a document SharePoint hides from them.
   */
  tabAppClientSecret?: string;
  /** Entra app role values and group object ids (lower-case) → our roles, added to the directory's. */
  roleMap: ReadonlyMap<string, readonly Role[]>;
}

export interface InquiryConfig {
  /** An inquiry without a 希望回答日 is due this many business days after it is asked. */
  defaultDueBusinessDays: number;
  /** How often deadlines are checked (reminder the business day before, escalation after); 0 turns it off. */
  deadlineIntervalSeconds: number;
}

/** The quarterly review window, in business days (土日・祝日・年末年始 skipped). */
export interface CheckInConfig {
  /** The cycle opens this many business days before the quarter's last business day (0 = on it). */
  opensBeforeQuarterEnd: number;
  /** Answers are due this many business days after the quarter ends. */
  dueAfterQuarterEnd: number;
  /** Reminder days relative to the due date (-3 = three business days before, 0 = on it, 2 = after). */
  reminderOffsets: number[];
  /** How often the scheduler looks at the calendar; 0 turns it off (cycles then open by command only). */
  schedulerIntervalSeconds: number;
  /** The PMO's Teams channel for roll-ups; without it they go to each PMO member's personal chat. */
  pmoChannelId?: string;
}

export interface OutboxConfig {
  perConversation: RateWindow[];
  perApp: RateWindow[];
  maxInFlight: number;
  maxAttempts: number;
  leaseSeconds: number;
  sendTimeoutSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`設定に誤りがあります / Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads and validates configuration from an environment; throws ConfigError listing every problem. */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const mode = read.oneOf('APP_MODE', ['local', 'production'] as const, 'local');
  const port = read.port('PORT', 3978);
  const playgroundPort = read.port('PLAYGROUND_PORT', 56150);
  const host = read.text('HOST') ?? (mode === 'local' ? '127.0.0.1' : '0.0.0.0');
  const dataDir = path.resolve(read.text('APP_DATA_DIR') ?? './data');
  // Demo people and records belong to a developer's machine; production starts empty unless asked.
  const demoData = read.flag('APP_DEMO_DATA', mode === 'local');
  const logLevel = read.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info');
  const defaultLocale = read.oneOf('APP_LOCALE', LOCALES, 'ja');

  const publicHostname = read.hostname('PUBLIC_HOSTNAME');
  const outbox: OutboxConfig = {
    perConversation: read.rateWindows('OUTBOX_RATE_PER_CONVERSATION', '7/1,8/2,60/30,1800/3600'),
    perApp: read.rateWindows('OUTBOX_RATE_PER_APP', '50/1'),
    maxInFlight: read.integer('OUTBOX_MAX_IN_FLIGHT', 32, 1, 500),
    maxAttempts: read.integer('OUTBOX_MAX_ATTEMPTS', 8, 1, 100),
    leaseSeconds: read.integer('OUTBOX_LEASE_SECONDS', 30, 2, 3600),
    sendTimeoutSeconds: read.integer('OUTBOX_SEND_TIMEOUT_SECONDS', 15, 1, 600),
  };
  if (outbox.sendTimeoutSeconds >= outbox.leaseSeconds) {
    problems.push(
      'OUTBOX_SEND_TIMEOUT_SECONDS: OUTBOX_LEASE_SECONDS より短くしてください。送信中に他のインスタンスが同じメッセージを送らないためです (must be shorter than OUTBOX_LEASE_SECONDS)',
    );
  }
  const checkIns: CheckInConfig = {
    opensBeforeQuarterEnd: read.integer('CHECKIN_OPENS_BEFORE_QUARTER_END', 5, 0, 40),
    dueAfterQuarterEnd: read.integer('CHECKIN_DUE_AFTER_QUARTER_END', 10, 1, 40),
    reminderOffsets: read.offsets('CHECKIN_REMINDER_OFFSETS', '-3,0,2', -20, 20),
    schedulerIntervalSeconds: read.integer('CHECKIN_SCHEDULER_INTERVAL_SECONDS', 300, 0, 86400),
    pmoChannelId: read.text('PMO_CHANNEL_ID'),
  };
  const inquiries: InquiryConfig = {
    defaultDueBusinessDays: read.integer('INQUIRY_DEFAULT_DUE_BUSINESS_DAYS', 5, 1, 60),
    deadlineIntervalSeconds: read.integer('INQUIRY_DEADLINE_INTERVAL_SECONDS', 300, 0, 86400),
  };
  const api: ApiProtectionConfig = {
    perIp: read.rateLimit('API_RATE_PER_IP', '600/60'),
    perUser: read.rateLimit('API_RATE_PER_USER', '240/60'),
    messagesPerUser: read.rateLimit('MESSAGES_RATE_PER_USER', '240/60'),
    trustForwardedFor: read.flag('TRUST_X_FORWARDED_FOR', false),
  };
  const recordsStore = read.oneOf('RECORDS_STORE', ['sqlite', 'sharepoint'] as const, mode === 'production' ? 'sharepoint' : 'sqlite');
  const sharePointSiteUrl = read.httpsUrl('SHAREPOINT_SITE_URL', { required: mode === 'production' || recordsStore === 'sharepoint' });
  const store = readStoreConfig(read, problems, recordsStore, sharePointSiteUrl, dataDir);
  const applicationInsightsConnectionString = read.text('APPLICATIONINSIGHTS_CONNECTION_STRING');
  const healthCacheSeconds = read.integer('HEALTH_CACHE_SECONDS', 5, 0, 300);
  const catalogAppId = read.guid('TEAMS_APP_CATALOG_ID', false);
  if (catalogAppId && store.records.kind !== 'sharepoint')
    problems.push(
      'TEAMS_APP_CATALOG_ID: アプリのインストールには SharePoint 用の Graph 資格情報 (RECORDS_STORE=sharepoint) が必要です (installing uses the Graph credentials of the SharePoint store)',
    );
  const config: Config = {
    mode,
    host,
    port,
    dataDir,
    demoData,
    playgroundPort,
    logLevel,
    defaultLocale,
    publicHostname,
    outbox,
    checkIns,
    inquiries,
    api,
    store,
    sharePointSiteUrl,
    applicationInsightsConnectionString,
    healthCacheSeconds,
    ...(catalogAppId ? { installation: { catalogAppId } } : {}),
  };

  if (mode === 'local' && !LOOPBACK_HOSTS.includes(host)) {
    // Local mode has no sign-in (the demo picker) and no Bot Framework token check: it must not be reachable from the network.
    problems.push(
      `HOST: "${host}" では起動できません。APP_MODE=local はこのコンピューターからだけ使えます。HOST=127.0.0.1 にするか、本番は APP_MODE=production にしてください (local mode listens on loopback only: set HOST=127.0.0.1, or APP_MODE=production)`,
    );
  }
  if (mode === 'production') {
    config.bot = readBotCredentials(read, problems);
    config.auth = readAuthConfig(read, problems, { host, publicHostname, botTenantId: config.bot?.tenantId });
  } else {
    const appId = read.text('MicrosoftAppId');
    if (appId) {
      problems.push(
        'MicrosoftAppId: APP_MODE=local では Bot 資格情報を使いません。本番では APP_MODE=production を設定してください (local mode runs without Bot credentials; set APP_MODE=production)',
      );
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function readStoreConfig(
  read: EnvReader,
  problems: string[],
  kind: 'sqlite' | 'sharepoint',
  siteUrl: string | undefined,
  dataDir: string,
): StoreConfig {
  const allowLoopback = read.flag('APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS', false);
  let records: StoreConfig['records'] = { kind: 'sqlite' };
  if (kind === 'sharepoint') {
    const redirectTo = read.authEndpointUrl('GRAPH_REDIRECT_TO', allowLoopback);
    if (redirectTo && !LOOPBACK_HOSTS.includes(new URL(redirectTo).hostname))
      problems.push('GRAPH_REDIRECT_TO: テスト用のローカルサーバーだけを指定できます (loopback only)');
    records = {
      kind: 'sharepoint',
      siteUrl: siteUrl ?? '',
      credential: readGraphCredential(read, problems, redirectTo !== undefined, allowLoopback),
      maxRetries: read.integer('GRAPH_MAX_RETRIES', 5, 0, 10),
      syncIntervalSeconds: read.integer('SHAREPOINT_SYNC_INTERVAL_SECONDS', 60, 0, 86400),
      mirrorDir: path.resolve(read.text('SHAREPOINT_MIRROR_DIR') ?? path.join(dataDir, 'sharepoint-mirror')),
      redirectTo,
    };
  }
  const connectionString = read.text('AZURE_STORAGE_CONNECTION_STRING');
  const accountUrl = read.httpsUrl('AZURE_STORAGE_TABLE_ENDPOINT', { required: false });
  const operational: StoreConfig['operational'] =
    connectionString || accountUrl
      ? {
          kind: 'azure',
          connectionString,
          accountUrl,
          managedIdentityClientId: read.guid('AZURE_CLIENT_ID', false),
          tablePrefix: read.text('AZURE_STORAGE_TABLE_PREFIX') ?? 'renkei',
        }
      : { kind: 'sqlite' };
  return { records, operational };
}

function readGraphCredential(read: EnvReader, problems: string[], redirected: boolean, allowLoopback: boolean): GraphCredentialConfig {
  const fixedToken = read.text('GRAPH_TEST_ACCESS_TOKEN');
  if (fixedToken) {
    if (!redirected) problems.push('GRAPH_TEST_ACCESS_TOKEN: GRAPH_REDIRECT_TO（テスト用）と一緒にだけ使えます (tests only)');
    return { kind: 'fixedToken', token: fixedToken };
  }
  if (read.flag('GRAPH_USE_MANAGED_IDENTITY', false))
    return { kind: 'managedIdentity', clientId: read.guid('GRAPH_MANAGED_IDENTITY_CLIENT_ID', false) };
  const certificatePath = read.text('GRAPH_CLIENT_CERTIFICATE_PATH');
  if (!certificatePath) {
    problems.push(
      'GRAPH_CLIENT_CERTIFICATE_PATH: SharePoint に接続する証明書 (PEM) のパスか、GRAPH_USE_MANAGED_IDENTITY=true を指定してください (a certificate or a managed identity is required for SharePoint)',
    );
  } else if (!fs.existsSync(certificatePath)) {
    problems.push(`GRAPH_CLIENT_CERTIFICATE_PATH: ${certificatePath} がありません (file not found)`);
  }
  return {
    kind: 'certificate',
    tenantId: read.guid('GRAPH_TENANT_ID', false) ?? read.guid('MicrosoftAppTenantId', true) ?? '',
    clientId: read.guid('GRAPH_CLIENT_ID', true) ?? '',
    certificatePath: certificatePath ?? '',
    authorityHost: read.authEndpointUrl('GRAPH_AUTHORITY_HOST', allowLoopback)?.replace(/\/$/, '') ?? 'https://login.microsoftonline.com',
  };
}

function readBotCredentials(read: EnvReader, problems: string[]): BotCredentials | undefined {
  const appId = read.guid('MicrosoftAppId', true);
  const appType = read.oneOf('MicrosoftAppType', ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const, undefined);
  const tenantId = read.guid('MicrosoftAppTenantId', true);
  const password = read.text('MicrosoftAppPassword');
  if (appType !== 'UserAssignedMSI' && !password) {
    problems.push('MicrosoftAppPassword: 必須です (required unless MicrosoftAppType=UserAssignedMSI uses a managed identity)');
  }
  if (appType === 'UserAssignedMSI' && password) {
    problems.push('MicrosoftAppPassword: マネージド ID では設定しないでください (must be empty with MicrosoftAppType=UserAssignedMSI)');
  }
  if (!appId || !appType || !tenantId) return undefined;
  return { appId, appType, tenantId, password: password || undefined };
}

/** Addresses and names that reach only this computer (HOST values, and Host headers in local mode). */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1', '[::1]'];

/**
 * The endpoints whose keys decide who gets in. They must be https. Tests serve their own keys on
 * http://127.0.0.1, which APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS=1 permits only while the server itself
 * listens on loopback (a test machine), never on an address reachable from the network.
 */
function readAuthConfig(
  read: EnvReader,
  problems: string[],
  context: { host: string; publicHostname?: string; botTenantId?: string },
): AuthConfig {
  const allowLoopback = read.flag('APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS', false);
  if (allowLoopback && !LOOPBACK_HOSTS.includes(context.host)) {
    problems.push(
      `APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS: テスト専用です。HOST=${context.host} では使えません (test-only switch; refused unless HOST is a loopback address such as 127.0.0.1)`,
    );
  }
  const endpoint = (name: string, fallback: string) => read.authEndpointUrl(name, allowLoopback) ?? fallback;
  const botOpenIdMetadataUrl = endpoint('BOT_OPENID_METADATA_URL', BOT_FRAMEWORK_OPENID_METADATA_URL);
  const openIdMetadataUrl = endpoint('ENTRA_OPENID_METADATA_URL', ENTRA_OPENID_METADATA_URL);
  const tabAppId = read.guid('TAB_APP_ID', false)?.toLowerCase();
  const allowedTenants = read.guidList('ENTRA_ALLOWED_TENANTS') ?? (context.botTenantId ? [context.botTenantId.toLowerCase()] : []);
  const roleMap = read.roleMap('ENTRA_ROLE_MAP');
  if (!tabAppId) return { botOpenIdMetadataUrl };
  const audiences = [tabAppId, ...(context.publicHostname ? [`api://${context.publicHostname}/${tabAppId}`] : [])];
  const tabAppClientSecret = read.text('TAB_APP_CLIENT_SECRET');
  return { botOpenIdMetadataUrl, entra: { tabAppId, audiences, allowedTenants, openIdMetadataUrl, roleMap, tabAppClientSecret } };
}

/** botbuilder's public-cloud value (AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl). */
export const BOT_FRAMEWORK_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
/** Entra ID's multi-tenant metadata; the tenant is checked on each token (ENTRA_ALLOWED_TENANTS). */
export const ENTRA_OPENID_METADATA_URL = 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration';

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  text(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  oneOf<T extends string, D extends T | undefined>(name: string, allowed: readonly T[], fallback: D): T | D {
    const value = this.text(name);
    if (value === undefined) {
      if (fallback === undefined)
        this.problems.push(`${name}: 必須です。${allowed.join(' | ')} のいずれか (required: one of ${allowed.join(', ')})`);
      return fallback;
    }
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name}: "${value}" は使えません。${allowed.join(' | ')} のいずれか (must be one of ${allowed.join(', ')})`);
      return fallback;
    }
    return value as T;
  }

  port(name: string, fallback: number): number {
    const value = this.text(name);
    if (value === undefined) return fallback;
    const port = Number(value);
    if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
      this.problems.push(`${name}: "${value}" はポート番号ではありません (must be an integer 1-65535)`);
      return fallback;
    }
    return port;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.text(name);
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      this.problems.push(`${name}: "${value}" は ${min} から ${max} の整数で指定してください (must be an integer ${min}-${max})`);
      return fallback;
    }
    return number;
  }

  /** A comma-separated list of distinct integers, e.g. -3,0,2 (sorted ascending). */
  offsets(name: string, fallback: string, min: number, max: number): number[] {
    const value = (this.text(name) ?? fallback).replace(/\s/g, '');
    const parts = value === '' ? [] : value.split(',');
    const numbers = parts.map(Number);
    if (parts.some((part) => !/^[-+]?\d+$/.test(part)) || numbers.some((n) => n < min || n > max)) {
      this.problems.push(
        `${name}: "${value}" は ${min} から ${max} の整数をカンマ区切りで指定してください (comma-separated integers ${min}..${max}, e.g. -3,0,2)`,
      );
      return fallback.split(',').map(Number);
    }
    return [...new Set(numbers)].sort((a, b) => a - b);
  }

  rateLimit(name: string, fallback: string): RateLimit {
    try {
      return parseRateLimit(this.text(name) ?? fallback);
    } catch (error) {
      this.problems.push(`${name}: ${(error as Error).message}`);
      return parseRateLimit(fallback);
    }
  }

  rateWindows(name: string, fallback: string): RateWindow[] {
    try {
      return parseRateWindows(this.text(name) ?? fallback);
    } catch (error) {
      this.problems.push(`${name}: ${(error as Error).message}`);
      return parseRateWindows(fallback);
    }
  }

  flag(name: string, fallback: boolean): boolean {
    const value = this.text(name);
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
    this.problems.push(`${name}: "${value}" は 1 か 0 で指定してください (must be 1 or 0)`);
    return fallback;
  }

  guid(name: string, required: boolean): string | undefined {
    const value = this.text(name);
    if (value === undefined) {
      if (required) this.problems.push(`${name}: 必須です (required in APP_MODE=production)`);
      return undefined;
    }
    if (!GUID.test(value)) {
      this.problems.push(`${name}: "${value}" は GUID ではありません (must be a GUID such as 00000000-0000-0000-0000-000000000000)`);
      return undefined;
    }
    return value;
  }

  /** A comma-separated list of GUIDs (lower-cased); undefined when unset. */
  guidList(name: string): string[] | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    const items = value
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean);
    const wrong = items.filter((item) => !GUID.test(item));
    if (items.length === 0 || wrong.length > 0) {
      this.problems.push(`${name}: "${value}" は GUID をカンマ区切りで指定してください (must be comma-separated GUIDs)`);
      return undefined;
    }
    return [...new Set(items)];
  }

  /**
   * `key=role,key=role`: an Entra app role value (e.g. Renkei.PMO) or a group object id, and one
   * of our roles. A key may appear more than once to grant several roles.
   */
  roleMap(name: string): Map<string, Role[]> {
    const value = this.text(name);
    const map = new Map<string, Role[]>();
    if (value === undefined) return map;
    for (const entry of value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)) {
      const match = /^([^=\s]+)\s*=\s*([a-z]+)$/.exec(entry);
      if (!match || !(ROLES as readonly string[]).includes(match[2])) {
        this.problems.push(
          `${name}: "${entry}" は「アプリロールまたはグループID=ロール」で指定してください。ロールは ${ROLES.join(' | ')} (expected key=role, role one of ${ROLES.join(', ')})`,
        );
        continue;
      }
      // Group object ids are GUIDs, compared without regard to case; app role values are exact.
      const key = GUID.test(match[1]) ? match[1].toLowerCase() : match[1];
      map.set(key, [...new Set([...(map.get(key) ?? []), match[2] as Role])]);
    }
    return map;
  }

  /** An https URL, or http on a loopback host when the test-only switch allows it. */
  authEndpointUrl(name: string, allowLoopbackHttp: boolean): string | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.problems.push(`${name}: "${value}" は URL ではありません (must be an https URL)`);
      return undefined;
    }
    const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname);
    if (url.protocol !== 'https:' && !(loopbackHttp && allowLoopbackHttp)) {
      this.problems.push(
        `${name}: https の URL を指定してください (must use https${loopbackHttp ? '; http://127.0.0.1 only with APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS=1, for tests' : ''})`,
      );
      return undefined;
    }
    return url.toString();
  }

  hostname(name: string): string | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(value)) {
      this.problems.push(
        `${name}: "${value}" はホスト名ではありません。https:// やパスを付けずに指定してください (must be a bare host name such as renkei.example.jp)`,
      );
      return undefined;
    }
    return value.toLowerCase();
  }

  httpsUrl(name: string, options: { required: boolean }): string | undefined {
    const value = this.text(name);
    if (value === undefined) {
      if (options.required)
        this.problems.push(
          `${name}: 必須です。SharePoint サイトの URL (required: the SharePoint site URL, e.g. https://contoso.sharepoint.com/sites/renkei)`,
        );
      return undefined;
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.problems.push(`${name}: "${value}" は URL ではありません (must be an https URL)`);
      return undefined;
    }
    if (url.protocol !== 'https:') {
      this.problems.push(`${name}: https の URL を指定してください (must use https)`);
      return undefined;
    }
    return url.toString().replace(/\/$/, '');
  }
}

/**
 * Merges an optional .env file under the real environment: a variable already set in the
 * environment wins, so operators can override the file without editing it.
 */
export function environmentWithDotEnv(env: Env, dotEnvPath = path.resolve('.env')): Env {
  if (!fs.existsSync(dotEnvPath)) return env;
  const fromFile = parseEnv(fs.readFileSync(dotEnvPath, 'utf8'));
  return { ...fromFile, ...env };
}
