import type { Department } from '../../bot/directory/model';
import { computeNoticeFigures } from '../../bot/analytics/notice-metrics';
import type { Notice, NoticeSection } from '../../bot/notices/model';

const hq = (id: string, name: string): Department => ({
  id,
  name,
  office: '健康福祉局',
  kind: 'hq',
  approvalRequired: false,
  inquiryChannelId: null,
  noticeChannelId: null,
});
const DEPARTMENTS = [hq('hq-a', '保険年金課'), hq('hq-b', '市民課')];

const confirmed = (departmentId: string, at: string): NoticeSection => ({
  departmentId,
  status: 'confirmed',
  confirmedBy: 'p',
  confirmedAt: at,
});
const pending = (departmentId: string): NoticeSection => ({ departmentId, status: 'pending', confirmedBy: null, confirmedAt: null });

function notice(
  id: string,
  senderDepartmentId: string,
  confirmBy: string,
  sentAt: string,
  sections: NoticeSection[],
  overrides: Partial<Notice> = {},
): Notice {
  return {
    id,
    fiscalYear: 2026,
    kind: '事務連絡',
    title: id,
    body: 'b',
    effectiveOn: null,
    confirmBy,
    audience: { allWards: true },
    rulingIds: [],
    supersedesRulingIds: [],
    manualIds: [],
    senderId: 'p-hq',
    senderDepartmentId,
    status: 'sent',
    approvedBy: null,
    returnComment: null,
    revision: 1,
    sections,
    history: [],
    requestId: id,
    createdAt: sentAt,
    sentAt,
    updatedAt: sentAt,
    ...overrides,
  };
}

// Times are UTC; the figures count Japan's business days (JST = UTC+9). 2026-12-07 is a Monday.
const NOTICES: Notice[] = [
  // A: sent Mon 12-07, confirmed 12-08 and 12-10: full after 3 business days, both on time.
  notice('A', 'hq-a', '2026-12-14', '2026-12-07T00:30:00Z', [
    confirmed('s1', '2026-12-08T01:00:00Z'),
    confirmed('s2', '2026-12-10T02:00:00Z'),
  ]),
  // B: deadline Fri 12-11; s1 confirmed late (12-14), s2 never: both decided, neither on time.
  notice('B', 'hq-a', '2026-12-11', '2026-12-07T00:30:00Z', [confirmed('s1', '2026-12-14T01:00:00Z'), pending('s2')]),
  // C: sent Wed 12-09, confirmed Fri 12-11 15:00 JST: 2 business days, on time.
  notice('C', 'hq-b', '2026-12-18', '2026-12-09T00:00:00Z', [confirmed('s1', '2026-12-11T06:00:00Z')]),
  // D: corrected Tue 12-08 (counted from there), confirmed Tue 12-15: 5 business days, on time (deadline 12-16).
  notice('D', 'hq-b', '2026-12-16', '2026-12-01T00:00:00Z', [confirmed('s1', '2026-12-15T00:00:00Z')], {
    revision: 2,
    history: [
      { revision: 1, title: 'D', body: 'old', correctedBy: 'p-hq', correctedAt: '2026-12-08T00:00:00Z', sections: [pending('s1')] },
    ],
  }),
  // G: pending, deadline not yet reached on 12-15: undecided.
  notice('G', 'hq-b', '2026-12-18', '2026-12-10T00:00:00Z', [pending('s1')]),
  // E: awaiting approval: not sent, not counted.
  notice('E', 'hq-a', '2026-12-18', '2026-12-10T00:00:00Z', [pending('s1')], { status: 'awaitingApproval', sentAt: null }),
  // F: last fiscal year, overdue and unconfirmed.
  notice('F', 'hq-a', '2026-03-10', '2026-03-02T00:00:00Z', [pending('s1')], { fiscalYear: 2025 }),
];
const TODAY = '2026-12-15';

describe('notice figures (効果検証)', () => {
  it('counts sent notices, business days to full confirmation and the on-time share, per department', () => {
    const figures = computeNoticeFigures(NOTICES, DEPARTMENTS, TODAY, { fiscalYear: 2026 });
    expect(figures).toEqual({
      sent: 5,
      fullyConfirmed: 3,
      // [2, 3, 5]: nearest-rank median 3, p90 5.
      daysToFullConfirmation: { n: 3, median: 3, p90: 5 },
      // A 2 of 2, B 0 of 2, C 1 of 1, D 1 of 1, G undecided: 4 of 6.
      sectionsDecided: 6,
      sectionsOnTime: 4,
      onTimeRate: 66.7,
      byDepartment: [
        // hq-a: A 2 of 2, B 0 of 2; hq-b: C 1 of 1, D 1 of 1 (G undecided).
        {
          departmentId: 'hq-a',
          name: '健康福祉局 保険年金課',
          sent: 2,
          fullyConfirmed: 1,
          daysToFullConfirmation: { n: 1, median: 3, p90: 3 },
          sectionsDecided: 4,
          sectionsOnTime: 2,
          onTimeRate: 50,
        },
        {
          departmentId: 'hq-b',
          name: '健康福祉局 市民課',
          sent: 3,
          fullyConfirmed: 2,
          daysToFullConfirmation: { n: 2, median: 2, p90: 5 },
          sectionsDecided: 2,
          sectionsOnTime: 2,
          onTimeRate: 100,
        },
      ],
    });
  });

  it('takes every year without a filter, and one sending department with one', () => {
    const all = computeNoticeFigures(NOTICES, DEPARTMENTS, TODAY);
    expect([all.sent, all.sectionsDecided, all.sectionsOnTime, all.onTimeRate]).toEqual([6, 7, 4, 57.1]);
    const b = computeNoticeFigures(NOTICES, DEPARTMENTS, TODAY, { departmentId: 'hq-b' });
    expect([b.sent, b.byDepartment.map((d) => d.departmentId)]).toEqual([3, ['hq-b']]);
  });

  it('has nothing to divide before anything was decided', () => {
    expect(computeNoticeFigures([], DEPARTMENTS, TODAY)).toEqual({
      sent: 0,
      fullyConfirmed: 0,
      daysToFullConfirmation: { n: 0, median: null, p90: null },
      sectionsDecided: 0,
      sectionsOnTime: 0,
      onTimeRate: null,
      byDepartment: [],
    });
  });
});
