/**
 * Outbox keys of the 照会 flow: each message once, however often a step or the follow-up pass
 * runs. Reminders carry the 回答期限, so an extension starts them over.
 */
export const surveyOutboxKey = {
  /** HQ's card (the department's inquiry channel or the sender's personal chat), updated in place. */
  sender: (id: string) => `survey:${id}:sender`,
  senderUpdate: (id: string, stamp: string) => `survey:${id}:sender:v:${stamp}`,
  /** A section's answer card: in its お知らせ先 channel, or to each of its people when it has none. */
  sectionCard: (id: string, sectionId: string, personId?: string) =>
    `survey:${id}:to:${sectionId}${personId ? `:person:${personId}` : ':channel'}`,
  sectionCardUpdate: (cardKey: string, stamp: string) => `${cardKey}:v:${stamp}`,
  /** A reminder (beforeDeadline / overdue) to a section without a sent answer, once per deadline. */
  reminder: (id: string, dueOn: string, kind: string, sectionId: string, personId?: string) =>
    `survey:${id}:due:${dueOn}:${kind}:${sectionId}${personId ? `:person:${personId}` : ':channel'}`,
  /** The ward section's manager told once the deadline has passed. */
  escalation: (id: string, dueOn: string, sectionId: string, personId?: string) =>
    `survey:${id}:due:${dueOn}:escalation:${sectionId}${personId ? `:person:${personId}` : ':channel'}`,
  /** A section told of a new deadline or of the cancellation. */
  notice: (id: string, what: string, sectionId: string, personId?: string) =>
    `survey:${id}:${what}:${sectionId}${personId ? `:person:${personId}` : ':channel'}`,
  /** The section's approver told of an approval request (one submitted version). */
  approvalRequest: (id: string, sectionId: string, version: string, personId: string) =>
    `survey:${id}:approval:${sectionId}:${version}:${personId}`,
  /** The author told that the approver returned the answer. */
  returned: (id: string, sectionId: string, version: string, personId: string) =>
    `survey:${id}:returned:${sectionId}:${version}:${personId}`,
};
