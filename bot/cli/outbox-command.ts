import { randomUUID } from 'node:crypto';
import { OUTBOX_STATUSES } from '../platform/outbox/model';
import { outboxReport } from '../platform/outbox/report';
import { type CliCommand, openCliStore } from './cli-command';

const STATUS_LABELS: Record<string, string> = {
  pending: '未送信',
  sending: '送信中',
  sent: '送信済',
  failed: '再試行待ち',
  dead: '送信不能',
};

/**
 * outbox: counts by status and the dead messages with reasons (--json for machines).
 * outbox ping <personId>: queues a test notice to a person, to check proactive delivery end to end.
 */
export const outboxCommand: CliCommand = {
  name: 'outbox',
  usage: 'outbox [--json] | outbox ping <personId>',
  description: '送信キューの状況と送信不能の理由を表示します。ping は職員にテスト通知を送ります (outbox status; ping sends a test notice)',
  async run(args, context) {
    const store = await openCliStore(context.config());
    try {
      if (args[0] === 'ping') {
        const personId = args[1];
        if (!personId || args.length > 2) {
          context.err('使い方: npm run cli -- outbox ping <personId>');
          return 2;
        }
        const person = await store.people.get(personId);
        if (!person) {
          context.err(`職員 ${personId} は名簿にいません (no such person)`);
          return 1;
        }
        const key = `ping:${personId}:${randomUUID()}`;
        await store.outbox.enqueue({
          key,
          conversationKey: `person:${personId}`,
          payload: {
            activity: {
              type: 'message',
              textFormat: 'plain',
              text: `テスト通知です。${person.displayName} さんにボットからのお知らせが届くことを確認しました。`,
            },
          },
        });
        context.out(`テスト通知を送信キューに入れました (queued): ${key}`);
        context.out('起動中のサーバーが送信します。結果は npm run cli -- outbox で確認できます。');
        return 0;
      }
      const unknown = args.filter((arg) => arg !== '--json');
      if (unknown.length > 0) {
        context.err(`不明なオプション: ${unknown.join(' ')} (unknown option)`);
        return 2;
      }
      const report = await outboxReport(store.outbox, store.audit);
      if (args.includes('--json')) {
        context.out(JSON.stringify(report));
        return 0;
      }
      context.out('送信キュー (outbox):');
      for (const status of OUTBOX_STATUSES)
        context.out(`  ${STATUS_LABELS[status].padEnd(6, '　')} ${status.padEnd(8)} ${report.counts[status]}`);
      if (report.dead.length > 0) {
        context.out('送信不能のメッセージ (dead):');
        for (const dead of report.dead) context.out(`  ${dead.key} → ${dead.conversationKey}: ${dead.reason ?? ''}`);
      }
      const { installations } = report;
      if (installations.installed + installations.alreadyInstalled + installations.unreachable > 0)
        context.out(
          `アプリのインストール (installations): 新規 ${installations.installed}、インストール済み ${installations.alreadyInstalled}、届かない ${installations.unreachable}`,
        );
      return 0;
    } finally {
      await store.close();
    }
  },
};
