/** A check-in's 天気 (how an initiative is going), shown by the bot's cards and the tab's dashboard alike. */
export const WEATHERS = ['晴れ', 'くもり', '雨'] as const;
export type Weather = (typeof WEATHERS)[number];
