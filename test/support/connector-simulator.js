// @ts-check
'use strict';
/**
 * Local stand-in for the Microsoft Bot Connector REST API, for tests and benchmarks only.
 * Point a conversation reference's serviceUrl at `sim.url` and botbuilder's real connector
 * client posts here ('/v3/conversations/...'). It enforces Teams' documented bot rate limits
 * (per conversation and per app) and can inject 5xx, timeouts, 404 and 403 answers.
 */
const http = require('node:http');
const crypto = require('node:crypto');

/** @typedef {{ limit: number, windowMs: number }} RateWindow */
/**
 * @typedef {object} SimulatorOptions
 * @property {number} [port] 0 = any free port (binds 127.0.0.1)
 * @property {RateWindow[]} [perConversation] windows applied to each conversation separately
 * @property {RateWindow[]} [perApp] windows applied to all requests together
 * @property {number} [retryAfterSeconds] fixed Retry-After on 429; default: seconds until a slot frees (min 1)
 * @property {number} [failureRate] probability 0..1 of answering failureStatus
 * @property {number} [failureStatus] 500, 502 or 503
 * @property {number} [timeoutRate] probability 0..1 of holding the request timeoutMs, then answering 504
 * @property {number} [timeoutMs]
 * @property {Set<string>} [goneConversations] answered 404 ConversationNotFound
 * @property {Set<string>} [forbiddenConversations] answered 403 BotDisabledByAdmin
 * @property {number} [latencyMs] delay before answering successes
 */
/** @typedef {'send' | 'reply' | 'update'} DeliveryKind */
/** @typedef {{ conversationId: string, activityId: string, text: string, activity: any, at: number, kind: DeliveryKind, headers: import('node:http').IncomingHttpHeaders }} Delivery */
/** @typedef {{ requests: number, delivered: number, http429: number }} ConversationCounts */
/**
 * @typedef {object} SimulatorStats
 * @property {number} requests all API requests (not /_sim/*)
 * @property {number} delivered
 * @property {number} http429
 * @property {number} http5xx injected failureStatus answers (timeouts are counted separately)
 * @property {number} http404 gone-conversation answers
 * @property {number} http403
 * @property {number} timeouts injected 504 answers
 * @property {number} badRequests 400 / 413 / unknown route
 * @property {number} conversationsCreated
 * @property {Record<string, ConversationCounts>} byConversation
 */

const MAX_BODY_BYTES = 1024 * 1024;

/** @returns {Required<Omit<SimulatorOptions, 'retryAfterSeconds'>> & { retryAfterSeconds?: number }} */
function defaults() {
  return {
    port: 0,
    // Teams: per bot per conversation 7/1s, 8/2s, 60/30s, 1800/1h; per app ~50 RPS across the tenant.
    perConversation: [
      { limit: 7, windowMs: 1000 },
      { limit: 8, windowMs: 2000 },
      { limit: 60, windowMs: 30000 },
      { limit: 1800, windowMs: 3600000 },
    ],
    perApp: [{ limit: 50, windowMs: 1000 }],
    retryAfterSeconds: undefined,
    failureRate: 0,
    failureStatus: 500,
    timeoutRate: 0,
    timeoutMs: 20000,
    goneConversations: new Set(),
    forbiddenConversations: new Set(),
    latencyMs: 0,
  };
}

