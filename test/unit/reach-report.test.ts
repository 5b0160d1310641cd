import type { Department, Person } from '../../bot/directory/model';
import { reachReport } from '../../bot/platform/outbox/reach-report';

const dept = (id: string, kind: 'hq' | 'ward', noticeChannelId: string | null = null): Department => ({
  id,
  name: id,
  office: kind === 'hq' ? '本庁' : '北区役所',
  kind,
  approvalRequired: false,
  inquiryChannelId: null,
  noticeChannelId,
});
const person = (id: string, departmentId: string, roles: Person['roles']): Person => ({
  id,
  entraObjectId: `aad-${id}`,
  displayName: id,
  email: `${id}@example.lg.jp`,
  departmentId,
  title: '',
  roles,
  locale: 'ja',
});

describe('reach report', () => {
  it('counts owners, HQ responders and approvers, and ward sections, and installs for exactly the people they need', () => {
    const report = reachReport({
      departments: [dept('hq', 'hq'), dept('ward-a', 'ward', '19:a@thread.tacv2'), dept('ward-b', 'ward'), dept('ward-c', 'ward')],
      people: [
        person('hq-r', 'hq', ['staff', 'responder']),
        person('hq-a', 'hq', ['staff', 'approver']),
        person('wb-1', 'ward-b', ['staff']),
        person('wc-1', 'ward-c', ['staff']),
        person('wc-2', 'ward-c', ['staff']),
      ],
      initiatives: [{ ownerId: 'wb-1' }, { ownerId: 'hq-r' }, { ownerId: null }],
      withChat: new Set(['hq-r', 'wc-2']),
    });
    expect(report.owners).toEqual({ total: 2, reachable: 1, unreachable: ['wb-1'] });
    expect(report.responders).toEqual({ total: 1, reachable: 1, unreachable: [] });
    expect(report.approvers).toEqual({ total: 1, reachable: 0, unreachable: ['hq-a'] });
    // ward-a has its notice channel, ward-c a member with a chat; ward-b nobody.
    expect(report.wardSections).toEqual({ total: 3, reachable: 2, unreachable: ['ward-b'] });
    expect(report.installations.map((r) => (r.kind === 'person' ? r.personId : r.teamId))).toEqual(['hq-a', 'wb-1']);
  });
});
