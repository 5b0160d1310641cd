import { FileResponse, type ApiRoute } from '../server/api-route';
import { HttpError } from '../server/http-errors';
import type { Store } from '../store/ports';
import { EXPORT_FORMATS, exportCheckIns, parseExportPeriod, type ExportFormat } from './spreadsheet/checkin-export';

/**
 * GET /api/checkins/export?fy=2026&q=3&format=xlsx|csv (default xlsx): one quarter's check-ins
 * as a 施策一覧 download, for PMO and admins. The server checks the permission before the
 * parameters are read, so a caller without it learns nothing from the error.
 */
export function checkinExportRoutes(deps: { store: Store }): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/checkins/export',
      auth: 'checkin.export',
      handle: async ({ query }) => {
        const period = parseExportPeriod(query.get('fy'), query.get('q'));
        if ('error' in period) throw new HttpError(400, 'BadRequest', period.error);
        const format = (query.get('format') ?? 'xlsx').toLowerCase();
        if (!EXPORT_FORMATS.includes(format as ExportFormat)) {
          throw new HttpError(400, 'BadRequest', `format は xlsx か csv にしてください: 「${format}」 (format must be xlsx or csv)`);
        }
        const file = await exportCheckIns(deps.store, period, format as ExportFormat);
        return new FileResponse(file.contentType, file.fileName, file.body, file.asciiFileName);
      },
    },
  ];
}
