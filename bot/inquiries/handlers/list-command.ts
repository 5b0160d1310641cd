import { adaptiveCard, plainText, textBlock, type CardElement } from '../../platform/adaptive-card';
import type { CommandHandler } from '../../platform/bot-turn';
import { t } from '../../platform/i18n';
import type { Actor } from '../../platform/identity';
import { FINAL_STATUSES } from '../model';
import { queueItem, sortQueue, type InquiryQueueItem } from '../rules/queue';
import type { InquiryHandlerDeps } from './deps';

const MAX_LINES = 20;

/** Whose list: an HQ responder or approver sees the department's queue, anyone else their own questions. */
function isHqAnswerer(actor: Actor): boolean {
  return actor.department.kind === 'hq' && (actor.roles.has('responder') || actor.roles.has('approver'));
}

function line(item: InquiryQueueItem): string {
  const due =
    item.businessDaysLeft === null
      ? ''
      : item.overdue
        ? `（${-item.businessDaysLeft} 営業日超過）`
        : `（残り ${item.businessDaysLeft} 営業日）`;
  const who = item.assigneeName ? `担当 ${item.assigneeName}` : '担当者未定';
  return `${item.number} ${item.subject}｜${item.statusName}｜${item.askerDepartment}｜${who}｜希望回答日 ${item.dueOn}${due}｜経過 ${item.ageBusinessDays} 営業日`;
}

/** 「照会一覧」: open inquiries with their ages and deadlines in business days. */
export function listCommand(deps: InquiryHandlerDeps): CommandHandler {
  return {
    keywords: ['照会一覧', 'inquiries'],
    help: {
      usage: { ja: '照会一覧', en: 'inquiries' },
      description: {
        ja: '自分の照会（所管課では課の照会）を期限とともに表示します',
        en: "Lists your inquiries (your department's queue at HQ) with deadlines",
      },
    },
    async handle(turn) {
      if (turn.actor.kind === 'unknown') return void (await turn.reply({ text: t(turn.locale, 'help.unregistered') }));
      const { actor } = turn.actor;
      const hq = isHqAnswerer(actor);
      const inquiries = await deps.store.inquiries.list(hq ? { targetDepartmentId: actor.department.id } : { askerId: actor.person.id });
      const directory = {
        people: new Map((await deps.store.people.list()).map((p) => [p.id, p])),
        departments: new Map((await deps.store.departments.list()).map((d) => [d.id, d])),
      };
      const open = sortQueue(inquiries.filter((i) => !FINAL_STATUSES.includes(i.status)).map((i) => queueItem(i, turn.today, directory)));
      const title = hq ? `${actor.department.office} ${actor.department.name} の対応中の照会` : 'あなたの対応中の照会';
      const body: CardElement[] = [
        textBlock(plainText(`${title}（${open.length} 件）`), { size: 'Large', weight: 'Bolder', style: 'heading' }),
      ];
      if (open.length === 0) body.push(textBlock('対応中の照会はありません。', { isSubtle: true }));
      for (const item of open.slice(0, MAX_LINES))
        body.push(textBlock(plainText(line(item)), { color: item.overdue ? 'Attention' : 'Default', spacing: 'Small' }));
      if (open.length > MAX_LINES)
        body.push(textBlock(`ほか ${open.length - MAX_LINES} 件はタブの「照会」で確認できます。`, { isSubtle: true }));
      await turn.reply({ card: adaptiveCard(body), summary: title });
    },
  };
}
