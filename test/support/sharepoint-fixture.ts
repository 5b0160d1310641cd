import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../bot/platform/logger';
import { AzureOperationalStore } from '../../bot/store/azure/azure-operational-store';
import { GraphGateway } from '../../bot/store/sharepoint/graph/graph-gateway';
import { planProvisioning } from '../../bot/store/sharepoint/provisioning';
import { SharePointStore } from '../../bot/store/sharepoint/sharepoint-store';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { GraphTestServer } from './graph/graph-test-server';

export const GRAPH_TEST_TOKEN = 'graph-test-token';
export const silentLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let siteCounter = 0;

/** A new, empty SharePoint site on the test server, provisioned the way operators do it. */
export async function provisionedSite(server: GraphTestServer, options: { maxRetries?: number } = {}) {
  siteCounter += 1;
  const site = server.createSite('sakura.sharepoint.com', `/sites/renkei-${process.pid}-${siteCounter}`);
  const graph = new GraphGateway({
    auth: { getAccessToken: async () => GRAPH_TEST_TOKEN },
    redirectTo: server.url,
    maxRetries: options.maxRetries ?? 5,
  });
  for (const step of await planProvisioning(graph, site.webUrl)) await step.apply();
  return { site, graph, siteUrl: site.webUrl };
}

/** Per server: a site provisioned through Graph and then left alone, which provisionedCopy copies. */
const provisionedTemplates = new WeakMap<GraphTestServer, Promise<string>>();

/**
 * A new site with every list and column provisioning makes, for tests of what the store does with
 * them rather than of provisioning: the first call per server provisions a template site through
 * Graph (its requests checked against the description like any other), and every call gets a copy
 * of it made inside the test server, about 130 requests fewer per test.
 */
export async function provisionedCopy(server: GraphTestServer) {
  let template = provisionedTemplates.get(server);
  if (!template) {
    template = provisionedSite(server).then(({ site }) => site.id);
    provisionedTemplates.set(server, template);
  }
  siteCounter += 1;
  const site = server.copySite(await template, `/sites/renkei-${process.pid}-${siteCounter}`);
  return { site, siteUrl: site.webUrl };
}

const tempDirs: string[] = [];
export function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-sp-'));
  tempDirs.push(dir);
  return dir;
}
export function removeTempDataDirs() {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A SharePoint store over a fresh provisioned site (a copy, see provisionedCopy), with the local SQLite file for operational state. */
export async function openSharePointStore(
  server: GraphTestServer,
  options: { maxRetries?: number; dataDir?: string; siteUrl?: string } = {},
) {
  const dataDir = options.dataDir ?? tempDataDir();
  const siteUrl = options.siteUrl ?? (await provisionedCopy(server)).siteUrl;
  const graph = new GraphGateway({
    auth: { getAccessToken: async () => GRAPH_TEST_TOKEN },
    redirectTo: server.url,
    maxRetries: options.maxRetries ?? 5,
  });
  const store = new SharePointStore({
    graph,
    siteUrl,
    operational: SqliteStore.open(dataDir),
    mirror: SqliteStore.open(path.join(dataDir, 'mirror')),
    logger: silentLogger,
  });
  return { store, graph, siteUrl, dataDir };
}

/**
 * The production layout on local servers: records in a fresh provisioned SharePoint site (a copy on
 * the Graph test server, see provisionedCopy), operational state in Azure Table Storage (Azurite) under `tablePrefix`.
 */
export async function productionLayoutStore(server: GraphTestServer, azuriteConnectionString: string, tablePrefix: string) {
  const { siteUrl } = await provisionedCopy(server);
  const store = new SharePointStore({
    graph: new GraphGateway({ auth: { getAccessToken: async () => GRAPH_TEST_TOKEN }, redirectTo: server.url }),
    siteUrl,
    operational: await AzureOperationalStore.open({ connectionString: azuriteConnectionString }, tablePrefix),
    mirror: SqliteStore.open(path.join(tempDataDir(), 'mirror')),
    logger: silentLogger,
  });
  return { store, siteUrl };
}

/**
 * The environment a server or CLI process reads to keep its records in `siteUrl` on the Graph test
 * server: Graph's URLs redirected there, with a fixed token (loopback only).
 */
export function sharePointEnv(server: GraphTestServer, siteUrl: string, token = GRAPH_TEST_TOKEN): Record<string, string> {
  return {
    RECORDS_STORE: 'sharepoint',
    SHAREPOINT_SITE_URL: siteUrl,
    GRAPH_REDIRECT_TO: server.url,
    GRAPH_TEST_ACCESS_TOKEN: token,
    APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS: '1',
  };
}

/**
 * The environment a server (or the in-process turn harness) reads to run the production layout
 * on local servers: records in `siteUrl` on the Graph test server, operational state in Azurite
 * under `tablePrefix`.
 */
export function productionLayoutEnv(
  server: GraphTestServer,
  siteUrl: string,
  azuriteConnectionString: string,
  tablePrefix: string,
): Record<string, string> {
  return {
    ...sharePointEnv(server, siteUrl),
    AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString,
    AZURE_STORAGE_TABLE_PREFIX: tablePrefix,
    SHAREPOINT_SYNC_INTERVAL_SECONDS: '0',
  };
}
