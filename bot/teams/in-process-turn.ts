import { BotAdapter, TurnContext, type Activity, type ConversationReference, type InvokeResponse, type ResourceResponse } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../platform/adaptive-card';
import type { ActivityRouter } from './activity-router';

/** What one in-process turn produced: the messages the bot sent, and an Action.Execute's answer. */
export interface InProcessTurnResult {
  replies: ({ text: string } | { card: AdaptiveCard })[];
  /** For a card action: the card that replaces the pressed one, or the message shown instead. */
  invoke?: { card: AdaptiveCard } | { message: string } | { status: number };
}

/** Who acts and what they do: a chat message, or a card button (verb and the data it carries, inputs included). */
export type InProcessAction = { kind: 'message'; text: string } | { kind: 'cardAction'; verb: string; data: Record<string, unknown> };

/**
 * Runs one activity through the bot's real ActivityRouter without HTTP or a Teams client, as
 * the person with `aadObjectId` in their personal chat with the bot (the operator CLI's `as`).
 * The adapter only records what the bot sends: nothing reaches the serviceUrl.
 */
export async function runInProcessTurn(
  router: ActivityRouter,
  person: { aadObjectId: string; name: string; tenantId?: string },
  action: InProcessAction,
): Promise<InProcessTurnResult> {
  const adapter = new RecordingAdapter();
  const fields: Partial<Activity> =
    action.kind === 'message'
      ? { type: 'message', text: action.text, textFormat: 'plain' }
      : {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data } },
        };
  const activity: Partial<Activity> = {
    id: `cli-${Date.now()}`,
    channelId: 'msteams',
    // Never contacted: replies are recorded by the adapter.
    serviceUrl: 'http://localhost/in-process',
    timestamp: new Date(),
    locale: 'ja-JP',
    from: { id: `29:in-process-${person.aadObjectId}`, name: person.name, aadObjectId: person.aadObjectId },
    recipient: { id: '28:in-process-bot', name: 'bot' },
    conversation: {
      id: `a:in-process-${person.aadObjectId}`,
      conversationType: 'personal',
      tenantId: person.tenantId,
      isGroup: false,
      name: '',
    },
    ...fields,
  };
  await adapter.run(activity, (context) => router.onTurn(context));
  return { replies: adapter.replies, invoke: adapter.invoke };
}

class RecordingAdapter extends BotAdapter {
  readonly replies: InProcessTurnResult['replies'] = [];
  invoke?: InProcessTurnResult['invoke'];
  private sequence = 0;

  run(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const activity of activities) {
      if (activity.type === 'invokeResponse') this.invoke = invokeAnswer(activity.value as InvokeResponse);
      else this.record(activity);
    }
    return activities.map(() => ({ id: `in-process-${(this.sequence += 1)}` }));
  }

  async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<void> {
    this.record(activity);
  }

  async deleteActivity(): Promise<void> {}

  async continueConversation(_reference: Partial<ConversationReference>): Promise<void> {
    throw new Error('an in-process turn cannot continue other conversations');
  }

  private record(activity: Partial<Activity>) {
    const card = activity.attachments?.find((a) => a.contentType === ADAPTIVE_CARD_CONTENT_TYPE)?.content as AdaptiveCard | undefined;
    if (card) this.replies.push({ card });
    else if (typeof activity.text === 'string') this.replies.push({ text: activity.text });
  }
}

function invokeAnswer(response: InvokeResponse | undefined): InProcessTurnResult['invoke'] {
  const body = response?.body as { type?: string; value?: unknown } | undefined;
  if (body?.type === ADAPTIVE_CARD_CONTENT_TYPE) return { card: body.value as AdaptiveCard };
  if (typeof body?.value === 'string') return { message: body.value };
  return { status: response?.status ?? 500 };
}
