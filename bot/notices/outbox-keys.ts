/**
 * Outbox keys of the お知らせ flow: each message once, however often a step or the follow-up
 * pass runs. Section cards carry the revision, so a 訂正 sends every section a new card.
 */
export const noticeOutboxKey = {
  /** The sender's status card (HQ channel or personal chat), updated in place as sections confirm. */
  sender: (id: string) => `notice:${id}:sender`,
  senderUpdate: (id: string, version: string) => `notice:${id}:sender:v:${version}`,
  /** A section's card: in its notice channel, or to each of its people when it has none. */
  sectionCard: (id: string, revision: number, sectionId: string, personId?: string) =>
    `notice:${id}:r${revision}:to:${sectionId}${personId ? `:person:${personId}` : ':channel'}`,
  sectionCardUpdate: (cardKey: string, version: string) => `${cardKey}:v:${version}`,
  /** A reminder (beforeDeadline / overdue) to an unconfirmed section, once per revision. */
  reminder: (id: string, revision: number, kind: string, sectionId: string, personId?: string) =>
    `notice:${id}:r${revision}:${kind}:${sectionId}${personId ? `:person:${personId}` : ':channel'}`,
  /** The ward section's manager told once the deadline has passed. */
  escalation: (id: string, revision: number, sectionId: string, personId?: string) =>
    `notice:${id}:r${revision}:escalation:${sectionId}${personId ? `:person:${personId}` : ':channel'}`,
  /** An approval request of one submitted version, to one approver (or the department's channel). */
  approval: (id: string, version: string, personId?: string) => `notice:${id}:approval:${version}:${personId ?? 'channel'}`,
  /** The author told that the approver returned it. */
  returned: (id: string, version: string, personId: string) => `notice:${id}:returned:${version}:${personId}`,
  /** 質問する: the ask form sent to a person's personal chat. */
  askForm: (id: string, personId: string, nonce: string) => `notice:${id}:ask:${personId}:${nonce}`,
};
