import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphOnBehalfOf, GraphOnBehalfOfError } from '../../bot/platform/graph-obo';
import { entraRedirect } from '../support/entra-redirect';
import { createSigningKey, nowSeconds, signToken } from '../support/openid-server';

/**
 * The on-behalf-of exchange through @azure/identity's OnBehalfOfCredential against a local
 * token endpoint: its requests to Entra ID are redirected there (entra-redirect.ts), so no
 * request leaves the machine.
 */
const TENANT = '66666666-7777-4888-9999-000000000000';
const TAB_APP_ID = '22222222-3333-4444-8555-666666666666';

interface TokenRequest {
  path: string;
  form: URLSearchParams;
}

describe('Graph on-behalf-of', () => {
  const requests: TokenRequest[] = [];
  let answer: { status: number; body: object } = { status: 200, body: {} };
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push({ path: new URL(req.url ?? '/', 'http://token').pathname, form: new URLSearchParams(body) });
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  let entra: ReturnType<typeof entraRedirect>;
  beforeEach(() => {
    requests.length = 0;
    entra = entraRedirect(url);
  });

  afterEach(() => {
    // No discovery request: everything asked for was Entra ID's token endpoint.
    expect(entra.asked.length).toBeGreaterThan(0);
    expect(entra.asked.every((address) => address.startsWith(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`))).toBe(true);
  });

  const client = (scopes?: string[]) =>
    new GraphOnBehalfOf({
      clientId: TAB_APP_ID,
      clientSecret: 'tab-secret',
      tenantId: TENANT,
      scopes,
      httpClient: entra.httpClient,
    });

  const entraKey = createSigningKey('entra-key');
  const userToken = async (oid: string) =>
    signToken(entraKey, {
      iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      aud: TAB_APP_ID,
      tid: TENANT,
      oid,
      scp: 'access_as_user',
      exp: nowSeconds() + 3600,
    });

  it('exchanges the user token for a Graph token with the tab app credentials, and caches it', async () => {
    answer = {
      status: 200,
      body: {
        token_type: 'Bearer',
        scope: 'https://graph.microsoft.com/Sites.Read.All',
        expires_in: 3600,
        ext_expires_in: 3600,
        access_token: 'graph-token-1',
      },
    };
    const obo = client();
    const assertion = await userToken('6b1e0c3a-0001-4000-8000-000000000001');
    const token = await obo.graphToken(assertion);
    expect(token.accessToken).toBe('graph-token-1');
    expect(token.expiresOn!.getTime()).toBeGreaterThan(Date.now() + 3000_000);
    expect(requests).toHaveLength(1);
    const { path, form } = requests[0];
    expect(path).toBe(`/${TENANT}/oauth2/v2.0/token`);
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(form.get('requested_token_use')).toBe('on_behalf_of');
    expect(form.get('assertion')).toBe(assertion);
    expect(form.get('client_id')).toBe(TAB_APP_ID);
    expect(form.get('client_secret')).toBe('tab-secret');
    expect(form.get('scope')?.split(' ')).toContain('https://graph.microsoft.com/Sites.Read.All');

    expect((await obo.graphToken(assertion)).accessToken).toBe('graph-token-1');
    expect(requests).toHaveLength(1); // from the credential's cache
  });

  it('asks for the configured scopes', async () => {
    answer = {
      status: 200,
      body: {
        token_type: 'Bearer',
        scope: 'https://graph.microsoft.com/Sites.ReadWrite.All',
        expires_in: 3600,
        access_token: 'graph-token-2',
      },
    };
    await client(['https://graph.microsoft.com/Sites.ReadWrite.All']).graphToken(await userToken('6b1e0c3a-0002-4000-8000-000000000002'));
    expect(requests[0].form.get('scope')?.split(' ')).toContain('https://graph.microsoft.com/Sites.ReadWrite.All');
  });

  it('says when the user must consent (interaction required), without retrying', async () => {
    answer = {
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: 'AADSTS65001: The user or administrator has not consented to use the application.',
        error_codes: [65001],
        suberror: 'consent_required',
      },
    };
    const error = await client()
      .graphToken(await userToken('6b1e0c3a-0003-4000-8000-000000000003'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphOnBehalfOfError);
    expect(error).toMatchObject({ needsUserInteraction: true, message: expect.stringContaining('AADSTS65001') });
    expect(requests).toHaveLength(1);
  });

  it("refuses a wrong tab app secret without asking the user to consent (it is not the user's to fix)", async () => {
    answer = {
      status: 401,
      body: {
        error: 'invalid_client',
        error_description:
          'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
        error_codes: [7000215],
      },
    };
    const error = await client()
      .graphToken(await userToken('6b1e0c3a-0004-4000-8000-000000000004'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphOnBehalfOfError);
    expect(error).toMatchObject({ needsUserInteraction: false, message: expect.stringContaining('AADSTS7000215') });
    expect(requests).toHaveLength(1);
  });
});
