import type { SurveyWorkflowDeps } from '../workflow';

/** What the 照会 flow's handlers need: the workflow's deps (nothing else yet). */
export type SurveyHandlerDeps = SurveyWorkflowDeps;
