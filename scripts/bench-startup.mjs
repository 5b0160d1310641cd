// npm run bench:startup [-- --runs N] [-- --cold]
// Times `npm start` (scripts/start.mjs) from launch to the ready banner, and to the bot's
// first reply (the help card) to こんにちは sent through the Playground. --cold deletes dist/
// before each run, so the time includes building the bot and the tab, as on a fresh clone.
// The last line is JSON: {"benchmark":"startup", "runs", "cold", "ready_ms": {min,median,max}, "first_reply_ms": {...}}
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) > 0 && args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
const cold = args.includes('--cold');

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function once() {
  if (cold) fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  const [port, playgroundPort] = [await freePort(), await freePort()];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), PLAYGROUND_PORT: String(playgroundPort), APP_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const ready = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (/ready in/.test(output)) resolve(performance.now() - started);
    });
    child.once('exit', () => reject(new Error(`start exited:\n${output}`)));
  });
  const { default: WebSocket } = await import('ws');
  const socket = new WebSocket(`ws://127.0.0.1:${playgroundPort}/_ws_conversation/v1/conversations/stream`);
  await new Promise((resolve) => socket.once('open', resolve));
  const replied = new Promise((resolve) =>
    socket.on('message', (data) => {
      if (String(data).includes('できること')) resolve(performance.now() - started);
    }),
  );
  await fetch(
    `http://127.0.0.1:${playgroundPort}/_conversation/v1/conversations/${encodeURIComponent('a:personal-chat-ward-staff')}/messages`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: { id: 'user-ward-staff' }, text: 'こんにちは', textFormat: 'plain' }),
    },
  );
  const firstReply = await replied;
  socket.close();
  child.kill('SIGINT');
  await new Promise((resolve) => child.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { ready, firstReply };
}

const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: Math.round(sorted[0]), median: Math.round(sorted[Math.floor(sorted.length / 2)]), max: Math.round(sorted.at(-1)) };
};

const results = [];
for (let i = 0; i < runs; i++) {
  const result = await once();
  results.push(result);
  process.stdout.write(`run ${i + 1}/${runs}: ready ${Math.round(result.ready)} ms, first reply ${Math.round(result.firstReply)} ms\n`);
}
process.stdout.write(
  `${JSON.stringify({ benchmark: 'startup', runs, cold, ready_ms: summary(results.map((r) => r.ready)), first_reply_ms: summary(results.map((r) => r.firstReply)) })}\n`,
);
