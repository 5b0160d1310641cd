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

/** Where a refusal is written: the log (ids only, never personal text) and the audit trail. */
export interface RefusalSinks {
  logger: { warn(message: string, fields?: Record<string, unknown>): void };
  store: { audit: { append(entry: NewAuditEntry): Promise<unknown> } };
}

/** A refused attempt on a notice or survey, logged with ids only and audited as `<objectType>.refused`. */
export async function auditRefusal(
  deps: RefusalSinks,
  refused: { actorId: string; objectType: 'notice' | 'survey'; objectId: string; attempted: string; detail?: Record<string, unknown> },
): Promise<void> {
  const { actorId, objectType, objectId, attempted, detail = {} } = refused;
  deps.logger.warn(`${objectType} action refused`, { personId: actorId, [objectType]: objectId, action: attempted });
  await deps.store.audit.append({ actorId, action: `${objectType}.refused`, objectType, objectId, detail: { attempted, ...detail } });
}
