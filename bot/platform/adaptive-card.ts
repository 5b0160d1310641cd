/**
 * Minimal typed building blocks for Adaptive Cards 1.5 (what Teams renders). Cards are built
 * by pure functions from domain state; user-provided text always goes through plainText().
 */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: Record<string, unknown>;
  msteams?: Record<string, unknown>;
}

export type CardElement = Record<string, unknown> & { type: string };
export type CardAction = Record<string, unknown> & { type: string; title: string };

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Microsoft's limit for user-specific views: at most 60 people get their own version of one card. */
export const REFRESH_USER_LIMIT = 60;

/**
 * Universal Actions refresh (user-specific views): Teams asks the bot again for the card
 * (adaptiveCard/action with trigger "automatic", the action's verb and data) for each of `userIds`
 * (their Teams user ids) when they see it, and shows each their own answer. At most 60 are listed;
 * the others keep the card as sent (and may use the message's Refresh).
 */
export function withRefresh(card: AdaptiveCard, action: CardAction, userIds: string[]): AdaptiveCard {
  const { fallback: _fallback, ...execute } = action;
  return { ...card, refresh: { action: execute, userIds: [...new Set(userIds)].slice(0, REFRESH_USER_LIMIT) } };
}

export function adaptiveCard(body: CardElement[], actions: CardAction[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

/**
 * Text a person typed (or any data) shown literally: Teams renders TextBlock text as
 * Markdown, so without escaping a name like "*urgent*" or "[link](http://evil)" would be
 * formatted or become a link.
 */
export function plainText(text: string): string {
  // The indent is blanks within one line ([^\S\r\n\u2028\u2029], not \s): a run that could cross
  // line breaks is rescanned from every line start, quadratic on a long run of empty lines.
  return text
    .replace(/[\\*_[\]()~`]/g, (ch) => `\\${ch}`) // emphasis, links, code
    .replace(/^([^\S\r\n\u2028\u2029]*)([-+>#])(?=\s)/gm, '$1\\$2') // bullet, quote and heading markers at a line start
    .replace(/^([^\S\r\n\u2028\u2029]*\d+)\.(?=\s)/gm, '$1\\.'); // numbered-list markers: 1\. not 1.
}

export function textBlock(text: string, options: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...options };
}

export function factSet(facts: { title: string; value: string }[]): CardElement {
  return { type: 'FactSet', facts };
}

export function openUrlAction(title: string, url: string): CardAction {
  return { type: 'Action.OpenUrl', title, url };
}

/**
 * A button that runs a card verb on the server. Action.Execute (Universal Actions) lets the
 * bot replace the card in place; clients without it fall back to Action.Submit with the
 * same verb in its data, which the router handles the same way.
 */
export function executeAction(
  title: string,
  verb: string,
  data: Record<string, unknown>,
  options: Record<string, unknown> = {},
): CardAction {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data,
    ...options,
    fallback: { type: 'Action.Submit', title, data: { ...data, verb }, ...options },
  };
}

/**
 * A message that something worked: a check mark and bold text in the default colour, so it
 * reads in every theme and without telling colours apart (Teams' "Good" green is faint on dark).
 */
export function successText(text: string, options: Record<string, unknown> = {}): CardElement {
  return textBlock(`✓ ${text}`, { weight: 'Bolder', ...options });
}

export function attentionText(text: string): CardElement {
  return textBlock(text, { color: 'Attention', size: 'Small', spacing: 'None' });
}
