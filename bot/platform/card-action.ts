import { z } from 'zod';
import { executeAction, type CardAction } from './adaptive-card';
import type { BotTurn, CardActionHandler, CardActionResult } from './bot-turn';
import { t } from './i18n';

/**
 * One card verb, defined once: the data its button writes into Action.Execute and the check
 * its handler applies to a press. The card draws the button through `button()` and the
 * handler is made with `cardActionHandler()`, so the two cannot disagree on the verb or on
 * the fields. Inputs the person typed arrive beside this data and are read by the flow's form
 * rules (they are answered with field messages on the card, not refused).
 */
export interface CardActionDefinition<Written, Read> {
  readonly verb: string;
  /** The Action.Execute button (with its Action.Submit fallback) carrying `data`. */
  button(title: string, data: Written, options?: Record<string, unknown>): CardAction;
  /** A press's data checked again on the server: the typed data, or the first field that is wrong. */
  parse(data: Record<string, unknown>): { ok: true; data: Read } | { ok: false; field: string };
}

export type CardDataOf<D> = D extends CardActionDefinition<unknown, infer Read> ? Read : never;

export function defineCardAction<Shape extends z.ZodRawShape>(
  verb: string,
  shape: Shape,
): CardActionDefinition<z.input<z.ZodObject<Shape>>, z.output<z.ZodObject<Shape>>> {
  // Unknown keys (the typed inputs, the fallback's `verb`) are left out of the typed data.
  const schema = z.object(shape);
  return {
    verb,
    button: (title, data, options = {}) => executeAction(title, verb, { ...data }, options),
    parse(data) {
      const parsed = schema.safeParse(data);
      if (parsed.success) return { ok: true, data: parsed.data };
      const issue = parsed.error.issues[0];
      return { ok: false, field: issue?.path.map(String).join('.') || '(data)' };
    },
  };
}

/**
 * The handler of a defined verb: a press whose data does not parse gets one answer naming the
 * field (and reaches nothing else); a good one reaches `handle` with its data typed and the
 * whole payload, for the inputs.
 */
export function cardActionHandler<Written, Read>(
  definition: CardActionDefinition<Written, Read>,
  handle: (turn: BotTurn, data: Read, payload: Record<string, unknown>) => Promise<CardActionResult>,
): CardActionHandler {
  return {
    verb: definition.verb,
    async handle(turn, payload) {
      const parsed = definition.parse(payload);
      if (!parsed.ok) return { message: t(turn.locale, 'cardData.invalid', { field: parsed.field }) };
      return handle(turn, parsed.data, payload);
    },
  };
}

/** Field types the flows' card data share. */
export const cardField = {
  /** An id the card copied from the store; the store is asked again, so only its shape is checked here. */
  id: (max: number) => z.string().min(1).max(max),
  /** A whole number in a range (a fiscal year, a quarter, a revision). */
  integer: (min: number, max: number) => z.number().int().min(min).max(max),
};
