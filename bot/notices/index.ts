/** The お知らせ flow's public entry for other flows (the 意見照会結果 of bot/surveys is sent as a notice). */
export { composeNotice } from './workflow';
export { NOTICE_LIMITS } from './model';
