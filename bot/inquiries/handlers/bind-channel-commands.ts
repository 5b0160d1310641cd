import { authorize, ensureAllowed } from '../../platform/authorization';
import type { BotTurn, CommandHandler } from '../../platform/bot-turn';
import { excerpt, t } from '../../platform/i18n';
import type { Department, DepartmentKind } from '../../directory/model';
import type { Actor } from '../../platform/identity';
import type { InquiryHandlerDeps } from './deps';
import { inquiryText, type InquiryMessageKey } from '../strings';

/** What to type, as the examples in the replies show it (the keywords are Japanese in every language). */
const EXAMPLES: Record<DepartmentKind, string> = { hq: '照会窓口に設定 保険年金課', ward: 'お知らせ先に設定 北区役所 保険年金課' };

/** Finds a department by 課名, or 局/区役所 and 課名 (「保険年金課」「健康福祉局 保険年金課」). */
export function findDepartment(departments: Department[], kind: DepartmentKind, text: string): Department[] | 'ambiguous' {
  const wanted = text.normalize('NFKC').replace(/\s+/g, '');
  if (!wanted) return [];
  const matches = departments.filter(
    (d) => d.kind === kind && [d.name, `${d.office}${d.name}`].some((n) => n.normalize('NFKC').replace(/\s+/g, '') === wanted),
  );
  return matches.length > 1 ? 'ambiguous' : matches;
}

async function bind(turn: BotTurn, argument: string, deps: InquiryHandlerDeps, kind: DepartmentKind) {
  if (turn.actor.kind === 'unknown') return void (await turn.reply({ text: t(turn.locale, 'help.unregistered') }));
  const say = (key: InquiryMessageKey, params: Record<string, string> = {}) =>
    turn.reply({ text: inquiryText(turn.locale, key, { example: EXAMPLES[kind], text: excerpt(argument, 40), ...params }) });
  if (turn.conversation.kind !== 'channel' || !turn.conversation.channelId) return void (await say(`bind.${kind}.channelOnly`));
  const found = findDepartment(await deps.store.departments.list({ kind }), kind, argument);
  if (found === 'ambiguous') return void (await say('bind.ambiguous'));
  const [department] = found;
  if (!department) return void (await say(`bind.${kind}.notFound`));
  ensureAllowed(turn.actor.actor, 'directory.bindChannel', { type: 'department', departmentId: department.id });
  const updated: Department =
    kind === 'hq'
      ? { ...department, inquiryChannelId: turn.conversation.channelId }
      : { ...department, noticeChannelId: turn.conversation.channelId };
  await deps.store.transaction(async (tx) => {
    await tx.departments.upsert(updated);
    await tx.audit.append({
      actorId: turn.actor.kind === 'known' ? turn.actor.actor.person.id : '',
      action: `directory.bind.${kind === 'hq' ? 'inquiry' : 'notice'}Channel`,
      objectType: 'department',
      objectId: department.id,
      detail: { channelId: turn.conversation.channelId },
    });
  });
  await say(`bind.${kind}.done`, { department: `${department.office} ${department.name}` });
}

/** Whether the help card offers a binding command: an admin, or an approver of a department of that kind (for their own). */
function mayBind(actor: Actor, kind: 'hq' | 'ward'): boolean {
  if (actor.roles.has('admin')) return true;
  return (
    actor.department.kind === kind &&
    authorize(actor, 'directory.bindChannel', { type: 'department', departmentId: actor.department.id }).allowed
  );
}

/** 「照会窓口に設定 <課名>」 in an HQ department's channel: its 疑義照会 threads go there. */
export function bindInquiryChannelCommand(deps: InquiryHandlerDeps): CommandHandler {
  return {
    keywords: ['照会窓口に設定'],
    help: {
      usage: { ja: '照会窓口に設定 保険年金課', en: '照会窓口に設定 <department>' },
      description: {
        ja: 'このチャネルを所管課の照会窓口にします（承認者・管理者）',
        en: "Makes this channel the department's Q&A channel (approvers, admins)",
      },
      shownTo: (actor) => mayBind(actor, 'hq'),
    },
    handle: (turn, argument) => bind(turn, argument, deps, 'hq'),
  };
}

/** 「お知らせ先に設定 <区役所 課名>」 in a ward's channel: shared rulings are announced there. */
export function bindNoticeChannelCommand(deps: InquiryHandlerDeps): CommandHandler {
  return {
    keywords: ['お知らせ先に設定'],
    help: {
      usage: { ja: 'お知らせ先に設定 北区役所 保険年金課', en: 'お知らせ先に設定 <ward section>' },
      description: {
        ja: 'このチャネルを区役所の課のお知らせ先にします（承認者・管理者）',
        en: "Makes this channel the ward section's notice channel (approvers, admins)",
      },
      shownTo: (actor) => mayBind(actor, 'ward'),
    },
    handle: (turn, argument) => bind(turn, argument, deps, 'ward'),
  };
}
