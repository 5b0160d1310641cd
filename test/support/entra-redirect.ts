import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';

const ENTRA = 'https://login.microsoftonline.com';

/**
 * An HTTP client for @azure/identity (its `httpClient` option) that sends what is addressed to
 * Entra ID (https://login.microsoftonline.com) to a local http server instead, and notes every
 * address asked for, so a test can show nothing else was reached. @azure/identity accepts only
 * an https authority host, hence the redirect rather than a local authority.
 */
export function entraRedirect(localBase: string): { httpClient: HttpClient; asked: string[] } {
  const asked: string[] = [];
  const inner = createDefaultHttpClient();
  const httpClient: HttpClient = {
    sendRequest(request) {
      asked.push(request.url);
      const url = new URL(request.url);
      if (url.origin === ENTRA) {
        request.url = `${localBase}${url.pathname}${url.search}`;
        request.allowInsecureConnection = true;
      }
      return inner.sendRequest(request);
    },
  };
  return { httpClient, asked };
}
