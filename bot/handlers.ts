import type { Config } from './platform/config';
import type { Logger } from './platform/logger';
import { registerCheckInHandlers } from './checkins/register';
import { helpCommand } from './help/help-command';
import { pingCommand } from './help/ping-command';
import { whoamiCommand } from './help/whoami-command';
import { registerInquiryHandlers } from './inquiries/register';
import { registerNoticeHandlers } from './notices/register';
import { rulingMessageExtension } from './rulings/message-extension';
import type { RulingSearch } from './rulings/search/ruling-search';
import type { Store } from './store/ports';
import { registerSurveyHandlers } from './surveys/register';
import { HandlerRegistry } from './teams/handler-registry';

/** The command a new conversation (installation, bot added to a team) is answered with. */
export const WELCOME_COMMAND = 'ヘルプ';

/**
 * Every command and card verb the bot answers, in one registry. The server and the in-process
 * turn tests (test/support/turn-harness.ts) both build the bot from here, so a test presses
 * exactly the handlers Teams reaches.
 */
export function buildHandlerRegistry(deps: {
  store: Store;
  logger: Logger;
  now: () => Date;
  config: Pick<Config, 'checkIns' | 'inquiries' | 'installation'>;
  tabUrl: string;
  search: RulingSearch;
  /** Wakes the outbox dispatcher after a handler queued messages. */
  nudge: () => void;
}): HandlerRegistry {
  const { store, logger, now, config, tabUrl, search, nudge } = deps;
  const registry = new HandlerRegistry();
  registry.addCommand(helpCommand({ commandHelp: () => registry.commandHelp(), tabUrl }));
  registry.addCommand(whoamiCommand());
  registry.addCommand(pingCommand());
  registerCheckInHandlers(registry, { store, logger, now, settings: config.checkIns, nudge, installsApp: Boolean(config.installation) });
  registerInquiryHandlers(registry, {
    store,
    logger,
    now,
    tabUrl,
    nudge,
    search,
    defaultDueBusinessDays: config.inquiries.defaultDueBusinessDays,
  });
  registerNoticeHandlers(registry, { store, logger, now, tabUrl, nudge, installsApp: Boolean(config.installation) });
  registerSurveyHandlers(registry, { store, logger, now, tabUrl, nudge });
  registry.addMessageExtension(rulingMessageExtension({ search, store, tabUrl }));
  return registry;
}
