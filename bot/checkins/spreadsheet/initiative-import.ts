import type { Store, StoreSession } from '../../store/ports';
import type { Initiative } from '../model';
import { parseInitiativeRows, type ParsedInitiatives, type PersonLookup, type RowProblem } from './initiative-rows';
import { readTable } from './read-table';

/**
 * Imports a 施策一覧 (.xlsx or CSV) into the store. Re-importing updates initiatives by code
 * (施策番号), never duplicates them. Every write happens in one transaction.
 *
 * - all-or-nothing (the default): any problem → nothing is written, so a half-fixed sheet
 *   never leaves the list half updated.
 * - valid-only: the rows without problems are written; the others are reported.
 * - dryRun: everything is checked and counted, nothing is written.
 *
 * An unreadable file (not .xlsx/CSV, unknown encoding) throws SpreadsheetReadError.
 */

export type ImportMode = 'all-or-nothing' | 'valid-only';

export interface ImportOptions {
  mode: ImportMode;
  dryRun?: boolean;
}

export interface InitiativeImportReport {
  /** New codes (written, or that would be when `applied` is false). */
  created: number;
  /** Codes already stored whose content changes. */
  updated: number;
  /** Codes already stored with exactly this content: not written again. */
  unchanged: number;
  problems: RowProblem[];
  /** Rows that had at least one problem (and so were not imported). */
  invalidRows: number;
  /** Whether anything was written: false for a dry run and for all-or-nothing with problems. */
  applied: boolean;
}

export async function importInitiatives(
  store: Store,
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions,
): Promise<InitiativeImportReport> {
  const rows = await readTable(bytes, fileName);
  const parsed = parseInitiativeRows(rows, personLookup(await store.people.list()));
  const invalidRows = new Set(parsed.problems.map((problem) => problem.row)).size;
  const write = !options.dryRun && (options.mode === 'valid-only' || parsed.problems.length === 0);
  const counts = write ? await store.transaction((tx) => applyInitiatives(tx, parsed, true)) : await applyInitiatives(store, parsed, false);
  return { ...counts, problems: parsed.problems, invalidRows, applied: write };
}

/** Compares each initiative with the stored one and, when `write`, saves the new and changed ones. */
async function applyInitiatives(session: StoreSession, parsed: ParsedInitiatives, write: boolean) {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const incoming of parsed.initiatives) {
    const stored = await session.initiatives.get(incoming.code);
    const next = stored ? keepFieldsNotInFile(incoming, stored, parsed.fieldsInFile) : incoming;
    if (stored && sameInitiative(stored, next)) {
      counts.unchanged += 1;
      continue;
    }
    counts[stored ? 'updated' : 'created'] += 1;
    if (write) await session.initiatives.upsert(next);
  }
  return counts;
}

/** A column the file does not have leaves the stored value alone (see ParsedInitiatives.fieldsInFile). */
function keepFieldsNotInFile(incoming: Initiative, stored: Initiative, fieldsInFile: Set<keyof Initiative>): Initiative {
  const next: Initiative = { ...incoming };
  const target = next as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(stored)) {
    if (!fieldsInFile.has(field as keyof Initiative)) target[field] = value;
  }
  return next;
}

function sameInitiative(a: Initiative, b: Initiative): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with sorted keys and empty optional texts dropped, so key order and "" vs absent do not count as changes. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, item]) => item !== undefined && item !== '')
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
    );
  });
}

/** 担当者 cells hold a person id (p-ward-manager) or an email, the latter in any letter case. */
export function personLookup(people: { id: string; email: string }[]): PersonLookup {
  const byKey = new Map<string, string>();
  for (const person of people) {
    byKey.set(person.id, person.id);
    if (person.email) byKey.set(person.email.toLowerCase(), person.id);
  }
  return (idOrEmail) => byKey.get(idOrEmail.trim()) ?? byKey.get(idOrEmail.trim().toLowerCase());
}
