import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/**
 * The last middleware when Graph is a local test server: the SDK keeps building and following
 * real https://graph.microsoft.com URLs (it accepts nothing else for @odata.nextLink), and
 * only here is the host swapped for the loopback one before fetch.
 */
export class LoopbackRedirectHandler implements Middleware {
  constructor(
    private readonly target: string,
    private readonly graphOrigin = 'https://graph.microsoft.com',
  ) {
    const url = new URL(target);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
      throw new Error(`Graph can be redirected to a loopback host only (${url.hostname})`);
  }

  async execute(context: Context): Promise<void> {
    // The SDK types the request as the DOM lib's RequestInfo, which Node's lib lacks.
    const incoming = context.request as string | Request;
    const original = typeof incoming === 'string' ? incoming : incoming.url;
    if (!original.startsWith(this.graphOrigin)) throw new Error(`not a Graph URL: ${original}`);
    const redirected = this.target.replace(/\/$/, '') + original.slice(this.graphOrigin.length);
    const request = typeof incoming === 'string' ? redirected : new Request(redirected, incoming);
    context.response = await fetch(request, context.options);
  }

  setNext(): void {
    throw new Error('LoopbackRedirectHandler is the last middleware');
  }
}
