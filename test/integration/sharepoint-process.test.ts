import { loadDemoData } from '../../bot/demo/demo-data';
import { GraphTestServer } from '../support/graph/graph-test-server';
import { CLEAN_SERVER_ENV, jsonOf, startNode, startServer, tempDir } from '../support/processes';
import { sharePointEnv as graphEnv } from '../support/sharepoint-fixture';

const { rulings: demoRulings } = loadDemoData();

/**
 * The built server and CLI with the SharePoint store, as operators run them, against the local
 * Graph test server (GRAPH_REDIRECT_TO and a fixed token: loopback tests only).
 */
const CLI = 'dist/bot/cli/main.js';
const TOKEN = 'process-test-token';

let graph: GraphTestServer;
beforeAll(async () => {
  graph = await GraphTestServer.start({ tokens: [TOKEN] });
});
afterAll(() => graph.close());
afterEach(() => expect(graph.validationErrors).toEqual([]));

const sharePointEnv = (siteUrl: string) => ({ ...CLEAN_SERVER_ENV, ...graphEnv(graph, siteUrl, TOKEN), APP_DATA_DIR: tempDir() });

describe('npm run provision:sharepoint', () => {
  it('prints the plan with --dry-run and changes nothing, then creates everything once', async () => {
    const site = graph.createSite('sakura.sharepoint.com', '/sites/provision');
    const env = sharePointEnv(site.webUrl);
    const run = async (...args: string[]) => {
      const cli = startNode([CLI, 'provision', 'sharepoint', '--site', site.webUrl, ...args], env);
      return { code: (await cli.exited).code, output: cli.output() };
    };
    graph.requests.length = 0;
    const dryRun = await run('--dry-run');
    expect(dryRun.code).toBe(0);
    expect(dryRun.output).toMatch(/計画（--dry-run のため変更しません）/);
    expect(dryRun.output).toMatch(/＋ リスト「判断事例」を作成（列 管理番号・所管課・分野/);
    expect(dryRun.output).toMatch(/＋ ライブラリ「マニュアル」を作成/);
    expect(graph.requests.filter((r) => r.method !== 'GET')).toEqual([]);

    const applied = await run();
    expect(applied.code).toBe(0);
    expect(applied.output).toMatch(/完了しました/);
    const again = await run();
    expect(again.output).toMatch(/変更はありません/);
  });

  it('refuses without --site and names the usage', async () => {
    const cli = startNode([CLI, 'provision', 'sharepoint'], sharePointEnv('https://sakura.sharepoint.com/sites/x'));
    expect((await cli.exited).code).toBe(2);
    expect(cli.output()).toMatch(/--site/);
  });
});

describe('server with its records in SharePoint', () => {
  it('loads the demo data into SharePoint, serves search from the index, and a second instance builds its index by delta', async () => {
    const site = graph.createSite('sakura.sharepoint.com', '/sites/renkei-demo');
    const provision = startNode([CLI, 'provision', 'sharepoint', '--site', site.webUrl], sharePointEnv(site.webUrl));
    expect((await provision.exited).code).toBe(0);

    const first = await startServer(sharePointEnv(site.webUrl));
    try {
      expect(graph.listItems(site.id, '判断事例')).toHaveLength(demoRulings.length);
      const health = await jsonOf(fetch(`${first.url}/healthz`));
      expect(health).toMatchObject({ status: 'ok', store: { reachable: true }, sharePoint: { reachable: true } });
      expect(health.store.detail).toContain('records in sharepoint');
      const found = await jsonOf(fetch(`${first.url}/api/rulings/search?q=${encodeURIComponent('国保 喪失')}`));
      expect(found.results.length).toBeGreaterThan(0);
    } finally {
      await first.stop();
    }

    // Production, as an App Service instance starts: a fresh local disk, so its index comes by delta.
    const second = await startServer(
      {
        ...sharePointEnv(site.webUrl),
        APP_MODE: 'production',
        RECORDS_STORE: undefined,
        HOST: '127.0.0.1',
        APP_DEMO_DATA: '0',
        MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: '66666666-7777-4888-9999-000000000000',
      },
      { ready: /rulings index synced from SharePoint/ },
    );
    try {
      expect(second.output()).toMatch(new RegExp(`"mode":"full","upserted":${demoRulings.length}`));
      const health = await jsonOf(fetch(`${second.url}/healthz`));
      expect(health).toMatchObject({ status: 'ok', mode: 'production', sharePoint: { reachable: true } });
      expect(health.store.detail).toContain(`records in sharepoint ${site.webUrl}`);
    } finally {
      await second.stop();
    }
  });
});
