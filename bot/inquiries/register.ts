import type { HandlerRegistry } from '../teams/handler-registry';
import { approveAction, returnAction } from './handlers/approval-actions';
import { askCommand } from './handlers/ask-command';
import { replyAction, restoreAction, statusAction, withdrawAction } from './handlers/asker-actions';
import { bindInquiryChannelCommand, bindNoticeChannelCommand } from './handlers/bind-channel-commands';
import type { InquiryHandlerDeps } from './handlers/deps';
import {
  answerAction,
  answerFormAction,
  askFormAction,
  claimAction,
  reassignAction,
  reassignFormAction,
  releaseAction,
  requestInfoAction,
  viewAction,
} from './handlers/hq-actions';
import { listCommand } from './handlers/list-command';
import { previewAction } from './handlers/preview-action';
import { searchAskAction, searchMessageHandler, searchResolvedAction } from './handlers/search-message';
import { deflectAction, editQuestionAction, submitQuestionAction } from './handlers/question-actions';

/** The 疑義照会 flow's commands and card verbs. */
export function registerInquiryHandlers(registry: HandlerRegistry, deps: InquiryHandlerDeps): void {
  registry
    .addCommand(askCommand(deps))
    .addCommand(listCommand(deps))
    .addCommand(bindInquiryChannelCommand(deps))
    .addCommand(bindNoticeChannelCommand(deps))
    .addCardAction(previewAction(deps))
    .addCardAction(editQuestionAction(deps))
    .addCardAction(deflectAction(deps))
    .addCardAction(submitQuestionAction(deps))
    .addCardAction(claimAction(deps))
    .addCardAction(answerFormAction(deps))
    .addCardAction(answerAction(deps))
    .addCardAction(askFormAction(deps))
    .addCardAction(requestInfoAction(deps))
    .addCardAction(viewAction(deps))
    .addCardAction(approveAction(deps))
    .addCardAction(returnAction(deps))
    .addCardAction(replyAction(deps))
    .addCardAction(withdrawAction(deps))
    .addCardAction(statusAction(deps))
    .addCardAction(restoreAction(deps))
    .addCardAction(releaseAction(deps))
    .addCardAction(reassignFormAction(deps))
    .addCardAction(reassignAction(deps))
    .addCardAction(searchResolvedAction(deps))
    .addCardAction(searchAskAction(deps))
    .setFallback(searchMessageHandler(deps));
}
