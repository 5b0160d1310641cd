import type { Store } from '../store/ports';
import fs from 'node:fs';
import { importInitiatives } from '../checkins/spreadsheet/initiative-import';
import { importRoster } from '../directory/roster-import';
import { SpreadsheetReadError } from '../checkins/spreadsheet/read-table';
import { parseRulingLine, type ImportProblem } from '../rulings/ruling-import';
import type { Ruling } from '../rulings/model';
import { type CliCommand, type CliContext, openCliStore } from './cli-command';
import { importManualText, MANUAL_TEXT_USAGE } from './manual-text-import';

const RULINGS_USAGE = '使い方 (usage): npm run cli -- import rulings FILE.jsonl';
const INITIATIVES_USAGE = '使い方 (usage): npm run cli -- import initiatives FILE.xlsx|FILE.csv [--valid-only] [--dry-run]';
const ROSTER_USAGE = '使い方 (usage): npm run cli -- import roster FILE.xlsx|FILE.csv [--valid-only] [--dry-run]';

/**
 * import rulings FILE.jsonl: one ruling per line; every invalid line is reported with its
 * number and field; the valid ones are imported together (re-import updates by id).
 *
 * import initiatives FILE [--valid-only] [--dry-run]: the 施策一覧 as .xlsx or CSV (UTF-8 or
 * Shift_JIS). Every problem is reported as FILE:row: column: reason. By default nothing is
 * written when any row has a problem; --valid-only writes the good rows; --dry-run only checks.
 * Re-import updates by 施策番号 (code).
 */
export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import rulings FILE.jsonl | import initiatives|roster FILE [--valid-only] [--dry-run] | import manual-text ID FILE.pdf|docx',
  description:
    "判断事例 (JSONL)、施策一覧・職員名簿 (xlsx/CSV)、マニュアルの本文 (PDF/docx) を取り込みます。問題は行番号と理由を表示します (import rulings, initiatives, the staff roster or a manual's text; problems are reported by row)",
  async run(args, context) {
    const [kind, ...rest] = args;
    if (kind === 'rulings') return importRulings(rest, context);
    if (kind === 'initiatives') return importInitiativeSheet(rest, context);
    if (kind === 'roster') return importRosterSheet(rest, context);
    if (kind === 'manual-text') return importManualText(rest, context);
    context.err(RULINGS_USAGE);
    context.err(INITIATIVES_USAGE);
    context.err(ROSTER_USAGE);
    context.err(MANUAL_TEXT_USAGE);
    return 2;
  },
};

async function importRulings(args: string[], context: CliContext): Promise<number> {
  const [file, ...rest] = args;
  if (!file || rest.length > 0) {
    context.err(RULINGS_USAGE);
    return 2;
  }
  if (!fs.existsSync(file)) {
    context.err(`ファイルがありません (no such file): ${file}`);
    return 1;
  }
  const rulings: Ruling[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  fs.readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, index) => {
      const parsed = parseRulingLine(line, index + 1);
      if (!parsed) return;
      if ('problems' in parsed) return problems.push(...parsed.problems);
      const earlier = seen.get(parsed.ruling.id);
      if (earlier !== undefined)
        rulings.splice(earlier, 1, parsed.ruling); // the last line of an id wins
      else seen.set(parsed.ruling.id, rulings.push(parsed.ruling) - 1);
    });
  for (const problem of problems) context.err(`${file}:${problem.line}: ${problem.field}: ${problem.reason}`);
  const store = await openCliStore(context.config());
  try {
    await store.transaction(async (tx) => {
      for (const ruling of rulings) await tx.rulings.upsert(ruling);
    });
  } finally {
    await store.close();
  }
  context.out(
    `判断事例を ${rulings.length} 件取り込みました。不正な行 ${new Set(problems.map((p) => p.line)).size} 行 (imported ${rulings.length}; invalid lines ${new Set(problems.map((p) => p.line)).size})`,
  );
  return problems.length > 0 ? 1 : 0;
}

interface SheetRun {
  store: Store;
  bytes: Buffer;
  file: string;
  mode: 'all-or-nothing' | 'valid-only';
  dryRun: boolean;
}

/**
 * What both spreadsheet imports share: `FILE [--valid-only] [--dry-run]`, the file read, the
 * store opened and closed, an unreadable file reported. `work` prints its report and returns
 * the exit code.
 */
