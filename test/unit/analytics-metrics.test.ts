import fc from 'fast-check';
import { computeAnalytics, type AnalyticsInput } from '../../bot/analytics/metrics';
import { monthlySummaryCard } from '../../bot/analytics/monthly-summary';
import { percentile, rate, summarise } from '../../bot/analytics/statistics';
import type { AuditEntry } from '../../bot/platform/audit';
import { make } from '../contract/fixtures';

const dept = (id: string, name: string, office: string, kind: 'hq' | 'ward') => ({
  id,
  name,
  office,
  kind,
  approvalRequired: false,
  inquiryChannelId: null,
  noticeChannelId: null,
});
const departments = [
  dept('hq-a', '保険年金課', '健康福祉局', 'hq'),
  dept('hq-b', '介護保険課', '健康福祉局', 'hq'),
  dept('w-kita', '保険年金課', '北区役所', 'ward'),
  dept('w-minami', '保険年金課', '南区役所', 'ward'),
];
let id = 0;
const audit = (action: string, objectId: string, at: string, objectType = 'inquiry'): AuditEntry => ({
  id: ++id,
  at,
  actorId: 'p-1',
  action,
  objectType,
  objectId,
  detail: {},
});
const answer = (answeredAt: string) => ({ text: '回答', answeredBy: 'p-2', approvedBy: null, answeredAt });

// Asked Monday 2026-11-02 (JST). Business days: 11/3 is 文化の日.
const inquiries = [
  // answered in 3 business days (11/4, 11/5, 11/6), due 11/6: on time; first response next day
  make.inquiry({
    number: 'Q-R8-0001',
    targetDepartmentId: 'hq-a',
    askerDepartmentId: 'w-kita',
    createdAt: '2026-11-02T01:00:00.000Z',
    dueOn: '2026-11-06',
    status: 'answered',
    answer: answer('2026-11-06T08:00:00.000Z'),
  }),
  // answered in 6 business days, due 11/6: late
  make.inquiry({
    number: 'Q-R8-0002',
    targetDepartmentId: 'hq-a',
    askerDepartmentId: 'w-minami',
    createdAt: '2026-11-02T01:00:00.000Z',
    dueOn: '2026-11-06',
    status: 'answered',
    answer: answer('2026-11-11T08:00:00.000Z'),
  }),
  // open, other department, asked in October
  make.inquiry({
    number: 'Q-R8-0003',
    targetDepartmentId: 'hq-b',
    askerDepartmentId: 'w-kita',
    createdAt: '2026-10-20T01:00:00.000Z',
    dueOn: '2026-10-27',
    status: 'claimed',
  }),
  // previous fiscal year
  make.inquiry({
    number: 'Q-R7-0009',
    fiscalYear: 2025,
    targetDepartmentId: 'hq-a',
    askerDepartmentId: 'w-kita',
    createdAt: '2026-03-02T01:00:00.000Z',
    dueOn: '2026-03-09',
    status: 'submitted',
  }),
];

const kpi = {
  id: 'B1-3-k1',
  name: '電子決裁率',
  unit: '%',
  baseline: 50,
  target: 80,
  targetDate: '2027-03-31',
  direction: 'higher' as const,
};
const cycle = (fiscalYear: number, quarter: 1 | 2 | 3 | 4, dueOn: string, closedAt: string | null = `${dueOn}T09:00:00.000Z`) => ({
  fiscalYear,
  quarter,
  opensOn: '2026-01-01',
  dueOn,
  openedAt: '',
  openedBy: 'scheduler',
  unreachableOwnerIds: [],
  closedAt,
});
const checkIn = (
  code: string,
  fiscalYear: number,
  quarter: 1 | 2 | 3 | 4,
  weather: '晴れ' | 'くもり' | '雨',
  value: number | null,
  firstSubmittedAt: string,
) => ({
  ...make.checkIn({ initiativeCode: code, fiscalYear, quarter, weather, kpiActuals: value === null ? [] : [{ kpiId: 'B1-3-k1', value }] }),
  firstSubmittedAt,
});

