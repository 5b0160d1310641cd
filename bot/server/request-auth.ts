import type { JWTVerifyGetKey } from 'jose';
import type { Request } from 'restify';
import type { Role } from '../directory/model';
import type { Config, EntraSignInConfig } from '../platform/config';
import { jwksFromOpenIdMetadata, verifyEntraToken } from '../platform/entra-token';
import { resolveActorByEntraId, resolveActorByPersonId, type Actor } from '../platform/identity';
import { silentLogger, type Logger } from '../platform/logger';
import type { Store } from '../store/ports';
import { HttpError } from './http-errors';

/**
 * Who is calling the tab's API. Local mode: the demo sign-in picker sends
 * `Authorization: Demo <personId>`. Production accepts only Entra ID access tokens of the tab app
 * (Teams SSO: `Authorization: Bearer <authentication.getAuthToken()>`), validated here; without
 * TAB_APP_ID every API call is refused, never let through.
 */
export interface RequestAuthenticator {
  authenticate(req: Request): Promise<Actor>;
}

export function createRequestAuthenticator(
  config: Config,
  store: Store,
  options: { logger?: Logger; keys?: JWTVerifyGetKey } = {},
): RequestAuthenticator {
  if (config.mode === 'local') return new DemoSignInAuthenticator(store);
  const entra = config.auth?.entra;
  if (!entra) return new RefuseAllAuthenticator();
  return new EntraTokenAuthenticator(
    store,
    entra,
    options.keys ?? jwksFromOpenIdMetadata(entra.openIdMetadataUrl),
    options.logger ?? silentLogger,
  );
}

class DemoSignInAuthenticator implements RequestAuthenticator {
  constructor(private readonly store: Store) {}

  async authenticate(req: Request): Promise<Actor> {
    const header = req.header('authorization') ?? '';
    const match = /^Demo\s+([\w.-]{1,64})$/.exec(header.trim());
    if (!match)
      throw new HttpError(
        401,
        'Unauthenticated',
        'サインインしてください。Authorization: Demo <personId> が必要です (sign in: Authorization: Demo <personId> required)',
      );
    const resolution = await resolveActorByPersonId(this.store, match[1]);
    if (resolution.kind === 'unknown') throw new HttpError(401, 'UnknownPerson', resolution.reason);
    return resolution.actor;
  }
}

class RefuseAllAuthenticator implements RequestAuthenticator {
  async authenticate(): Promise<Actor> {
    throw new HttpError(
      401,
      'SignInNotConfigured',
      'Entra ID サインインが構成されていないため、API は使えません (Entra ID sign-in is not configured; the API refuses every request)',
    );
  }
}

/**
 * Production: a valid token's `oid` is looked up in the staff directory (the same id Teams sends
 * as aadObjectId), and the Entra app roles and groups in ENTRA_ROLE_MAP add roles to the
 * directory's. The token itself is never logged.
 */
class EntraTokenAuthenticator implements RequestAuthenticator {
  constructor(
    private readonly store: Store,
    private readonly settings: EntraSignInConfig,
    private readonly keys: JWTVerifyGetKey,
    private readonly logger: Logger,
  ) {}

  async authenticate(req: Request): Promise<Actor> {
    const token = /^Bearer\s+(\S+)$/i.exec((req.header('authorization') ?? '').trim())?.[1];
    if (!token) {
      // RFC 6750: a refused bearer request says so in WWW-Authenticate.
      throw new HttpError(
        401,
        'Unauthenticated',
        'サインインしてください。Entra ID のトークン (Authorization: Bearer) が必要です (sign in: an Entra ID bearer token is required)',
        { 'WWW-Authenticate': 'Bearer' },
      );
    }

    const result = await verifyEntraToken(token, this.keys, {
      audiences: this.settings.audiences,
      allowedTenants: this.settings.allowedTenants,
    });
    if (!result.ok && result.reason === 'keys-unavailable') {
      this.logger.error('sign-in keys unavailable', { detail: result.detail });
      throw new HttpError(
        503,
        'SignInUnavailable',
        'サインインを確認できません。しばらくしてから再度お試しください (cannot verify sign-in now: Entra ID signing keys unavailable)',
      );
    }
    if (!result.ok) {
      this.logger.warn('sign-in token refused', { reason: result.reason, detail: result.detail });
      throw new HttpError(
        401,
        'InvalidToken',
        `サインインのトークンが無効です。タブを開き直してください (invalid token: ${result.reason})`,
        {
          'WWW-Authenticate': `Bearer error="invalid_token", error_description="${result.reason}"`,
        },
      );
    }

    const resolution = await resolveActorByEntraId(this.store, result.user.objectId);
    if (resolution.kind === 'unknown') {
      this.logger.warn('signed-in user not in directory', { objectId: result.user.objectId, tenantId: result.user.tenantId });
      throw new HttpError(
        403,
        'UnknownPerson',
        `サインインは確認できましたが、このアプリを使えません: ${resolution.reason}。管理者に連絡してください (signed in, but not allowed to use this app; contact an administrator)`,
      );
    }
    return {
      ...withMappedRoles(resolution.actor, [...result.user.roles, ...result.user.groups], this.settings.roleMap),
      signInToken: token,
    };
  }
}

/** The directory's roles plus those ENTRA_ROLE_MAP grants for the token's app roles and groups. */
function withMappedRoles(actor: Actor, keys: string[], roleMap: ReadonlyMap<string, readonly Role[]>): Actor {
  const granted = keys.flatMap((key) => roleMap.get(key) ?? []);
  if (granted.every((role) => actor.roles.has(role))) return actor;
  return { ...actor, roles: new Set([...actor.roles, ...granted]) };
}
