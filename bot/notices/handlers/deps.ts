import type { NoticeWorkflowDeps } from '../workflow';

/** What the お知らせ flow's handlers need: the workflow's deps (nothing else yet). */
export type NoticeHandlerDeps = NoticeWorkflowDeps;
