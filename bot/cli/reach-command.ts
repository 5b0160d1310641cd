import { installMessage } from '../platform/outbox/installation';
import { reachablePeople } from '../platform/outbox/messages';
import { reachReport, type ReachGroup } from '../platform/outbox/reach-report';
import { type CliCommand, openCliStore } from './cli-command';

const line = (label: string, g: ReachGroup) =>
  `  ${label.padEnd(10, '　')} ${g.reachable}/${g.total}${g.unreachable.length ? `  届かない: ${g.unreachable.join('、')}` : ''}`;

/**
 * reach [--dry-run] [--json]: how many initiative owners, HQ responders and approvers and ward
 * sections the bot can reach now; without --dry-run, queues the app's installation (TEAMS_APP_CATALOG_ID)
 * for everyone they need who has no personal chat, which the running server carries out.
 */
export const reachCommand: CliCommand = {
  name: 'reach',
  usage: 'reach [--dry-run] [--json]',
  description:
    'ボットが届く担当者・回答担当者・承認者・区の課を数え、届かない人にアプリをインストールします (reachability; installs the app for the rest)',
  async run(args, context) {
    const unknown = args.filter((arg) => arg !== '--dry-run' && arg !== '--json');
    if (unknown.length > 0) {
      context.err(`不明なオプション: ${unknown.join(' ')} (unknown option)`);
      return 2;
    }
    const dryRun = args.includes('--dry-run');
    const config = context.config();
    if (!dryRun && !config.installation) {
      context.err(
        'TEAMS_APP_CATALOG_ID が未設定のため、インストールできません。--dry-run で数えるだけにできます (installation is not configured)',
      );
      return 1;
    }
    const store = await openCliStore(config);
    try {
      const report = reachReport({
        people: await store.people.list(),
        departments: await store.departments.list(),
        initiatives: await store.initiatives.list(),
        withChat: await reachablePeople(store.conversations),
      });
      let queued = 0;
      if (!dryRun) for (const request of report.installations) if (await store.outbox.enqueue(installMessage(request))) queued += 1;
      if (args.includes('--json')) {
        const { installations, ...groups } = report;
        context.out(JSON.stringify({ ...groups, toInstall: installations.length, queued, dryRun }));
        return 0;
      }
      context.out('ボットが届く人 (reachable now):');
      context.out(line('施策の担当者', report.owners));
      context.out(line('回答担当者', report.responders));
      context.out(line('承認者', report.approvers));
      context.out(line('区の課', report.wardSections));
      context.out(
        dryRun
          ? `インストールが必要な職員: ${report.installations.length} 人（--dry-run のため何もしていません）`
          : `アプリのインストールを ${queued} 人分、送信キューに入れました（既に入っていた分を除く）。起動中のサーバーが行い、結果は npm run cli -- outbox で確認できます。`,
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};
