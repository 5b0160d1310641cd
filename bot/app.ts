import path from 'node:path';
import { apiRoutes } from './api-routes';
import { queueMonthlySummary } from './analytics/monthly-summary';
import { CheckInScheduler } from './checkins/scheduler';
import { queueDeadlineMessages } from './inquiries/workflow';
import { queueNoticeFollowUps } from './notices/workflow';
import { queueSurveyFollowUps, refreshSenderCards } from './surveys/workflow';
import { deferredSteps } from './deferred-steps';
import { seedDemoData } from './demo/seed';
import { buildHandlerRegistry, WELCOME_COMMAND } from './handlers';
import { LOOPBACK_HOSTS, type Config } from './platform/config';
import { GraphOnBehalfOf, GraphOnBehalfOfError } from './platform/graph-obo';
import type { Actor } from './platform/identity';
import { HttpError } from './server/http-errors';
import type { Logger } from './platform/logger';
import { PeriodicTask } from './platform/periodic-task';
import { observeGauges } from './platform/telemetry/instruments';
import { OutboxDispatcher } from './platform/outbox/dispatcher';
import { ProactiveInstallation } from './platform/outbox/installation';
import { cachedProbe, sharePointProbe } from './platform/sharepoint-probe';
import { productVersion, projectRoot } from './platform/version';
import { applyAcceptedSynonyms } from './rulings/synonym-learning/learned-synonyms';
import { createRulingSearch } from './rulings/search/create-search';
import { healthReport } from './server/health';
import { createServer, type AppServer } from './server/create-server';
import { createRequestAuthenticator } from './server/request-auth';
import { composeStore } from './store/compose-store';
import type { Store, StoreCapabilities } from './store/ports';
import { activityEndpoint, createCloudAdapter } from './teams/adapter';
import { ActivityRouter } from './teams/activity-router';
import { BotbuilderProactiveSender } from './teams/proactive-sender';

export interface RunningApp {
  url: string;
  tabUrl: string;
  store: Store;
  /** Graceful stop: stop accepting, finish in-flight turns, close the store. */
  stop(): Promise<void>;
}

