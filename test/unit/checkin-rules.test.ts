import { FIELD, parseKpiValue, readFormValues, validateAnswer } from '../../bot/checkins/rules/check-in-form';
import type { CheckIn, CheckInCycle, Initiative } from '../../bot/checkins/model';
import { parseQuarterArgument } from '../../bot/checkins/rules/quarter-argument';
import { closingDate, manualWindow, reminderDates, reviewWindow } from '../../bot/checkins/rules/review-window';
import { computeRollUp } from '../../bot/checkins/rules/rollup';
import { planSchedulerWork } from '../../bot/checkins/rules/scheduler-plan';
import type { CheckInConfig } from '../../bot/platform/config';

const settings: CheckInConfig = {
  opensBeforeQuarterEnd: 5,
  dueAfterQuarterEnd: 10,
  reminderOffsets: [-3, 0, 2],
  schedulerIntervalSeconds: 300,
};

const initiative: Initiative = {
  code: 'B1-3',
  pillar: 'B',
  domain: 'B1',
  leadDivision: '総務部',
  leadSection: 'DX推進課',
  title: '紙決裁の廃止',
  purpose: '',
  milestone: '',
  activities: '',
  q4Target: '電子決裁率Q平均80%',
  ownerId: 'p-1',
  kpis: [
    { id: 'B1-3-k1', name: '電子決裁率', unit: '%', baseline: 50, target: 80, targetDate: '2027-03-31', direction: 'higher' },
    { id: 'B1-3-k2', name: '印刷枚数', unit: '枚', baseline: 4_779_225, target: 2_389_612, targetDate: '2027-03-31', direction: 'lower' },
  ],
};

describe('review window in business days', () => {
  it('R8 Q3 opens five business days before the last open day of December and is due ten business days into January', () => {
    // 12/29–1/3 are 年末年始; 12/28 (Mon) is the last business day; 1/11/2027 is 成人の日.
    expect(reviewWindow({ fiscalYear: 2026, quarter: 3 }, settings)).toEqual({ opensOn: '2026-12-21', dueOn: '2027-01-18' });
  });

  it('Q4 ends on 3/31 and is due after the new fiscal year starts; Q1 skips no holiday at its end', () => {
    expect(reviewWindow({ fiscalYear: 2026, quarter: 4 }, settings)).toEqual({ opensOn: '2027-03-24', dueOn: '2027-04-14' });
    // 2026-06-30 is a Tuesday: five business days back is 6/23; ten after is 7/14.
    expect(reviewWindow({ fiscalYear: 2026, quarter: 1 }, settings)).toEqual({ opensOn: '2026-06-23', dueOn: '2026-07-14' });
  });

  it('a cycle opened late by hand still leaves five business days to answer', () => {
    expect(manualWindow({ fiscalYear: 2026, quarter: 2 }, '2026-10-13', settings)).toEqual({ opensOn: '2026-10-13', dueOn: '2026-10-20' });
    expect(manualWindow({ fiscalYear: 2026, quarter: 3 }, '2026-11-23', settings)).toEqual({ opensOn: '2026-11-23', dueOn: '2027-01-18' });
  });

  it('reminder days count business days from the due date, and the cycle closes the business day after the last one', () => {
    expect(reminderDates('2027-01-19', [-3, 0, 2])).toEqual([
      { offset: -3, date: '2027-01-14' },
      { offset: 0, date: '2027-01-19' },
      { offset: 2, date: '2027-01-21' },
    ]);
    expect(closingDate({ dueOn: '2027-01-19' }, [-3, 0, 2])).toBe('2027-01-22');
    expect(closingDate({ dueOn: '2027-01-22' }, [-2])).toBe('2027-01-25'); // Friday due: closes Monday
  });
});

