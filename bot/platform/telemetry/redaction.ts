/**
 * What never reaches the logs: credentials (Authorization headers, access and refresh tokens,
 * client assertions, secrets) and what people wrote (question and answer bodies, comments,
 * message text). Ids stay: they are what an operator searches by.
 */

export const REDACTED = '[redacted]';

/** Field names whose value is a credential, wherever they appear. */
const CREDENTIAL_KEYS =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-ms-token-aad-[\w-]+|(access|refresh|id|bearer|sign-?in|obo)_?-?token|token|assertion|client_?-?assertion|client_?-?secret|secret|password|apppassword|microsoftapppassword|api_?-?key|connection_?-?string|sig)$/i;

/** Field names whose value is what a person wrote. */
const PERSONAL_TEXT_KEYS =
  /^(text|question|answer|body|comment|comments|note|notes|free_?text|reply|summary|draft|content|value|q|query|reason_?text)$/i;

/** A JWT (header.payload[.signature]), e.g. a Bot Framework or Entra token inside an error message. */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(\.[A-Za-z0-9_-]*)?/g;
/** `Bearer <anything>` and similar schemes in free text. */
const AUTH_SCHEME = /\b(Bearer|Basic|Demo)\s+[^\s"',;]+/gi;
/** key=value credentials in URLs and connection strings. */
const CREDENTIAL_PAIRS =
  /\b(access_token|refresh_token|id_token|client_secret|client_assertion|code|sig|AccountKey|SharedAccessSignature|password)=([^&\s;"']+)/gi;

/** Replaces tokens that ended up inside a string (an error message, a URL) and keeps the rest. */
export function scrubText(text: string): string {
  return text
    .replace(JWT, REDACTED)
    .replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(CREDENTIAL_PAIRS, (_match, key: string) => `${key}=${REDACTED}`);
}

const MAX_DEPTH = 6;

/**
 * A copy of log fields that is safe to write: credential fields dropped to [redacted], personal
 * text to its length only, tokens scrubbed out of every other string, errors as name, message
 * and stack (scrubbed). Cycles and very deep objects are cut rather than followed.
 */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  return redactObject(fields, 0, new WeakSet());
}

function redactObject(object: Record<string, unknown>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) out[key] = redactEntry(key, value, depth, seen);
  return out;
}

function redactEntry(key: string, value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === undefined || value === null) return value;
  if (CREDENTIAL_KEYS.test(key)) return REDACTED;
  if (PERSONAL_TEXT_KEYS.test(key) && (typeof value === 'string' || (typeof value === 'object' && !(value instanceof Error)))) {
    return typeof value === 'string' ? `[redacted: ${[...value].length} chars]` : REDACTED;
  }
  return redactValue(value, depth, seen);
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  if (value instanceof Error) {
    const extra = redactObject({ ...(value as unknown as Record<string, unknown>) }, depth + 1, seen);
    return {
      ...extra,
      name: value.name,
      message: scrubText(value.message),
      stack: value.stack === undefined ? undefined : scrubText(value.stack),
    };
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return redactObject(Object.fromEntries(value as Map<string, unknown>), depth + 1, seen);
  if (typeof (value as { get?: unknown }).get === 'function' && typeof (value as { forEach?: unknown }).forEach === 'function') {
    // Fetch Headers and the like: only their entries, redacted by name.
    const entries: Record<string, unknown> = {};
    (value as { forEach(fn: (v: unknown, k: string) => void): void }).forEach((v, k) => (entries[k] = v));
    return redactObject(entries, depth + 1, seen);
  }
  return redactObject(value as Record<string, unknown>, depth + 1, seen);
}