/** Wires the product together from a validated Config and starts listening. */
export async function startApp(
  config: Config,
  logger: Logger,
  options: { tabDir?: string; /** The demo's day instead of today (tests with fixed dates). */ demoDay?: string } = {},
): Promise<RunningApp> {
  const { store, capabilities } = await composeStore(config, logger);
  const startupProblems: string[] = [];
  if (config.demoData) {
    try {
      const result = await seedDemoData(store, { today: options.demoDay });
      if (result.seeded) logger.info('demo data loaded', result.counts);
    } catch (error) {
      // In production the records may be in SharePoint, unreachable right now: serve (degraded) rather than exit into a restart loop.
      if (config.mode !== 'production') throw error;
      logger.warn('demo data not loaded', { error });
      startupProblems.push('デモデータを読み込めませんでした (demo data not loaded)');
    }
  }

  const version = productVersion();
  const publicBase = config.publicHostname
    ? `https://${config.publicHostname}`
    : `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const tabUrl = `${publicBase}/tab/`;

  const { recordsReachability } = capabilities;
  const sharePoint = recordsReachability
    ? cachedProbe(recordsReachability)
    : config.sharePointSiteUrl
      ? sharePointProbe(config.sharePointSiteUrl)
      : undefined;
  const adapter = createCloudAdapter(config, logger);
  const now = () => new Date();
  const steps = deferredSteps({ store, logger, now, tabUrl, nudge: () => dispatcher.nudge() });
  const { applyRecordWrite, appInstaller } = capabilities;
  const installation =
    appInstaller &&
    ProactiveInstallation.over(store, appInstaller, { appId: config.bot?.appId ?? '', tenantId: config.bot?.tenantId ?? '' });
  const dispatcher = new OutboxDispatcher({
    outbox: store.outbox,
    conversations: store.conversations,
    sender: new BotbuilderProactiveSender(adapter, config.bot?.appId ?? ''),
    installation,
    applyRecordWrite: applyRecordWrite && ((write) => applyRecordWrite(write, steps)),
    logger,
    options: {
      perConversation: config.outbox.perConversation,
      perApp: config.outbox.perApp,
      marginMs: 10,
      maxInFlight: config.outbox.maxInFlight,
      leaseSeconds: config.outbox.leaseSeconds,
      maxAttempts: config.outbox.maxAttempts,
      backoff: { baseMs: 1000, capMs: 5 * 60_000 },
      sendTimeoutMs: config.outbox.sendTimeoutSeconds * 1000,
      pollIntervalMs: 1000,
      scanSize: 500,
    },
  });
  const search = createRulingSearch(store.rulings, path.join(projectRoot(), 'bot', 'rulings', 'synonyms.txt'));
  // Synonyms the administrators accepted from what the staff searched (the audit trail keeps them).
  await applyAcceptedSynonyms(store.audit, search).catch((error: Error) =>
    logger.warn('learned synonyms not loaded', { error: error.message }),
  );
  const registry = buildHandlerRegistry({ store, logger, now, config, tabUrl, search, nudge: () => dispatcher.nudge() });
  const router = new ActivityRouter({
    store,
    registry,
    logger,
    welcomeCommand: WELCOME_COMMAND,
    defaultLocale: config.defaultLocale,
    turnLimit: config.api.messagesPerUser,
  });
  const scheduler = new CheckInScheduler({
    store,
    settings: config.checkIns,
    installsApp: installation !== undefined,
    logger,
    nudge: () => dispatcher.nudge(),
    now,
  });
  const authenticator = createRequestAuthenticator(config, store, { logger });
  const monthlySummary = new PeriodicTask(
    'monthly summary',
    config.checkIns.schedulerIntervalSeconds,
    async () => (await queueMonthlySummary(store, now(), { pmoChannelId: config.checkIns.pmoChannelId, tabUrl })) > 0 && dispatcher.nudge(),
    logger,
  );
  const deadlines = new PeriodicTask(
    'inquiry deadlines',
    config.inquiries.deadlineIntervalSeconds,
    async () => (await queueDeadlineMessages(store, now(), tabUrl)) > 0 && dispatcher.nudge(),
    logger,
  );
  // お知らせ follow-up (reminders the business day before the 確認期限, after it the ward managers told) on the inquiry deadlines' beat.
  const noticeFollowUps = new PeriodicTask(
    'notice follow-up',
    config.inquiries.deadlineIntervalSeconds,
    async () => (await queueNoticeFollowUps(store, now(), tabUrl)) > 0 && dispatcher.nudge(),
    logger,
  );
  // 照会 follow-up (reminders the business day before and after the 回答期限, the ward managers told) on the same beat.
  const surveyFollowUps = new PeriodicTask(
    'survey follow-up',
    config.inquiries.deadlineIntervalSeconds,
    async () => (await queueSurveyFollowUps(store, now(), tabUrl)) > 0 && dispatcher.nudge(),
    logger,
  );
  // HQ's 照会 cards after a burst of answers (each answer in a burst leaves its update to this), within half a minute.
  const surveyCards = new PeriodicTask(
    'survey HQ cards',
    Math.min(30, config.inquiries.deadlineIntervalSeconds),
    async () => (await refreshSenderCards(store, now(), tabUrl)) > 0 && dispatcher.nudge(),
    logger,
  );
  let lastHealth: 'ok' | 'degraded' | 'down' | undefined;
  const health = async () => {
    const report = await healthReport({ config, store, version, sharePoint, startupProblems });
    // App Service's health check asks every minute; a change of verdict is worth a line of its own.
    if (report.status !== lastHealth && (report.status !== 'ok' || lastHealth !== undefined)) {
      logger[report.status === 'ok' ? 'info' : 'warn'](`health ${report.status}`, {
        previous: lastHealth ?? null,
        degraded: report.degraded,
      });
    }
    lastHealth = report.status;
    return report;
  };
  observeGauges({ outboxByStatus: () => store.outbox.countByStatus(), healthStatus: () => lastHealth });
  const maintenance = capabilities.maintenance.map((job) => new PeriodicTask(job.name, job.intervalSeconds, () => job.run(), logger));
  const app: AppServer = createServer({
    activities: activityEndpoint(adapter, router),
    authenticator,
    routes: apiRoutes({
      config,
      store,
      search,
      manualsVisibleTo: manualsOnBehalfOf(config, capabilities),
      logger,
      now,
      tabUrl,
      nudge: () => dispatcher.nudge(),
    }),
    health,
    tabDir: options.tabDir ?? path.join(projectRoot(), 'dist', 'tab'),
    logger,
    rateLimits: config.api,
    hsts: config.mode === 'production',
    localHosts: config.mode === 'local' ? [...LOOPBACK_HOSTS, ...(config.publicHostname ? [config.publicHostname] : [])] : undefined,
  });

  try {
    await new Promise<void>((resolve, reject) => {
      app.server.once('error', reject); // restify re-emits the HTTP server's errors (e.g. EADDRINUSE)
      app.server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info('server listening', { url, mode: config.mode, version, dataDir: config.dataDir });
  dispatcher.start();
  scheduler.start();
  deadlines.start();
  noticeFollowUps.start();
  surveyFollowUps.start();
  surveyCards.start();
  monthlySummary.start();
  for (const task of maintenance) task.start();
  // The analyser and the synonym dictionaries load at the first search (about 4 s); load them now,
  // so the first person searching (a compose-box query has 5 s) does not wait for them.
  const warmSearch = setTimeout(() => {
    const started = Date.now();
    search.prepare('判断事例');
    logger.info('search dictionaries loaded', { ms: Date.now() - started });
  }, 0);
  warmSearch.unref();

  let stopping: Promise<void> | undefined;
  return {
    url,
    tabUrl: config.publicHostname ? tabUrl : `${url}/tab/`,
    store,
    stop() {
      stopping ??= (async () => {
        await app.drain();
        await scheduler.stop();
        await deadlines.stop();
        await noticeFollowUps.stop();
        await surveyFollowUps.stop();
        await surveyCards.stop();
        await monthlySummary.stop();
        for (const task of maintenance) await task.stop();
        await dispatcher.stop();
        await store.close();
        logger.info('server stopped');
      })();
      return stopping;
    },
  };
}

/**
 * With SharePoint and the tab app's secret, the tab's マニュアル list is read as the signed-in
 * person (on-behalf-of): SharePoint's own permissions decide what they see. If the exchange
 * fails the list is refused, never read with the app's wider rights instead.
 */
function manualsOnBehalfOf(config: Config, { manualsVisibleTo }: StoreCapabilities) {
  const entra = config.auth?.entra;
  if (!manualsVisibleTo || !entra?.tabAppClientSecret || !config.bot) return undefined;
  const obo = new GraphOnBehalfOf({ clientId: entra.tabAppId, clientSecret: entra.tabAppClientSecret, tenantId: config.bot.tenantId });
  return async (reader: Actor) => {
    if (!reader.signInToken) throw new HttpError(401, 'Unauthenticated', 'サインインしてください (sign in)');
    try {
      return await manualsVisibleTo((await obo.graphToken(reader.signInToken)).accessToken);
    } catch (error) {
      if (error instanceof GraphOnBehalfOfError)
        throw new HttpError(403, error.needsUserInteraction ? 'ConsentRequired' : 'OnBehalfOfFailed', error.message);
      throw error;
    }
  };
}
