import path from 'node:path';
import type { Config, SharePointStoreConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { OperationalStore, Store } from './ports';
import { GraphGateway } from './sharepoint/graph/graph-gateway';
import { graphAccessToken } from './sharepoint/graph/graph-credentials';
import { SharePointStore } from './sharepoint/sharepoint-store';
import { SqliteStore } from './sqlite/sqlite-store';

/** The local file that mirrors SharePoint (search index, delta positions, queued writes) sits next to the main one. */
export const SHAREPOINT_MIRROR_DIR = 'sharepoint-mirror';

export function graphGatewayFor(records: SharePointStoreConfig): GraphGateway {
  return new GraphGateway({ accessToken: graphAccessToken(records.credential), maxRetries: records.maxRetries, redirectTo: records.redirectTo });
}

async function openOperationalStore(config: Config): Promise<OperationalStore> {
  return SqliteStore.open(config.dataDir);
}

/** Opens the store the configuration names (see StoreConfig): the one place that decides. */
export async function openStore(config: Config, logger: Logger): Promise<Store> {
  const { records } = config.store;
  if (records.kind === 'sqlite') return SqliteStore.open(config.dataDir);
  return new SharePointStore({
    graph: graphGatewayFor(records),
    siteUrl: records.siteUrl,
    operational: await openOperationalStore(config),
    mirror: SqliteStore.open(path.join(config.dataDir, SHAREPOINT_MIRROR_DIR)),
    logger,
  });
}
