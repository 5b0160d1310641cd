import restify, { type Request, type Response, type Server } from 'restify';
import { unanswerable } from '../teams/activity-router';
import type { ActivityEndpoint } from '../teams/adapter';
import type { Logger } from '../platform/logger';
import { ensureAllowed, ForbiddenError, ROLE_ACTIONS } from '../platform/authorization';
import type { Actor } from '../platform/identity';
import { FileResponse, JsonResponse, type ApiRequest, type ApiRoute, type RouteAccess } from './api-route';
import { RequestRateLimiter, type RateLimit } from '../platform/request-rate-limit';
import { clientAddress } from './client-address';
import { HttpError, sendError } from './http-errors';
import type { RequestAuthenticator } from './request-auth';
import { localOnly } from './local-only';
import { serveTab } from './static-files';
import { answerParserRefusals } from './parser-refusals';
import { runUnitOfWork, telemetryMetrics } from '../platform/telemetry/instruments';

/** Response header that tells a caller (and a support request) the correlation id of its request. */
export const CORRELATION_RESPONSE_HEADER = 'x-correlation-id';

/** What the server logs of an incoming activity (bot/teams reads the rest). */
interface LoggedActivityFields {
  type?: string;
  channelId?: string;
  name?: string;
  id?: string;
  conversation?: { id?: string };
  from?: { aadObjectId?: string };
}

export interface ServerDeps {
  /** POST /api/messages once the body is a plausible activity (bot/teams authenticates it and runs the turn). */
  activities: ActivityEndpoint;
  authenticator: RequestAuthenticator;
  routes: ApiRoute[];
  health: () => Promise<{ status: 'ok' | 'degraded' | 'down' }>;
  tabDir: string;
  logger: Logger;
  /** Largest accepted request body; bigger ones get 413. */
  maxBodyBytes?: number;
  /** Requests per IP address and per signed-in user on the JSON API (not /api/messages); 429 beyond. */
  rateLimits?: { perIp: RateLimit; perUser: RateLimit; trustForwardedFor: boolean };
  /** Sends Strict-Transport-Security (production runs behind HTTPS only). */
  hsts?: boolean;
  /** Local mode: the only Host (and API Origin) names accepted; see local-only.ts. */
  localHosts?: readonly string[];
}

export interface AppServer {
  server: Server;
  /** Stops accepting connections, waits for in-flight requests (bounded), then resolves. */
  drain(timeoutMs?: number): Promise<void>;
}

