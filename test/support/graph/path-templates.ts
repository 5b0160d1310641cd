/**
 * Matches a concrete Graph path (below /v1.0) to an OpenAPI path template. Graph's path-addressing
 * forms put a whole path inside one key, between colons, so they are folded into one segment
 * before matching:
 *   /sites/{hostname}:/{server-relative-path}[:/rest]   → /sites/{site-id}/rest, site-id = "hostname:/path"
 *   /drives/{drive-id}/items/{parent}:/{file-path}:/rest → /drives/{drive-id}/items/{driveItem-id}/rest,
 *                                                           driveItem-id = "parent:/file-path"
 *   /drives/{drive-id}/root:/{file-path}:/rest           → the same with parent "root"
 * Among templates that fit, the one with the most literal segments wins (items/delta over items/{id}).
 */

export interface PathMatch {
  template: string;
  params: Record<string, string>;
}

interface CompiledTemplate {
  template: string;
  segments: { literal?: string; param?: string }[];
  literals: number;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The path's segments, decoded, with the colon forms folded; undefined if it cannot be read. */
export function pathSegments(pathname: string): string[] | undefined {
  let path = pathname.replace(/%3a/gi, ':');
  const segments: string[] = [];
  const site = /^\/sites\/([^/:]+):(\/[^:]*?)(?::(\/.*)?)?$/.exec(path);
  if (site) {
    const serverPath = decode(site[2]);
    if (serverPath === undefined) return undefined;
    segments.push('sites', `${site[1]}:${serverPath.replace(/\/+$/, '') || '/'}`);
    path = site[3] ?? '';
  } else {
    path = path.replace(/^(\/drives\/[^/]+)\/root:/, '$1/items/root:');
    const drive = /^\/drives\/([^/]+)\/items\/([^/:]+):(\/[^:]*):(\/.*)?$/.exec(path);
    if (drive) {
      const [driveId, filePath] = [decode(drive[1]), decode(drive[3])];
      if (driveId === undefined || filePath === undefined) return undefined;
      segments.push('drives', driveId, 'items', `${drive[2]}:${filePath}`);
      path = drive[4] ?? '';
    }
  }
  for (const raw of path.split('/').slice(1)) {
    if (raw === '') return undefined;
    const segment = decode(raw);
    if (segment === undefined) return undefined;
    segments.push(segment);
  }
  if (path === '' && segments.length === 0) return undefined;
  return segments;
}

export class PathMatcher {
  private readonly compiled: CompiledTemplate[];

  constructor(templates: Iterable<string>) {
    this.compiled = [...templates].map((template) => {
      const segments = template
        .split('/')
        .slice(1)
        .map((part) => {
          const param = /^\{(.+)\}$/.exec(part);
          return param ? { param: param[1] } : { literal: part.toLowerCase() };
        });
      return { template, segments, literals: segments.filter((s) => s.literal !== undefined).length };
    });
  }

  match(pathname: string): PathMatch | undefined {
    const segments = pathSegments(pathname);
    if (!segments) return undefined;
    let best: CompiledTemplate | undefined;
    for (const candidate of this.compiled) {
      if (candidate.segments.length !== segments.length) continue;
      const fits = candidate.segments.every((part, i) =>
        part.literal === undefined ? segments[i] !== '' : part.literal === segments[i].toLowerCase(),
      );
      if (fits && (!best || candidate.literals > best.literals)) best = candidate;
    }
    if (!best) return undefined;
    const params: Record<string, string> = {};
    best.segments.forEach((part, i) => {
      if (part.param) params[part.param] = segments[i];
    });
    return { template: best.template, params };
  }
}
