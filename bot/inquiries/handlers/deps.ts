import type { RulingSearch } from '../../rulings/search/ruling-search';
import type { InquiryWorkflowDeps } from '../workflow';

/** What the inquiry flow's handlers need: the workflow's deps, search for suggestions, and settings. */
export interface InquiryHandlerDeps extends InquiryWorkflowDeps {
  search: RulingSearch;
  /** Answers are due this many business days after asking when no 希望回答日 is given. */
  defaultDueBusinessDays: number;
}
