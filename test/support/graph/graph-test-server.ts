/**
 * A local Microsoft Graph for tests: SharePoint sites, lists, columns, list items and
 * document-library files behind the v1.0 URLs the production adapter calls
 * (https://graph.microsoft.com/v1.0/... redirected to `${server.url}/v1.0/...`). It behaves as
 * Microsoft documents (errors, paging, delta, $batch, throttling, If-Match), writes every link it
 * returns on https://graph.microsoft.com, and checks every request and response against
 * Microsoft's OpenAPI description: `validationErrors` must stay empty in a test that passes.
 *
 * Test-only: state lives in memory, one server per test file (or per test).
 *
 *   const graph = await GraphTestServer.start({ pageSize: 50, seed: 1 });
 *   const site = graph.createSite('contoso.sharepoint.com', '/sites/kikaku', '企画部');
 *   graph.addColumnByHand(site.id, '施策一覧', '所管課', 'text');   // after the list exists
 *   graph.faults.throttleRate = 0.1;                                 // or graph.failNext(1, 429, 2)
 *   ...                                                              // the adapter calls ${graph.url}/v1.0/...
 *   expect(graph.validationErrors).toEqual([]);
 *   await graph.close();
 *
 * Things a client must do against it, as against Graph: resolve column internal names through
 * /columns; send `Prefer: HonorNonIndexedQueriesWarningMayFailRandomly` (on every page, since
 * nextLinks keep the $filter) to filter on a column without an index; follow @odata.nextLink;
 * answer 410 on delta by starting again from the Location header.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultSettings } from './faults';
import { errorBody, invalidRequest } from './graph-errors';
import { columnJson } from './graph-shapes';
import { OpenApiValidator } from './openapi-validator';
import { GraphPipeline, type GraphStats, type LoggedRequest } from './pipeline';
import { batchRoutes } from './routes-batch';
import { driveRoutes } from './routes-drive';
import { itemRoutes } from './routes-items';
import { siteRoutes } from './routes-sites';
import { teamworkRoutes } from './routes-teamwork';
import { type ColumnInput, eTagOf, type Item, itemWebUrl, type ListRecord, listWebUrl, SiteModel, type SiteRecord } from './site-model';
import { type CatalogApp, TeamworkModel, type TeamsUserState, type UserInstallation } from './teamwork-model';
import type { GraphRequest } from './types';

export type { FaultSettings } from './faults';
export type { GraphStats, LoggedRequest } from './pipeline';
export type { CatalogApp, TeamsUserState, UserInstallation } from './teamwork-model';

export interface GraphTestServerOptions {
  /** Accepted bearer tokens; by default any non-empty bearer token is accepted. */
  tokens?: string[];
  /** Items per page when the client gives no $top (default 200). */
  pageSize?: number;
  /** Seed of the fault PRNG (default 1). */
  seed?: number;
  /** How many requests `requests` keeps, newest last (default 5000). */
  requestLogLimit?: number;
  /** Milliseconds waited before answering each HTTP request (a $batch is one), as Graph's round trip (default 0). */
  latencyMs?: number;
  /** The bot's app id, in the 1:1 chat ids of installations (default a fixed GUID). */
  botAppId?: string;
}

/** When one HTTP request (a $batch counts once) arrived and was answered, by performance.now(). */
export interface RequestTiming {
  method: string;
  /** /v1.0/... with the query. */
  url: string;
  status: number;
  startMs: number;
  endMs: number;
}

export interface SiteInfo {
  /** "hostname,{GUID},{GUID}" */
  id: string;
  hostname: string;
  serverRelativePath: string;
  name: string;
  displayName: string;
  webUrl: string;
}

export interface ListInfo {
  id: string;
  name: string;
  displayName: string;
  template: 'genericList' | 'documentLibrary';
  webUrl: string;
  /** The drive id of a document library. */
  driveId?: string;
}

export interface ColumnInfo {
  id: string;
  /** Internal name, e.g. _x6240__x7ba1__x8ab2_ for 所管課. */
  name: string;
  displayName: string;
}

/** Column types an admin can pick in the SharePoint UI (as far as this server models them). */
export type HandColumnType = 'text' | 'multilineText' | 'number' | 'boolean' | 'dateTime' | 'dateOnly' | 'choice';