export function createServer(deps: ServerDeps): AppServer {
  const server = restify.createServer({ name: 'honcho-ku-renkei', handleUncaughtExceptions: false });
  // A pasted paragraph of Japanese in ?q= is ~9 bytes a character once URL-encoded; Node's 16 KB
  // default would answer 431 before the search could trim it. Read per connection by Node's parser.
  (server.server as unknown as { maxHeaderSize: number }).maxHeaderSize = 128 * 1024;
  answerParserRefusals(server.server);
  // Longer than the idle timeout of the proxies and clients in front (App Service's front end, load
  // balancers, fetch's pool reads the Keep-Alive hint): with Node's 5 s default the server could close
  // a kept-alive connection just as a client sent on it, and the client got ECONNRESET.
  server.server.keepAliveTimeout = 75_000;
  server.server.headersTimeout = 76_000;
  const inFlight = new InFlight();

  server.pre((req, res, next) => {
    inFlight.start();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      inFlight.end();
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  });
  if (deps.localHosts) server.pre(localOnly(deps.localHosts));
  server.pre((req, res, next) => {
    // The Bot Framework sends JSON; a form-encoded or multipart body can only come from a cross-site form.
    if (req.method === 'POST' && req.getPath() === '/api/messages' && !isJson(req))
      return sendError(res, 415, 'UnsupportedMediaType', 'JSON で送信してください (unsupported content type: send application/json)');
    return next();
  });
  const perIp = new RequestRateLimiter(deps.rateLimits?.perIp ?? { limit: 600, windowSeconds: 60 });
  const perUser = new RequestRateLimiter(deps.rateLimits?.perUser ?? { limit: 240, windowSeconds: 60 });
  server.pre((req, res, next) => {
    securityHeaders(res, deps.hsts ?? false);
    const path = req.getPath();
    if (!path.startsWith('/api/') || path === '/api/messages') return next();
    const verdict = perIp.take(clientAddress(req, deps.rateLimits?.trustForwardedFor ?? false));
    if (!verdict.allowed) return tooManyRequests(res, verdict.retryAfterSeconds);
    return next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes ?? 1024 * 1024, mapParams: false, rejectUnknown: true }));

  server.post('/api/messages', async (req: Request, res: Response) => {
    const problem = activityProblem(req.body);
    if (problem) return sendError(res, 400, 'BadActivity', problem);
    const activity = req.body as LoggedActivityFields;
    const activityType = String(activity.type);
    await runUnitOfWork(
      'turn',
      `turn ${activityType}`,
      { 'activity.type': activityType, 'activity.channel_id': String(activity.channelId ?? '') },
      async (correlationId) => {
        res.header(CORRELATION_RESPONSE_HEADER, correlationId);
        const started = performance.now();
        let outcome: 'ok' | 'failed' | 'refused' = 'ok';
        try {
          await deps.activities(req, res);
          if (res.statusCode === 401 || res.statusCode === 403) outcome = 'refused';
        } catch (error) {
          outcome = 'failed';
          deps.logger.error('activity processing failed', { error });
          if (!res.headersSent) sendError(res, 500, 'TurnFailed', '処理中にエラーが発生しました (the turn failed)');
        } finally {
          const durationMs = Math.round(performance.now() - started);
          telemetryMetrics.turnFinished(activityType, durationMs, outcome);
          // Ids only (the person's Entra object id, not their name or text): enough to find their turns.
          deps.logger.info('turn finished', {
            activityType,
            activityName: activity.name,
            activityId: activity.id,
            conversationId: activity.conversation?.id,
            aadObjectId: activity.from?.aadObjectId,
            status: res.statusCode,
            outcome,
            durationMs,
          });
        }
      },
    );
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    const report = await deps.health();
    res.status(report.status === 'down' ? 503 : 200);
    res.json(report);
  });

  for (const route of deps.routes) server[route.method](route.path, apiHandler(route, deps, perUser));

  const tab = serveTab(deps.tabDir, '/tab');
  server.get('/tab', async (_req: Request, res: Response) => redirect(res, 301, '/tab/'));
  server.get('/tab/*', tab);
  server.get('/', async (_req: Request, res: Response) => redirect(res, 302, '/tab/'));

  server.on(
    'restifyError',
    (
      req: Request,
      res: Response,
      error: Error & { statusCode?: number; body?: { code?: string }; toJSON?: () => unknown },
      callback: () => void,
    ) => {
      // Normalise restify's own errors (404, 405, 413, bad JSON) to our JSON shape.
      const status = error.statusCode ?? 500;
      error.toJSON = () => ({ error: { code: error.body?.code ?? error.name, message: messageFor(status, error) } });
      if (status >= 500) deps.logger.error('request failed', { path: req.path(), error });
      callback();
    },
  );

  return {
    server,
    async drain(timeoutMs = 15_000) {
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      server.server.closeIdleConnections();
      await inFlight.idle(timeoutMs);
      // The connections whose request was still running are kept alive now that it has been answered.
      server.server.closeAllConnections();
      await closed;
    },
  };
}

function redirect(res: Response, status: 301 | 302, location: string) {
  res.writeHead(status, { Location: location });
  res.end();
}

function apiHandler(route: ApiRoute, deps: ServerDeps, perUser: RequestRateLimiter) {
  if (!isRouteAccess(route.auth))
    throw new Error(`API route ${route.method.toUpperCase()} ${route.path} declares no valid access (auth): ${String(route.auth)}`);
  // restify tells handlers apart by being async functions (two arguments) or taking next.
  return async (req: Request, res: Response) =>
    runUnitOfWork('api', `${route.method.toUpperCase()} ${route.path}`, { 'http.route': route.path }, async (correlationId) => {
      res.header(CORRELATION_RESPONSE_HEADER, correlationId);
      await handleApiRequest(route, deps, perUser, req, res);
    });
}

