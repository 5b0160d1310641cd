import { isValidIsoDate } from '../platform/fiscal-calendar';

/** A demo data file's mistake, with where it is (file, record, field). */
export class DemoDataError extends Error {
  constructor(where: string, problem: string) {
    super(`デモデータの誤り ${where}: ${problem} (bad demo data)`);
    this.name = 'DemoDataError';
  }
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{2}:\d{2})$/;

/** How dates read from a file are moved (demo-clock.ts: to the day the demo is loaded). */
export interface DateMapping {
  day(date: string): string;
  instant(timestamp: string): string;
}

export const DATES_AS_WRITTEN: DateMapping = { day: (date) => date, instant: (timestamp) => timestamp };

/**
 * Reads one JSON object field by field with its expected type, naming the place of any mistake.
 * Dates and timestamps are read here and nowhere else, and moved by `dates` (the demo's move
 * to the day it is loaded) in this one place.
 */
export class JsonFields {
  private readonly read = new Set<string>();
  private readonly record: Record<string, unknown>;

  constructor(
    value: unknown,
    readonly where: string,
    private readonly dates: DateMapping = DATES_AS_WRITTEN,
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DemoDataError(where, 'an object is expected');
    this.record = value as Record<string, unknown>;
  }

  private field(name: string): unknown {
    this.read.add(name);
    return this.record[name];
  }

  private fail(name: string, expected: string): never {
    throw new DemoDataError(`${this.where}.${name}`, `${expected} is expected, found ${JSON.stringify(this.record[name]) ?? 'nothing'}`);
  }

  has(name: string): boolean {
    return name in this.record;
  }

  string(name: string): string {
    const value = this.field(name);
    return typeof value === 'string' ? value : this.fail(name, 'a string');
  }

  number(name: string): number {
    const value = this.field(name);
    return typeof value === 'number' && Number.isFinite(value) ? value : this.fail(name, 'a number');
  }

  boolean(name: string): boolean {
    const value = this.field(name);
    return typeof value === 'boolean' ? value : this.fail(name, 'true or false');
  }

  oneOf<T extends string | number>(name: string, allowed: readonly T[]): T {
    const value = this.field(name);
    return allowed.includes(value as T) ? (value as T) : this.fail(name, `one of ${allowed.join(', ')}`);
  }

  /** YYYY-MM-DD, a real calendar date. */
  date(name: string): string {
    const value = this.field(name);
    return typeof value === 'string' && isValidIsoDate(value) ? this.dates.day(value) : this.fail(name, 'a date (YYYY-MM-DD)');
  }

  /** An ISO 8601 timestamp with its offset, kept as written (e.g. 2026-10-05T10:20:00+09:00). */
  timestamp(name: string): string {
    const value = this.field(name);
    return typeof value === 'string' && TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))
      ? this.dates.instant(value)
      : this.fail(name, 'a timestamp (2026-10-05T10:20:00+09:00)');
  }

  /** A nested object, read by `parse`. */
  object<T>(name: string, parse: (fields: JsonFields) => T): T {
    return parse(new JsonFields(this.field(name), `${this.where}.${name}`, this.dates));
  }

  /** A field that may be null (but must be present). */
  nullable<T>(name: string, read: (name: string) => T): T | null {
    if (this.record[name] === null) return (this.read.add(name), null);
    return read.call(this, name);
  }

  strings(name: string): string[] {
    const value = this.field(name);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : this.fail(name, 'a list of strings');
  }

  /** A list of values from a fixed set (e.g. roles). */
  listOf<T extends string>(name: string, allowed: readonly T[]): T[] {
    const value = this.field(name);
    return Array.isArray(value) && value.every((item) => allowed.includes(item as T))
      ? (value as T[])
      : this.fail(name, `a list of ${allowed.join(', ')}`);
  }

  list<T>(name: string, parse: (fields: JsonFields) => T): T[] {
    const value = this.field(name);
    if (!Array.isArray(value)) return this.fail(name, 'a list');
    return value.map((item, index) => parse(new JsonFields(item, `${this.where}.${name}[${index}]`, this.dates)));
  }

  /** Any JSON object, as is (e.g. an audit entry's detail). */
  anyObject(name: string): Record<string, unknown> {
    const value = this.field(name);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : this.fail(name, 'an object');
  }

  /** Refuses fields nobody read: a misspelt name would otherwise be dropped without a word. */
  done<T>(value: T): T {
    const unknown = Object.keys(this.record).filter((name) => !this.read.has(name));
    if (unknown.length > 0) throw new DemoDataError(this.where, `unknown field ${unknown.join(', ')}`);
    return value;
  }
}

/** A file's top level: a list of records, each read by `parse`. */
export function records<T>(file: string, value: unknown, parse: (fields: JsonFields) => T, dates: DateMapping = DATES_AS_WRITTEN): T[] {
  if (!Array.isArray(value)) throw new DemoDataError(file, 'a list of records is expected');
  return value.map((item, index) => parse(new JsonFields(item, `${file}[${index}]`, dates)));
}