const input: AnalyticsInput = {
  today: '2026-11-20', // a Friday
  inquiries,
  audit: [
    audit('inquiry.claim', 'Q-R8-0001', '2026-11-04T01:00:00.000Z'), // 1 business day
    audit('inquiry.submitAnswer', 'Q-R8-0001', '2026-11-02T05:00:00.000Z'), // earlier step counts: 0 days
    audit('inquiry.claim', 'Q-R8-0002', '2026-11-06T01:00:00.000Z'), // 3 business days
    audit('inquiry.approve', 'Q-R8-0002', '2026-11-02T02:00:00.000Z'), // not a first-response action
    audit('inquiry.deflected', 'hq-a', '2026-11-05T01:00:00.000Z', 'department'),
    audit('inquiry.deflected', 'hq-b', '2026-11-05T01:00:00.000Z', 'department'),
    audit('ruling.view', 'R-0001', '2026-11-05T01:00:00.000Z', 'ruling'),
    audit('ruling.view', 'R-0001', '2026-11-06T01:00:00.000Z', 'ruling'),
    audit('ruling.view', 'R-0002', '2026-11-06T01:00:00.000Z', 'ruling'),
  ],
  rulings: [
    make.ruling({ id: 'R-0001', publishedAt: '2026-10-09', department: '保険年金課' }),
    make.ruling({ id: 'R-0002', title: '別件', publishedAt: '2025-06-01', department: '介護保険課' }),
  ],
  initiatives: [
    make.initiative({ code: 'B1-3', kpis: [kpi], leadSection: '保険年金課' }),
    make.initiative({ code: 'A1-1', kpis: [], leadSection: '市民課' }),
  ],
  checkIns: [
    checkIn('B1-3', 2026, 1, '晴れ', 60, '2026-07-10T01:00:00.000Z'),
    checkIn('A1-1', 2026, 1, '雨', null, '2026-07-20T01:00:00.000Z'), // after the 7/14 due date
    checkIn('B1-3', 2026, 2, 'くもり', 65, '2026-10-13T01:00:00.000Z'),
    checkIn('B1-3', 2025, 4, '晴れ', 55, '2026-04-10T01:00:00.000Z'),
  ],
  cycles: [cycle(2026, 2, '2026-10-14'), cycle(2026, 1, '2026-07-14'), cycle(2025, 4, '2026-04-14')],
  departments,
};

describe('statistics', () => {
  it('uses nearest-rank percentiles and one-decimal rates', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([], 50)).toBeNull();
    expect(rate(1, 3)).toBe(33.3);
    expect(rate(0, 0)).toBeNull();
    expect(summarise([3, 6])).toEqual({ n: 2, median: 3, p90: 6 });
  });
});

