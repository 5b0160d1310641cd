/**
 * What happens to every request, whether it came over HTTP or as a $batch step: it is matched to
 * an operation of the OpenAPI description and checked against it (mismatches are recorded, and
 * a bad body or $-option is refused as Graph refuses it), authenticated, maybe failed by an
 * injected fault, routed, and its response checked against the description too. Every answer
 * carries request-id and client-request-id, and every error is Graph's error shape.
 */
import { randomUUID } from 'node:crypto';
import type { FaultInjector } from './faults';
import { errorBody, faultFor, GraphError, invalidAuthenticationToken, invalidRequest, methodNotAllowed, throttled } from './graph-errors';
import type { OpenApiValidator, Operation } from './openapi-validator';
import { PathMatcher } from './path-templates';
import type { SiteModel } from './site-model';
import type { GraphRequest, GraphResponse, Route } from './types';

export interface GraphStats {
  /** HTTP requests received ($batch envelopes included). */
  requests: number;
  /** Steps inside $batch envelopes. */
  subRequests: number;
  /** Answers by status: HTTP responses and $batch step responses alike. */
  byStatus: Record<number, number>;
  /** Answers with status 429 (injected or not), envelopes and steps alike. */
  throttled: number;
}

export interface LoggedRequest {
  method: string;
  /** /v1.0/... with the query, as received (a $batch step's url is shown under /v1.0 too). */
  url: string;
  headers: Record<string, string>;
  inBatch: boolean;
}

