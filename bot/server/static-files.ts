import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'restify';
import { sendError } from './http-errors';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The tab's Content-Security-Policy. Teams loads tabs in an iframe: only Teams and Microsoft 365
 * hosts may frame ours. Scripts, data and fonts come from this server only; styles may be
 * inline because Fluent UI (Griffel) injects its CSS at run time.
 */
const TAB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  // teams-js reads the list of Teams hosts it may talk to from Microsoft's CDN.
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com",
].join('; ');

/**
 * Serves the built tab (dist/tab) under a URL prefix. Unknown paths without a file extension
 * get index.html so the tab's own routes work after a reload; paths never leave the folder.
 */
export function serveTab(rootDir: string, prefix: string) {
  const root = path.resolve(rootDir);
  return async (req: Request, res: Response) => {
    const urlPath = decodeURIComponentSafe((req.path() ?? '').slice(prefix.length));
    if (urlPath === undefined || urlPath.includes('\0')) return sendError(res, 400, 'BadPath', '不正なパスです (invalid path)');
    let file = path.resolve(root, `.${path.posix.normalize(`/${urlPath}`)}`);
    if (file !== root && !file.startsWith(`${root}${path.sep}`)) return sendError(res, 404, 'NotFound', '見つかりません (not found)');
    if (file === root || !path.extname(file)) file = path.join(root, 'index.html');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      if (!fs.existsSync(path.join(root, 'index.html'))) {
        return sendError(
          res,
          503,
          'TabNotBuilt',
          'タブがビルドされていません。npm run build を実行してください (the tab is not built: run npm run build)',
        );
      }
      return sendError(res, 404, 'NotFound', '見つかりません (not found)');
    }
    const body = fs.readFileSync(file);
    const isHtml = file.endsWith('.html');
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      // Hashed assets can be cached for good; index.html must be fresh to pick them up.
      'Cache-Control': isHtml ? 'no-cache' : 'public, max-age=31536000, immutable',
      'Content-Security-Policy': TAB_CSP,
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(body);
  };
}

function decodeURIComponentSafe(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
