import type { NewAuditEntry } from '../platform/audit';

/**
 * What happened to the demo inquiries and rulings before the demo starts, as the audit log
 * would have recorded it, so the 効果検証 dashboard has figures: HQ's steps on each inquiry,
 * questions settled by a suggested ruling (deflections) and rulings being read.
 */
const step = (at: string, actorId: string, action: string, number: string, from: string, to: string): NewAuditEntry => ({
  at: new Date(at).toISOString(),
  actorId,
  action,
  objectType: 'inquiry',
  objectId: number,
  detail: { from, to },
});

const INQUIRY_STEPS: NewAuditEntry[] = [
  step('2026-10-05T10:20:00+09:00', 'p-ward-staff', 'inquiry.submit', 'Q-R8-0001', '', 'submitted'),
  step('2026-10-05T14:00:00+09:00', 'p-hq-responder', 'inquiry.claim', 'Q-R8-0001', 'submitted', 'claimed'),
  step('2026-10-07T15:30:00+09:00', 'p-hq-responder', 'inquiry.submitAnswer', 'Q-R8-0001', 'claimed', 'awaitingApproval'),
  step('2026-10-08T16:40:00+09:00', 'p-hq-approver', 'inquiry.approve', 'Q-R8-0001', 'awaitingApproval', 'shared'),
  step('2026-11-16T13:45:00+09:00', 'p-ward-staff', 'inquiry.submit', 'Q-R8-0002', '', 'submitted'),
  step('2026-11-17T09:30:00+09:00', 'p-hq-responder', 'inquiry.claim', 'Q-R8-0002', 'submitted', 'claimed'),
  step('2026-11-20T17:20:00+09:00', 'p-hq-responder', 'inquiry.submitAnswer', 'Q-R8-0002', 'claimed', 'awaitingApproval'),
  step('2026-11-18T09:30:00+09:00', 'p-ward-staff', 'inquiry.submit', 'Q-R8-0003', '', 'submitted'),
  step('2026-11-18T11:05:00+09:00', 'p-hq-responder', 'inquiry.claim', 'Q-R8-0003', 'submitted', 'claimed'),
  step('2026-11-20T15:10:00+09:00', 'p-ward-staff', 'inquiry.submit', 'Q-R8-0004', '', 'submitted'),
];

const DEFLECTIONS: NewAuditEntry[] = [
  ['2026-10-14T10:00:00+09:00', 'hq-hoken-nenkin', 'R-0020', '国民健康保険'],
  ['2026-10-28T15:30:00+09:00', 'hq-hoken-nenkin', 'R-0003', '国民健康保険'],
  ['2026-11-10T09:15:00+09:00', 'hq-hoken-nenkin', 'R-0020', '国民健康保険'],
].map(([at, department, ruling, category]) => ({ at: new Date(at).toISOString(), actorId: 'p-ward-staff', action: 'inquiry.deflected', objectType: 'department', objectId: department, detail: { suggestionIds: [ruling], category } }));

const VIEWS: [string, number][] = [
  ['R-0020', 9],
  ['R-0003', 6],
  ['R-0001', 4],
  ['R-0011', 3],
  ['R-0007', 2],
];

const RULING_VIEWS: NewAuditEntry[] = VIEWS.flatMap(([ruling, count]) =>
  Array.from({ length: count }, (_, i) => ({
    at: new Date(Date.UTC(2026, 9, 9 + i * 3, 1, 0)).toISOString(),
    actorId: i % 2 === 0 ? 'p-ward-staff' : 'p-ward-manager',
    action: 'ruling.view',
    objectType: 'ruling',
    objectId: ruling,
    detail: {},
  })),
);

export const demoActivity: NewAuditEntry[] = [...INQUIRY_STEPS, ...DEFLECTIONS, ...RULING_VIEWS];
