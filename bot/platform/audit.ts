/** Who did what and when: every state change a person causes is recorded for accountability. */

export interface AuditEntry {
  id: number;
  /** ISO timestamp */
  at: string;
  actorId: string;
  action: string;
  objectType: string;
  objectId: string;
  detail: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: string };