export interface StoredItem {
  id: string;
  eTag: string;
  webUrl: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  /** Values by internal column name (Title, custom columns, FileLeafRef); unset ones are absent. */
  fields: Record<string, unknown>;
  /** For a library item: the file's drive item id and bytes. */
  file?: { driveItemId: string; content: Buffer; mimeType: string };
}

/** How many client-request-ids the timings keep. */
const TIMED_IDS_LIMIT = 20_000;

const HAND = { user: { displayName: '市役所 管理者', email: 'admin@example.lg.jp' } };

export class GraphTestServer {
  /** http://127.0.0.1:port (serve /v1.0/... under it). */
  readonly url: string;
  /** Injected faults; change at any time. */
  readonly faults: FaultSettings;
  readonly stats: GraphStats = { requests: 0, subRequests: 0, byStatus: {}, throttled: 0 };
  /** Every mismatch with Microsoft's description, in requests received or responses sent. */
  readonly validationErrors: string[] = [];
  /** The last requests (and $batch steps) received, oldest first. */
  readonly requests: LoggedRequest[] = [];
  /** Injected round-trip time per HTTP request; change at any time (e.g. 0 while seeding). */
  latencyMs: number;
  /** The bot's app id in installations' chat ids. */
  botAppId = '00000000-0000-0000-0000-00000000b07a';

  /** Timings by the client-request-id header the caller sent (the bot sends its turn's correlation id). */
  private readonly timings = new Map<string, RequestTiming[]>();

  private readonly model = new SiteModel();
  private readonly teamwork = new TeamworkModel();
  /** Set by start(): the pipeline writes into this server's stats and logs. */
  private pipeline!: GraphPipeline;

  private constructor(
    private readonly server: http.Server,
    private readonly injector: FaultInjector,
    url: string,
    latencyMs: number,
  ) {
    this.faults = injector.settings;
    this.url = url;
    this.latencyMs = latencyMs;
  }

