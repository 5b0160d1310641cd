import type { Logger } from '../../platform/logger';
import type { Store } from '../../store/ports';

/** What the check-in flow's handlers need. */
export interface CheckInHandlerDeps {
  store: Store;
  logger: Logger;
  now: () => Date;
}
