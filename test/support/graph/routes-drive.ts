/**
 * Document libraries as drives: GET /lists/{list-id}/drive, the simple upload
 * PUT /drives/{drive-id}/items/root:/{name}:/content (or /items/{item-id}/content to replace),
 * and a library item's file, GET /lists/{list-id}/items/{item-id}/driveItem/content.
 * A new file is also a new item of the library's list (FileLeafRef = its name), so the list
 * APIs and delta see it. Files live in the root folder only.
 */
import { invalidRequest, itemNotFound } from './graph-errors';
import { driveItemJson, driveJson } from './graph-shapes';
import { json, type Route } from './types';

/** SharePoint sets a file's type from its extension, whatever Content-Type the upload had. */
const MIME_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
  md: 'text/markdown',
  html: 'text/html',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  zip: 'application/zip',
};

const mimeType = (name: string) => MIME_TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';

export const driveRoutes: Route[] = [
  {
    // A library item's file; real Graph may answer 302 to a download URL, which clients follow.
    method: 'GET',
    template: '/sites/{site-id}/lists/{list-id}/items/{listItem-id}/driveItem/content',
    handler: (ctx) => {
      const list = ctx.model.findList(ctx.model.findSite(ctx.params['site-id']), ctx.params['list-id']);
      const item = ctx.model.findItem(list, ctx.params['listItem-id']);
      if (!item.file) throw itemNotFound('The resource could not be found.');
      return { status: 200, headers: { 'Content-Type': item.file.mimeType }, body: item.file.bytes };
    },
  },
  {
    method: 'GET',
    template: '/sites/{site-id}/lists/{list-id}/drive',
    handler: (ctx) => {
      const list = ctx.model.findList(ctx.model.findSite(ctx.params['site-id']), ctx.params['list-id']);
      if (!list.drive) throw itemNotFound(`The list '${list.displayName}' is not a document library and has no drive.`);
      return json(200, driveJson(list.drive));
    },
  },
  {
    method: 'PUT',
    template: '/drives/{drive-id}/items/{driveItem-id}/content',
    handler: (ctx) => {
      const drive = ctx.model.findDrive(ctx.params['drive-id']);
      const bytes = Buffer.isBuffer(ctx.body) ? ctx.body : Buffer.alloc(0);
      const conflict = ctx.req.query.get('@microsoft.graph.conflictBehavior') ?? 'replace';
      const target = ctx.params['driveItem-id'];
      const colon = target.indexOf(':');
      if (colon < 0) {
        const existing = ctx.model.fileItem(drive, { driveItemId: target });
        if (!existing) throw itemNotFound('The resource could not be found.');
        const { item } = ctx.model.writeFile(
          drive,
          String(existing.values.FileLeafRef),
          bytes,
          mimeType(String(existing.values.FileLeafRef)),
          'replace',
        );
        return json(200, driveItemJson(drive, item));
      }
      const parent = target.slice(0, colon);
      const name = target.slice(colon + 1).replace(/^\/+/, '');
      if (parent !== 'root' && parent !== drive.rootId)
        throw itemNotFound(`The parent item '${parent}' could not be found; the test server has files in the root folder only.`);
      if (name.includes('/')) throw invalidRequest(`The test server keeps files in the root folder only, not '${name}'.`);
      const { item, created } = ctx.model.writeFile(drive, name, bytes, mimeType(name), conflict as 'fail' | 'replace' | 'rename');
      return json(created ? 201 : 200, driveItemJson(drive, item));
    },
  },
];
