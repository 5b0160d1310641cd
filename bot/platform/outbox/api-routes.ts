import type { ApiRoute } from '../../server/api-route';
import { HttpError } from '../../server/http-errors';
import type { Store } from '../../store/ports';
import { authorize } from '../authorization';
import { outboxReport } from './report';

/** GET /api/outbox: counts by status and the dead messages with reasons (PMO and admins). */
export function outboxRoutes(deps: { store: Store }): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/outbox',
      handle: async ({ actor }) => {
        const decision = authorize(actor, 'outbox.view');
        if (!decision.allowed) throw new HttpError(403, 'Forbidden', decision.reason);
        return outboxReport(deps.store.outbox);
      },
    },
  ];
}
