import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import { graphAuthProvider, readCertificatePem } from '../../bot/store/sharepoint/graph/graph-credentials';
import { entraRedirect } from '../support/entra-redirect';

/**
 * App-only Graph tokens through @azure/identity and the Graph client's token-credential
 * provider, against local endpoints: Entra ID's (its requests redirected to a local server, see
 * entra-redirect.ts) and App Service's managed identity endpoint (IDENTITY_ENDPOINT, which is
 * loopback http on App Service too).
 */
const TENANT = '66666666-7777-4888-9999-000000000000';
const CLIENT_ID = '33333333-4444-4555-8666-777777777777';
// A self-signed certificate made for these tests only (openssl req -x509 -newkey rsa:2048 -nodes).
const CERTIFICATE = path.join(__dirname, '..', 'fixtures', 'graph', 'test-only-app-certificate.pem');

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  form: URLSearchParams;
  query: URLSearchParams;
}

describe('Graph app-only credentials', () => {
  const received: Received[] = [];
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const address = new URL(req.url ?? '/', 'http://local');
        received.push({ path: address.pathname, headers: req.headers, form: new URLSearchParams(body), query: address.searchParams });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const expiresOn = Math.floor(Date.now() / 1000) + 3600;
        res.end(
          JSON.stringify(
            address.pathname.startsWith('/msi')
              ? { access_token: 'mi-token', expires_on: String(expiresOn), resource: 'https://graph.microsoft.com', token_type: 'Bearer' }
              : { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'app-token' },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (received.length = 0));

  it('signs a client assertion with the certificate (no secret), names the certificate by its SHA-256 thumbprint, and caches the token', async () => {
    const entra = entraRedirect(url);
    const provider = graphAuthProvider(
      {
        kind: 'certificate',
        tenantId: TENANT,
        clientId: CLIENT_ID,
        certificatePath: CERTIFICATE,
        authorityHost: 'https://login.microsoftonline.com',
      },
      { httpClient: entra.httpClient },
    );
    expect(await provider.getAccessToken()).toBe('app-token');
    expect(await provider.getAccessToken()).toBe('app-token');
    // Entra ID only, and the token asked for once (the second from the credential's cache)
    expect(entra.asked.map((address) => address.split('?')[0])).toEqual([`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`]);
    expect(received).toHaveLength(1);
    const { path: tokenPath, form } = received[0];
    expect(tokenPath).toBe(`/${TENANT}/oauth2/v2.0/token`);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')?.split(' ')).toContain('https://graph.microsoft.com/.default');
    expect(form.get('client_secret')).toBeNull();
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');

    const pem = fs.readFileSync(CERTIFICATE, 'utf8');
    const certificatePem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)![0];
    const assertion = form.get('client_assertion')!;
    const header = decodeProtectedHeader(assertion);
    const thumbprint = Buffer.from(new X509Certificate(certificatePem).fingerprint256.replace(/:/g, ''), 'hex').toString('base64url');
    expect(header['x5t#S256']).toBe(thumbprint);
    expect(header.x5c).toEqual([new X509Certificate(certificatePem).raw.toString('base64')]);
    // MSAL may round nbf up to the next second; Entra ID itself allows minutes of skew.
    const { payload } = await jwtVerify(assertion, await importX509(certificatePem, String(header.alg)), { clockTolerance: 60 });
    expect(payload).toMatchObject({ iss: CLIENT_ID, sub: CLIENT_ID, aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token` });
  });

  it("asks App Service's managed identity endpoint for a Graph token", async () => {
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
    process.env.IDENTITY_ENDPOINT = `${url}/msi/token`;
    process.env.IDENTITY_HEADER = 'identity-secret';
    try {
      const provider = graphAuthProvider({ kind: 'managedIdentity', clientId: CLIENT_ID });
      expect(await provider.getAccessToken()).toBe('mi-token');
      expect(received).toHaveLength(1);
      expect(received[0].path).toBe('/msi/token');
      expect(received[0].headers['x-identity-header']).toBe('identity-secret');
      expect(received[0].query.get('resource')).toBe('https://graph.microsoft.com');
      expect(received[0].query.get('client_id')).toBe(CLIENT_ID);
    } finally {
      process.env.IDENTITY_ENDPOINT = saved.endpoint;
      process.env.IDENTITY_HEADER = saved.header;
      if (saved.endpoint === undefined) delete process.env.IDENTITY_ENDPOINT;
      if (saved.header === undefined) delete process.env.IDENTITY_HEADER;
    }
  });

  it('refuses a PEM without its private key, saying what is missing', () => {
    const certificateOnly = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(fs.readFileSync(CERTIFICATE, 'utf8'))![0];
    expect(() => readCertificatePem(certificateOnly)).toThrow(/秘密鍵と証明書/);
  });
});
