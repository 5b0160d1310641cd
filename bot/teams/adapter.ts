import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
} from 'botframework-connector';
import type { Config } from '../platform/config';
import { t } from '../platform/i18n';
import type { Logger } from '../platform/logger';
import { CORRELATION_HEADER, currentCorrelation } from '../platform/telemetry/correlation';
import type { ActivityRouter } from './activity-router';

/**
 * botbuilder's CloudAdapter. In production it validates the Bot Framework JWT on every
 * request (signature against the channel's OpenID keys, issuer https://api.botframework.com,
 * audience = MicrosoftAppId, serviceurl claim = the activity's serviceUrl) before any turn runs;
 * in local mode (Playground) it runs without credentials, which config.ts refuses whenever
 * APP_MODE=production.
 */
export function createCloudAdapter(config: Config, logger: Logger): CloudAdapter {
  if (config.mode === 'production' && (!config.bot || !config.auth)) throw new Error('production requires Bot credentials');
  const settings: ConfigurationBotFrameworkAuthenticationOptions =
    config.bot && config.auth
      ? {
          MicrosoftAppId: config.bot.appId,
          MicrosoftAppPassword: config.bot.password ?? '',
          MicrosoftAppType: config.bot.appType,
          MicrosoftAppTenantId: config.bot.tenantId,
          // Once any of these is set botbuilder takes all of them as given (BotFrameworkAuthenticationFactory),
          // so the public-cloud values are spelled out and only the channel's OpenID metadata is configurable.
          ToBotFromChannelOpenIdMetadataUrl: config.auth.botOpenIdMetadataUrl,
          ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
          ValidateAuthority: true,
        }
      : {};
  const adapter = new CloudAdapter(new BotAuthentication(settings, logger));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error('turn failed', { error, activityType: context.activity.type, conversationId: context.activity.conversation?.id });
    if (context.activity.type === 'message') {
      // Who is asking is not known here (the turn failed): the configured default language.
      await context.sendActivity(t(config.defaultLocale, 'turnError')).catch(() => undefined);
    }
  };
  return adapter;
}

/**
 * What the HTTP server hands each POST /api/messages to: the adapter authenticates the request,
 * the router runs the turn, and the response is written. The server sees no botbuilder type.
 */
export type ActivityEndpoint = (req: Request, res: Response) => Promise<void>;

export function activityEndpoint(adapter: CloudAdapter, router: ActivityRouter): ActivityEndpoint {
  return (req, res) => adapter.process(req, res, (context) => router.onTurn(context));
}

/** jsonwebtoken's errors: a bad signature, `alg: none`, a malformed or expired token. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * Two adjustments to botbuilder's authentication:
 * - botbuilder lets jsonwebtoken's own errors escape, which CloudAdapter answers with 500; a
 *   token that fails verification is the caller's problem and is answered 401 like the others.
 * - The connector client's HTTP pipeline retries 429s and 5xx itself (up to 4 attempts, hidden
 *   from the caller). The outbox must see every 429 to honour Retry-After across messages and
 *   must own retries and their count, so the client's retry policy is removed.
 * - Every connector call carries the correlation id of the turn or outbox send that made it
 *   (client-request-id), so a send can be matched with our logs and Microsoft's.
 */
class BotAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly logger: Logger,
  ) {
    super(settings);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      const result = await super.authenticateRequest(activity, authHeader);
      // The turn's replies go through this factory (not createConnectorFactory's), retries and all.
      return result.connectorFactory
        ? { ...result, connectorFactory: new CorrelatedConnectors(result.connectorFactory, { keepSdkRetries: true }) }
        : result;
    } catch (error) {
      // Only the reason is logged, never the header: it carries the token.
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.logger.warn('bot request refused', { reason, channelId: activity.channelId });
      if (error instanceof Error && TOKEN_ERRORS.has(error.name))
        throw new AuthenticationError(`Unauthorized. ${error.message}`, StatusCodes.UNAUTHORIZED);
      throw error;
    }
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CorrelatedConnectors(super.createConnectorFactory(claimsIdentity), { keepSdkRetries: false });
  }
}

/** Connector clients that send the correlation id, and (for the outbox) without the SDK's own retries. */
class CorrelatedConnectors extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly options: { keepSdkRetries: boolean },
  ) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const client = await this.inner.create(serviceUrl, audience);
    const pipeline = (client as unknown as { client?: { pipeline?: ConnectorPipeline } }).client?.pipeline;
    if (!this.options.keepSdkRetries) pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
    if (pipeline && !pipeline.getOrderedPolicies().some((policy) => policy.name === CORRELATION_POLICY.name))
      pipeline.addPolicy(CORRELATION_POLICY);
    return client;
  }
}

/** The part of @azure/core-rest-pipeline's Pipeline the connector client exposes (not a dependency of ours). */
interface PipelinePolicy {
  name: string;
  sendRequest(
    request: { headers: { set(name: string, value: string): void } },
    next: (request: unknown) => Promise<unknown>,
  ): Promise<unknown>;
}
interface ConnectorPipeline {
  removePolicy(options: { name: string }): unknown;
  addPolicy(policy: PipelinePolicy): void;
  getOrderedPolicies(): { name: string }[];
}

const CORRELATION_POLICY: PipelinePolicy = {
  name: 'renkeiCorrelationId',
  sendRequest(request, next) {
    const correlation = currentCorrelation();
    if (correlation) request.headers.set(CORRELATION_HEADER, correlation.correlationId);
    return next(request);
  },
};
