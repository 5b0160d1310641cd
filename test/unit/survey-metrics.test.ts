import type { Department } from '../../bot/directory/model';
import { computeSurveyFigures } from '../../bot/analytics/survey-metrics';
import type { Survey, SurveyAnswer } from '../../bot/surveys/model';
import { make } from '../contract/fixtures';

const KITA = 'ward-kita-hoken-nenkin';
const KITA_SHIMIN = 'ward-kita-shimin';
const MINAMI = 'ward-minami-hoken-nenkin';
const NISHI = 'ward-nishi-hoken-nenkin';

const department = (id: string, office: string, name: string, kind: 'hq' | 'ward' = 'ward'): Department => ({
  id,
  office,
  name,
  kind,
  approvalRequired: false,
  inquiryChannelId: null,
  noticeChannelId: null,
});
const DEPARTMENTS = [
  department('hq-hoken-nenkin', '健康福祉局', '保険年金課', 'hq'),
  department('hq-kodomo', 'こども局', 'こども家庭課', 'hq'),
  department(KITA, '北区役所', '保険年金課'),
  department(KITA_SHIMIN, '北区役所', '市民課'),
  department(MINAMI, '南区役所', '保険年金課'),
  department(NISHI, '西区役所', '保険年金課'),
];

const sent = (departmentId: string, answeredAt: string): Partial<SurveyAnswer> => ({
  departmentId,
  status: 'answered',
  answers: { cases: 1 },
  answeredAt,
  version: 1,
});
const entry = (survey: Partial<Survey>, answers: Partial<SurveyAnswer>[]) => {
  const s = make.survey({ ...survey, sectionIds: answers.map((a) => a.departmentId as string) });
  return { survey: s, answers: answers.map((a) => make.surveyAnswer({ surveyId: s.id, ...a })) };
};

/**
 * Hand-computed (business days: Mon 2026-12-07 … Fri 12-11, Mon 12-14; today Tue 12-15):
 * S1 (保険年金課, asked Mon 12-07, due Fri 12-11): 北区 sent Wed 12-09 → on time, 2 days; 南区 sent
 *   12-11T15:30Z = Sat 12-12 in Japan → late (on time by the UTC date), 4 days; 西区 nothing → open overdue.
 * S2 (こども家庭課, asked 12-10T23:30Z = Fri 12-11 in Japan, due Fri 12-18): 北区 保険年金課 sent Fri 12-11
 *   then reopened (a draft now) → still on time, 0 days; 北区 市民課 awaiting approval, not yet due → not counted.
 * S3 (cancelled, answered) → nowhere. S4 (FY2025, asked Mon 03-02, due Fri 03-06): 北区 sent Thu 03-05 → on time, 3 days.
 */
const SURVEYS = [
  entry({ id: 'S-R8-0001', createdAt: '2026-12-07T01:00:00.000Z', dueOn: '2026-12-11' }, [
    sent(KITA, '2026-12-09T03:00:00.000Z'),
    sent(MINAMI, '2026-12-11T15:30:00.000Z'),
    { departmentId: NISHI, status: 'pending' },
  ]),
  entry({ id: 'S-R8-0002', senderDepartmentId: 'hq-kodomo', createdAt: '2026-12-10T23:30:00.000Z', dueOn: '2026-12-18' }, [
    {
      departmentId: KITA,
      status: 'draft',
      answers: { cases: 2 },
      answeredAt: null,
      version: 1,
      history: [{ version: 1, answers: { cases: 1 }, answeredBy: 'p-1', approvedBy: null, answeredAt: '2026-12-11T05:00:00.000Z' }],
    },
    { departmentId: KITA_SHIMIN, status: 'awaitingApproval' },
  ]),
  entry({ id: 'S-R8-0003', status: 'cancelled', createdAt: '2026-12-07T01:00:00.000Z', dueOn: '2026-12-08' }, [
    sent(MINAMI, '2026-12-14T01:00:00.000Z'),
  ]),
  entry({ id: 'S-R7-0001', fiscalYear: 2025, createdAt: '2026-03-02T01:00:00.000Z', dueOn: '2026-03-06' }, [
    sent(KITA, '2026-03-05T01:00:00.000Z'),
  ]),
];
const TODAY = '2026-12-15';

describe('全区照会 figures (効果検証)', () => {
  it('counts surveys, sections, the on-time share with its parts, and days to answer', () => {
    const figures = computeSurveyFigures(SURVEYS, DEPARTMENTS, TODAY);
    expect(figures).toMatchObject({
      surveys: 3,
      sectionsAsked: 6,
      sectionsAnswered: 4,
      counted: 5,
      answeredOnTime: 3,
      answeredLate: 1,
      openOverdue: 1,
      onTimeRate: 60,
      daysToAnswer: { n: 4, median: 2, p90: 4 }, // 0, 2, 3, 4
    });
  });

  it('gives each asking department its surveys and sections', () => {
    expect(computeSurveyFigures(SURVEYS, DEPARTMENTS, TODAY).byDepartment).toEqual([
      { departmentId: 'hq-hoken-nenkin', name: '健康福祉局 保険年金課', surveys: 2, sectionsAsked: 4, sectionsAnswered: 3 },
      { departmentId: 'hq-kodomo', name: 'こども局 こども家庭課', surveys: 1, sectionsAsked: 2, sectionsAnswered: 1 },
    ]);
  });

  it('gives each ward office its on-time share with the denominator; an open overdue section counts as late', () => {
    expect(computeSurveyFigures(SURVEYS, DEPARTMENTS, TODAY).byWard).toEqual([
      {
        ward: '北区役所',
        sectionsAsked: 4,
        counted: 3,
        answeredOnTime: 3,
        answeredLate: 0,
        openOverdue: 0,
        onTimeRate: 100,
        daysToAnswer: { n: 3, median: 2, p90: 3 },
      },
      {
        ward: '南区役所',
        sectionsAsked: 1,
        counted: 1,
        answeredOnTime: 0,
        answeredLate: 1,
        openOverdue: 0,
        onTimeRate: 0,
        daysToAnswer: { n: 1, median: 4, p90: 4 },
      },
      {
        ward: '西区役所',
        sectionsAsked: 1,
        counted: 1,
        answeredOnTime: 0,
        answeredLate: 0,
        openOverdue: 1,
        onTimeRate: 0,
        daysToAnswer: { n: 0, median: null, p90: null },
      },
    ]);
  });

  it('filters by fiscal year and by asking department; before the deadline nothing is counted against a section', () => {
    expect(computeSurveyFigures(SURVEYS, DEPARTMENTS, TODAY, { fiscalYear: 2026 })).toMatchObject({
      surveys: 2,
      counted: 4,
      answeredOnTime: 2,
      answeredLate: 1,
      openOverdue: 1,
      onTimeRate: 50,
    });
    expect(computeSurveyFigures(SURVEYS, DEPARTMENTS, TODAY, { departmentId: 'hq-kodomo' })).toMatchObject({
      surveys: 1,
      sectionsAsked: 2,
      counted: 1,
      onTimeRate: 100,
    });
    // On the deadline itself 西区 is not late yet.
    expect(computeSurveyFigures(SURVEYS.slice(0, 1), DEPARTMENTS, '2026-12-11')).toMatchObject({
      counted: 2,
      openOverdue: 0,
      onTimeRate: 50,
    });
    expect(computeSurveyFigures([], DEPARTMENTS, TODAY)).toMatchObject({
      surveys: 0,
      counted: 0,
      onTimeRate: null,
      daysToAnswer: { n: 0, median: null },
    });
  });
});
