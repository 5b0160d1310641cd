import type { OnBehalfOfCredential, TokenCredentialOptions } from '@azure/identity';

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
  /** The login host (https); another cloud's if needed. */
  authorityHost?: string;
  /** Tests only: the HTTP client @azure/identity sends through (a local stand-in for Entra ID). */
  httpClient?: TokenCredentialOptions['httpClient'];
}

export const DEFAULT_GRAPH_SCOPES = ['https://graph.microsoft.com/Sites.Read.All'];

/** Credentials kept at once: one per user token, each holding its Graph token until it expires. */
const MAX_CACHED_USER_TOKENS = 500;

/**
 * Entra ID's answers that a person has to act on (consent, sign in again, multifactor), by the
 * OAuth error code or the AADSTS code. @azure/identity folds MSAL's InteractionRequiredAuthError
 * and every other refusal into one AuthenticationRequiredError, keeping only the message, so
 * the message is what tells them apart (a wrong secret must not ask the user to consent).
 */
const NEEDS_USER_INTERACTION = /\b(?:interaction_required|consent_required|login_required)\b|\bAADSTS(?:65001|50076|50079|50158|50173)\b/;

/** needsUserInteraction: the user must consent or sign in again (the tab should prompt, not retry). */
export class GraphOnBehalfOfError extends Error {
  constructor(
    message: string,
    readonly needsUserInteraction: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GraphOnBehalfOfError';
  }
}

export class GraphOnBehalfOf {
  private readonly scopes: string[];
  /** Oldest first (a Map keeps insertion order), so the first key is the one to drop. */
  private readonly credentials = new Map<string, OnBehalfOfCredential>();

  constructor(private readonly options: GraphOnBehalfOfOptions) {
    this.scopes = options.scopes ?? DEFAULT_GRAPH_SCOPES;
  }

  /** A Graph access token for the user of `userToken`; cached per user token until it expires. */
  async graphToken(userToken: string): Promise<{ accessToken: string; expiresOn: Date | null }> {
    let result;
    try {
      result = await (await this.credentialFor(userToken)).getToken(this.scopes);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new GraphOnBehalfOfError(
        `Graph のトークンを取得できません (on-behalf-of exchange failed: ${reason})`,
        NEEDS_USER_INTERACTION.test(reason),
        { cause: error },
      );
    }
    if (!result?.token) throw new GraphOnBehalfOfError('Graph のトークンを取得できません (on-behalf-of exchange returned no token)', false);
    return { accessToken: result.token, expiresOn: result.expiresOnTimestamp ? new Date(result.expiresOnTimestamp) : null };
  }

  /**
   * OnBehalfOfCredential holds one user token; its MSAL cache keeps that user's Graph token.
   * @azure/identity loads at the first exchange: a server without the tab's SharePoint manuals never needs it.
   */
  private async credentialFor(userToken: string): Promise<OnBehalfOfCredential> {
    let credential = this.credentials.get(userToken);
    if (!credential) {
      const { OnBehalfOfCredential } = await import('@azure/identity');
      const { clientId, clientSecret, tenantId, authorityHost, httpClient } = this.options;
      credential = new OnBehalfOfCredential({ tenantId, clientId, clientSecret, userAssertionToken: userToken, authorityHost, httpClient });
      if (this.credentials.size >= MAX_CACHED_USER_TOKENS) this.credentials.delete(this.credentials.keys().next().value!);
    }
    this.credentials.delete(userToken);
    this.credentials.set(userToken, credential);
    return credential;
  }
}
