import { readTable } from '../checkins/spreadsheet/read-table';
import type { Store } from '../store/ports';
import { parseRosterRows } from './roster-rows';
import type { RowProblem } from '../checkins/spreadsheet/initiative-rows';

export interface RosterImportReport {
  departments: number;
  people: number;
  problems: RowProblem[];
  invalidRows: number;
  applied: boolean;
}

/**
 * Imports the 職員名簿 into the directory in one transaction: departments (keeping their bound
 * channels, and their 分野 when the file has no 分野 column) and people, updated by id. By default nothing is written when any row has a
 * problem; `valid-only` writes the good rows; `dryRun` only checks.
 */
export async function importRoster(
  store: Store,
  bytes: Uint8Array,
  fileName: string,
  options: { mode: 'all-or-nothing' | 'valid-only'; dryRun?: boolean },
): Promise<RosterImportReport> {
  const parsed = parseRosterRows(await readTable(bytes, fileName));
  // Another person already stored with the same Entra object id would make sign-in ambiguous.
  const stored = new Map((await store.people.list()).map((p) => [p.entraObjectId, p.id]));
  const people = parsed.people.filter((person) => {
    const owner = stored.get(person.entraObjectId);
    if (owner && owner !== person.id) {
      parsed.problems.push({
        row: parsed.rowOf.get(person.id) ?? 0,
        column: 'EntraオブジェクトID',
        reason: `職員 ${owner} に登録済みの ID です (already belongs to ${owner})`,
      });
      return false;
    }
    return true;
  });
  const write = !options.dryRun && (options.mode === 'valid-only' || parsed.problems.length === 0);
  if (write) {
    await store.transaction(async (tx) => {
      for (const department of parsed.departments) {
        const existing = await tx.departments.get(department.id);
        const categories = department.categories ?? existing?.categories;
        await tx.departments.upsert({
          ...department,
          inquiryChannelId: existing?.inquiryChannelId ?? null,
          noticeChannelId: existing?.noticeChannelId ?? null,
          ...(categories ? { categories } : {}),
        });
      }
      for (const person of people) await tx.people.upsert(person);
    });
  }
  return {
    departments: parsed.departments.length,
    people: people.length,
    problems: parsed.problems,
    invalidRows: new Set(parsed.problems.map((p) => p.row)).size,
    applied: write,
  };
}
