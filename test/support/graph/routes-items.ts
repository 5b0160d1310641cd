/**
 * List items: list (with $filter/$orderby on columns, paging by $skiptoken), create, read, update
 * (If-Match), delete (If-Match), their fields, and delta. SharePoint refuses to filter or sort on
 * a column without an index unless the client sends `Prefer: HonorNonIndexedQueriesWarningMayFailRandomly`;
 * so does this server (ID is always allowed).
 */
import { invalidRequest, resyncRequired } from './graph-errors';
import { fieldsJson, listItemJson } from './graph-shapes';
import { evaluateFilter, filterFields, parseFilter } from './odata-filter';
import { decodeSkipToken, encodeSkipToken, graphLink, option, parseExpand, parseOrderBy, parseSelect, parseTop } from './odata-options';
import { checkIfMatch, type Item, type ListRecord } from './site-model';
import { json, prefers, type GraphResponse, type Route, type RouteContext } from './types';

const NON_INDEXED = 'HonorNonIndexedQueriesWarningMayFailRandomly';
/** SharePoint's list view threshold caps a page at 5,000 items. */
const MAX_PAGE = 5000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function list(ctx: RouteContext): ListRecord {
  return ctx.model.findList(ctx.model.findSite(ctx.params['site-id']), ctx.params['list-id']);
}

function item(ctx: RouteContext, record: ListRecord): Item {
  return ctx.model.findItem(record, ctx.params['listItem-id']);
}

function fieldValue(entry: Item, name: string): string | number | boolean | null | undefined {
  if (name === 'ID' || name === 'id') return Number(entry.id);
  if (name === 'Created') return entry.createdDateTime;
  if (name === 'Modified') return entry.lastModifiedDateTime;
  return entry.values[name] as string | number | boolean | null | undefined;
}

/** Columns used in $filter/$orderby must exist and, without the Prefer header, be indexed. */
function checkQueryable(ctx: RouteContext, record: ListRecord, names: Iterable<string>): void {
  for (const name of names) {
    if (name === 'ID' || name === 'id') continue;
    const column = record.columns.find((c) => c.name === name);
    if (!column) throw invalidRequest(`Column '${name}' does not exist. It may have been deleted by another user.`);
    if (!column.indexed && !prefers(ctx.req, NON_INDEXED)) {
      throw invalidRequest(
        `Field '${name}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: ${NON_INDEXED}' header to allow this, but be warned that such queries may fail on large lists.`,
      );
    }
  }
}

/** $expand for list items: only fields is modelled. */
function fieldsExpansion(ctx: RouteContext): { select?: string[] } | undefined {
  const expand = parseExpand(option(ctx.req.query, 'expand'));
  for (const name of expand.keys()) if (name !== 'fields') throw invalidRequest(`The test server does not expand '${name}' on list items.`);
  return expand.get('fields');
}

function unsupportedOptions(ctx: RouteContext, names: string[]): void {
  for (const name of names)
    if (option(ctx.req.query, name) !== undefined) throw invalidRequest(`Query option '$${name}' is not supported on list items.`);
}

