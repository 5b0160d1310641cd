import { environmentWithDotEnv, loadConfig } from '../platform/config';
import { graphGatewayFor } from '../store/compose-store';
import { planProvisioning } from '../store/sharepoint/provisioning';
import type { CliCommand } from './cli-command';

/**
 * `npm run provision:sharepoint -- --site <url> [--dry-run]`: creates or completes the lists,
 * columns, indexes and library the SharePoint store needs. Idempotent: a second run finds
 * nothing to change. Uses the same app-only Graph credentials as the server.
 */
export const provisionCommand: CliCommand = {
  name: 'provision',
  usage: 'provision sharepoint --site URL [--dry-run]',
  description: 'SharePoint サイトにリスト・列・索引・ライブラリを作成します (create the SharePoint lists; --dry-run prints the plan)',
  async run(args, context) {
    const [target, ...rest] = args;
    const siteIndex = rest.indexOf('--site');
    const site = siteIndex >= 0 ? rest[siteIndex + 1] : undefined;
    const dryRun = rest.includes('--dry-run');
    const unknown = rest.filter((arg, i) => arg !== '--dry-run' && arg !== '--site' && i !== siteIndex + 1);
    if (target !== 'sharepoint' || !site || unknown.length > 0) {
      context.err(`使い方 (usage): npm run provision:sharepoint -- --site https://<tenant>.sharepoint.com/sites/<site> [--dry-run]`);
      return 2;
    }
    const config = loadConfig(environmentWithDotEnv({ ...process.env, RECORDS_STORE: 'sharepoint', SHAREPOINT_SITE_URL: site }));
    if (config.store.records.kind !== 'sharepoint') return 2;
    const graph = await graphGatewayFor(config.store.records);
    const steps = await planProvisioning(graph, site);
    if (steps.length === 0) {
      context.out(`変更はありません。${site} は準備ができています (nothing to change)`);
      return 0;
    }
    context.out(`${dryRun ? '計画（--dry-run のため変更しません）' : '実行します'} (${steps.length} steps):`);
    for (const step of steps) {
      context.out(`  ${step.summary}`);
      if (!dryRun) await step.apply();
    }
    context.out(
      dryRun
        ? '--dry-run を外すと実行します (run without --dry-run to apply)'
        : `完了しました。Graph への要求 ${graph.traffic.requests} 件 (done)`,
    );
    return 0;
  },
};
