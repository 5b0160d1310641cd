import fs from 'node:fs';
import { parseRulingLine, type ImportProblem } from '../rulings/ruling-import';
import type { Ruling } from '../rulings/model';
import { SqliteStore } from '../store/sqlite/sqlite-store';
import type { CliCommand } from './cli-command';

/**
 * import rulings FILE.jsonl: one ruling per line; every invalid line is reported with its
 * number and field; the valid ones are imported together (re-import updates by id).
 */
export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import rulings FILE.jsonl',
  description: '判断事例を JSONL から取り込みます。不正な行は行番号と理由を表示します (import rulings; bad lines are reported)',
  async run(args, context) {
    const [kind, file, ...rest] = args;
    if (kind !== 'rulings' || !file || rest.length > 0) {
      context.err('使い方 (usage): npm run cli -- import rulings FILE.jsonl');
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
        if (earlier !== undefined) rulings.splice(earlier, 1, parsed.ruling); // the last line of an id wins
        else seen.set(parsed.ruling.id, rulings.push(parsed.ruling) - 1);
      });
    for (const problem of problems) context.err(`${file}:${problem.line}: ${problem.field}: ${problem.reason}`);
    const store = SqliteStore.open(context.config().dataDir);
    try {
      await store.transaction(async (tx) => {
        for (const ruling of rulings) await tx.rulings.upsert(ruling);
      });
    } finally {
      await store.close();
    }
    context.out(`判断事例を ${rulings.length} 件取り込みました。不正な行 ${new Set(problems.map((p) => p.line)).size} 行 (imported ${rulings.length}; invalid lines ${new Set(problems.map((p) => p.line)).size})`);
    return problems.length > 0 ? 1 : 0;
  },
};
