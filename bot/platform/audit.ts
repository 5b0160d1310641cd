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

/** What a refusal can be about; its audit action names the flow (an initiative's is the check-in's). */
const REFUSAL_ACTIONS = {
  notice: 'notice.refused',
  survey: 'survey.refused',
  inquiry: 'inquiry.refused',
  initiative: 'checkin.refused',
} as const;

export interface Refusal {
  actorId: string;
  objectType: keyof typeof REFUSAL_ACTIONS;
  objectId: string;
  /** The action the person tried, e.g. `notice.confirm`. */
  attempted: string;
  detail?: Record<string, unknown>;
}

/** A refused attempt, logged with ids only and audited as `<flow>.refused` (`notice.refused`, `checkin.refused`, ...). */
export async function auditRefusal(deps: RefusalSinks, refused: Refusal): Promise<void> {
  const { actorId, objectType, objectId, attempted, detail = {} } = refused;
  deps.logger.warn(`${objectType} action refused`, { personId: actorId, [objectType]: objectId, action: attempted });
  await deps.store.audit.append({ actorId, action: REFUSAL_ACTIONS[objectType], objectType, objectId, detail: { attempted, ...detail } });
}
