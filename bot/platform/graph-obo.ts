import { ConfidentialClientApplication, InteractionRequiredAuthError, LogLevel } from '@azure/msal-node';

/**
 * On-behalf-of: exchanges the signed-in user's token for the tab app (what the tab sends, see
 * request-auth.ts) for a Microsoft Graph token that acts as that user, so SharePoint applies the
 * user's own permissions. The exchange is made by the tab app, the API the user's token was
 * issued for, with its secret. The tab's マニュアル list uses it (app.ts, manualsOnBehalfOf).
 */

export interface GraphOnBehalfOfOptions {
  /** The tab app's client id (the `aud` of the user's token). */
  clientId: string;
  clientSecret: string;
  tenantId: string;
  /** Delegated Graph permissions to ask for; by default reading the SharePoint site's lists. */
  scopes?: string[];
  /** The login host; another cloud's, or a test's (with authorityMetadata). */
  authorityHost?: string;
  /**
   * The authority's OpenID metadata and Microsoft's cloud discovery answer, as JSON. With both,
   * MSAL makes no discovery request before the token request (air-gapped hosts, tests).
   */
  authorityMetadata?: string;
  cloudDiscoveryMetadata?: string;
}

export const DEFAULT_GRAPH_SCOPES = ['https://graph.microsoft.com/Sites.Read.All'];

/** needsUserInteraction: the user must consent or sign in again (the tab should prompt, not retry). */
export class GraphOnBehalfOfError extends Error {
  constructor(message: string, readonly needsUserInteraction: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GraphOnBehalfOfError';
  }
}

export class GraphOnBehalfOf {
  private readonly client: ConfidentialClientApplication;
  private readonly scopes: string[];

  constructor(options: GraphOnBehalfOfOptions) {
    this.scopes = options.scopes ?? DEFAULT_GRAPH_SCOPES;
    this.client = new ConfidentialClientApplication({
      auth: {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        authority: `${options.authorityHost ?? 'https://login.microsoftonline.com'}/${options.tenantId}`,
        authorityMetadata: options.authorityMetadata,
        cloudDiscoveryMetadata: options.cloudDiscoveryMetadata,
      },
      // MSAL's own logging could include request details; errors reach our logs through the caller.
      system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined } },
    });
  }

  /** A Graph access token for the user of `userToken`; MSAL caches it per user token until it expires. */
  async graphToken(userToken: string): Promise<{ accessToken: string; expiresOn: Date | null }> {
    let result;
    try {
      result = await this.client.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: this.scopes });
    } catch (error) {
      const needsUserInteraction = error instanceof InteractionRequiredAuthError;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new GraphOnBehalfOfError(`Graph のトークンを取得できません (on-behalf-of exchange failed: ${reason})`, needsUserInteraction, { cause: error });
    }
    if (!result?.accessToken) throw new GraphOnBehalfOfError('Graph のトークンを取得できません (on-behalf-of exchange returned no token)', false);
    return { accessToken: result.accessToken, expiresOn: result.expiresOn };
  }
}
