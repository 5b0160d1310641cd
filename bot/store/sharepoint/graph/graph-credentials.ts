import fs from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication, LogLevel, ManagedIdentityApplication } from '@azure/msal-node';
import type { GraphCredentialConfig } from '../../../platform/config';

const GRAPH_APP_SCOPE = 'https://graph.microsoft.com/.default';
const quietLogger = { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined } };

/**
 * Reads a PEM holding the private key and its certificate, the app's own first, then any
 * chain (as Key Vault and openssl export them). MSAL takes the chain as PEM for x5c.
 */
export function readCertificatePem(pem: string): { privateKey: string; thumbprintSha256: string; x5c: string } {
  const key = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem)?.[0];
  const chain = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const [own] = chain;
  if (!key || !own) throw new Error('証明書ファイルに秘密鍵と証明書の両方が必要です (the PEM must hold the private key and the certificate)');
  return { privateKey: key, thumbprintSha256: new X509Certificate(own).fingerprint256.replace(/:/g, ''), x5c: chain.join('\n') };
}

/**
 * App-only Graph tokens. With a certificate, MSAL signs a client assertion (no secret leaves
 * the machine) and sends x5c so Entra can accept a renewed certificate; with a managed
 * identity, App Service hands out the token. MSAL caches tokens until shortly before expiry.
 */
export function graphAccessToken(credential: GraphCredentialConfig, options: { authorityMetadata?: string; cloudDiscoveryMetadata?: string } = {}): () => Promise<string> {
  if (credential.kind === 'fixedToken') return async () => credential.token;
  if (credential.kind === 'managedIdentity') {
    const app = new ManagedIdentityApplication({ managedIdentityIdParams: credential.clientId ? { userAssignedClientId: credential.clientId } : undefined, system: quietLogger });
    return async () => (await app.acquireToken({ resource: 'https://graph.microsoft.com' })).accessToken;
  }
  const { privateKey, thumbprintSha256, x5c } = readCertificatePem(fs.readFileSync(credential.certificatePath, 'utf8'));
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: credential.clientId,
      authority: `${credential.authorityHost}/${credential.tenantId}`,
      clientCertificate: { thumbprintSha256, privateKey, x5c },
      authorityMetadata: options.authorityMetadata,
      cloudDiscoveryMetadata: options.cloudDiscoveryMetadata,
    },
    system: quietLogger,
  });
  return async () => {
    const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_APP_SCOPE] });
    if (!result?.accessToken) throw new Error('Graph のトークンを取得できませんでした (no token from Entra ID)');
    return result.accessToken;
  };
}
