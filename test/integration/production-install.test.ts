import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, jsonOf, ROOT, startNode, tempDir } from '../support/processes';

/**
 * What the Dockerfile and the deployment staging ship — dist/, the files the server reads, and
 * production dependencies only (`npm ci --omit=dev`, then scripts/prune-production.mjs) — in a
 * folder of its own, away from the repository's node_modules, started the way production
 * starts it. A runtime import of a devDependency (the tab's React, a test library) fails here.
 */
const run = promisify(execFile);
/** The goal for the production node_modules (bytes of the files, as an image layer holds them). */
const MAX_PRODUCTION_MB = 150;
const TAB_ONLY = ['react', 'react-dom', '@fluentui/react-components', 'recharts', '@microsoft/teams-js', 'adaptivecards', 'vite'];

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : entry.isFile() ? fs.statSync(full).size : 0;
  }
  return total;
}

jest.setTimeout(240_000);

describe('production install', () => {
  const app = tempDir('renkei-production-');

  beforeAll(async () => {
    for (const file of ['package.json', 'package-lock.json', 'bot/rulings/synonyms.txt']) {
      fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(app, file));
    }
    fs.cpSync(path.join(ROOT, 'dist'), path.join(app, 'dist'), { recursive: true });
    // The npm cache already holds every package (the repository was installed from it).
    await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: app,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    await run(process.execPath, [path.join(ROOT, 'scripts', 'prune-production.mjs'), app], { cwd: app });
  });

  afterAll(() => fs.rmSync(app, { recursive: true, force: true }));

  it('installs no tab-only package and stays within the size goal', () => {
    for (const name of TAB_ONLY)
      expect({ name, installed: fs.existsSync(path.join(app, 'node_modules', name)) }).toEqual({ name, installed: false });
    expect(folderBytes(path.join(app, 'node_modules')) / 1048576).toBeLessThanOrEqual(MAX_PRODUCTION_MB);
  });

  it('loads every production-only path the pruned install must still serve: Azure Monitor telemetry and the SDKs', async () => {
    // Local mode never starts telemetry, so load it as production does, against an unreachable endpoint.
    const script = `
      const { useAzureMonitor, shutdownAzureMonitor } = require('@azure/monitor-opentelemetry');
      useAzureMonitor({ azureMonitorExporterOptions: { connectionString: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/' } });
      require('@opentelemetry/api').trace.getTracer('check').startActiveSpan('span', (span) => span.end());
      for (const name of ['botbuilder', 'botframework-connector', '@azure/identity', '@azure/data-tables', '@microsoft/microsoft-graph-client', 'exceljs']) require(name);
      shutdownAzureMonitor().finally(() => console.log('loaded'));`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: app });
    expect(stdout.trim()).toBe('loaded');
  });

  it('starts from dist/ with production dependencies only and answers /healthz', async () => {
    const port = await freePort();
    const server = startNode(
      ['dist/bot/main.js'],
      {
        APP_MODE: 'local',
        APP_DATA_DIR: tempDir(),
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        MicrosoftAppId: undefined,
        MicrosoftAppPassword: undefined,
        MicrosoftAppType: undefined,
        MicrosoftAppTenantId: undefined,
        SHAREPOINT_SITE_URL: undefined,
      },
      app,
    );
    try {
      await server.waitFor(/READY/, 60_000);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await jsonOf(health)).toMatchObject({ status: 'ok', mode: 'local' });
    } finally {
      await server.stop();
    }
  });
});
