// `npm start`: builds what is stale, starts the server and Microsoft 365 Agents Playground
// (the local Teams client), and prints where to open them. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

// better-sqlite3 13 and restify 12 need Node 22 or later; on Node 20 the server would crash on load.
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 22) {
  process.stderr.write(
    `Node.js ${process.version} では動きません。Node.js 22 以降（22・24・26）を入れてから npm install をやり直してください。\n` +
      `(Node.js 22 or later is required; install it, then run npm install again.)\n`,
  );
  process.exit(1);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const startedAt = Date.now();
const env = { ...process.env };
const port = Number(env.PORT || 3978);
const playgroundPort = Number(env.PLAYGROUND_PORT || 56150);
const localMode = (env.APP_MODE || 'local') === 'local';

try {
  build();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const deadline = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    process.exit(code);
  }, 15_000);
  Promise.all(children.map((child) => (child.exitCode !== null ? null : new Promise((r) => child.once('exit', r))))).then(() => {
    clearTimeout(deadline);
    process.exit(code);
  });
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function launch(name, args, extraEnv, output, errors = 'inherit') {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', output, errors] });
  children.push(child);
  child.once('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${name} が終了しました (${name} exited: ${code ?? signal})\n`);
      stopAll(code || 1);
    }
  });
  return child;
}

/** Passes the server's output through line by line, without its READY line. */
function withoutReadyLine() {
  const isReady = (line) => /^READY /.test(line);
  let partial = '';
  return new Transform({
    transform(chunk, _encoding, done) {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      done(
        null,
        lines
          .filter((line) => !isReady(line))
          .map((line) => `${line}\n`)
          .join(''),
      );
    },
    flush(done) {
      done(null, partial && !isReady(partial) ? partial : '');
    },
  });
}

async function waitFor(url, expect, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok && expect(await response.text())) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

// The server logs JSON lines; pino-pretty (a devDependency, absent in a production install) makes them readable here.
const pretty = await import('pino-pretty').then(
  (module) => module.default,
  () => undefined,
);
const server = launch('server', [path.join(root, 'dist/bot/main.js')], {}, 'pipe', pretty ? 'pipe' : 'inherit');
// The server's `READY <url>` line is for supervisors and tests (they wait for it); a person reads the banner below instead.
const serverOutput = server.stdout.pipe(withoutReadyLine());
if (pretty) {
  const options = { colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true };
  serverOutput.pipe(pretty({ ...options, destination: 1 }));
  server.stderr.pipe(pretty({ ...options, destination: 2 }));
} else {
  serverOutput.pipe(process.stdout);
}

const healthUrl = `http://127.0.0.1:${port}/healthz`;
if (!(await waitFor(healthUrl, () => true, 30_000))) {
  process.stderr.write(`サーバーが ${healthUrl} で応答しません (server did not answer)\n`);
  stopAll(1);
} else if (!localMode) {
  process.stdout.write(`\nServer ready on port ${port} (APP_MODE=production: the Playground is not started).\n`);
} else {
  const dataDir = path.resolve(env.APP_DATA_DIR || './data');
  fs.mkdirSync(dataDir, { recursive: true });
  launch(
    'playground',
    [
      path.join(root, 'node_modules/@microsoft/m365agentsplayground/cli.js'),
      '--dt',
      '-e',
      `http://127.0.0.1:${port}/api/messages`,
      '-c',
      'msteams',
      '-p',
      String(playgroundPort),
    ],
    {
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(root, 'infra/local/playground.yml'),
      M365_AGENTS_PLAYGROUND_LOGFILE: path.join(dataDir, 'playground.log'),
    },
    'ignore', // it logs to M365_AGENTS_PLAYGROUND_LOGFILE
  );
  const pingUrl = `http://127.0.0.1:${playgroundPort}/_debug/ping`;
  if (!(await waitFor(pingUrl, (text) => text.includes('pong'), 30_000))) {
    process.stderr.write(`Playground が ${pingUrl} で応答しません (Playground did not start)\n`);
    stopAll(1);
  } else {
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    process.stdout.write(
      [
        '',
        '本庁・区役所 連携アプリを起動しました (ready in ' + seconds + ' s)',
        `  チャット (Teams の代わりの Playground): http://127.0.0.1:${playgroundPort}`,
        `  タブ (判断事例・マニュアル):              http://127.0.0.1:${port}/tab/`,
        `  ヘルスチェック:                          ${healthUrl}`,
        '  チャットで「こんにちは」と送ると使い方が表示されます。終了は Ctrl-C。',
        '',
      ].join('\n') + '\n',
    );
  }
}
