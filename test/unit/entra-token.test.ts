import fc from 'fast-check';
import { createLocalJWKSet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { jwksFromOpenIdMetadata, verifyEntraToken, type EntraRejection, type EntraTokenPolicy } from '../../bot/platform/entra-token';
import { createSigningKey, hs256WithPublicKey, nowSeconds, signToken, startOpenIdServer, unsignedToken } from '../support/openid-server';

const TENANT = '66666666-7777-4888-9999-000000000000';
const OTHER_TENANT = '77777777-7777-4888-9999-000000000000';
const TAB_APP_ID = '22222222-3333-4444-8555-666666666666';
const APP_ID_URI = `api://renkei.example.lg.jp/${TAB_APP_ID}`;
const OID = '6b1e0c3a-0004-4000-8000-000000000004';
const GROUP = 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE';

const trusted = createSigningKey('entra-key-1');
const impostor = createSigningKey('entra-key-1'); // same kid, another key
const stranger = createSigningKey('entra-key-unknown');
const keys = createLocalJWKSet({ keys: [trusted.jwk] });
const policy: EntraTokenPolicy = { audiences: [TAB_APP_ID, APP_ID_URI], allowedTenants: [TENANT] };

/** What Entra ID puts in a v2 access token for the tab app (Teams SSO). */
const userClaims = (overrides: JWTPayload = {}): JWTPayload => ({
  iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
  aud: TAB_APP_ID,
  tid: TENANT,
  oid: OID,
  scp: 'access_as_user',
  roles: ['Renkei.PMO'],
  groups: [GROUP],
  iat: nowSeconds() - 60,
  nbf: nowSeconds() - 60,
  exp: nowSeconds() + 3600,
  ver: '2.0',
  ...overrides,
});

async function rejectionOf(token: string, keySet: JWTVerifyGetKey = keys): Promise<EntraRejection | 'accepted'> {
  const result = await verifyEntraToken(token, keySet, policy);
  if (result.ok) return 'accepted';
  expect(result.detail.length).toBeGreaterThan(0);
  return result.reason;
}

describe('Entra ID token verification', () => {
  it('accepts a valid v2 token and returns who it is for', async () => {
    const result = await verifyEntraToken(await signToken(trusted, userClaims()), keys, policy);
    expect(result).toEqual({
      ok: true,
      user: { objectId: OID, tenantId: TENANT, roles: ['Renkei.PMO'], groups: [GROUP.toLowerCase()], scopes: ['access_as_user'] },
    });
  });

  it('accepts a v1 token (sts.windows.net issuer, Application ID URI audience)', async () => {
    const token = await signToken(
      trusted,
      userClaims({ iss: `https://sts.windows.net/${TENANT}/`, aud: APP_ID_URI, ver: '1.0', roles: undefined, groups: undefined }),
    );
    const result = await verifyEntraToken(token, keys, policy);
    expect(result).toMatchObject({ ok: true, user: { objectId: OID, roles: [], groups: [] } });
  });

  it('tolerates a small clock difference, not more', async () => {
    expect(await rejectionOf(await signToken(trusted, userClaims({ exp: nowSeconds() - 30 })))).toBe('accepted');
    expect(await rejectionOf(await signToken(trusted, userClaims({ nbf: nowSeconds() + 30 })))).toBe('accepted');
  });

  it.each<[string, () => Promise<string>, EntraRejection]>([
    ['signed by another key under the trusted kid', () => signToken(impostor, userClaims()), 'signature'],
    ['signed by a key the tenant does not publish', () => signToken(stranger, userClaims()), 'unknown-key'],
    [
      'with a tampered payload',
      async () => tamper(await signToken(trusted, userClaims()), { oid: '6b1e0c3a-0006-4000-8000-000000000006' }),
      'signature',
    ],
    ['from another issuer', () => signToken(trusted, userClaims({ iss: 'https://evil.example/v2.0' })), 'issuer'],
    [
      'issued by another tenant than its tid says',
      () => signToken(trusted, userClaims({ iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })),
      'issuer',
    ],
    ['for another app (audience)', () => signToken(trusted, userClaims({ aud: '99999999-3333-4444-8555-666666666666' })), 'audience'],
    ['for Microsoft Graph (audience)', () => signToken(trusted, userClaims({ aud: 'https://graph.microsoft.com' })), 'audience'],
    ['expired', () => signToken(trusted, userClaims({ exp: nowSeconds() - 600 })), 'expired'],
    ['not yet valid', () => signToken(trusted, userClaims({ nbf: nowSeconds() + 600 })), 'not-yet-valid'],
    [
      'from a tenant not in the allow-list',
      () => signToken(trusted, userClaims({ tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })),
      'tenant',
    ],
    ['unsigned (alg none)', async () => unsignedToken(userClaims(), trusted.kid), 'algorithm'],
    ['HS256 keyed with the public key (algorithm confusion)', () => hs256WithPublicKey(trusted, userClaims()), 'algorithm'],
    [
      'of an application, not a user (no scp)',
      () => signToken(trusted, userClaims({ scp: undefined, roles: ['Renkei.Admin'] })),
      'not-a-user-token',
    ],
    ['without oid', () => signToken(trusted, userClaims({ oid: undefined })), 'claims'],
    ['without exp', () => signToken(trusted, userClaims({ exp: undefined })), 'claims'],
    ['that is not a JWT', async () => 'not-a-token', 'malformed'],
  ])('rejects a token %s', async (_name, token, reason) => {
    expect(await rejectionOf(await token())).toBe(reason);
  });

  it('refuses a token that names no signing key as the token’s fault, whatever else its header says', async () => {
    // Entra ID publishes several keys at once; a token without kid matches none of them by name.
    const published = createLocalJWKSet({ keys: [trusted.jwk, stranger.jwk, createSigningKey('entra-key-2').jwk] });
    const headers = fc.record(
      {
        kid: fc.constantFrom(undefined, '', 0, 123, null, false, ['entra-key-1'], { id: 'entra-key-1' }),
        typ: fc.constantFrom('JWT', 'at+jwt', undefined),
        x5t: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(headers, fc.constantFrom(published, keys), async (header, keySet) => {
        const token = await signToken(trusted, userClaims(), { kid: undefined, ...header });
        expect(await rejectionOf(token, keySet)).toBe('unknown-key');
      }),
      { numRuns: 60 },
    );
  });

  it('says the keys are unavailable (not that the token is bad) when they cannot be fetched', async () => {
    const failing = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    expect(await rejectionOf(await signToken(trusted, userClaims()), failing)).toBe('keys-unavailable');
  });
});

describe('signing keys from OpenID metadata', () => {
  it('finds the keys through the metadata document and caches them', async () => {
    const openId = await startOpenIdServer({ issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`, keys: [trusted.jwk] });
    try {
      const remote = jwksFromOpenIdMetadata(openId.metadataUrl);
      expect(await rejectionOf(await signToken(trusted, userClaims()), remote)).toBe('accepted');
      expect(await rejectionOf(await signToken(trusted, userClaims()), remote)).toBe('accepted');
      expect(await rejectionOf(await signToken(impostor, userClaims()), remote)).toBe('signature');
      expect(openId.requests).toEqual(['/.well-known/openid-configuration', '/keys']);
    } finally {
      await openId.close();
    }
  });

  it('refuses keys from a plain-http address other than the metadata itself', async () => {
    const openId = await startOpenIdServer({ issuer: 'x', keys: [trusted.jwk], jwksUri: 'http://keys.example/keys' });
    try {
      expect(await rejectionOf(await signToken(trusted, userClaims()), jwksFromOpenIdMetadata(openId.metadataUrl))).toBe(
        'keys-unavailable',
      );
      expect(openId.requests).toEqual(['/.well-known/openid-configuration']);
    } finally {
      await openId.close();
    }
  });

  it('reports unreachable metadata as keys unavailable, and tries again on the next token', async () => {
    const openId = await startOpenIdServer({ issuer: 'x', keys: [trusted.jwk], metadataPath: '/elsewhere' });
    try {
      const remote = jwksFromOpenIdMetadata(`${openId.url}/.well-known/openid-configuration`); // answers 404
      expect(await rejectionOf(await signToken(trusted, userClaims()), remote)).toBe('keys-unavailable');
      expect(await rejectionOf(await signToken(trusted, userClaims()), remote)).toBe('keys-unavailable');
      expect(openId.requests).toHaveLength(2);
    } finally {
      await openId.close();
    }
  });
});

/** Replaces claims in a signed token without re-signing it. */
function tamper(token: string, claims: JWTPayload): string {
  const [header, payload, signature] = token.split('.');
  const changed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...claims };
  return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
}
