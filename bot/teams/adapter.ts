import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { ConnectorFactory, type ClaimsIdentity, type ConnectorClient } from 'botframework-connector';
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
  const adapter = new CloudAdapter(new OutboxOwnsRetriesAuthentication(settings));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error('turn failed', { error, activityType: context.activity.type, conversationId: context.activity.conversation?.id });
    if (context.activity.type === 'message') {
      await context.sendActivity(t('ja', 'turnError')).catch(() => undefined);
    }
  };
  return adapter;
}

/**
 * The connector client's HTTP pipeline retries 429s and 5xx itself (up to 4 attempts, hidden
 * from the caller). The outbox must see every 429 to honour Retry-After across messages and
 * must own retries and their count, so the client's retry policy is removed.
 */
class OutboxOwnsRetriesAuthentication extends ConfigurationBotFrameworkAuthentication {
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new WithoutSdkRetries(super.createConnectorFactory(claimsIdentity));
  }
}

class WithoutSdkRetries extends ConnectorFactory {
  constructor(private readonly inner: ConnectorFactory) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const client = await this.inner.create(serviceUrl, audience);
    const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } }).client?.pipeline;
    pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
    return client;
  }
}