  static async start(options: GraphTestServerOptions = {}): Promise<GraphTestServer> {
    const validator = OpenApiValidator.load();
    const injector = new FaultInjector(options.seed ?? 1);
    const httpServer = http.createServer();
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(0, '127.0.0.1', () => resolve());
    });
    const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    const server = new GraphTestServer(httpServer, injector, url, options.latencyMs ?? 0);
    if (options.botAppId) server.botAppId = options.botAppId;
    server.pipeline = new GraphPipeline({
      model: server.model,
      validator,
      faults: injector,
      routes: [...siteRoutes, ...itemRoutes, ...driveRoutes, ...batchRoutes, ...teamworkRoutes(server.teamwork, () => server.botAppId)],
      tokens: options.tokens ? new Set(options.tokens) : undefined,
      pageSize: options.pageSize ?? 200,
      stats: server.stats,
      validationErrors: server.validationErrors,
      requestLog: server.requests,
      requestLogLimit: options.requestLogLimit ?? 5000,
    });
    httpServer.on('request', (req, res) => server.serve(req, res));
    return server;
  }

  /**
   * The next `count` requests (HTTP requests, $batch envelopes and steps alike, in arrival order)
   * fail with `status`, with Retry-After if given (for 429/503 the `faults.retryAfterSeconds` if not).
   * `after` lets that many requests through first, e.g. 1 to spare a $batch envelope and hit a step.
   */
  failNext(count: number, status: number, retryAfterSeconds?: number, after = 0): void {
    this.injector.failNext(count, status, retryAfterSeconds, after);
  }

  /** The HTTP requests that carried this client-request-id, in arrival order. */
  timingsFor(clientRequestId: string): RequestTiming[] {
    return [...(this.timings.get(clientRequestId) ?? [])].sort((a, b) => a.startMs - b.startMs);
  }

  /** Forgets the timings recorded so far. */
  clearTimings(): void {
    this.timings.clear();
  }

  resetStats(): void {
    this.stats.requests = 0;
    this.stats.subRequests = 0;
    this.stats.throttled = 0;
    for (const key of Object.keys(this.stats.byStatus)) delete this.stats.byStatus[Number(key)];
  }

  /** A site at https://{hostname}{serverRelativePath}; GET /v1.0/sites/{hostname}:{serverRelativePath} finds it. */
  createSite(hostname: string, serverRelativePath: string, displayName?: string): SiteInfo {
    return this.siteInfo(this.model.createSite(hostname, serverRelativePath, displayName));
  }

  /**
   * A new site at `serverRelativePath` on the same host with the lists and columns of site `siteId`
   * (which must have no items yet) and fresh ids: a provisioned site, without the requests.
   */
  copySite(siteId: string, serverRelativePath: string): SiteInfo {
    return this.siteInfo(this.model.copySite(this.model.findSite(siteId), serverRelativePath));
  }

  /** A list made in the SharePoint UI (what POST /lists does, without a request). */
  createListByHand(siteId: string, displayName: string, template: 'genericList' | 'documentLibrary' = 'genericList'): ListInfo {
    const list = this.model.createList(this.model.findSite(siteId), { displayName, template });
    return this.listInfo(list);
  }

  /**
   * A column an admin adds in the SharePoint UI: its internal name is the SharePoint encoding of
   * `displayName` (所管課 → _x6240__x7ba1__x8ab2_), so clients must find it through /columns.
   */
  addColumnByHand(
    siteId: string,
    listIdOrName: string,
    displayName: string,
    type: HandColumnType,
    options: { choices?: string[]; indexed?: boolean } = {},
  ): ColumnInfo {
    const list = this.list(siteId, listIdOrName);
    const facets: Record<HandColumnType, ColumnInput> = {
      text: { text: {} },
      multilineText: { text: { allowMultipleLines: true } },
      number: { number: {} },
      boolean: { boolean: {} },
      dateTime: { dateTime: { format: 'dateTime' } },
      dateOnly: { dateTime: { format: 'dateOnly' } },
      choice: { choice: { choices: options.choices ?? [] } },
    };
    const column = this.model.addColumn(list, { displayName, indexed: options.indexed ?? false, ...facets[type] }, true);
    const shown = columnJson(column);
    return { id: String(shown.id), name: String(shown.name), displayName: String(shown.displayName) };
  }

  /** An app in the tenant's catalog (組織のアプリカタログ); its `id` is what TEAMS_APP_CATALOG_ID names. */
  addCatalogApp(app: Partial<CatalogApp> = {}): CatalogApp {
    return this.teamwork.addCatalogApp(app);
  }

  /** A user Teams knows (by Entra object id): licensed, or refused the app with 403 for the reason given. */
  addTeamsUser(userId: string, state: TeamsUserState = 'licensed'): void {
    this.teamwork.users.set(userId.toLowerCase(), state);
  }

  /** A team (its group id) the app can be installed in. */
  addTeam(teamId: string): void {
    if (!this.teamwork.teams.has(teamId)) this.teamwork.teams.set(teamId, new Set());
  }

  /** The app installed for a user as Teams would after the user added it themselves (no request). */
  installForUserByHand(userId: string, catalogAppId: string): UserInstallation {
    return this.teamwork.installFor(userId, catalogAppId, this.botAppId);
  }

  /** The user's installations of catalog apps. */
  userInstallations(userId: string): UserInstallation[] {
    return [...(this.teamwork.userInstallations.get(userId.toLowerCase())?.values() ?? [])];
  }

  /** The catalog apps installed in a team. */
  teamInstallations(teamId: string): string[] {
    return [...(this.teamwork.teams.get(teamId) ?? [])];
  }

  /** Successful installation requests (users and teams) so far. */
  get installs(): number {
    return this.teamwork.installs;
  }

  /** Delta tokens issued so far for the list answer 410 from now on (as after a long disconnection). */
  expireDeltaTokens(siteId: string, listIdOrName: string): void {
    this.list(siteId, listIdOrName).tokenEpoch++;
  }

  /** The list's items as stored, in id order. */
  listItems(siteId: string, listIdOrName: string): StoredItem[] {
    const list = this.list(siteId, listIdOrName);
    return [...list.items.values()].map((item) => this.storedItem(list, item));
  }

  /** An edit in the SharePoint UI: fields by internal or display name; the eTag changes, delta sees it. */
  editItemByHand(siteId: string, listIdOrName: string, itemId: string, fields: Record<string, unknown>): StoredItem {
    const list = this.list(siteId, listIdOrName);
    const item = this.model.findItem(list, itemId);
    const byName: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      const column = list.columns.find((c) => c.name === key) ?? list.columns.find((c) => c.displayName === key);
      byName[column?.name ?? key] = value;
    }
    this.model.updateItem(list, item, byName, HAND);
    return this.storedItem(list, item);
  }

  /** A deletion in the SharePoint UI. */
  deleteItemByHand(siteId: string, listIdOrName: string, itemId: string): void {
    const list = this.list(siteId, listIdOrName);
    this.model.deleteItem(list, this.model.findItem(list, itemId));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private list(siteId: string, listIdOrName: string): ListRecord {
    return this.model.findList(this.model.findSite(siteId), listIdOrName);
  }

  private siteInfo(site: SiteRecord): SiteInfo {
    return {
      id: site.id,
      hostname: site.hostname,
      serverRelativePath: site.path,
      name: site.name,
      displayName: site.displayName,
      webUrl: site.webUrl,
    };
  }

  private listInfo(list: ListRecord): ListInfo {
    return {
      id: list.id,
      name: list.name,
      displayName: list.displayName,
      template: list.template,
      webUrl: listWebUrl(list),
      driveId: list.drive?.id,
    };
  }

  private storedItem(list: ListRecord, item: Item): StoredItem {
    return {
      id: item.id,
      eTag: eTagOf(item),
      webUrl: itemWebUrl(list, item),
      createdDateTime: item.createdDateTime,
      lastModifiedDateTime: item.lastModifiedDateTime,
      fields: { ...item.values },
      ...(item.file ? { file: { driveItemId: item.file.driveItemId, content: item.file.bytes, mimeType: item.file.mimeType } } : {}),
    };
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const startMs = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const latency = this.latencyMs;
      const delay = latency > 0 ? new Promise((resolve) => setTimeout(resolve, latency)) : Promise.resolve();
      void delay
        .then(() => this.answer(req, Buffer.concat(chunks)))
        .then(
          ({ status, headers, body }) => {
            res.writeHead(status, { ...headers, 'Content-Length': String(body === undefined ? 0 : Buffer.byteLength(body)) });
            res.end(body);
            this.recordTiming(req, status, startMs);
          },
          (error: Error) => {
            this.validationErrors.push(`the test server failed: ${error.stack}`);
            res.writeHead(500);
            res.end();
            this.recordTiming(req, 500, startMs);
          },
        );
    });
  }

  private recordTiming(req: http.IncomingMessage, status: number, startMs: number): void {
    const header = req.headers['client-request-id'];
    const clientRequestId = Array.isArray(header) ? header[0] : header;
    if (!clientRequestId) return;
    const timing: RequestTiming = { method: req.method ?? 'GET', url: req.url ?? '/', status, startMs, endMs: performance.now() };
    const list = this.timings.get(clientRequestId);
    if (list) list.push(timing);
    else {
      // Bounded like the request log: the oldest ids go first.
      if (this.timings.size >= TIMED_IDS_LIMIT) this.timings.delete(this.timings.keys().next().value!);
      this.timings.set(clientRequestId, [timing]);
    }
  }

  private async answer(
    req: http.IncomingMessage,
    rawBody: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body?: Buffer | string }> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    if (!url.pathname.startsWith('/v1.0/')) {
      this.validationErrors.push(`${req.method} ${req.url}: not under /v1.0 (the adapter must call Graph v1.0)`);
      this.stats.requests++;
      this.stats.byStatus[400] = (this.stats.byStatus[400] ?? 0) + 1;
      const ids = { requestId: randomUUID(), clientRequestId: headers['client-request-id'] ?? randomUUID() };
      const body = JSON.stringify(errorBody(invalidRequest(`Invalid version: ${url.pathname.split('/')[1] ?? ''}`), ids));
      return {
        status: 400,
        headers: { 'Content-Type': 'application/json', 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
        body,
      };
    }
    const request: GraphRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname.slice('/v1.0'.length),
      query: url.searchParams,
      search: url.search,
      headers,
      rawBody: rawBody.length ? rawBody : undefined,
      inBatch: false,
    };
    const response = await this.pipeline.handle(request);
    const body = response.body === undefined ? undefined : Buffer.isBuffer(response.body) ? response.body : JSON.stringify(response.body);
    return { status: response.status, headers: response.headers, body };
  }
}
