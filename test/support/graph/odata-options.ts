/**
 * OData query options as Graph reads them: `$expand`/`expand` (the `$` is optional on the
 * SharePoint list APIs, whose own docs write `expand=fields(select=A,B)`), `$select`, `$orderby`,
 * `$top`, `$skiptoken`; and the links Graph writes back, always on https://graph.microsoft.com.
 */
import { invalidRequest } from './graph-errors';

export const GRAPH_ROOT = 'https://graph.microsoft.com/v1.0';

/** The value of `$name` or `name` (the first present). */
export function option(query: URLSearchParams, name: string): string | undefined {
  return query.get(`$${name}`) ?? query.get(name) ?? undefined;
}

/** Splits on commas outside parentheses and quotes: `fields(select=A,B),driveItem` → 2 parts. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && ch === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

export interface ExpandItem {
  /** Fields named in a nested `select=` / `$select=`, if any. */
  select?: string[];
}

/** `fields(select=A,B)` → Map { fields → { select: [A, B] } }. */
export function parseExpand(text: string | undefined): Map<string, ExpandItem> {
  const out = new Map<string, ExpandItem>();
  if (!text) return out;
  for (const part of splitTopLevel(text)) {
    const match = /^([^()]+?)\s*(?:\((.*)\))?$/.exec(part);
    if (!match) throw invalidRequest(`Invalid $expand clause '${part}'.`);
    const item: ExpandItem = {};
    for (const nested of match[2] ? splitTopLevel(match[2], ';') : []) {
      const [key, value = ''] = nested.split(/=(.*)/s, 2);
      if (key.replace(/^\$/, '') === 'select') item.select = splitTopLevel(value);
      else throw invalidRequest(`Query option '${key}' is not supported inside $expand.`);
    }
    out.set(match[1], item);
  }
  return out;
}

export function parseSelect(text: string | undefined): string[] | undefined {
  return text ? splitTopLevel(text) : undefined;
}

export interface OrderBy {
  /** `fields/X` → X, with `field: true`; a listItem property otherwise. */
  name: string;
  field: boolean;
  descending: boolean;
}

export function parseOrderBy(text: string | undefined): OrderBy[] {
  if (!text) return [];
  return splitTopLevel(text).map((part) => {
    const match = /^(\S+)(?:\s+(asc|desc))?$/i.exec(part);
    if (!match) throw invalidRequest(`Invalid $orderby clause '${part}'.`);
    const field = match[1].startsWith('fields/');
    return { name: field ? match[1].slice(7) : match[1], field, descending: match[2]?.toLowerCase() === 'desc' };
  });
}

/** `$top`: a whole number ≥ 1 (400 otherwise). */
export function parseTop(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw invalidRequest(`Invalid value '${text}' for query option $top.`);
  return Number(text);
}

/** SharePoint-style skiptokens: base64 of `Paged=TRUE&p_ID=<last id>` (what real ones decode to). */
export function encodeSkipToken(values: Record<string, string | number>): string {
  const text = ['Paged=TRUE', ...Object.entries(values).map(([key, value]) => `p_${key}=${value}`)].join('&');
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function decodeSkipToken(token: string): Record<string, string> {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith('Paged=TRUE')) throw invalidRequest('The $skiptoken is not valid.');
  const out: Record<string, string> = {};
  for (const pair of text.split('&').slice(1)) {
    const [key, value = ''] = pair.split(/=(.*)/s, 2);
    if (key.startsWith('p_')) out[key.slice(2)] = value;
  }
  return out;
}

/** Encodes a query value but leaves the characters OData writes literally ($ , / = : ( ) ') readable. */
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%(24|2C|2F|3D|3A|40)/gi, (escape) => decodeURIComponent(escape));
}

/**
 * A link to `path` (as the client addressed it, under /v1.0) on graph.microsoft.com, keeping the
 * client's query options except those in `drop`, then adding `add`. Never the loopback host:
 * the client's last middleware is what redirects graph.microsoft.com to this server.
 */
export function graphLink(path: string, query: URLSearchParams, drop: string[], add: Record<string, string>): string {
  const parts: string[] = [];
  for (const [key, value] of query) {
    if (drop.includes(key)) continue;
    parts.push(`${key}=${encodeValue(value)}`);
  }
  for (const [key, value] of Object.entries(add)) parts.push(`${key}=${encodeValue(value)}`);
  return `${GRAPH_ROOT}${path}${parts.length ? `?${parts.join('&')}` : ''}`;
}
