// npm run bench:fanout — proactive delivery through the real server process and botbuilder,
// against the connector simulator (test/support/connector-simulator.js) enforcing Teams' limits:
//   (a) fanout: 2,000 messages to 2,000 personal conversations
//   (b) thread: 200 messages to one conversation
//   (c) crash:  (a) with 5% injected 5xx and a kill -9 at the half-way point, then a restart
//   (d) multi:  three instances in the production layout (Azure Table Storage via Azurite,
//               SharePoint via the Graph test server) with (a) and a cycle opening at once
//               (scripts/bench-fanout-multi.mjs)
// For each: wall time (server ready → last delivery), the theoretical minimum under the
// configured limits, their ratio, 429s received, lost and duplicated messages, peak RSS.
// The last line printed is one JSON object.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { multiInstanceScenario } from './bench-fanout-multi.mjs';
import { startBuiltServer } from './bench-support.mjs';
import { build } from './build.mjs';

const require = createRequire(import.meta.url);
build({ parts: ['bot'], quiet: true });
const { startConnectorSimulator } = require('../test/support/connector-simulator.js');
const { SqliteStore } = require('../dist/bot/store/sqlite/sqlite-store.js');
const { loadConfig } = require('../dist/bot/platform/config.js');
const { minimumDurationMs } = require('../dist/bot/platform/outbox/rate-limiter.js');

const config = loadConfig(process.env); // the same limits the server reads
const limits = config.outbox;

async function seed(dataDir, serviceUrl, count, oneConversation) {
  const store = SqliteStore.open(dataDir);
  const keys = [];
  await store.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const person = oneConversation ? 'thread' : `p${i}`;
      if (i === 0 || !oneConversation) {
        await tx.conversations.save(`person:${person}`, {
          serviceUrl,
          channelId: 'msteams',
          conversation: { id: `a:${person}` },
          bot: { id: '28:bot' },
          user: { id: `29:${person}` },
        });
      }
      const key = `bench:${i}`;
      keys.push(key);
      await tx.outbox.enqueue({ key, conversationKey: `person:${person}`, payload: { activity: { type: 'message', text: key } } });
    }
  });
  await store.close();
  return keys;
}

function peakRssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024);
  } catch {
    return 0;
  }
}

async function startServer(dataDir) {
  const { child } = await startBuiltServer(dataDir);
  const server = { child, peak: 0 };
  server.sampler = setInterval(() => (server.peak = Math.max(server.peak, peakRssMb(child.pid))), 250);
  return server;
}

async function stopServer(server, signal = 'SIGTERM') {
  server.peak = Math.max(server.peak, peakRssMb(server.child.pid));
  clearInterval(server.sampler);
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill(signal);
  await exited;
  return server.peak;
}

async function waitFor(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function allSettled(dataDir, count) {
  const store = SqliteStore.open(dataDir);
  try {
    const counts = await store.outbox.countByStatus();
    return counts.sent + counts.dead >= count;
  } finally {
    await store.close();
  }
}

function tally(keys, delivered) {
  const counts = new Map();
  for (const { text } of delivered) counts.set(text, (counts.get(text) ?? 0) + 1);
  return {
    lost: keys.filter((k) => !counts.has(k)).length,
    duplicates: [...counts.values()].reduce((sum, n) => sum + (n - 1), 0),
  };
}

async function scenario({ name, messages, oneConversation, failureRate = 0, crashAt }) {
  const sim = await startConnectorSimulator({ port: 0, failureRate });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `renkei-bench-${name}-`));
  const keys = await seed(dataDir, sim.url, messages, oneConversation);
  let server = await startServer(dataDir);
  const started = Date.now();
  let peak = 0;
  if (crashAt) {
    await waitFor(() => sim.delivered.length >= crashAt, 600_000);
    peak = Math.max(peak, await stopServer(server, 'SIGKILL'));
    process.stdout.write(`  ${name}: killed -9 after ${sim.delivered.length} deliveries; restarting\n`);
    server = await startServer(dataDir);
  }
  const finished = await waitFor(() => allSettled(dataDir, messages), 900_000);
  peak = Math.max(peak, await stopServer(server));
  const lastDelivery = Math.max(...sim.delivered.map((d) => d.at));
  const seconds = (lastDelivery - started) / 1000;
  const minSeconds =
    minimumDurationMs(
      oneConversation ? messages : 1,
      oneConversation ? [...limits.perConversation, ...limits.perApp] : limits.perConversation,
    ) /
      1000 +
    (oneConversation ? 0 : minimumDurationMs(messages, limits.perApp) / 1000);
  const stats = sim.stats();
  await sim.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const result = {
    messages,
    seconds: Number(seconds.toFixed(2)),
    minSeconds: Number(minSeconds.toFixed(2)),
    ratio: Number((seconds / minSeconds).toFixed(3)),
    http429: stats.http429,
    http5xx: stats.http5xx,
    ...tally(keys, sim.delivered),
    peakRssMb: peak,
    completed: finished,
  };
  process.stdout.write(`${name}: ${JSON.stringify(result)}\n`);
  return result;
}

const results = {
  fanout: await scenario({ name: 'fanout', messages: 2000 }),
  thread: await scenario({ name: 'thread', messages: 200, oneConversation: true }),
  crash: await scenario({ name: 'crash', messages: 2000, failureRate: 0.05, crashAt: 1000 }),
  multi: await multiInstanceScenario({ instances: 3, messages: 2000 }),
};
process.stdout.write(`${JSON.stringify(results)}\n`);
