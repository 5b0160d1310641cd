import { openCycle } from '../checkins/workflow';
import { parseQuarterArgument } from '../checkins/rules/quarter-argument';
import { manualWindow } from '../checkins/rules/review-window';
import { japanDateOf, quarterLabel } from '../platform/fiscal-calendar';
import type { Store } from '../store/ports';
import { type CliCommand, openCliStore } from './cli-command';

const USAGE = 'checkin start R8 Q3 [--as PERSON_ID] | checkin status';

/**
 * checkin start R8 Q3: opens a quarter's check-in as 「チェックイン開始」 does in Teams (the
 * running server sends the queued cards). checkin status: every cycle, its answers and the
 * owners the bot could not reach.
 */
export const checkinCommand: CliCommand = {
  name: 'checkin',
  usage: USAGE,
  description: '四半期チェックインを開始・確認します (open a quarterly check-in, or list cycles)',
  async run(args, context) {
    const [action, ...rest] = args;
    const asIndex = rest.indexOf('--as');
    const openedBy = asIndex >= 0 ? rest[asIndex + 1] : 'operator';
    const quarterText = (asIndex >= 0 ? rest.slice(0, asIndex) : rest).join(' ');
    if ((action !== 'start' && action !== 'status') || !openedBy) {
      context.err(`使い方 (usage): npm run cli -- ${USAGE}`);
      return 2;
    }
    const config = context.config();
    const store = await openCliStore(config);
    try {
      if (action === 'status') {
        const total = (await store.initiatives.list()).length;
        for (const cycle of await store.checkInCycles.list()) {
          const answered = (await store.checkIns.listForQuarter(cycle.fiscalYear, cycle.quarter)).length;
          const state = cycle.closedAt ? '締切済 (closed)' : '受付中 (open)';
          context.out(
            `${quarterLabel(cycle)}  ${cycle.opensOn}〜${cycle.dueOn}  ${state}  回答 ${answered}/${total}  届かない担当者 ${(await peopleNamed(store, cycle.unreachableOwnerIds)).join('、') || 'なし'}`,
          );
        }
        return 0;
      }
      const now = new Date();
      const quarter = parseQuarterArgument(quarterText, japanDateOf(now));
      if (!quarter || quarter === 'invalid') {
        context.err(`四半期を「R8 Q3」のように指定してください (name the quarter, e.g. R8 Q3): ${quarterText.slice(0, 40)}`);
        return 2;
      }
      if (openedBy !== 'operator' && !(await store.people.get(openedBy))) {
        context.err(`職員 ${openedBy} は名簿にありません (no such person)`);
        return 2;
      }
      const result = await openCycle(store, {
        quarter,
        ...manualWindow(quarter, japanDateOf(now), config.checkIns),
        openedBy,
        now,
        installsApp: Boolean(config.installation),
      });
      const label = quarterLabel(quarter);
      if (!result.opened) context.out(`${label} は ${result.cycle.opensOn} に開始済みです（期限 ${result.cycle.dueOn}） (already open)`);
      else
        context.out(
          `${label} を開始しました。期限 ${result.cycle.dueOn}、カード ${result.sent} 件をキューに入れました (opened; ${result.sent} cards queued)`,
        );
      if (result.unreachableOwnerIds.length > 0) {
        context.out(
          `届かない担当者 (unreachable owners) ${result.unreachableOwnerIds.length} 人: ${(await peopleNamed(store, result.unreachableOwnerIds)).join('、')}`,
        );
        context.out('  ボットとの個人チャットを一度開いてもらうと、次の送信から届きます (they have not opened a chat with the bot yet)');
      }
      if (result.withoutOwner.length > 0) context.out(`担当者のいない施策 (no owner): ${result.withoutOwner.join(', ')}`);
      return 0;
    } finally {
      await store.close();
    }
  },
};

/** 「佐藤 美咲（北区役所 保険年金課）」 for each id, so an operator knows whom to call; an id the roster lost stays an id. */
async function peopleNamed(store: Store, ids: string[]): Promise<string[]> {
  const departments = new Map((await store.departments.list()).map((d) => [d.id, `${d.office} ${d.name}`]));
  return Promise.all(
    ids.map(async (id) => {
      const person = await store.people.get(id);
      return person ? `${person.displayName}（${departments.get(person.departmentId) ?? person.departmentId}）` : id;
    }),
  );
}
