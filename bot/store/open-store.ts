import type { Config, SharePointStoreConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { OperationalStore, Store } from './ports';
import { GraphGateway } from './sharepoint/graph/graph-gateway';
import { graphAccessToken } from './sharepoint/graph/graph-credentials';
import { SharePointStore } from './sharepoint/sharepoint-store';
import { SplitStore } from './split-store';
import { SqliteStore } from './sqlite/sqlite-store';
import { AzureOperationalStore } from './azure/azure-operational-store';
import { azureOperationalStoreFromEnvironment } from './azure/from-environment';

export function graphGatewayFor(records: SharePointStoreConfig): GraphGateway {
  return new GraphGateway({ accessToken: graphAccessToken(records.credential), maxRetries: records.maxRetries, redirectTo: records.redirectTo });
}

/** Azure Table Storage when configured, else the local SQLite file. */
async function openOperationalStore(config: Config): Promise<OperationalStore> {
  const { operational } = config.store;
  if (operational.kind === 'sqlite') return SqliteStore.open(config.dataDir);
  return azureOperationalStoreFromEnvironment(operational);
}

/** Opens the store the configuration names (see StoreConfig): the one place that decides. */
export async function openStore(config: Config, logger: Logger): Promise<Store> {
  const { records } = config.store;
  if (records.kind === 'sqlite') {
    const local = SqliteStore.open(config.dataDir);
    return config.store.operational.kind === 'sqlite' ? local : new SplitStore(local, await openOperationalStore(config));
  }
  return new SharePointStore({
    graph: graphGatewayFor(records),
    siteUrl: records.siteUrl,
    operational: await openOperationalStore(config),
    mirror: SqliteStore.open(records.mirrorDir),
    logger,
  });
}

export interface MaintenanceJob {
  name: string;
  intervalSeconds: number;
  run(): Promise<void>;
}

/**
 * What the chosen store needs done now and then in every instance: the SharePoint mirror's
 * delta sync, and finishing operational transactions a crashed instance
 * left half-applied.
 */
export function storeMaintenance(store: Store, config: Config, logger: Logger): MaintenanceJob[] {
  const jobs: MaintenanceJob[] = [];
  if (store instanceof SharePointStore && config.store.records.kind === 'sharepoint') {
    jobs.push({
      name: 'sharepoint rulings sync',
      intervalSeconds: config.store.records.syncIntervalSeconds,
      run: async () => {
        const result = await store.rulingSync.sync();
        if (result.upserted + result.removed > 0 || result.mode === 'full') logger.info('rulings index synced from SharePoint', { ...result });
      },
    });
  }
  const operational = store instanceof SharePointStore || store instanceof SplitStore ? store.operational : undefined;
  if (operational instanceof AzureOperationalStore) {
    jobs.push({
      name: 'operational journal recovery',
      intervalSeconds: 60,
      run: async () => {
        const recovery = await operational.recoverJournal();
        if (recovery.applied + recovery.dropped + recovery.failed.length > 0) logger.warn('half-applied operational transactions completed', { ...recovery });
      },
    });
  }
  return jobs;
}