function listItems(ctx: RouteContext): GraphResponse {
  const record = list(ctx);
  const query = ctx.req.query;
  unsupportedOptions(ctx, ['skip', 'count', 'search']);
  const fields = fieldsExpansion(ctx);
  const select = parseSelect(option(query, 'select'));
  const filterText = option(query, 'filter');
  const filter = filterText ? parseFilter(filterText) : undefined;
  const orderBy = parseOrderBy(option(query, 'orderby'));
  if (filter) checkQueryable(ctx, record, filterFields(filter));
  checkQueryable(
    ctx,
    record,
    orderBy.filter((o) => o.field).map((o) => o.name),
  );
  const sortable: Record<string, (entry: Item) => string | number> = {
    id: (entry) => Number(entry.id),
    createdDateTime: (entry) => entry.createdDateTime,
    lastModifiedDateTime: (entry) => entry.lastModifiedDateTime,
  };
  for (const o of orderBy)
    if (!o.field && !sortable[o.name]) throw invalidRequest(`The test server does not sort list items by '${o.name}'.`);

  let items = [...record.items.values()];
  if (filter) items = items.filter((entry) => evaluateFilter(filter, (name) => fieldValue(entry, name)));
  if (orderBy.length) {
    items.sort((a, b) => {
      for (const o of orderBy) {
        const key = (entry: Item) => (o.field ? fieldValue(entry, o.name) : sortable[o.name](entry));
        const [x, y] = [key(a), key(b)];
        if (x === y) continue;
        if (x === undefined || x === null) return o.descending ? 1 : -1;
        if (y === undefined || y === null) return o.descending ? -1 : 1;
        return (x < y ? -1 : 1) * (o.descending ? -1 : 1);
      }
      return Number(a.id) - Number(b.id);
    });
  }
  const top = Math.min(parseTop(option(query, 'top')) ?? ctx.pageSize, MAX_PAGE);
  let start = 0;
  const skipToken = option(query, 'skiptoken');
  if (skipToken) {
    const token = decodeSkipToken(skipToken);
    if (orderBy.length) start = Number(token.Offset) || 0;
    else {
      const after = Number(token.ID);
      start = items.findIndex((entry) => Number(entry.id) > after);
      if (start < 0) start = items.length;
    }
  }
  const page = items.slice(start, start + top);
  const body: Record<string, unknown> = { value: page.map((entry) => listItemJson(record, entry, { fields, select })) };
  if (start + top < items.length) {
    const next: Record<string, string | number> = orderBy.length ? { Offset: start + top } : { ID: page[page.length - 1].id };
    body['@odata.nextLink'] = graphLink(ctx.req.path, query, ['$skiptoken', 'skiptoken'], { $skiptoken: encodeSkipToken(next) });
  }
  return json(200, body);
}

interface DeltaState {
  /** Changes after this sequence number... */
  base: number;
  /** ...up to this one (the list's sequence when the round started). */
  upTo: number;
  /** The first enumeration: live items only, no deletions. */
  initial: boolean;
}

function encodeDeltaToken(record: ListRecord, state: Partial<DeltaState> & { base: number }): string {
  return Buffer.from(
    JSON.stringify({ l: record.id, e: record.tokenEpoch, b: state.base, u: state.upTo, i: state.initial ? 1 : undefined }),
    'utf8',
  ).toString('base64url');
}

function decodeDeltaToken(record: ListRecord, token: string): DeltaState | undefined {
  try {
    const raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (raw.l !== record.id || raw.e !== record.tokenEpoch || !Number.isInteger(raw.b) || raw.b > record.changeSeq) return undefined;
    return { base: raw.b, upTo: Number.isInteger(raw.u) ? raw.u : record.changeSeq, initial: raw.i === 1 };
  } catch {
    return undefined;
  }
}

function delta(ctx: RouteContext): GraphResponse {
  const record = list(ctx);
  const query = ctx.req.query;
  const fields = fieldsExpansion(ctx);
  const select = parseSelect(option(query, 'select'));
  const top = Math.min(parseTop(option(query, 'top')) ?? ctx.pageSize, MAX_PAGE);
  const link = (token: string) => graphLink(ctx.req.path, query, ['token'], { token });
  const token = query.get('token');
  if (token === 'latest') return json(200, { value: [], '@odata.deltaLink': link(encodeDeltaToken(record, { base: record.changeSeq })) });
  let state: DeltaState;
  if (token === null) state = { base: 0, upTo: record.changeSeq, initial: true };
  else {
    const decoded = decodeDeltaToken(record, token);
    // An expired, foreign or unreadable token: start again, from the link in Location.
    if (!decoded) throw resyncRequired(graphLink(ctx.req.path, query, ['token'], {}));
    state = decoded;
  }
  const value: Record<string, unknown>[] = [];
  let last = state.base;
  let more = false;
  for (const [id, change] of record.changes) {
    if (change.seq <= state.base) continue;
    if (change.seq > state.upTo) break;
    if (change.deleted && state.initial) continue;
    if (value.length === top) {
      more = true;
      break;
    }
    const entry = record.items.get(id);
    value.push(
      change.deleted || !entry
        ? { id, parentReference: { siteId: record.site.id }, deleted: { state: 'deleted' } }
        : listItemJson(record, entry, { fields, select }),
    );
    last = change.seq;
  }
  if (more)
    return json(200, {
      value,
      '@odata.nextLink': link(encodeDeltaToken(record, { base: last, upTo: state.upTo, initial: state.initial })),
    });
  return json(200, { value, '@odata.deltaLink': link(encodeDeltaToken(record, { base: state.upTo })) });
}

