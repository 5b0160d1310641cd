import { storeContract } from '../contract/all.contract';
import { GraphTestServer } from '../support/graph/graph-test-server';
import { GRAPH_TEST_TOKEN, openSharePointStore, removeTempDataDirs } from '../support/sharepoint-fixture';

/**
 * The SharePoint adapter against the local Graph test server, which stores lists and items
 * as SharePoint does and checks every request and response against Microsoft's Graph
 * OpenAPI description. Each test gets a new provisioned site.
 */
let server: GraphTestServer;

beforeAll(async () => {
  server = await GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN] });
});

afterAll(async () => {
  await server.close();
  removeTempDataDirs();
});

afterEach(() => {
  // Nothing the adapter sent, and nothing the server answered, strayed from Microsoft's description.
  expect(server.validationErrors).toEqual([]);
});

describe('SharePoint adapter (Graph test server)', () => {
  storeContract(async () => (await openSharePointStore(server)).store);
});
