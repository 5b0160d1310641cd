import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
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
 * The pruned production node_modules, kept between runs under node_modules/.cache and keyed by
 * everything that decides it: package.json, the lock file, the prune script, Node's and npm's
 * versions and the platform. Change any of them and the next run installs again; a fresh
 * `npm ci` (CI, a new clone) empties node_modules and so always installs. What a run checks
 * (sizes, what loads, the server starting from the copy) is checked every run either way.
 */
const INSTALL_CACHE = path.join(ROOT, 'node_modules', '.cache', 'production-install');
const INSTALL_INPUTS = ['package.json', 'package-lock.json', 'scripts/prune-production.mjs'];

async function installKey(): Promise<string> {
  const { stdout: npmVersion } = await run('npm', ['--version']);
  const hash = createHash('sha256').update(
    `${process.version} ${npmVersion.trim()} ${process.platform}-${process.arch} --ignore-scripts\n`,
  );
  for (const file of INSTALL_INPUTS) hash.update(`${file}\n`).update(fs.readFileSync(path.join(ROOT, file)));
  return hash.digest('hex').slice(0, 16);
}

/** `from` copied to `to` as hard links (no bytes copied; nothing here writes into node_modules), or copied across file systems. */
async function linkTree(from: string, to: string) {
  try {
    await run('cp', ['-al', from, to]);
  } catch {
    fs.rmSync(to, { recursive: true, force: true });
    fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  }
}

/**
 * `npm ci --omit=dev` and the prune, as the Dockerfile and the deployment staging run them, without
 * install scripts: in production they yield nothing the server loads (better-sqlite3 ships its addon
 * prebuilt, and npm's node-gyp pass over it only writes empty Makefiles; dtrace-provider's build fails
 * quietly; protobufjs' only warns), and running them took about a third of the install's wall time.
 * The test below keeps that true: a new package with an install step fails it until it is reviewed.
 */
async function installProduction(app: string) {
  // The npm cache already holds every package (the repository was installed from it).
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  await run(process.execPath, [path.join(ROOT, 'scripts', 'prune-production.mjs'), app], { cwd: app });
}

describe('production install', () => {
  const app = tempDir('renkei-production-');

  beforeAll(async () => {
    for (const file of ['package.json', 'package-lock.json', 'bot/rulings/synonyms.txt']) {
      fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(app, file));
    }
    fs.cpSync(path.join(ROOT, 'dist'), path.join(app, 'dist'), { recursive: true });
    const cached = path.join(INSTALL_CACHE, await installKey());
    if (fs.existsSync(path.join(cached, 'complete'))) {
      await linkTree(path.join(cached, 'node_modules'), path.join(app, 'node_modules'));
      return;
    }
    await installProduction(app);
    fs.rmSync(INSTALL_CACHE, { recursive: true, force: true });
    fs.mkdirSync(cached, { recursive: true });
    await linkTree(path.join(app, 'node_modules'), path.join(cached, 'node_modules'));
    fs.writeFileSync(path.join(cached, 'complete'), '');
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