async function runSheetImport(
  args: string[],
  context: CliContext,
  usage: string,
  work: (run: SheetRun) => Promise<number>,
): Promise<number> {
  const options = args.filter((arg) => arg.startsWith('--'));
  const files = args.filter((arg) => !arg.startsWith('--'));
  const unknown = options.filter((option) => option !== '--valid-only' && option !== '--dry-run');
  if (unknown.length > 0) context.err(`不明なオプション: ${unknown.join(' ')} (unknown option)`);
  if (unknown.length > 0 || files.length !== 1) {
    context.err(usage);
    return 2;
  }
  const [file] = files;
  if (!fs.existsSync(file)) {
    context.err(`ファイルがありません (no such file): ${file}`);
    return 1;
  }
  const store = await openCliStore(context.config());
  try {
    const mode = options.includes('--valid-only') ? 'valid-only' : 'all-or-nothing';
    return await work({ store, bytes: fs.readFileSync(file), file, mode, dryRun: options.includes('--dry-run') });
  } catch (error) {
    if (!(error instanceof SpreadsheetReadError)) throw error;
    context.err(error.message);
    return 1;
  } finally {
    await store.close();
  }
}

function printProblems(context: CliContext, file: string, problems: { row: number; column: string; reason: string }[]) {
  for (const problem of problems) context.err(`${file}:${problem.row}: ${problem.column}: ${problem.reason}`);
}

function importInitiativeSheet(args: string[], context: CliContext): Promise<number> {
  return runSheetImport(args, context, INITIATIVES_USAGE, async ({ store, bytes, file, mode, dryRun }) => {
    const validOnly = mode === 'valid-only';
    const report = await importInitiatives(store, bytes, file, { mode, dryRun });
    printProblems(context, file, report.problems);
    const counts = `新規 ${report.created} 件、更新 ${report.updated} 件、変更なし ${report.unchanged} 件`;
    const countsEn = `${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged`;
    const problems = `問題のある行 ${report.invalidRows} 行（問題 ${report.problems.length} 件）`;
    const problemsEn = `${report.problems.length} problem(s) in ${report.invalidRows} row(s)`;
    if (dryRun) {
      const blocked = !validOnly && report.problems.length > 0;
      context.out(
        `確認のみで、何も書き込んでいません。正しい行は: ${counts}。${problems}${blocked ? '。問題を直すか --valid-only を付けないと、何も取り込まれません' : ''}` +
          ` (dry run, nothing written: valid rows ${countsEn}; ${problemsEn}${blocked ? '; as it is, nothing would be imported without --valid-only' : ''})`,
      );
    } else if (!report.applied) {
      context.out(
        `問題があるため、何も取り込みませんでした（${problems}）。ファイルを直して再実行するか、--valid-only で正しい行だけを取り込めます (nothing imported: ${problemsEn}; fix the file, or use --valid-only to import the valid rows)`,
      );
    } else if (report.problems.length > 0) {
      context.out(
        `正しい行だけを取り込みました: ${counts}。${problems}は取り込んでいません (imported the valid rows: ${countsEn}; skipped ${problemsEn})`,
      );
    } else {
      context.out(`施策一覧を取り込みました: ${counts} (imported initiatives: ${countsEn})`);
    }
    return report.problems.length > 0 ? 1 : 0;
  });
}

/** import roster FILE: the 職員名簿 (departments and people); same modes as the 施策一覧. */
function importRosterSheet(args: string[], context: CliContext): Promise<number> {
  return runSheetImport(args, context, ROSTER_USAGE, async ({ store, bytes, file, mode, dryRun }) => {
    const report = await importRoster(store, bytes, file, { mode, dryRun });
    printProblems(context, file, report.problems);
    const counts = `部署 ${report.departments} 件、職員 ${report.people} 人 (${report.departments} departments, ${report.people} people)`;
    if (!report.applied)
      context.out(
        `${dryRun ? '確認のみ' : '問題があるため'}、何も取り込んでいません。問題のある行 ${report.invalidRows} 行。正しい行: ${counts} (nothing written)`,
      );
    else
      context.out(
        `職員名簿を取り込みました: ${counts}${report.problems.length > 0 ? `。問題のある行 ${report.invalidRows} 行は取り込んでいません` : ''}`,
      );
    return report.problems.length > 0 ? 1 : 0;
  });
}
