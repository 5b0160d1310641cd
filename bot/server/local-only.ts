import type { Request, Response } from 'restify';
import { sendError } from './http-errors';

/**
 * Local mode has no sign-in (the demo picker) and no Bot Framework token check, so it listens on
 * loopback only; these checks keep a web page in the developer's own browser out too. A Host header
 * naming another site is DNS rebinding (evil.example resolving to 127.0.0.1), and an Origin from
 * another site on the API is a cross-site request (a form POST needs no CORS preflight).
 */
export function localOnly(allowedHosts: readonly string[]) {
  const allowed = new Set(allowedHosts.map((host) => host.toLowerCase()));
  return (req: Request, res: Response, next: () => void) => {
    if (!allowed.has(hostnameOf(req.header('host') ?? ''))) {
      return sendError(
        res,
        403,
        'HostNotAllowed',
        'ローカルモードでは localhost / 127.0.0.1 からだけ使えます (local mode: Host must be localhost or 127.0.0.1)',
      );
    }
    const origin = req.header('origin');
    if (origin !== undefined && req.getPath().startsWith('/api/') && !allowed.has(originHostname(origin))) {
      return sendError(res, 403, 'OriginNotAllowed', '他のサイトからの要求は受け付けません (local mode: cross-site request refused)');
    }
    return next();
  };
}

/** "127.0.0.1:3978" → 127.0.0.1, "[::1]:3978" → [::1], "LocalHost" → localhost. */
function hostnameOf(host: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/.exec(host.trim());
  return match ? match[1].toLowerCase() : '';
}

/** An Origin's host name; "null" (a sandboxed page or a file) or anything unparsable matches nothing. */
function originHostname(origin: string): string {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname.toLowerCase() : '';
  } catch {
    return '';
  }
}
