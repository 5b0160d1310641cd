import type { Request } from 'restify';

/**
 * The caller's address: the socket's or, behind a proxy that is trusted (App Service's front end),
 * the X-Forwarded-For entry that proxy appended: the last one. Entries before it are whatever the
 * client sent and would let it choose its own rate-limit key.
 */
export function clientAddress(req: Request, trustForwardedFor: boolean): string {
  const forwarded = trustForwardedFor ? req.header('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  return (forwarded && withoutPort(forwarded)) || req.socket?.remoteAddress || 'unknown';
}

/** "203.0.113.7:5123" → 203.0.113.7, "[2001:db8::1]:443" → 2001:db8::1; a bare IPv6 address stays whole. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1];
  return /^[^:]*:\d+$/.test(entry) ? entry.slice(0, entry.lastIndexOf(':')) : entry;
}
