import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { DeliveryError, parseRetryAfter, type ProactiveSender } from '../platform/outbox/delivery';
import type { OutboxMessage } from '../platform/outbox/model';
import type { StoredConversationReference } from '../store/ports';

/**
 * Sends an outbox payload through botbuilder's CloudAdapter (continueConversation), so in
 * production it goes through the real Bot Connector with the bot's credentials.
 */
export class BotbuilderProactiveSender implements ProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
  ) {}

  async send(reference: StoredConversationReference, payload: OutboxMessage['payload']): Promise<{ activityId: string | null }> {
    let activityId: string | null = null;
    let failure: unknown;
    // Errors are caught inside the callback: the adapter would otherwise hand them to
    // onTurnError, which logs them and reports success to us.
    await this.adapter
      .continueConversationAsync(this.botAppId, reference as Partial<ConversationReference>, async (context: TurnContext) => {
        try {
          if (payload.activityId) {
            await context.updateActivity({ ...payload.activity, id: payload.activityId });
            activityId = payload.activityId;
          } else {
            activityId = (await context.sendActivity(payload.activity))?.id ?? null;
          }
        } catch (error) {
          failure = error;
        }
      })
      .catch((error: unknown) => {
        failure ??= error;
      });
    if (failure !== undefined) throw toDeliveryError(failure);
    return { activityId };
  }
}

/** The connector client's errors carry the HTTP status and the response headers. */
function toDeliveryError(error: unknown): DeliveryError {
  const e = error as {
    message?: string;
    statusCode?: number;
    status?: number;
    response?: { status?: number; headers?: { get?: (name: string) => string | undefined } | Record<string, string> };
  };
  const status = e.statusCode ?? e.status ?? e.response?.status;
  const headers = e.response?.headers;
  const retryAfter =
    headers && typeof headers.get === 'function'
      ? headers.get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  return new DeliveryError(e.message ?? String(error), typeof status === 'number' ? status : undefined, parseRetryAfter(retryAfter));
}
