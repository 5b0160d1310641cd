import { seedDemoData } from '../demo/seed';
import { japanDateOf } from '../platform/fiscal-calendar';
import { type CliCommand, openCliStore } from './cli-command';

export const seedCommand: CliCommand = {
  name: 'seed',
  usage: 'seed [--reset]',
  description: 'デモデータを読み込みます。--reset は既存データを消してから読み込み直します (load demo data; --reset wipes the store first)',
  async run(args, context) {
    const unknown = args.filter((arg) => arg !== '--reset');
    if (unknown.length > 0) {
      context.err(`不明なオプション: ${unknown.join(' ')} (unknown option)`);
      return 2;
    }
    const config = context.config();
    const store = await openCliStore(config);
    try {
      const result = await seedDemoData(store, { reset: args.includes('--reset') });
      if (!result.seeded) {
        context.out('データが既にあるため読み込みませんでした。読み込み直すには --reset を付けてください (store not empty; use --reset)');
      } else {
        context.out(`デモデータを読み込みました。日付は今日（${japanDateOf(new Date())}）に合わせています (${config.dataDir}):`);
        for (const [name, count] of Object.entries(result.counts)) context.out(`  ${name}: ${count}`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
