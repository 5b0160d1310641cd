import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, type JWK, type JWTPayload } from 'jose';

/**
 * A local stand-in for the identity providers whose keys the server trusts in production: it
 * serves an OpenID metadata document (as login.botframework.com and Entra ID do) whose jwks_uri
 * lists the public halves of keys the test generates, so the test can sign tokens the server
 * accepts, and others it must refuse.
 */

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as published in a JWKS. */
  jwk: JWK & { kid: string; alg: 'RS256'; use: 'sig' };
}

/** A fresh RSA key pair (2048 bits) named `kid`. Two calls with the same kid give different keys. */
export function createSigningKey(kid: string): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey, jwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'RS256', use: 'sig' } };
}

/** An RS256 JWT with the given claims, signed by `key` (times in seconds since the epoch, as in JWTs). */
export function signToken(key: SigningKey, claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }).sign(key.privateKey);
}

/** A JWT with `alg: none` and no signature, naming a trusted kid (what a forger would send). */
export function unsignedToken(claims: JWTPayload, kid: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT', kid })}.${part(claims)}.`;
}

/** Algorithm confusion: an HS256 token "signed" with the RSA public key's PEM as the shared secret. */
export function hs256WithPublicKey(key: SigningKey, claims: JWTPayload): Promise<string> {
  const secret = new Uint8Array(Buffer.from(key.publicKey.export({ type: 'spki', format: 'pem' }) as string));
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid }).sign(secret);
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface OpenIdServer {
  url: string;
  /** The metadata document's URL (BOT_OPENID_METADATA_URL / ENTRA_OPENID_METADATA_URL). */
  metadataUrl: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** `jwksUri` overrides where the metadata says the keys are (default: this server's /keys). */
export async function startOpenIdServer(options: {
  issuer: string;
  keys: object[];
  metadataPath?: string;
  jwksUri?: string;
}): Promise<OpenIdServer> {
  const metadataPath = options.metadataPath ?? '/.well-known/openid-configuration';
  const requests: string[] = [];
  let url = '';
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://openid').pathname;
    requests.push(path);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return send(405, { error: 'method not allowed' });
    if (path === metadataPath) {
      return send(200, {
        issuer: options.issuer,
        jwks_uri: options.jwksUri ?? `${url}/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (path === '/keys') return send(200, { keys: options.keys });
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    metadataUrl: `${url}${metadataPath}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
