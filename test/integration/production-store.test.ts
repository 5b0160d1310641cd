import { randomBytes } from 'node:crypto';
import { AzureOperationalStore } from '../../bot/store/azure/azure-operational-store';
import { SplitStore } from '../../bot/store/split-store';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { storeContract } from '../contract/all.contract';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { GraphTestServer } from '../support/graph/graph-test-server';
import { GRAPH_TEST_TOKEN, productionLayoutStore, removeTempDataDirs, tempDataDir } from '../support/sharepoint-fixture';

/**
 * The whole store as production runs it with several instances: the city's records in
 * SharePoint (Graph test server), the operational state in Azure Table Storage (Azurite), the
 * search index in the local file. The same contract suites as every other adapter.
 */
jest.setTimeout(60_000);

let azurite: RunningAzurite;
let graph: GraphTestServer;
beforeAll(async () => {
  [azurite, graph] = await Promise.all([startAzurite(), GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN] })]);
});
afterAll(async () => {
  await Promise.all([azurite?.stop(), graph?.close()]);
  removeTempDataDirs();
});
afterEach(() => expect(graph.validationErrors).toEqual([]));

const run = randomBytes(3).toString('hex');
let counter = 0;
const operationalStore = () => AzureOperationalStore.open({ connectionString: azurite.connectionString }, `p${run}n${++counter}`);

describe('SharePoint records with Azure Table Storage operational state', () => {
  storeContract(async () => (await productionLayoutStore(graph, azurite.connectionString, `p${run}n${++counter}`)).store);
});

describe('SQLite records with Azure Table Storage operational state', () => {
  storeContract(async () => new SplitStore(SqliteStore.open(tempDataDir()), await operationalStore()));
});
