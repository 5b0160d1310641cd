import type { CommandHandler } from '../../platform/bot-turn';
import { t } from '../../platform/i18n';
import type { Actor } from '../../platform/identity';
import { FINAL_STATUSES } from '../model';
import { queueCard } from '../cards/queue-card';
import { queueItem, sortQueue } from '../rules/queue';
import type { InquiryHandlerDeps } from './deps';
import { inquiryText } from '../strings';

/** Whose list: an HQ responder or approver sees the department's queue, anyone else their own questions. */
function isHqAnswerer(actor: Actor): boolean {
  return actor.department.kind === 'hq' && (actor.roles.has('responder') || actor.roles.has('approver'));
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
      // A ward section's 課長 (approver) sees her section's questions, as in the tab.
      const section = actor.department.kind === 'ward' && actor.roles.has('approver');
      const inquiries = hq
        ? await deps.store.inquiries.list({ targetDepartmentId: actor.department.id })
        : section
          ? (await deps.store.inquiries.list()).filter((i) => i.askerDepartmentId === actor.department.id)
          : await deps.store.inquiries.list({ askerId: actor.person.id });
      const directory = {
        people: new Map((await deps.store.people.list()).map((p) => [p.id, p])),
        departments: new Map((await deps.store.departments.list()).map((d) => [d.id, d])),
      };
      const open = sortQueue(inquiries.filter((i) => !FINAL_STATUSES.includes(i.status)).map((i) => queueItem(i, turn.today, directory)));
      const title =
        hq || section
          ? inquiryText(turn.locale, 'queue.department', { department: `${actor.department.office} ${actor.department.name}` })
          : inquiryText(turn.locale, 'queue.mine');
      await turn.reply({ card: queueCard(title, open, hq ? 'hq' : 'asker', turn.locale), summary: title });
    },
  };
}
