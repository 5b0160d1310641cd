import type { StoredConversationReference } from '../../store/ports';
import type { OutboxMessage } from './model';

/** Sends one outbox payload through the Bot Connector (botbuilder in bot/teams implements it). */
export interface ProactiveSender {
  send(reference: StoredConversationReference, payload: OutboxMessage['payload']): Promise<{ activityId: string | null }>;
}

/** A failed send as the connector answered it: an HTTP status (absent for network errors) and Retry-After. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export type DeliveryOutcome =
  { kind: 'throttled'; reason: string; retryAfterMs: number } | { kind: 'retry'; reason: string } | { kind: 'dead'; reason: string };

/**
 * What to do after a failed send. 429: wait as the server says, not a failure. 5xx, 408, 401
 * (a token hiccup) and network errors: retry with backoff. 403/404: the user removed the app or
 * the conversation is gone, retrying cannot help. Other 4xx: the message itself is wrong.
 */
export function classifyDeliveryError(error: unknown, defaultRetryAfterMs = 1000): DeliveryOutcome {
  const status = error instanceof DeliveryError ? error.status : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 429) {
    const retryAfterMs = error instanceof DeliveryError && error.retryAfterMs !== undefined ? error.retryAfterMs : defaultRetryAfterMs;
    return {
      kind: 'throttled',
      reason: `429 送信が制限されました (throttled; Retry-After ${Math.ceil(retryAfterMs / 1000)} s)`,
      retryAfterMs,
    };
  }
  if (status === 403) return { kind: 'dead', reason: `403 ボットがブロックされたか、アプリが削除されています (forbidden: ${detail})` };
  if (status === 404)
    return { kind: 'dead', reason: `404 会話が見つかりません。アプリが削除された可能性があります (conversation not found: ${detail})` };
  if (status === undefined || status >= 500 || status === 408 || status === 401) {
    return { kind: 'retry', reason: status ? `${status} ${detail}` : `通信エラー (network error): ${detail}` };
  }
  return { kind: 'dead', reason: `${status} 送信内容が受け付けられませんでした (rejected: ${detail})` };
}

/** Exponential backoff with jitter: attempt 1 waits about base, attempt n about base·2^(n-1), capped. */
export function retryDelayMs(attempt: number, options: { baseMs: number; capMs: number }, random: () => number = Math.random): number {
  const exponential = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** Reads Retry-After: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
