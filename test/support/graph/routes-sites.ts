/** Sites, lists and columns: GET /sites/{site-id}, /lists, /lists/{list-id}, /columns. */
import { invalidRequest } from './graph-errors';
import { columnJson, driveJson, listJson, siteJson } from './graph-shapes';
import { option, parseExpand } from './odata-options';
import type { ColumnInput, ListRecord } from './site-model';
import { json, type Route, type RouteContext } from './types';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function site(ctx: RouteContext) {
  return ctx.model.findSite(ctx.params['site-id']);
}

function list(ctx: RouteContext): ListRecord {
  return ctx.model.findList(site(ctx), ctx.params['list-id']);
}

/** A list with the navigation properties $expand asked for (columns, drive). */
function expandedList(ctx: RouteContext, record: ListRecord): Record<string, unknown> {
  const out = listJson(record);
  const expand = parseExpand(option(ctx.req.query, 'expand'));
  if (expand.has('columns')) out.columns = record.columns.map(columnJson);
  if (expand.has('drive') && record.drive) out.drive = driveJson(record.drive);
  return out;
}

export const siteRoutes: Route[] = [
  {
    method: 'GET',
    template: '/sites/{site-id}',
    handler: (ctx) => json(200, siteJson(site(ctx))),
  },
  {
    method: 'GET',
    template: '/sites/{site-id}/lists',
    handler: (ctx) => {
      if (option(ctx.req.query, 'filter')) throw invalidRequest('The test server does not filter lists; address a list by its id or name.');
      return json(200, { value: site(ctx).lists.map((record) => expandedList(ctx, record)) });
    },
  },
  {
    method: 'POST',
    template: '/sites/{site-id}/lists',
    handler: (ctx) => {
      const body = ctx.body as Record<string, unknown>;
      if (typeof body.displayName !== 'string' || !body.displayName.trim()) throw invalidRequest('A list needs a displayName.');
      const info = isObject(body.list) ? body.list : {};
      const columns = Array.isArray(body.columns) ? (body.columns as ColumnInput[]) : [];
      const record = ctx.model.createList(site(ctx), {
        displayName: body.displayName,
        name: typeof body.name === 'string' ? body.name : undefined,
        description: typeof body.description === 'string' ? body.description : undefined,
        template: typeof info.template === 'string' ? info.template : 'genericList',
        columns,
      });
      return json(201, listJson(record));
    },
  },
  {
    method: 'GET',
    template: '/sites/{site-id}/lists/{list-id}',
    handler: (ctx) => json(200, expandedList(ctx, list(ctx))),
  },
  {
    method: 'GET',
    template: '/sites/{site-id}/lists/{list-id}/columns',
    handler: (ctx) => json(200, { value: list(ctx).columns.map(columnJson) }),
  },
  {
    method: 'POST',
    template: '/sites/{site-id}/lists/{list-id}/columns',
    handler: (ctx) => json(201, columnJson(ctx.model.addColumn(list(ctx), ctx.body as ColumnInput))),
  },
  {
    method: 'PATCH',
    template: '/sites/{site-id}/lists/{list-id}/columns/{columnDefinition-id}',
    handler: (ctx) => {
      const record = list(ctx);
      const column = ctx.model.findColumn(record, ctx.params['columnDefinition-id']);
      return json(200, columnJson(ctx.model.updateColumn(record, column, ctx.body as ColumnInput)));
    },
  },
];