describe('scheduler plan', () => {
  const cycle = (o: Partial<CheckInCycle> = {}): CheckInCycle => ({
    fiscalYear: 2026,
    quarter: 3,
    opensOn: '2026-12-21',
    dueOn: '2027-01-19',
    openedAt: '2026-12-21T00:00:00Z',
    openedBy: 'scheduler',
    unreachableOwnerIds: [],
    closedAt: null,
    ...o,
  });

  it('opens the quarter on its opening day and not the day before', () => {
    expect(planSchedulerWork('2026-12-18', [], settings).open).toEqual([]);
    expect(planSchedulerWork('2026-12-21', [], settings).open).toEqual([
      { quarter: { fiscalYear: 2026, quarter: 3 }, opensOn: '2026-12-21', dueOn: '2027-01-18' },
    ]);
    // In January the Q3 window is still open (fiscal quarter is already Q4).
    expect(planSchedulerWork('2027-01-05', [], settings).open.map((o) => o.quarter)).toEqual([{ fiscalYear: 2026, quarter: 3 }]);
  });

  it('does not open a cycle again, nor one whose window has passed', () => {
    expect(planSchedulerWork('2026-12-22', [cycle()], settings).open).toEqual([]);
    expect(planSchedulerWork('2027-02-01', [], settings).open).toEqual([]);
  });

  it('sends only the latest reminder that is due, never on the opening day, and closes after the last one', () => {
    expect(planSchedulerWork('2027-01-13', [cycle()], settings).remind).toEqual([]);
    expect(planSchedulerWork('2027-01-14', [cycle()], settings).remind.map((r) => r.offset)).toEqual([-3]);
    expect(planSchedulerWork('2027-01-20', [cycle()], settings).remind.map((r) => r.offset)).toEqual([0]);
    expect(planSchedulerWork('2027-01-21', [cycle()], settings)).toMatchObject({ remind: [{ offset: 2 }], close: [] });
    expect(planSchedulerWork('2027-01-22', [cycle()], settings)).toMatchObject({ remind: [], close: [cycle()] });
    expect(planSchedulerWork('2027-01-22', [cycle({ closedAt: '2027-01-22T00:00:00Z' })], settings).close).toEqual([]);
  });

  it('skips reminders dated before a cycle opened late', () => {
    // Due 1/25: the −3 reminder would be on 1/20, before the cycle opened on 1/21.
    const late = cycle({ opensOn: '2027-01-21', dueOn: '2027-01-25' });
    expect(planSchedulerWork('2027-01-22', [late], settings).remind).toEqual([]);
    expect(planSchedulerWork('2027-01-25', [late], settings).remind.map((r) => r.offset)).toEqual([0]);
  });
});

describe('check-in form validation', () => {
  const valid = {
    [FIELD.progress]: '5月末時点で電子決裁率 Q1平均 50.1%',
    [FIELD.weather]: 'くもり',
    [FIELD.direction]: '継続',
    'kpi.B1-3-k1': '６２．５％',
    'kpi.B1-3-k2': '1,852,821',
  };

  it('accepts full-width digits, separators and units, and leaves an unmeasured KPI empty', () => {
    const result = validateAnswer(readFormValues({ ...valid, 'kpi.B1-3-k2': '' }, initiative), initiative, 'ja');
    expect(result).toEqual({
      answer: {
        progress: '5月末時点で電子決裁率 Q1平均 50.1%',
        weather: 'くもり',
        direction: '継続',
        directionReason: '',
        nextActions: '',
        kpiActuals: [
          { kpiId: 'B1-3-k1', value: 62.5 },
          { kpiId: 'B1-3-k2', value: null },
        ],
      },
    });
  });

  it('reports every problem by input id in Japanese', () => {
    const result = validateAnswer(
      readFormValues(
        { [FIELD.progress]: '   ', [FIELD.weather]: '晴天', [FIELD.direction]: '見直し', 'kpi.B1-3-k1': '八十', 'kpi.B1-3-k2': '-5' },
        initiative,
      ),
      initiative,
      'ja',
    );
    expect(result).toEqual({
      errors: {
        progress: '進捗状況を入力してください。',
        weather: '天気は「晴れ / くもり / 雨」から選んでください。',
        directionReason: '今後の方向性が「見直し」のときは、方向性理由を入力してください。',
        'kpi.B1-3-k1': '電子決裁率は数値で入力してください（例：45.5）。',
        'kpi.B1-3-k2': '印刷枚数は 0 から 1,000,000,000,000 の範囲で入力してください。',
      },
    });
  });

  it('refuses a rate above 1,000 %, text over 2,000 characters, and a reason only when the direction needs one', () => {
    const long = 'あ'.repeat(2001);
    const result = validateAnswer(
      readFormValues({ ...valid, [FIELD.progress]: long, 'kpi.B1-3-k1': '1500' }, initiative),
      initiative,
      'ja',
    );
    expect(result).toEqual({
      errors: {
        progress: '進捗状況は 2,000 字以内で入力してください（現在 2001 字）。',
        'kpi.B1-3-k1': '電子決裁率は 0 から 1,000 の範囲で入力してください。',
      },
    });
    const abolish = validateAnswer(
      readFormValues({ ...valid, [FIELD.direction]: '廃止', [FIELD.directionReason]: '国の制度改正で不要になったため' }, initiative),
      initiative,
      'ja',
    );
    expect('answer' in abolish && abolish.answer.directionReason).toBe('国の制度改正で不要になったため');
  });

  it('treats forged types as empty and drops control characters', () => {
    const values = readFormValues(
      { [FIELD.progress]: { $ne: '' }, [FIELD.weather]: ['晴れ'], [FIELD.nextActions]: 'a\u0000b\r\nc\u001b' },
      initiative,
    );
    expect(values[FIELD.progress]).toBe('');
    expect(values[FIELD.weather]).toBe('');
    expect(values[FIELD.nextActions]).toBe('ab\nc');
  });

  it('reads KPI values strictly', () => {
    expect(parseKpiValue('１２３')).toBe(123);
    expect(parseKpiValue('45.5%')).toBe(45.5);
    expect(parseKpiValue('3,800件')).toBe(3800);
    expect(parseKpiValue('')).toBeNull();
    for (const bad of ['1e5', '12.3.4', 'Infinity', '0x10', '=1+1', '1/2']) expect(parseKpiValue(bad)).toBe('invalid');
  });

  it('speaks English to an English-speaking owner', () => {
    const result = validateAnswer(readFormValues({ ...valid, [FIELD.direction]: '' }, initiative), initiative, 'en');
    expect(result).toEqual({ errors: { direction: 'Please enter Direction.' } });
  });
});

