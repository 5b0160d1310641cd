import type { HandlerRegistry } from '../teams/handler-registry';
import { approveAction, returnAction } from './handlers/approval-actions';
import { askAction } from './handlers/ask-action';
import { composeAction } from './handlers/compose-action';
import { composeCommand } from './handlers/compose-command';
import { confirmAction } from './handlers/confirm-action';
import { sectionViewAction } from './handlers/section-view-action';
import type { NoticeHandlerDeps } from './handlers/deps';
import { correctAction, correctFormAction, viewAction } from './handlers/sender-actions';

/** The お知らせ flow's command and card verbs. */
export function registerNoticeHandlers(registry: HandlerRegistry, deps: NoticeHandlerDeps): void {
  registry
    .addCommand(composeCommand(deps))
    .addCardAction(composeAction(deps))
    .addCardAction(confirmAction(deps))
    .addCardAction(askAction(deps))
    .addCardAction(approveAction(deps))
    .addCardAction(returnAction(deps))
    .addCardAction(correctFormAction(deps))
    .addCardAction(correctAction(deps))
    .addCardAction(viewAction(deps))
    .addCardAction(sectionViewAction(deps));
}