export interface PipelineOptions {
  model: SiteModel;
  validator: OpenApiValidator;
  faults: FaultInjector;
  routes: Route[];
  /** Accepted bearer tokens; undefined accepts any non-empty one. */
  tokens?: Set<string>;
  pageSize: number;
  stats: GraphStats;
  validationErrors: string[];
  requestLog: LoggedRequest[];
  requestLogLimit: number;
}

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export class GraphPipeline {
  private readonly matcher: PathMatcher;
  private readonly routes = new Map<string, Route>();

  constructor(private readonly options: PipelineOptions) {
    this.matcher = new PathMatcher(options.validator.templates);
    for (const route of options.routes) {
      // A route the description doesn't have would go unvalidated: refuse it at start-up.
      if (!options.validator.operation(route.method, route.template))
        throw new Error(`route ${route.method} ${route.template} is not in the OpenAPI description`);
      this.routes.set(`${route.method} ${route.template}`, route);
    }
  }

  async handle(req: GraphRequest): Promise<GraphResponse> {
    const { stats } = this.options;
    const ids = { requestId: randomUUID(), clientRequestId: req.headers['client-request-id'] ?? randomUUID() };
    if (req.inBatch) stats.subRequests++;
    else stats.requests++;
    this.log(req);
    const where = `${req.inBatch ? '[$batch step] ' : ''}${req.method} /v1.0${req.path}${req.search}`;

    let op: Operation | undefined;
    let response: GraphResponse;
    try {
      const match = this.matcher.match(req.path);
      if (!match) {
        this.record(`${where}: no path of the OpenAPI description matches`);
        this.gate(req);
        throw invalidRequest(`Resource not found for the segment '${req.path.split('/').filter(Boolean).pop() ?? ''}'.`);
      }
      op = this.options.validator.operation(req.method, match.template);
      if (!op) {
        this.record(
          `${where}: ${req.method} is not described for ${match.template} (${this.options.validator.methods(match.template).join(', ')})`,
        );
        this.gate(req);
        throw methodNotAllowed();
      }
      const context = `${where} [${op.method} ${op.template}]`;
      let body: unknown;
      let unreadable: GraphError | undefined;
      try {
        body = this.body(req, op);
      } catch (error) {
        unreadable = error as GraphError;
      }
      const problems = this.options.validator.validateRequest(op, req.query, body).filter((p) => !(unreadable && p.part === 'body'));
      if (unreadable) problems.push({ part: 'body', message: `request body: ${unreadable.message}` });
      for (const problem of problems) this.record(`${context} request: ${problem.message}`);
      this.gate(req);
      if (unreadable) throw unreadable;
      const refused = problems.find((p) => p.part === 'body' || (p.name?.startsWith('$') ?? false) || /^query parameter/.test(p.message));
      if (refused)
        throw invalidRequest(
          refused.part === 'body'
            ? `Invalid request body: ${refused.message.replace(/^request body: /, '')}`
            : `Query option '${refused.name}' is not valid here: ${refused.message}`,
        );
      const route = this.routes.get(`${op.method} ${op.template}`);
      if (!route) throw new GraphError(501, 'notSupported', `The test server does not implement ${op.method} ${op.template}.`);
      response = await route.handler({
        req,
        params: match.params,
        body,
        model: this.options.model,
        pageSize: this.options.pageSize,
        dispatch: (sub) => this.handle(sub),
        countUnsentStep: (status) => {
          stats.subRequests++;
          stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
        },
      });
    } catch (error) {
      if (!(error instanceof GraphError)) {
        this.record(`${where}: the test server failed: ${error instanceof Error ? error.stack : JSON.stringify(error)}`);
      }
      const graphError =
        error instanceof GraphError ? error : new GraphError(500, 'generalException', 'An unspecified error has occurred.');
      response = { status: graphError.status, headers: { ...graphError.headers }, body: errorBody(graphError, ids) };
    }

    if (op) {
      const body = Buffer.isBuffer(response.body) ? undefined : response.body;
      for (const problem of this.options.validator.validateResponse(op, response.status, body)) {
        this.record(`${where} [${op.method} ${op.template}] response ${response.status}: ${problem}`);
      }
    }
    response.headers['request-id'] = ids.requestId;
    response.headers['client-request-id'] = ids.clientRequestId;
    if (response.body !== undefined && !Buffer.isBuffer(response.body)) response.headers['Content-Type'] = JSON_TYPE;
    stats.byStatus[response.status] = (stats.byStatus[response.status] ?? 0) + 1;
    if (response.status === 429) stats.throttled++;
    return response;
  }

  /** Authentication, then injected faults: what Graph's front door does before any processing. */
  private gate(req: GraphRequest): void {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S.*)$/i.exec(header)?.[1]?.trim();
    if (!token) throw invalidAuthenticationToken('Access token is empty.');
    if (this.options.tokens && !this.options.tokens.has(token))
      throw invalidAuthenticationToken('Access token validation failure. Invalid audience.');
    const fault = this.options.faults.next();
    if (!fault) return;
    if (fault.status === 429 && req.path === '/$batch') throw throttled(fault.retryAfterSeconds ?? 0, 'TooManyRequests');
    throw faultFor(fault.status, fault.retryAfterSeconds);
  }

  /** The body as the operation takes it: parsed JSON, or the raw bytes of an upload. */
  private body(req: GraphRequest, op: Operation): unknown {
    if (!this.options.validator.takesJson(op))
      return req.rawBody ?? (req.jsonBody === undefined ? undefined : Buffer.from(JSON.stringify(req.jsonBody)));
    if (req.jsonBody !== undefined) return req.jsonBody;
    if (!req.rawBody || req.rawBody.length === 0) return undefined;
    const type = req.headers['content-type'] ?? '';
    if (!/json/i.test(type))
      throw new GraphError(415, 'invalidRequest', `Content-Type '${type}' is not supported here; send application/json.`);
    try {
      return JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      throw invalidRequest(
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    }
  }

  private record(problem: string): void {
    this.options.validationErrors.push(problem);
  }

  private log(req: GraphRequest): void {
    const { requestLog, requestLogLimit } = this.options;
    requestLog.push({ method: req.method, url: `/v1.0${req.path}${req.search}`, headers: { ...req.headers }, inBatch: req.inBatch });
    if (requestLog.length > requestLogLimit) requestLog.splice(0, requestLog.length - requestLogLimit);
  }
}
