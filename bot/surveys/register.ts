import type { HandlerRegistry } from '../teams/handler-registry';
import { approveAction, editAction, returnAction, saveAction, submitAction } from './handlers/answer-actions';
import { createCommand } from './handlers/create-command';
import type { SurveyHandlerDeps } from './handlers/deps';
import { cancelAction, extendAction, viewAction } from './handlers/sender-actions';

/** The 照会 flow's command and card verbs. */
export function registerSurveyHandlers(registry: HandlerRegistry, deps: SurveyHandlerDeps): void {
  registry
    .addCommand(createCommand(deps))
    .addCardAction(saveAction(deps))
    .addCardAction(submitAction(deps))
    .addCardAction(approveAction(deps))
    .addCardAction(returnAction(deps))
    .addCardAction(editAction(deps))
    .addCardAction(extendAction(deps))
    .addCardAction(cancelAction(deps))
    .addCardAction(viewAction(deps));
}