describe('効果検証 figures', () => {
  it('R8年度: inquiries, response and answer times in business days, on-time share, deflections', () => {
    const { inquiries: figures } = computeAnalytics(input, { fiscalYear: 2026 });
    expect(figures).toMatchObject({
      total: 3,
      answered: 2,
      firstResponseDays: { n: 2, median: 0, p90: 3 },
      answerDays: { n: 2, median: 3, p90: 6 },
      // 0001 on time, 0002 late, 0003 open and past its 10/27 due date: 1 of 3.
      onTimeRate: 33.3,
      onTime: { answeredOnTime: 1, answeredLate: 1, openOverdue: 1, counted: 3 },
      // 0003, asked 10/20: 8 business days in October after the 20th, 14 in November to the 20th (11/3 a holiday).
      backlog: { open: 1, overdue: 1, unclaimed: 0, oldestUnclaimedDays: null },
      deflections: 2,
      deflectionRate: 40, // 2 settled of 5 questions that reached the send step
    });
    expect(figures.backlog.byAge.map((b) => [b.label, b.count])).toEqual([
      ['0-2', 0],
      ['3-5', 0],
      ['6-10', 0],
      ['11+', 1],
    ]);
    expect(figures.byDepartment.map((d) => [d.departmentId, d.inquiries, d.answerDays.median, d.onTimeRate, d.onTime.counted])).toEqual([
      ['hq-a', 2, 3, 50, 2],
      ['hq-b', 1, null, 0, 1], // its one inquiry is open and overdue: late, not "no figure"
    ]);
    expect(figures.byWard).toEqual([
      { office: '北区役所', inquiries: 2 },
      { office: '南区役所', inquiries: 1 },
    ]);
    expect(figures.byMonth).toEqual([
      { month: '2026-10', inquiries: 1 },
      { month: '2026-11', inquiries: 2 },
    ]);
  });

  it('rulings created in the year and how often they were read', () => {
    expect(computeAnalytics(input, { fiscalYear: 2026 }).rulings).toEqual({
      created: 1,
      createdByMonth: [{ month: '2026-10', created: 1 }],
      views: 3,
      mostViewed: [
        { id: 'R-0001', title: '退職後の国保加入日', views: 2 },
        { id: 'R-0002', title: '別件', views: 1 },
      ],
    });
  });

  it('check-ins per quarter: answered, on time by the first submission, and 天気', () => {
    expect(computeAnalytics(input).checkIns.map((q) => [q.label, q.answered, q.onTime, q.onTimeRate, q.weather])).toEqual([
      ['R7年度 Q4', 1, 1, 50, { 晴れ: 1, くもり: 0, 雨: 0 }],
      ['R8年度 Q1', 2, 1, 50, { 晴れ: 1, くもり: 0, 雨: 1 }],
      ['R8年度 Q2', 1, 1, 50, { 晴れ: 0, くもり: 1, 雨: 0 }],
    ]);
  });

  it('an open cycle has no rate yet: answers so far, late ones as late, the rest unanswered', () => {
    const openQ3 = {
      ...input,
      cycles: [...input.cycles, cycle(2026, 3, '2027-01-18', null)],
      checkIns: [...input.checkIns, checkIn('B1-3', 2026, 3, '晴れ', 70, '2026-12-22T01:00:00.000Z')],
    };
    const q3 = computeAnalytics(openQ3).checkIns.at(-1)!;
    expect([q3.label, q3.open, q3.answered, q3.initiatives, q3.unanswered, q3.onTimeRate]).toEqual(['R8年度 Q3', true, 1, 2, 1, null]);
    // R8 Q1 (closed): A1-1 answered 7/20, after its 7/14 due date.
    const q1 = computeAnalytics(input).checkIns.find((q) => q.label === 'R8年度 Q1')!;
    expect([q1.open, q1.onTime, q1.late, q1.unanswered, q1.onTimeRate]).toEqual([false, 1, 1, 0, 50]);
  });

  it('KPI actuals against the target over quarters, skipping quarters without a figure', () => {
    const [trend] = computeAnalytics(input).kpis;
    expect(trend).toMatchObject({ code: 'B1-3', name: '電子決裁率', target: 80, baseline: 50 });
    expect(trend.points.map((p) => [p.label, p.actual])).toEqual([
      ['R7年度 Q4', 55],
      ['R8年度 Q1', 60],
      ['R8年度 Q2', 65],
    ]);
  });

  it('a department filter narrows inquiries, deflections, rulings and initiatives to that department', () => {
    const result = computeAnalytics(input, { fiscalYear: 2026, departmentId: 'hq-b' });
    expect(result.inquiries).toMatchObject({ total: 1, answered: 0, deflections: 1 });
    expect(result.rulings.created).toBe(0);
    expect(result.kpis).toEqual([]);
    expect(result.checkIns.every((q) => q.initiatives === 0)).toBe(true);
  });
});