function fieldsBody(body: unknown, where: string): Record<string, unknown> {
  if (!isObject(body)) throw invalidRequest(`${where} must be an object of field values.`);
  return body;
}

export const itemRoutes: Route[] = [
  { method: 'GET', template: '/sites/{site-id}/lists/{list-id}/items', handler: listItems },
  {
    method: 'POST',
    template: '/sites/{site-id}/lists/{list-id}/items',
    handler: (ctx) => {
      const record = list(ctx);
      if (record.template === 'documentLibrary')
        throw invalidRequest('Files and folders should only be added to a DocumentLibrary via the OneDrive API');
      const body = ctx.body as Record<string, unknown>;
      const created = ctx.model.createItem(record, body.fields === undefined ? {} : fieldsBody(body.fields, 'fields'));
      return json(201, listItemJson(record, created, { fields: {} }));
    },
  },
  {
    method: 'GET',
    template: '/sites/{site-id}/lists/{list-id}/items/{listItem-id}',
    handler: (ctx) => {
      const record = list(ctx);
      return json(
        200,
        listItemJson(record, item(ctx, record), { fields: fieldsExpansion(ctx), select: parseSelect(option(ctx.req.query, 'select')) }),
      );
    },
  },
  {
    method: 'PATCH',
    template: '/sites/{site-id}/lists/{list-id}/items/{listItem-id}',
    handler: (ctx) => {
      const record = list(ctx);
      const entry = item(ctx, record);
      checkIfMatch(entry, ctx.req.headers['if-match']);
      const body = ctx.body as Record<string, unknown>;
      ctx.model.updateItem(record, entry, body.fields === undefined ? {} : fieldsBody(body.fields, 'fields'));
      return json(200, listItemJson(record, entry, { fields: {} }));
    },
  },
  {
    method: 'DELETE',
    template: '/sites/{site-id}/lists/{list-id}/items/{listItem-id}',
    handler: (ctx) => {
      const record = list(ctx);
      const entry = item(ctx, record);
      checkIfMatch(entry, ctx.req.headers['if-match']);
      ctx.model.deleteItem(record, entry);
      return { status: 204, headers: {} };
    },
  },
  {
    method: 'GET',
    template: '/sites/{site-id}/lists/{list-id}/items/{listItem-id}/fields',
    handler: (ctx) => {
      const record = list(ctx);
      return json(200, fieldsJson(record, item(ctx, record), parseSelect(option(ctx.req.query, 'select'))));
    },
  },
  {
    method: 'PATCH',
    template: '/sites/{site-id}/lists/{list-id}/items/{listItem-id}/fields',
    handler: (ctx) => {
      const record = list(ctx);
      const entry = item(ctx, record);
      checkIfMatch(entry, ctx.req.headers['if-match']);
      ctx.model.updateItem(record, entry, fieldsBody(ctx.body, 'The request body'));
      return json(200, fieldsJson(record, entry));
    },
  },
  { method: 'GET', template: '/sites/{site-id}/lists/{list-id}/items/delta', handler: delta },
];
