import { analyticsRoutes } from './analytics/api-routes';
import { checkinRoutes } from './checkins/api-routes';
import { checkinExportRoutes } from './checkins/export-routes';
import { directoryRoutes } from './directory/api-routes';
import { inquiryRoutes } from './inquiries/api-routes';
import { noticeRoutes } from './notices/api-routes';
import type { NoticeWorkflowDeps } from './notices/workflow';
import type { Config } from './platform/config';
import type { Actor } from './platform/identity';
import { outboxRoutes } from './platform/outbox/api-routes';
import { rulingRoutes } from './rulings/api-routes';
import { synonymLearningRoutes } from './rulings/synonym-learning/api-routes';
import { surveyFollowUpRoutes, surveyRoutes } from './surveys/api-routes';
import { surveyResponseRoutes } from './surveys/response-routes';
import type { Manual } from './rulings/model';
import type { RulingSearch } from './rulings/search/ruling-search';
import type { ApiRoute } from './server/api-route';
import type { Store } from './store/ports';

/** Every JSON API route of the product, each declaring who may call it (api-route.ts). */
export function apiRoutes(
  deps: { config: Config; store: Store; search: RulingSearch; manualsVisibleTo?: (reader: Actor) => Promise<Manual[]> } & Pick<
    NoticeWorkflowDeps,
    'logger' | 'now' | 'tabUrl' | 'nudge'
  >,
): ApiRoute[] {
  const { config, store } = deps;
  return [
    ...directoryRoutes({ config, store }),
    ...outboxRoutes({ store }),
    ...rulingRoutes(deps),
    ...synonymLearningRoutes({ store, search: deps.search }),
    ...checkinRoutes({ store }),
    ...checkinExportRoutes({ store }),
    ...analyticsRoutes({ store, search: deps.search }),
    ...inquiryRoutes({ store, search: deps.search, logger: deps.logger, now: deps.now, tabUrl: deps.tabUrl, nudge: deps.nudge }),
    ...noticeRoutes({
      store,
      logger: deps.logger,
      now: deps.now,
      tabUrl: deps.tabUrl,
      nudge: deps.nudge,
      installsApp: Boolean(config.installation),
    }),
    ...surveyRoutes({ store, logger: deps.logger, now: deps.now, tabUrl: deps.tabUrl, nudge: deps.nudge }),
    ...surveyResponseRoutes({ store, logger: deps.logger, now: deps.now, tabUrl: deps.tabUrl, nudge: deps.nudge }),
    ...surveyFollowUpRoutes({ store, logger: deps.logger, now: deps.now, tabUrl: deps.tabUrl, nudge: deps.nudge }),
  ];
}
