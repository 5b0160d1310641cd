import fs from 'node:fs';
import { ClientCertificateCredential, ManagedIdentityCredential, type TokenCredential, type TokenCredentialOptions } from '@azure/identity';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { GraphCredentialConfig } from '../../../platform/config';

const GRAPH_APP_SCOPE = 'https://graph.microsoft.com/.default';

/** Tests only: the HTTP client @azure/identity sends through (a local stand-in for Entra ID). */
export interface GraphCredentialOptions {
  httpClient?: TokenCredentialOptions['httpClient'];
}

/**
 * Checks the PEM holds the private key and its certificate, the app's own first, then any chain
 * (as Key Vault and openssl export them), so a wrong file is refused at start, in Japanese.
 */
export function readCertificatePem(pem: string): { privateKey: string; chain: string[] } {
  const privateKey = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem)?.[0];
  const chain = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!privateKey || chain.length === 0)
    throw new Error('証明書ファイルに秘密鍵と証明書の両方が必要です (the PEM must hold the private key and the certificate)');
  return { privateKey, chain };
}

/**
 * The app-only credential. With a certificate, a client assertion is signed locally (no secret
 * leaves the machine) and carries the chain (x5c) so Entra can accept a renewed certificate by
 * subject name; with a managed identity, App Service hands out the token. Both cache tokens
 * until shortly before they expire.
 */
export function graphTokenCredential(
  credential: Exclude<GraphCredentialConfig, { kind: 'fixedToken' }>,
  options: GraphCredentialOptions = {},
): TokenCredential {
  if (credential.kind === 'managedIdentity') {
    return credential.clientId
      ? new ManagedIdentityCredential({ clientId: credential.clientId, httpClient: options.httpClient })
      : new ManagedIdentityCredential({ httpClient: options.httpClient });
  }
  const pem = fs.readFileSync(credential.certificatePath, 'utf8');
  readCertificatePem(pem);
  return new ClientCertificateCredential(
    credential.tenantId,
    credential.clientId,
    { certificate: pem },
    { authorityHost: credential.authorityHost, sendCertificateChain: true, httpClient: options.httpClient },
  );
}

/** What the Graph client asks for an app-only token (see graph-gateway.ts). */
export function graphAuthProvider(credential: GraphCredentialConfig, options: GraphCredentialOptions = {}): AuthenticationProvider {
  if (credential.kind === 'fixedToken') return { getAccessToken: async () => credential.token };
  return new TokenCredentialAuthenticationProvider(graphTokenCredential(credential, options), { scopes: [GRAPH_APP_SCOPE] });
}
