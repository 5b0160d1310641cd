import type { CheckInConfig } from '../platform/config';
import type { HandlerRegistry } from '../teams/handler-registry';
import type { CheckInHandlerDeps } from './handlers/deps';
import { editCheckInAction } from './handlers/edit-check-in-action';
import { myCheckInsCommand } from './handlers/my-check-ins-command';
import { openCheckInAction } from './handlers/open-check-in-action';
import { rollUpCommand } from './handlers/rollup-command';
import { startCycleCommand } from './handlers/start-cycle-command';
import { submitCheckInAction } from './handlers/submit-check-in-action';

/** The check-in flow's commands and card verbs. */
export function registerCheckInHandlers(
  registry: HandlerRegistry,
  deps: CheckInHandlerDeps & { settings: CheckInConfig; nudge: () => void; installsApp?: boolean },
): void {
  registry
    .addCommand(myCheckInsCommand(deps))
    .addCommand(startCycleCommand(deps))
    .addCommand(rollUpCommand(deps))
    .addCardAction(submitCheckInAction(deps))
    .addCardAction(editCheckInAction(deps))
    .addCardAction(openCheckInAction(deps));
}
