import { InvalidRecordError } from '../ports';

/**
 * Table Storage keys may not contain / \ # ? or control characters (U+0000–U+001F,
 * U+007F–U+009F). Our keys do (`channel:19:abc@thread.tacv2` is fine, but a key is free
 * text), so those characters are written as `~XX` (two hex digits). `%` is escaped too because
 * some Table endpoints URL-decode keys in point operations, and `~` because it is the escape.
 * Escaping character by character keeps prefixes: encodeKey(p) is a prefix of encodeKey(k)
 * whenever p is a prefix of k, so prefix queries stay range queries.
 */
const MUST_ESCAPE = /[\u0000-\u001f\u007f-\u009f/\\#?%~]/g;

export function encodeKey(key: string): string {
  return key.replace(MUST_ESCAPE, (c) => `~${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function decodeKey(encoded: string): string {
  return encoded.replace(/~([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The smallest string greater than every string that starts with `prefix` (undefined: no bound). */
export function prefixEnd(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last >= 0xd800) return undefined; // surrogates and U+FFFF: fall back to an open range
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/** Milliseconds since the epoch of an ISO timestamp in any offset (`+09:00` included). */
export function utcMs(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new InvalidRecordError(`not a timestamp: ${iso}`);
  return ms;
}

const FIXED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** UTC ISO with a fixed width (years 0000–9999), so that text order is time order. */
export function fixedIso(ms: number): string {
  const iso = Number.isFinite(ms) ? new Date(ms).toISOString() : '';
  if (!FIXED_ISO.test(iso)) throw new InvalidRecordError(`timestamp out of range: ${ms}`);
  return iso;
}

/** The same instant written in UTC, e.g. `2026-11-23T09:00:00+09:00` → `2026-11-23T00:00:00.000Z`. */
export const utcIso = (iso: string) => fixedIso(utcMs(iso));

/** A number in 0..max as fixed-width digits counting down, so that the newest (largest) sorts first. */
export function invertedNumber(value: number, max: number): string {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) throw new InvalidRecordError(`cannot invert ${value} below ${max}`);
  return String(max - value).padStart(String(max).length, '0');
}

export function uninvertNumber(text: string, max: number): number {
  return max - Number(text);
}

/** Code point order (what SQLite's `ORDER BY key` gives), not UTF-16 unit order. */
export function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
