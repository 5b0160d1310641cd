import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, jsonOf, ROOT, startNode, tempDir } from '../support/processes';

/**
 * What the Dockerfile and the deployment staging ship — dist/, the files the server reads, and
 * production dependencies only (what `npm ci --omit=dev` installs, then scripts/prune-production.mjs) — in a
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

/** Every installed package's folder and manifest, scoped ones and nested node_modules included. */
function packagesIn(nodeModules: string): { dir: string; manifest: { name: string; scripts?: Record<string, string> } }[] {
  if (!fs.existsSync(nodeModules)) return [];
  return fs.readdirSync(nodeModules).flatMap((entry) => {
    if (entry.startsWith('.')) return [];
    const dir = path.join(nodeModules, entry);
    if (entry.startsWith('@')) return packagesIn(dir);
    const manifestFile = path.join(dir, 'package.json');
    if (!fs.existsSync(manifestFile)) return [];
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { name: string; scripts?: Record<string, string> };
    return [{ dir, manifest }, ...packagesIn(path.join(dir, 'node_modules'))];
  });
}

jest.setTimeout(240_000);

/**
 * The production node_modules as `npm ci --omit=dev` lays it out: every package of the lock file
 * not marked `dev`, at the path the lock gives it. A real `npm ci --omit=dev` of this lock yields
 * exactly those files (compared when this replaced it: the same 18,500, bar npm's .bin links and
 * its .package-lock.json), so they are hard-linked from the repository's own install of the same
 * lock instead of unpacked again (that took about 26 CPU-seconds and 45 s in CI). Optional packages
 * for other platforms are in the lock but not installed, and npm leaves them out too. Nothing here
 * writes into a linked file: the prune only deletes.
 */
function linkProductionPackages(app: string) {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; optional?: boolean }>;
  };
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (!where || entry.dev) continue; // '' is the project itself
    const from = path.join(ROOT, where);
    if (fs.existsSync(from)) linkFolder(from, path.join(app, where), true);
    else if (!entry.optional) throw new Error(`${where} is in package-lock.json but not installed: run npm ci`);
  }
}

/**
 * A package's files as hard links, without its own node_modules (the packages nested there are lock
 * entries of their own; npm's .bin links there are left out: nothing in production runs them).
 */
function linkFolder(from: string, to: string, packageRoot = false) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (packageRoot && entry.name === 'node_modules') continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) linkFolder(source, target);
    else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), target);
    else fs.linkSync(source, target);
  }
}

describe('production install', () => {
  const app = tempDir('renkei-production-');

  beforeAll(async () => {
    for (const file of ['package.json', 'package-lock.json', 'bot/rulings/synonyms.txt']) {
      fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(app, file));
    }
    fs.cpSync(path.join(ROOT, 'dist'), path.join(app, 'dist'), { recursive: true });
    linkProductionPackages(app);
    // The prune, as the Dockerfile and the deployment staging run it after their install.
    await run(process.execPath, [path.join(ROOT, 'scripts', 'prune-production.mjs'), app], { cwd: app });
  });

  afterAll(() => fs.rmSync(app, { recursive: true, force: true }));

  it('installs no tab-only package and stays within the size goal', () => {
    for (const name of TAB_ONLY)
      expect({ name, installed: fs.existsSync(path.join(app, 'node_modules', name)) }).toEqual({ name, installed: false });
    expect(folderBytes(path.join(app, 'node_modules')) / 1048576).toBeLessThanOrEqual(MAX_PRODUCTION_MB);
  });

  it('has install steps only in the packages package.json reviewed (allowScripts), none of which the server needs run', () => {
    const reviewed = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> };
    const withInstallStep = packagesIn(path.join(app, 'node_modules')).filter(({ dir, manifest }) => {
      const scripts = manifest.scripts ?? {};
      return ['preinstall', 'install', 'postinstall'].some((name) => name in scripts) || fs.existsSync(path.join(dir, 'binding.gyp'));
    });
    const names = withInstallStep.map(({ manifest }) => manifest.name);
    expect(names.filter((name) => !(name in reviewed.allowScripts))).toEqual([]);
    // The one whose step is allowed builds nothing here: its addon for this platform comes prebuilt (loaded by the server start below).
    const prebuilt = (name: string) =>
      fs.existsSync(path.join(app, 'node_modules', name, 'prebuilds', `${process.platform}-${process.arch}.node`));
    expect(names.filter((name) => reviewed.allowScripts[name] && !prebuilt(name))).toEqual([]);
    expect(names.filter((name) => reviewed.allowScripts[name])).not.toEqual([]); // better-sqlite3 is among them: the check above ran
  });

  it('loads every production-only path the pruned install must still serve: Azure Monitor telemetry and the SDKs', async () => {
    // Local mode never starts telemetry, so load it as production does, against an unreachable endpoint
    // (not retried: the exporter's backoff would keep the shutdown waiting about 5 s for nothing).
    const script = `
      const { useAzureMonitor, shutdownAzureMonitor } = require('@azure/monitor-opentelemetry');
      useAzureMonitor({ azureMonitorExporterOptions: {
        connectionString: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/',
        retryOptions: { maxRetries: 0 },
      } });
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
