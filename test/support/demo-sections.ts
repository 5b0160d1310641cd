/** The demo's ward sections and channels that the お知らせ and 全区照会 tests write to (bot/demo data). */
export const KITA = 'ward-kita-hoken-nenkin';
export const MINAMI = 'ward-minami-hoken-nenkin';
export const GENERAL = '19:renkei-team-general@thread.tacv2';
export const INQUIRY_CHANNEL = '19:hoken-nenkin-inquiries@thread.tacv2';
/** The お知らせ先 the ward-turn tests give 南区 保険年金課 (the demo binds both sections to General). */
export const MINAMI_CHANNEL = '19:minami-hoken-nenkin-notices@thread.tacv2';

export type CardAction = { title: string; verb: string; data: Record<string, unknown>; type?: string; url?: string };

/** The card's button titled `title`, or a failure that shows the card. */
export const actionOf = (card: unknown, title: string): CardAction => {
  const action = (card as { actions?: CardAction[] } | undefined)?.actions?.find((a) => a.title === title);
  if (!action) throw new Error(`no action ${title} in ${JSON.stringify(card).slice(0, 600)}`);
  return action;
};