describe('roll-up', () => {
  const answer = (o: Partial<CheckIn>): CheckIn => ({
    initiativeCode: 'B1-3',
    fiscalYear: 2026,
    quarter: 3,
    progress: '',
    weather: '晴れ',
    direction: '継続',
    directionReason: '',
    nextActions: '',
    kpiActuals: [],
    submittedBy: 'p-1',
    submittedAt: '2027-01-10T01:00:00Z',
    revision: 1,
    submissionId: 's',
    ...o,
  });
  const other = (code: string, ownerId: string | null): Initiative => ({ ...initiative, code, title: `施策${code}`, ownerId, kpis: [] });

  it('counts weather, lists rain with reasons and the unanswered, and measures KPIs from their baseline', () => {
    const initiatives = [initiative, other('A1-1', 'p-2'), other('A1-2', 'p-3'), other('C1-1', null)];
    const checkIns = [
      answer({
        kpiActuals: [
          { kpiId: 'B1-3-k1', value: 80 },
          { kpiId: 'B1-3-k2', value: 3_584_418.5 },
        ],
      }),
      answer({
        initiativeCode: 'A1-1',
        weather: '雨',
        direction: '見直し',
        directionReason: '予算が確保できなかった',
        submittedAt: '2027-01-19T14:59:59Z',
      }),
      answer({ initiativeCode: 'A1-2', fiscalYear: 2026, quarter: 2 }), // another quarter: not counted
    ];
    const rollUp = computeRollUp({ fiscalYear: 2026, quarter: 3 }, initiatives, checkIns, '2027-01-19');
    expect(rollUp).toMatchObject({ total: 4, answered: 2, late: 0, byWeather: { 晴れ: 1, くもり: 0, 雨: 1 } });
    expect(rollUp.rainy).toEqual([
      { code: 'A1-1', title: '施策A1-1', direction: '見直し', reason: '予算が確保できなかった', progress: '' },
    ]);
    expect(rollUp.unanswered).toEqual([
      { code: 'A1-2', title: '施策A1-2', ownerId: 'p-3' },
      { code: 'C1-1', title: '施策C1-1', ownerId: null },
    ]);
    expect(rollUp.kpis.map((k) => [k.kpiId, k.achieved, k.percent])).toEqual([
      ['B1-3-k1', true, 100],
      ['B1-3-k2', false, 50],
    ]);
  });

  it('counts an answer on the day after the due date (in Japan) as late', () => {
    const rollUp = computeRollUp(
      { fiscalYear: 2026, quarter: 3 },
      [initiative],
      [answer({ submittedAt: '2027-01-19T15:00:00Z' })],
      '2027-01-19',
    );
    expect(rollUp.late).toBe(1);
  });
});

describe('quarter argument', () => {
  it.each([
    ['R8 Q3', { fiscalYear: 2026, quarter: 3 }],
    ['Ｒ８年度　Ｑ３', { fiscalYear: 2026, quarter: 3 }],
    ['令和8年度 第3四半期', { fiscalYear: 2026, quarter: 3 }],
    ['令和元年度 第1四半期', { fiscalYear: 2019, quarter: 1 }],
    ['2027 q1', { fiscalYear: 2027, quarter: 1 }],
    ['Q4', { fiscalYear: 2026, quarter: 4 }],
  ])('reads %s', (text, expected) => {
    expect(parseQuarterArgument(text, '2026-11-23')).toEqual(expected);
  });

  it('refuses what it cannot read, and returns nothing for an empty argument', () => {
    for (const bad of ['R8 Q5', 'R8', 'next quarter', '1999 Q1', "R8 Q3'; DROP TABLE"])
      expect(parseQuarterArgument(bad, '2026-11-23')).toBe('invalid');
    expect(parseQuarterArgument('  ', '2026-11-23')).toBeUndefined();
  });
});
