import type { Config, SharePointStoreConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { AzureOperationalStore } from './azure/azure-operational-store';
import type { ComposedStore, MaintenanceJob, Store } from './ports';
import type { GraphGateway } from './sharepoint/graph/graph-gateway';
import type { SharePointStore } from './sharepoint/sharepoint-store';
import { SplitStore } from './split-store';
import { SqliteStore } from './sqlite/sqlite-store';

/**
 * The composition root of storage: the one place that knows the store kinds and decides, from
 * the configuration (StoreConfig), which adapter serves which ports:
 *
 * | records    | operational | store                                                       |
 * |------------|-------------|-------------------------------------------------------------|
 * | sqlite     | sqlite      | SqliteStore (one local file)                                |
 * | sqlite     | azure       | SplitStore(SqliteStore, AzureOperationalStore)              |
 * | sharepoint | sqlite      | SharePointStore(operational: SqliteStore, mirror: SqliteStore) |
 * | sharepoint | azure       | SharePointStore(operational: AzureOperationalStore, mirror: SqliteStore) |
 *
 * Everything else sees the ports (Store) and the capabilities this layout has. The Azure and
 * SharePoint adapters (with @azure/identity and the Graph client) are loaded only for a layout that
 * uses them, so a local server or CLI command does not pay for loading them at every start.
 */
export async function composeStore(config: Config, logger: Logger): Promise<ComposedStore> {
  const { records, operational } = config.store;
  const azure =
    operational.kind === 'azure'
      ? await (await import('./azure/open-azure-operational-store')).openAzureOperationalStore(operational)
      : undefined;
  const operationalMaintenance = azure ? [journalRecovery(azure, logger)] : [];
  const sqlite = { healthCacheMs: config.healthCacheSeconds * 1000 };
  if (records.kind === 'sqlite') {
    const local = SqliteStore.open(config.dataDir, sqlite);
    return { store: azure ? new SplitStore(local, azure) : local, capabilities: { maintenance: operationalMaintenance } };
  }
  const [{ SharePointStore }, { GraphTeamsAppInstaller }, { GraphGateway }, { graphAuthProvider }] = await Promise.all([
    import('./sharepoint/sharepoint-store'),
    import('./sharepoint/graph/teams-app-installer'),
    import('./sharepoint/graph/graph-gateway'),
    import('./sharepoint/graph/graph-credentials'),
  ]);
  const store = new SharePointStore({
    graph: await graphGatewayFor(records),
    siteUrl: records.siteUrl,
    operational: azure ?? SqliteStore.open(config.dataDir, sqlite),
    mirror: SqliteStore.open(records.mirrorDir, sqlite),
    mirrorDir: records.mirrorDir,
    logger,
  });
  return {
    store,
    capabilities: {
      recordsReachability: () => store.graphReachability(),
      applyRecordWrite: (write, steps) => store.applyRecordWrite(write, steps),
      manualsVisibleTo: (graphAccessToken) => store.manualsVisibleTo(graphAccessToken),
      ...(config.installation
        ? {
            // No retries in the client: the outbox paces installations and waits out Graph's 429s itself.
            appInstaller: new GraphTeamsAppInstaller(
              new GraphGateway({ auth: graphAuthProvider(records.credential), maxRetries: 0, redirectTo: records.redirectTo }),
              config.installation.catalogAppId,
            ),
          }
        : {}),
      maintenance: [rulingsSync(store, records, logger), manualTextsSync(store, records, logger), ...operationalMaintenance],
    },
  };
}

/** The store alone (operator commands, which run no maintenance). */
export async function openStore(config: Config, logger: Logger): Promise<Store> {
  return (await composeStore(config, logger)).store;
}

export async function graphGatewayFor(records: SharePointStoreConfig): Promise<GraphGateway> {
  const [{ GraphGateway }, { graphAuthProvider }] = await Promise.all([
    import('./sharepoint/graph/graph-gateway'),
    import('./sharepoint/graph/graph-credentials'),
  ]);
  return new GraphGateway({ auth: graphAuthProvider(records.credential), maxRetries: records.maxRetries, redirectTo: records.redirectTo });
}

/** The SharePoint mirror's delta sync: the local search index follows the 判断事例 list. */
function rulingsSync(store: SharePointStore, records: SharePointStoreConfig, logger: Logger): MaintenanceJob {
  return {
    name: 'sharepoint rulings sync',
    intervalSeconds: records.syncIntervalSeconds,
    run: async () => {
      const result = await store.rulingSync.sync();
      if (result.upserted + result.removed > 0 || result.mode === 'full')
        logger.info('rulings index synced from SharePoint', { ...result });
    },
  };
}

/** The text of the manuals' files, read into the local index when a file is new or changed. */
function manualTextsSync(store: SharePointStore, records: SharePointStoreConfig, logger: Logger): MaintenanceJob {
  return {
    name: 'sharepoint manual text sync',
    intervalSeconds: records.syncIntervalSeconds,
    run: async () => {
      const result = await store.manualTextSync.sync();
      if (result.read + result.removed > 0) logger.info('manual text index synced from SharePoint', { ...result });
    },
  };
}

/** Finishing operational transactions a crashed instance left half-applied. */
function journalRecovery(operational: AzureOperationalStore, logger: Logger): MaintenanceJob {
  return {
    name: 'operational journal recovery',
    intervalSeconds: 60,
    run: async () => {
      const recovery = await operational.recoverJournal();
      if (recovery.applied + recovery.dropped + recovery.failed.length > 0)
        logger.warn('half-applied operational transactions completed', { ...recovery });
    },
  };
}
