import { ensureAllowed } from '../platform/authorization';
import type { ApiRoute } from '../server/api-route';
import { HttpError } from '../server/http-errors';
import type { Store } from '../store/ports';
import { parseExportPeriod } from './spreadsheet/checkin-export';

/**
 * Check-in data for the tab (PMO view and an initiative's history):
 * GET /api/checkins/cycles — every cycle with its answer count and the owners the bot could not reach;
 * GET /api/checkins/:code/history?fy=&q= — every revision of one answer, who and when.
 */
export function checkinRoutes(deps: { store: Store }): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/checkins/cycles',
      auth: 'checkin.rollup',
      handle: async () => {
        const total = (await deps.store.initiatives.list()).length;
        const cycles = await deps.store.checkInCycles.list();
        return Promise.all(
          cycles.map(async (cycle) => ({
            ...cycle,
            initiatives: total,
            answered: (await deps.store.checkIns.listForQuarter(cycle.fiscalYear, cycle.quarter)).length,
          })),
        );
      },
    },
    {
      method: 'get',
      path: '/api/checkins/:code/history',
      auth: 'user',
      handle: async ({ actor, params, query }) => {
        const initiative = await deps.store.initiatives.get(params.code);
        if (!initiative) throw new HttpError(404, 'NotFound', `施策 ${params.code.slice(0, 40)} は登録されていません (no such initiative)`);
        ensureAllowed(actor, 'checkin.view', { type: 'initiative', ownerId: initiative.ownerId });
        const period = parseExportPeriod(query.get('fy'), query.get('q'));
        if ('error' in period) throw new HttpError(400, 'BadRequest', period.error);
        return {
          initiative: { code: initiative.code, title: initiative.title },
          revisions: await deps.store.checkIns.history(initiative.code, period.fiscalYear, period.quarter),
        };
      },
    },
  ];
}
