import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Config } from '../platform/config';
import { t } from '../platform/i18n';
import type { Logger } from '../platform/logger';

/**
 * botbuilder's CloudAdapter. In production it validates the Bot Framework JWT on every
 * request with the configured credentials; in local mode (Playground) it runs without
 * credentials, which config.ts refuses whenever APP_MODE=production.
 */
export function createCloudAdapter(config: Config, logger: Logger): CloudAdapter {
  const settings = config.bot
    ? {
        MicrosoftAppId: config.bot.appId,
        MicrosoftAppPassword: config.bot.password ?? '',
        MicrosoftAppType: config.bot.appType,
        MicrosoftAppTenantId: config.bot.tenantId,
      }
    : {};
  if (config.mode === 'production' && !config.bot) throw new Error('production requires Bot credentials');
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error('turn failed', { error, activityType: context.activity.type, conversationId: context.activity.conversation?.id });
    if (context.activity.type === 'message') {
      await context.sendActivity(t('ja', 'turnError')).catch(() => undefined);
    }
  };
  return adapter;
}
