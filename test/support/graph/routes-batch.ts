/**
 * POST /$batch (https://learn.microsoft.com/en-us/graph/json-batching). A malformed batch fails
 * whole with 400 (more than 20 steps, duplicate ids (compared case-insensitively), a body without
 * a Content-Type header, an unknown or circular dependsOn). Otherwise each step runs through the
 * same pipeline as an HTTP request (auth from the envelope, faults, validation, If-Match) and gets
 * its own status; a step whose dependency failed gets 424 without running. Steps run one at a
 * time, dependencies first; the answers come back in request order, though clients must not rely
 * on any order (Graph doesn't promise one).
 */
import { randomUUID } from 'node:crypto';
import { errorBody, failedDependency, type GraphError, invalidRequest } from './graph-errors';
import { json, type GraphRequest, type GraphResponse, type Route, type RouteContext } from './types';

const MAX_STEPS = 20;

interface Step {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  dependsOn: string[];
}

function readSteps(body: unknown): Step[] {
  const requests = (body as { requests?: unknown })?.requests;
  if (!Array.isArray(requests)) throw invalidRequest('Invalid batch payload format.');
  if (requests.length > MAX_STEPS)
    throw invalidRequest(`The number of requests in a batch cannot exceed ${MAX_STEPS}; this one has ${requests.length}.`);
  const seen = new Set<string>();
  const steps = requests.map((raw: Record<string, unknown>): Step => {
    if (typeof raw?.id !== 'string' || typeof raw.method !== 'string' || typeof raw.url !== 'string')
      throw invalidRequest('Every request of a batch needs an id, a method and a url.');
    if (seen.has(raw.id.toLowerCase())) throw invalidRequest(`Batch request ids must be unique; '${raw.id}' is repeated.`);
    seen.add(raw.id.toLowerCase());
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((raw.headers as Record<string, unknown>) ?? {})) headers[name.toLowerCase()] = String(value);
    if (raw.body !== undefined && !headers['content-type'])
      throw invalidRequest(`Write request id : ${raw.id} does not contain Content-Type header or body.`);
    const dependsOn = Array.isArray(raw.dependsOn) ? raw.dependsOn.map(String) : [];
    return { id: raw.id, method: raw.method.toUpperCase(), url: raw.url, headers, body: raw.body, dependsOn };
  });
  const ids = new Map(steps.map((step) => [step.id.toLowerCase(), step]));
  for (const step of steps) {
    for (const dependency of step.dependsOn)
      if (!ids.has(dependency.toLowerCase()))
        throw invalidRequest(`Request '${step.id}' depends on '${dependency}', which is not in the batch.`);
  }
  return steps;
}

/** Dependencies before dependents; a cycle is a malformed batch. */
function executionOrder(steps: Step[]): Step[] {
  const byId = new Map(steps.map((step) => [step.id.toLowerCase(), step]));
  const order: Step[] = [];
  const state = new Map<Step, 'visiting' | 'done'>();
  const visit = (step: Step) => {
    if (state.get(step) === 'done') return;
    if (state.get(step) === 'visiting') throw invalidRequest(`The dependsOn of request '${step.id}' forms a cycle.`);
    state.set(step, 'visiting');
    for (const dependency of step.dependsOn) visit(byId.get(dependency.toLowerCase())!);
    state.set(step, 'done');
    order.push(step);
  };
  steps.forEach(visit);
  return order;
}

function subRequest(ctx: RouteContext, step: Step): GraphRequest | undefined {
  if (/^[a-z]+:\/\//i.test(step.url)) return undefined;
  const url = new URL(step.url.startsWith('/') ? step.url : `/${step.url}`, 'http://graph.invalid');
  const headers: Record<string, string> = { ...step.headers };
  if (ctx.req.headers.authorization) headers.authorization = ctx.req.headers.authorization;
  // The docs write urls relative to the version root (/sites/...); the JS SDK's BatchRequestContent
  // keeps the version (/v1.0/sites/...). Graph takes both.
  const path = url.pathname.replace(/^\/v1\.0(?=\/)/i, '');
  const req: GraphRequest = { method: step.method, path, query: url.searchParams, search: url.search, headers, inBatch: true };
  if (step.body !== undefined) {
    // JSON bodies come as JSON; anything else as base64 (json-batching: "a base64 URL-encoded value").
    if (/json/i.test(headers['content-type'] ?? '')) req.jsonBody = step.body;
    else req.rawBody = Buffer.from(typeof step.body === 'string' ? step.body : '', 'base64');
  }
  return req;
}

async function batch(ctx: RouteContext): Promise<GraphResponse> {
  const steps = readSteps(ctx.body);
  const results = new Map<Step, { status: number; headers: Record<string, string>; body?: unknown }>();
  for (const step of executionOrder(steps)) {
    const failed = step.dependsOn.find((dependency) => {
      const result = [...results].find(([done]) => done.id.toLowerCase() === dependency.toLowerCase())?.[1];
      return !result || result.status >= 400;
    });
    // Steps that never run still count as steps answered.
    const unsent = (error: GraphError) => {
      ctx.countUnsentStep(error.status);
      const ids = { requestId: randomUUID(), clientRequestId: step.headers['client-request-id'] ?? randomUUID() };
      results.set(step, { status: error.status, headers: { 'Content-Type': 'application/json' }, body: errorBody(error, ids) });
    };
    if (failed !== undefined) {
      unsent(failedDependency(failed));
      continue;
    }
    const req = subRequest(ctx, step);
    if (!req) {
      unsent(invalidRequest('The url of a batch request must be relative to the version root, e.g. /sites/{site-id}.'));
      continue;
    }
    const response = await ctx.dispatch(req);
    const body = Buffer.isBuffer(response.body) ? response.body.toString('base64') : response.body;
    results.set(step, { status: response.status, headers: response.headers, body });
  }
  const responses = steps.map((step) => {
    const result = results.get(step)!;
    return { id: step.id, status: result.status, headers: result.headers, ...(result.body === undefined ? {} : { body: result.body }) };
  });
  return json(200, { responses });
}

export const batchRoutes: Route[] = [{ method: 'POST', template: '/$batch', handler: batch }];
