import type { ApiRoute } from '../../server/api-route';
import type { Store } from '../../store/ports';
import { outboxReport } from './report';

/** GET /api/outbox: counts by status and the dead messages with reasons (PMO and admins). */
export function outboxRoutes(deps: { store: Store }): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/outbox',
      auth: 'outbox.view',
      handle: async () => {
        return outboxReport(deps.store.outbox, deps.store.audit);
      },
    },
  ];
}