/** First index whose timestamp is > t (arrays are ascending because requests are stamped in order). */
function firstAfter(/** @type {number[]} */ stamps, /** @type {number} */ t) {
  let lo = 0,
    hi = stamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stamps[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Drops stamps older than the largest window (keeps memory bounded) and returns ms until every window has room (0 = allowed). */
function waitFor(/** @type {number[]} */ stamps, /** @type {RateWindow[]} */ windows, /** @type {number} */ now) {
  const maxWindow = Math.max(0, ...windows.map((w) => w.windowMs));
  stamps.splice(0, firstAfter(stamps, now - maxWindow));
  let wait = 0;
  for (const w of windows) {
    const start = firstAfter(stamps, now - w.windowMs);
    const count = stamps.length - start;
    if (count < w.limit) continue;
    // Full window: a slot frees when the entry that would bring it back under the limit expires
    // (limit 0 blocks everything; report a whole window).
    const freesAt = w.limit > 0 ? stamps[start + count - w.limit] + w.windowMs : now + w.windowMs;
    wait = Math.max(wait, freesAt - now, 1);
  }
  return wait;
}

/** @param {string} code @param {string} message */
const errorBody = (code, message) => ({ error: { code, message } });

/** @param {SimulatorOptions} [initial] */
async function startConnectorSimulator(initial = {}) {
  const options = { ...defaults(), ...initial };
  /** @type {Delivery[]} */ const delivered = []; // same array for the simulator's lifetime, so callers may hold it
  /** @type {Map<string, number[]>} */ let convStamps = new Map();
  /** @type {number[]} */ let appStamps = [];
  /** @type {Map<string, ConversationCounts>} */ let byConversation = new Map();
  const newCounters = () => ({
    requests: 0,
    delivered: 0,
    http429: 0,
    http5xx: 0,
    http404: 0,
    http403: 0,
    timeouts: 0,
    badRequests: 0,
    conversationsCreated: 0,
  });
  let counters = newCounters();
  let nextId = 1; // never reset, so activity ids stay unique across reset()
  /** @type {Set<NodeJS.Timeout>} */ const timers = new Set();

  /** Delay that close() can cancel, so pending holds never keep the process alive. */
  const delay = (/** @type {number} */ ms) =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve(undefined);
      }, ms);
      timers.add(t);
    });

  /** @param {http.ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
  function send(res, status, body, headers = {}) {
    if (res.destroyed || res.headersSent) return; // client gave up (e.g. its own timeout)
    const json = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json), ...headers });
    res.end(json);
  }

  /** @param {http.IncomingMessage} req @returns {Promise<any>} rejects with {status} 400/413 */
  function readJson(req) {
    return new Promise((resolve, reject) => {
      /** @type {Buffer[]} */ const chunks = [];
      let size = 0;
      req.on('data', (/** @type {Buffer} */ chunk) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      req.on('error', reject);
      req.on('end', () => {
        if (size > MAX_BODY_BYTES) return reject({ status: 413 });
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject({ status: 400 });
        }
      });
    });
  }

  function stats() {
    /** @type {Record<string, ConversationCounts>} */ const byConv = {};
    for (const [id, c] of byConversation) byConv[id] = { ...c };
    return /** @type {SimulatorStats} */ ({ ...counters, byConversation: byConv });
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function handle(req, res) {
    const parts = new URL(req.url ?? '/', 'http://sim').pathname.split('/').filter(Boolean);
    if (req.method === 'GET' && parts[0] === '_sim' && parts.length === 2) {
      if (parts[1] === 'stats') return send(res, 200, stats());
      if (parts[1] === 'delivered') return send(res, 200, delivered);
    }
    counters.requests++;

    // Route: v3/conversations[/{id}/activities[/{activityId}]]
    /** @type {DeliveryKind | 'create' | null} */ let kind = null;
    let conversationId = '',
      activityId = '';
    try {
      if (parts[0] === 'v3' && parts[1] === 'conversations') {
        if (parts.length === 2 && req.method === 'POST') kind = 'create';
        else if (parts[3] === 'activities') {
          conversationId = decodeURIComponent(parts[2]);
          if (parts.length === 4 && req.method === 'POST') kind = 'send';
          else if (parts.length === 5 && (req.method === 'POST' || req.method === 'PUT')) {
            activityId = decodeURIComponent(parts[4]);
            kind = req.method === 'POST' ? 'reply' : 'update';
          }
        }
      }
    } catch {
      kind = null;
    } // malformed percent-encoding
    if (!kind) {
      counters.badRequests++;
      req.resume();
      return send(res, 404, errorBody('NotFound', `No route for ${req.method} ${req.url}`));
    }

    /** @type {any} */ let activity;
    try {
      activity = await readJson(req);
    } catch (e) {
      counters.badRequests++;
      const status = /** @type {any} */ (e)?.status === 413 ? 413 : 400;
      return send(
        res,
        status,
        errorBody(status === 413 ? 'PayloadTooLarge' : 'BadArgument', status === 413 ? 'Body exceeds 1 MB.' : 'Malformed JSON body.'),
      );
    }

    /** @type {ConversationCounts | undefined} */ let conv;
    if (kind !== 'create') {
      conv = byConversation.get(conversationId);
      if (!conv) byConversation.set(conversationId, (conv = { requests: 0, delivered: 0, http429: 0 }));
      conv.requests++;
      if (options.goneConversations.has(conversationId)) {
        counters.http404++;
        return send(res, 404, errorBody('ConversationNotFound', 'Conversation not found.'));
      }
      if (options.forbiddenConversations.has(conversationId)) {
        counters.http403++;
        return send(res, 403, errorBody('BotDisabledByAdmin', 'The bot is disabled for this conversation by the tenant admin.'));
      }
    }

    // Rate limit at arrival; only requests that pass are recorded in the windows.
    const now = Date.now();
    let stamps = conv ? convStamps.get(conversationId) : undefined;
    if (conv && !stamps) convStamps.set(conversationId, (stamps = []));
    const wait = Math.max(waitFor(appStamps, options.perApp, now), stamps ? waitFor(stamps, options.perConversation, now) : 0);
    if (wait > 0) {
      counters.http429++;
      if (conv) conv.http429++;
      const retryAfter = options.retryAfterSeconds ?? Math.max(1, Math.ceil(wait / 1000));
      return send(res, 429, errorBody('TooManyRequests', `Rate limit exceeded; retry after ${retryAfter} s.`), {
        'Retry-After': String(retryAfter),
      });
    }
    appStamps.push(now);
    if (stamps) stamps.push(now);

    if (options.timeoutRate > 0 && Math.random() < options.timeoutRate) {
      counters.timeouts++;
      await delay(options.timeoutMs);
      return send(res, 504, errorBody('GatewayTimeout', 'Simulated timeout.'));
    }
    if (options.failureRate > 0 && Math.random() < options.failureRate) {
      counters.http5xx++;
      return send(res, options.failureStatus, errorBody('ServiceError', 'Simulated failure.'));
    }
    if (options.latencyMs > 0) await delay(options.latencyMs);

    if (kind === 'create') {
      counters.conversationsCreated++;
      return send(res, 201, { id: `a:${crypto.randomBytes(12).toString('hex')}`, activityId: `sim-${nextId++}`, serviceUrl: sim.url });
    }
    const id = kind === 'update' ? activityId : `sim-${nextId++}`;
    delivered.push({
      conversationId,
      activityId: id,
      text: typeof activity?.text === 'string' ? activity.text : '',
      activity,
      at: Date.now(),
      kind,
      headers: { ...req.headers },
    });
    counters.delivered++;
    if (conv) conv.delivered++;
    return send(res, kind === 'update' ? 200 : 201, { id });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => send(res, 500, errorBody('SimulatorError', String(e))));
  });
  server.keepAliveTimeout = 65000; // longer than typical client idle timeouts, so kept-alive sockets are reused
  server.headersTimeout = 66000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  /** @type {Promise<void> | undefined} */ let closing;

  const sim = {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    delivered,
    stats,
    reset() {
      delivered.length = 0;
      counters = newCounters();
      byConversation = new Map();
      convStamps = new Map();
      appStamps = [];
    },
    /** @param {Partial<SimulatorOptions>} partial */
    setOptions(partial) {
      Object.assign(options, partial);
    },
    /** Cancels held requests and destroys open sockets so test runs exit promptly. */
    close() {
      closing ??= new Promise((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
  return sim;
}

module.exports = { startConnectorSimulator };