describe('期限内の回答 over every state of an inquiry (as of Friday 2026-11-20)', () => {
  const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00+09:00`).toISOString();
  const q = (n: number, fields: Parameters<typeof make.inquiry>[0]) =>
    make.inquiry({ number: `Q-R8-01${String(n).padStart(2, '0')}`, targetDepartmentId: 'hq-a', askerDepartmentId: 'w-kita', ...fields });
  const states = [
    q(1, { createdAt: at('2026-11-16'), dueOn: '2026-11-19', status: 'answered', answer: answer(at('2026-11-18')) }), // answered on time
    q(2, { createdAt: at('2026-11-09'), dueOn: '2026-11-12', status: 'shared', answer: answer(at('2026-11-13')) }), // answered late
    q(3, { createdAt: at('2026-11-10'), dueOn: '2026-11-17', status: 'claimed', assigneeId: 'p-2' }), // open, 3 business days overdue
    q(4, { createdAt: at('2026-11-19'), dueOn: '2026-11-26', status: 'drafted', assigneeId: 'p-2', targetDepartmentId: 'hq-b' }), // open, not yet due
    q(5, { createdAt: at('2026-11-02'), dueOn: '2026-11-05', status: 'withdrawn' }), // withdrawn (past its date): left out
    q(6, { createdAt: at('2026-11-11'), dueOn: '2026-11-18', status: 'submitted', targetDepartmentId: 'hq-b' }), // unclaimed and overdue
    q(7, { createdAt: at('2026-11-20'), dueOn: '2026-11-27', status: 'submitted' }), // unclaimed, asked today
  ];
  const figuresOn = (today: string, list = states) =>
    computeAnalytics({ today, inquiries: list, audit: [], rulings: [], initiatives: [], checkIns: [], cycles: [], departments }).inquiries;

  it('is answered on time ÷ (answered + open past the due date); open ones not yet due and withdrawn ones are left out', () => {
    const figures = figuresOn('2026-11-20');
    expect(figures.onTime).toEqual({ answeredOnTime: 1, answeredLate: 1, openOverdue: 2, counted: 4 });
    expect(figures.onTimeRate).toBe(25);
    expect([figures.total, figures.answered, figures.withdrawn]).toEqual([7, 2, 1]);
    expect(figures.byDepartment.map((d) => [d.departmentId, d.onTime.counted, d.onTimeRate])).toEqual([
      ['hq-a', 3, 33.3], // 0101 on time; 0102 late, 0103 overdue; 0105 withdrawn, 0107 not yet due
      ['hq-b', 1, 0], // 0106 overdue; 0104 not yet due
    ]);
  });

  it("shows the backlog by age and the unclaimed ones with the oldest one's age so far", () => {
    const { backlog } = figuresOn('2026-11-20');
    // Ages: 0103 asked 11/10 → 8, 0104 11/19 → 1, 0106 11/11 → 7, 0107 today → 0.
    expect(backlog).toMatchObject({ open: 4, overdue: 2, unclaimed: 2, oldestUnclaimedDays: 7 });
    expect(backlog.byAge.map((b) => b.count)).toEqual([2, 0, 2, 0]);
  });

  it('is late only once a business day has begun after the due date, as the inquiry list says', () => {
    const dueFriday = [q(9, { createdAt: at('2026-11-16'), dueOn: '2026-11-20', status: 'claimed' })];
    expect(figuresOn('2026-11-20', dueFriday).onTime.openOverdue).toBe(0); // due today
    expect(figuresOn('2026-11-22', dueFriday).onTime.openOverdue).toBe(0); // Sunday
    expect(figuresOn('2026-11-23', dueFriday).onTime.openOverdue).toBe(0); // 勤労感謝の日
    expect(figuresOn('2026-11-24', dueFriday)).toMatchObject({ onTimeRate: 0, onTime: { openOverdue: 1, counted: 1 } });
  });

  it('has no rate rather than 100% when nothing is answered or due', () => {
    const notDue = [q(4, { createdAt: at('2026-11-19'), dueOn: '2026-11-26', status: 'drafted' })];
    expect(figuresOn('2026-11-20', notDue)).toMatchObject({ onTimeRate: null, onTime: { counted: 0 } });
  });
});

describe('monthly summary card', () => {
  const factsOf = (figures: ReturnType<typeof computeAnalytics>) =>
    JSON.stringify(monthlySummaryCard('2026-11', figures, 'http://x/tab/#/dashboard'));

  it('shows each share with its denominator and marks a small one as a reference figure', () => {
    const text = factsOf(computeAnalytics(input, { fiscalYear: 2026 }));
    expect(text).toContain('33.3%（1/3件・件数が少ないため参考値）');
    expect(text).toContain('"title":"未着手","value":"0 件"');
    expect(text).toContain('2 件（質問 5 件中 40%）');
    expect(text).not.toMatch(/"100%"/);
  });

  it('shows an open cycle as answers so far, not as a rate', () => {
    const withOpen = { ...input, cycles: [...input.cycles, cycle(2026, 3, '2027-01-18', null)] };
    expect(factsOf(computeAnalytics(withOpen))).toContain('"title":"チェックイン R8年度 Q3","value":"回答 0/2（受付中）"');
    expect(factsOf(computeAnalytics(input))).toContain('"value":"回答 1/2・期限内 50%（1/2件・件数が少ないため参考値）"');
  });
});

describe('metrics a person cannot inflate (issue 18, finding 7)', () => {
  const empty: AnalyticsInput = {
    today: '2026-11-20',
    inquiries: [],
    audit: [],
    rulings: [make.ruling({ id: 'R-0001', department: '保険年金課' })],
    initiatives: [],
    checkIns: [],
    cycles: [],
    departments,
  };
  const press = fc.record({
    actor: fc.constantFrom('p-1', 'p-2', 'p-3'),
    requestId: fc.constantFrom('req-a', 'req-b', 'req-c', 'req-d'),
    departmentId: fc.constantFrom('hq-a', 'hq-b'),
    hour: fc.integer({ min: 0, max: 23 }),
  });

  it('counts a deflection once per question and person, in the department the server recorded', () => {
    fc.assert(
      fc.property(fc.array(press, { maxLength: 60 }), (presses) => {
        // The department belongs to the question: every press of one form carries the first one.
        const departmentOf = new Map<string, string>();
        const audit = presses.map((p) => {
          if (!departmentOf.has(p.requestId)) departmentOf.set(p.requestId, p.departmentId);
          return {
            id: ++id,
            at: `2026-11-05T${String(p.hour).padStart(2, '0')}:00:00.000Z`,
            actorId: p.actor,
            action: 'inquiry.deflected',
            objectType: 'inquiryRequest',
            objectId: p.requestId,
            detail: { departmentId: departmentOf.get(p.requestId) },
          };
        });
        const distinctPairs = new Set(presses.map((p) => `${p.actor}|${p.requestId}`));
        expect(computeAnalytics({ ...empty, audit }, { fiscalYear: 2026 }).inquiries.deflections).toBe(distinctPairs.size);
        const inA = new Set(presses.filter((p) => departmentOf.get(p.requestId) === 'hq-a').map((p) => `${p.actor}|${p.requestId}`));
        expect(computeAnalytics({ ...empty, audit }, { fiscalYear: 2026, departmentId: 'hq-a' }).inquiries.deflections).toBe(inA.size);
      }),
    );
  });

  it('counts a ruling view once per person per day (Japan time)', () => {
    const view = fc.record({
      actor: fc.constantFrom('p-1', 'p-2', 'anonymous'),
      day: fc.integer({ min: 1, max: 4 }),
      hour: fc.integer({ min: 0, max: 23 }),
    });
    fc.assert(
      fc.property(fc.array(view, { maxLength: 80 }), (views) => {
        const audit = views.map((v) => ({
          id: ++id,
          at: new Date(Date.UTC(2026, 10, v.day, v.hour)).toISOString(),
          actorId: v.actor,
          action: 'ruling.view',
          objectType: 'ruling',
          objectId: 'R-0001',
          detail: {},
        }));
        const jstDay = (v: { day: number; hour: number }) =>
          new Date(Date.UTC(2026, 10, v.day, v.hour) + 9 * 3600_000).toISOString().slice(0, 10);
        const expected = new Set(views.map((v) => `${v.actor}|${jstDay(v)}`)).size;
        const result = computeAnalytics({ ...empty, audit }, { fiscalYear: 2026 });
        expect(result.rulings.views).toBe(expected);
      }),
    );
  });
});
