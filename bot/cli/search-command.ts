import path from 'node:path';
import { createRulingSearch } from '../rulings/search/create-search';
import { parseSearchOptions } from '../rulings/search/search-options';
import { projectRoot } from '../platform/version';
import { type CliCommand, openCliStore } from './cli-command';

/** search rulings "QUERY" [--json] [--limit N] [--department 課] [--category 分野] [--year 2026] [--status current|superseded|all] */
export const searchCommand: CliCommand = {
  name: 'search',
  usage: 'search rulings "QUERY" [--json] [--limit N]',
  description: '判断事例を検索します。--json は {id,title,score} の配列を出力します (search rulings)',
  async run(args, context) {
    const [kind, ...rest] = args;
    const json = rest.includes('--json');
    const params = new URLSearchParams();
    let query: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i];
      if (arg === '--json') continue;
      if (arg.startsWith('--')) {
        params.set(arg.slice(2), rest[i + 1] ?? '');
        i += 1;
      } else if (query === undefined) query = arg;
      else query += ` ${arg}`;
    }
    if (kind !== 'rulings' || query === undefined) {
      context.err('使い方 (usage): npm run cli -- search rulings "QUERY" [--json] [--limit N]');
      return 2;
    }
    params.set('q', query);
    const options = parseSearchOptions(params);
    if ('error' in options) {
      context.err(options.error);
      return 2;
    }
    const store = await openCliStore(context.config());
    try {
      const hits = await createRulingSearch(store.rulings, path.join(projectRoot(), 'bot/rulings/synonyms.txt')).search(
        options.query,
        options,
      );
      if (json) context.out(JSON.stringify(hits.map((h) => ({ id: h.ruling.id, title: h.ruling.title, score: h.score }))));
      else
        for (const [i, h] of hits.entries())
          context.out(
            `${String(i + 1).padStart(2)}. ${h.ruling.id} ${h.ruling.title}  (${h.score}${h.ruling.status === 'superseded' ? ', 廃止' : ''})`,
          );
      return 0;
    } finally {
      await store.close();
    }
  },
};
