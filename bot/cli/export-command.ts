import fs from 'node:fs';
import path from 'node:path';
import { exportCheckIns, parseExportPeriod } from '../checkins/spreadsheet/checkin-export';
import { type CliCommand, openCliStore } from './cli-command';

const USAGE = '使い方 (usage): npm run cli -- export checkins --fy 2026 --q 3 --out FILE.xlsx|FILE.csv';

/**
 * export checkins --fy 2026 --q 3 --out FILE.xlsx|FILE.csv: one quarter's check-ins as a
 * 施策一覧 (the format follows the file's extension). The same file the tab's download gives.
 */
export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export checkins --fy 2026 --q 3 --out FILE.xlsx|FILE.csv',
  description: "四半期のチェックインを施策一覧 (xlsx/CSV) に書き出します (export a quarter's check-ins)",
  async run(args, context) {
    const [kind, ...rest] = args;
    const options = new Map<string, string>();
    for (let i = 0; i < rest.length; i += 2) {
      const [name, value] = [rest[i], rest[i + 1]];
      if (!['--fy', '--q', '--out'].includes(name) || value === undefined || value.startsWith('--')) {
        context.err(`不明なオプションか、値がありません: ${name} (unknown option or missing value)`);
        context.err(USAGE);
        return 2;
      }
      options.set(name, value);
    }
    if (kind !== 'checkins' || !options.has('--fy') || !options.has('--q') || !options.has('--out')) {
      context.err(USAGE);
      return 2;
    }
    const period = parseExportPeriod(options.get('--fy'), options.get('--q'));
    if ('error' in period) {
      context.err(period.error);
      return 2;
    }
    const out = options.get('--out')!;
    const extension = path.extname(out).toLowerCase().slice(1);
    if (extension !== 'xlsx' && extension !== 'csv') {
      context.err(`出力ファイルの拡張子は .xlsx か .csv にしてください: ${out} (the output file must end in .xlsx or .csv)`);
      return 2;
    }
    const store = await openCliStore(context.config());
    try {
      const file = await exportCheckIns(store, period, extension);
      fs.writeFileSync(out, file.body);
      context.out(
        `${file.label} のチェックインを書き出しました: 施策 ${file.initiatives} 件、回答 ${file.checkIns} 件 → ${out} (exported ${file.initiatives} initiatives, ${file.checkIns} check-ins)`,
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};