async function handleApiRequest(route: ApiRoute, deps: ServerDeps, perUser: RequestRateLimiter, req: Request, res: Response) {
  try {
    let actor: Actor | undefined;
    if (route.auth !== 'anonymous' && (route.auth !== 'optional-user' || req.header('authorization'))) {
      actor = await deps.authenticator.authenticate(req);
      // Counted before the role check, so a caller refused for their role is limited too.
      const verdict = perUser.take(actor.person.id);
      if (!verdict.allowed) return tooManyRequests(res, verdict.retryAfterSeconds);
      if (route.auth !== 'user' && route.auth !== 'optional-user') ensureAllowed(actor, route.auth);
    }
    const request = {
      req,
      params: (req.params ?? {}) as Record<string, string>,
      query: new URLSearchParams(req.getQuery() ?? ''),
      body: req.body as unknown,
      actor,
    };
    // The access check above gave the handler the caller its declared access promises.
    const result = await (route.handle as (request: ApiRequest & { actor: Actor | undefined }) => Promise<unknown>)(request);
    if (result instanceof FileResponse) return sendFile(res, result);
    if (result instanceof JsonResponse) return void res.json(result.status, result.body);
    res.json(200, result);
  } catch (error) {
    if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message, error.headers, error.fields);
    if (error instanceof ForbiddenError) return sendError(res, 403, 'Forbidden', `${error.message} (forbidden)`);
    deps.logger.error('api request failed', { path: route.path, error });
    sendError(res, 500, 'InternalError', 'サーバーでエラーが発生しました (internal error)');
  }
}

function isRouteAccess(auth: unknown): auth is RouteAccess {
  return auth === 'anonymous' || auth === 'optional-user' || auth === 'user' || (ROLE_ACTIONS as readonly unknown[]).includes(auth);
}

/** 429 with Retry-After (RFC 6585), in the API's JSON error shape. */
function tooManyRequests(res: Response, retryAfterSeconds: number) {
  sendError(
    res,
    429,
    'TooManyRequests',
    `リクエストが多すぎます。${retryAfterSeconds} 秒後に再度お試しください (too many requests; retry after ${retryAfterSeconds} s)`,
    {
      'Retry-After': String(retryAfterSeconds),
    },
  );
}

/**
 * Headers every response carries: no MIME sniffing, no referrer leaking ids in URLs, no caching
 * of API answers (they hold personal data), HSTS in production. The tab adds its own CSP.
 */
function securityHeaders(res: Response, hsts: boolean) {
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'no-referrer');
  res.header('Cache-Control', 'no-store');
  if (hsts) res.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

/**
 * A download: Content-Disposition carries the UTF-8 name (RFC 5987 filename*, e.g.
 * 施策一覧_R8年度Q3.xlsx) and an ASCII fallback; nosniff keeps browsers from guessing the type.
 */
function sendFile(res: Response, file: FileResponse) {
  const fallback = file.asciiFileName.replace(/[^\x20-\x7e]|["\\]/g, '_'); // a header value must be plain ASCII
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(file.fileName)}`,
    'Content-Length': file.body.length,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(file.body);
}

/** Percent-encodes all but RFC 5987's attr-chars (encodeURIComponent leaves ' ( ) * as they are). */
function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function isJson(req: Request): boolean {
  return (req.header('content-type') ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}

/** A Bot Framework activity must be a JSON object with a type that the bot could answer. */
function activityProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return 'リクエスト本文は JSON のアクティビティである必要があります (body must be a JSON activity object)';
  const activity = body as Record<string, unknown>;
  if (typeof activity.type !== 'string' || activity.type.length === 0)
    return 'アクティビティに type がありません (activity.type is required)';
  for (const field of ['conversation', 'from'] as const) {
    if (activity[field] !== undefined && (typeof activity[field] !== 'object' || activity[field] === null)) {
      return `アクティビティの ${field} が不正です (activity.${field} must be an object)`;
    }
  }
  if (activity.serviceUrl !== undefined && typeof activity.serviceUrl !== 'string')
    return 'serviceUrl が不正です (activity.serviceUrl must be a string)';
  const unusable = unanswerable(activity);
  if (unusable) return `返信できないアクティビティです: ${unusable} (activity cannot be answered)`;
  return undefined;
}

function messageFor(status: number, error: Error): string {
  if (status === 404) return '見つかりません (not found)';
  if (status === 405) return 'このメソッドは使えません (method not allowed)';
  if (status === 413) return 'リクエストが大きすぎます (request body too large)';
  if (status === 415) return 'JSON で送信してください (unsupported content type: send JSON)';
  if (status === 400) return `リクエストの形式が不正です (bad request: ${error.message})`;
  return 'サーバーでエラーが発生しました (internal error)';
}

class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  start() {
    this.count += 1;
  }

  end() {
    this.count -= 1;
    if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  idle(timeoutMs: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
