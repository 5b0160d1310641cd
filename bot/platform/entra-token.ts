import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/**
 * Verifies the Entra ID access token the tab sends (Teams SSO: authentication.getAuthToken()).
 * Pure apart from the key getter it is given: the tenant's signing keys from Entra ID in
 * production (jwksFromOpenIdMetadata), a local key set in tests.
 */

export interface EntraTokenPolicy {
  /** Accepted `aud` values: the tab app's client id and/or its Application ID URI. */
  audiences: string[];
  /** Tenants whose users may sign in (lower-case GUIDs). */
  allowedTenants: string[];
  /** Clock difference tolerated on exp and nbf, in seconds. */
  clockToleranceSeconds?: number;
  /** The time to verify at (tests); now by default. */
  currentDate?: Date;
}

/** What a valid token says about the signed-in user. */
export interface EntraUser {
  /** `oid`: the user's object id, the same as activity.from.aadObjectId in Teams. */
  objectId: string;
  /** `tid` (lower-case). */
  tenantId: string;
  /** `roles`: the Entra app roles assigned to the user for the tab app. */
  roles: string[];
  /** `groups`: group object ids (lower-case), when the app registration emits them. */
  groups: string[];
  /** `scp`: the delegated scopes, e.g. access_as_user. */
  scopes: string[];
}

export type EntraRejection =
  | 'malformed'
  | 'algorithm'
  | 'unknown-key'
  | 'signature'
  | 'expired'
  | 'not-yet-valid'
  | 'audience'
  | 'issuer'
  | 'tenant'
  | 'claims'
  | 'not-a-user-token'
  /** Not the token's fault: the signing keys could not be fetched. */
  | 'keys-unavailable';

export type EntraVerification = { ok: true; user: EntraUser } | { ok: false; reason: EntraRejection; detail: string };

/** Entra ID signs access tokens with RS256 only; anything else (none, HS256 with the public key as secret) is refused. */
const ALGORITHMS = ['RS256'];
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;

export async function verifyEntraToken(token: string, keys: JWTVerifyGetKey, policy: EntraTokenPolicy): Promise<EntraVerification> {
  // Entra ID names its signing key in every token. Without a kid, jose would try each published
  // key or fail with "multiple matching keys", which is the token's fault, not the key source's.
  if (!namesSigningKey(token)) return reject('unknown-key', 'the token names no signing key (kid)');
  let payload: JWTPayload;
  try {
    // jose checks the signature before any claim, so every claim read below is the issuer's.
    ({ payload } = await jwtVerify(token, keys, {
      algorithms: ALGORITHMS,
      audience: policy.audiences,
      clockTolerance: policy.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'iss', 'tid', 'oid'],
      currentDate: policy.currentDate,
    }));
  } catch (error) {
    return rejectionFor(error);
  }

  const tid = stringClaim(payload, 'tid');
  const oid = stringClaim(payload, 'oid');
  if (!tid || !oid) return reject('claims', 'tid and oid must be strings');
  const tenantId = tid.toLowerCase();
  if (!policy.allowedTenants.includes(tenantId)) return reject('tenant', `tenant ${tenantId} is not allowed`);
  // The common metadata's keys sign for every tenant, so the issuer must be the token's own tenant (v2 or v1 form).
  if (payload.iss !== `https://login.microsoftonline.com/${tid}/v2.0` && payload.iss !== `https://sts.windows.net/${tid}/`) {
    return reject('issuer', `issuer ${String(payload.iss)} is not tenant ${tenantId}`);
  }
  const scopes = (stringClaim(payload, 'scp') ?? '').split(' ').filter(Boolean);
  // An app-only token (client credentials) has roles but no scp; only a signed-in user may act.
  if (scopes.length === 0) return reject('not-a-user-token', 'no scp claim: an application token, not a signed-in user');

  return {
    ok: true,
    user: {
      objectId: oid,
      tenantId,
      roles: stringsClaim(payload, 'roles'),
      groups: stringsClaim(payload, 'groups').map((group) => group.toLowerCase()),
      scopes,
    },
  };
}

/** True when the header is readable and has a non-empty string kid; an unreadable one is left to jose (malformed). */
function namesSigningKey(token: string): boolean {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return true;
  }
  return typeof header.kid === 'string' && header.kid.length > 0;
}

function reject(reason: EntraRejection, detail: string): EntraVerification {
  return { ok: false, reason, detail };
}

function rejectionFor(error: unknown): EntraVerification {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof errors.JWTExpired) return reject('expired', detail);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return reject('audience', detail);
    if (error.claim === 'nbf') return reject('not-yet-valid', detail);
    return reject('claims', detail);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return reject('algorithm', detail);
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return reject('unknown-key', detail);
  if (error instanceof errors.JWSSignatureVerificationFailed) return reject('signature', detail);
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return reject('malformed', detail);
  // What remains is about the key source (timeouts, HTTP errors, a bad key set), not the token.
  return reject('keys-unavailable', detail);
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function stringsClaim(payload: JWTPayload, name: string): string[] {
  const value = payload[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

const DISCOVERY_TIMEOUT_MS = 5000;

/**
 * The signing keys named by an OpenID metadata document's jwks_uri. The document is read on first
 * use (and again after a failure); jose caches the keys and refetches them when a token names a
 * key it does not know (at most every 30 s), which is how Entra ID's key rollover reaches us.
 */
export function jwksFromOpenIdMetadata(metadataUrl: string): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const response = await fetch(metadataUrl, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`OpenID metadata ${metadataUrl} answered ${response.status}`);
    const jwksUri = ((await response.json()) as { jwks_uri?: unknown }).jwks_uri;
    if (typeof jwksUri !== 'string') throw new Error(`OpenID metadata ${metadataUrl} has no jwks_uri`);
    const url = new URL(jwksUri);
    // Keys come over https, or (tests) from the same loopback origin config.ts allowed for the metadata.
    if (url.protocol !== 'https:' && url.origin !== new URL(metadataUrl).origin) throw new Error(`jwks_uri ${jwksUri} must use https`);
    return createRemoteJWKSet(url, { timeoutDuration: DISCOVERY_TIMEOUT_MS });
  };
  return async (header, token) => {
    keys ??= discover().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return (await keys)(header, token);
  };
}
