/**
 * How deep and how large an incoming activity's parts may be. Teams nests a few levels (channelData,
 * an Action.Execute's value) and sends accounts of a few hundred bytes; a part nested thousands of
 * levels deep fails in SQLite's JSON functions or overflows the stack, and the accounts are stored
 * with each conversation reference. Measured without recursion, so the check cannot overflow itself.
 */
export const MAX_ACTIVITY_DEPTH = 32;
/** from, recipient and conversation: kept in the conversation reference. */
export const MAX_STORED_PART_BYTES = 16 * 1024;
/** channelData: Teams' own ids and settings; everything else is bounded by the request body limit. */
export const MAX_CHANNEL_DATA_BYTES = 64 * 1024;

const STORED_PARTS = new Set(['from', 'recipient', 'conversation']);

/** Why the activity's shape is refused (naming the part), or undefined. */
export function activityShapeProblem(activity: Record<string, unknown>): string | undefined {
  for (const [field, value] of Object.entries(activity)) {
    if (value === null || typeof value !== 'object') continue;
    const maxBytes = STORED_PARTS.has(field) ? MAX_STORED_PART_BYTES : field === 'channelData' ? MAX_CHANNEL_DATA_BYTES : Infinity;
    const measured = measure(value, maxBytes);
    if (measured === 'too-deep')
      return `activity.${field} の入れ子が深すぎます（${MAX_ACTIVITY_DEPTH} 階層まで） (activity.${field} is nested deeper than ${MAX_ACTIVITY_DEPTH} levels)`;
    if (measured === 'too-large')
      return `activity.${field} が大きすぎます（${maxBytes / 1024} KB まで） (activity.${field} is larger than ${maxBytes / 1024} KB)`;
  }
  return undefined;
}

/** Walks a parsed JSON value level by level; stops at the first level or byte beyond the limits. */
function measure(root: object, maxBytes: number): 'ok' | 'too-deep' | 'too-large' {
  let level: object[] = [root];
  let depth = 0;
  let bytes = 0;
  while (level.length > 0) {
    depth += 1;
    if (depth > MAX_ACTIVITY_DEPTH) return 'too-deep';
    const next: object[] = [];
    for (const container of level) {
      const entries = Array.isArray(container)
        ? (container as unknown[]).map((child) => ['', child] as const)
        : Object.entries(container as Record<string, unknown>);
      bytes += 2;
      for (const [key, child] of entries) {
        // A rough JSON size: strings and keys by their UTF-16 length, other scalars a few bytes.
        bytes += key.length + (key ? 4 : 1) + (typeof child === 'string' ? child.length + 2 : 0);
        if (child !== null && typeof child === 'object') next.push(child);
        else if (typeof child !== 'string') bytes += 8;
      }
      if (bytes > maxBytes) return 'too-large';
    }
    level = next;
  }
  return 'ok';
}
