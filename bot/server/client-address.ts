import type { Request } from 'restify';

/** The caller's address: the socket's, or (behind App Service's front end, when trusted) the first X-Forwarded-For entry. */
export function clientAddress(req: Request, trustForwardedFor: boolean): string {
  const forwarded = trustForwardedFor ? req.header('x-forwarded-for')?.split(',')[0]?.trim().replace(/:\d+$/, '') : undefined;
  return forwarded || req.socket?.remoteAddress || 'unknown';
}
