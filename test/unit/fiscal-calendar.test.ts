import {
  addBusinessDays,
  businessDaysBetween,
  fiscalQuarterOf,
  fiscalYearCode,
  fiscalYearLabel,
  fiscalYearOf,
  formatDate,
  holidayName,
  isBusinessDay,
  japanDateOf,
  nextBusinessDay,
  nextQuarter,
  parseIsoDate,
  previousQuarter,
  quarterLabel,
  quarterRange,
} from '../../bot/platform/fiscal-calendar';

describe('fiscal year and quarter (年度は4月始まり)', () => {
  it.each([
    ['2026-03-31', 2025, 4],
    ['2026-04-01', 2026, 1],
    ['2026-06-30', 2026, 1],
    ['2026-07-01', 2026, 2],
    ['2026-09-30', 2026, 2],
    ['2026-10-01', 2026, 3],
    ['2026-11-23', 2026, 3],
    ['2026-12-31', 2026, 3],
    ['2027-01-01', 2026, 4],
    ['2028-02-29', 2027, 4],
  ])('%s is FY%i Q%i', (date, fiscalYear, quarter) => {
    expect(fiscalYearOf(date)).toBe(fiscalYear);
    expect(fiscalQuarterOf(date)).toEqual({ fiscalYear, quarter });
  });

  it('gives quarter ranges including the leap day of FY2027 Q4', () => {
    expect(quarterRange({ fiscalYear: 2026, quarter: 1 })).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(quarterRange({ fiscalYear: 2026, quarter: 3 })).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(quarterRange({ fiscalYear: 2026, quarter: 4 })).toEqual({ start: '2027-01-01', end: '2027-03-31' });
    expect(quarterRange({ fiscalYear: 2027, quarter: 4 }).end).toBe('2028-03-31');
    expect(fiscalQuarterOf('2028-02-29')).toEqual({ fiscalYear: 2027, quarter: 4 });
  });

  it('steps across the fiscal-year boundary', () => {
    expect(nextQuarter({ fiscalYear: 2026, quarter: 4 })).toEqual({ fiscalYear: 2027, quarter: 1 });
    expect(previousQuarter({ fiscalYear: 2026, quarter: 1 })).toEqual({ fiscalYear: 2025, quarter: 4 });
    expect(nextQuarter({ fiscalYear: 2026, quarter: 2 })).toEqual({ fiscalYear: 2026, quarter: 3 });
  });
});

describe('labels in the Japanese era (元号)', () => {
  it('labels fiscal years in 令和 and 平成', () => {
    expect(fiscalYearLabel(2026)).toBe('令和8年度');
    expect(fiscalYearLabel(2026, 'short')).toBe('R8年度');
    expect(quarterLabel({ fiscalYear: 2026, quarter: 3 })).toBe('R8年度 Q3');
    expect(quarterLabel({ fiscalYear: 2026, quarter: 3 }, 'en')).toBe('FY2026 Q3');
    expect(fiscalYearLabel(2018)).toBe('平成30年度');
    expect(fiscalYearCode(2026)).toBe('R8');
  });

  it('calls FY2019, in which 令和 began on May 1, 令和元年度', () => {
    expect(fiscalYearLabel(2019)).toBe('令和元年度');
    expect(fiscalYearLabel(2019, 'short')).toBe('R1年度');
    expect(fiscalYearLabel(2020)).toBe('令和2年度');
  });

  it('switches era on 2019-05-01, not on the fiscal-year start', () => {
    expect(formatDate('2019-04-30')).toBe('平成31年4月30日');
    expect(formatDate('2019-05-01')).toBe('令和元年5月1日');
    expect(formatDate('2026-11-23')).toBe('令和8年11月23日');
    expect(formatDate('1989-01-07')).toBe('昭和64年1月7日');
    expect(formatDate('1989-01-08')).toBe('平成元年1月8日');
    expect(formatDate('2026-11-23', 'en')).toBe('2026-11-23');
  });
});

describe('business days (開庁日)', () => {
  it('skips weekends, national holidays, substitute holidays and 年末年始', () => {
    expect(isBusinessDay('2026-11-20')).toBe(true); // Friday
    expect(isBusinessDay('2026-11-21')).toBe(false); // Saturday
    expect(isBusinessDay('2026-11-23')).toBe(false); // 勤労感謝の日 (Monday)
    expect(holidayName('2026-05-06')).toBe('こどもの日 振替休日'); // substitute holiday
    expect(isBusinessDay('2026-05-06')).toBe(false);
    expect(isBusinessDay('2026-09-22')).toBe(false); // 国民の休日 between 敬老の日 and 秋分の日
    expect(isBusinessDay('2026-12-28')).toBe(true); // 御用納め
    for (const day of ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']) {
      expect(isBusinessDay(day)).toBe(false);
    }
    expect(isBusinessDay('2027-01-04')).toBe(true); // 御用始め (Monday)
  });

  it('adds business days forwards and backwards', () => {
    expect(addBusinessDays('2026-11-20', 1)).toBe('2026-11-24'); // over the weekend and 勤労感謝の日
    expect(addBusinessDays('2026-12-25', 2)).toBe('2027-01-04'); // Fri → Mon 28th → over 年末年始
    expect(addBusinessDays('2027-01-04', -1)).toBe('2026-12-28');
    expect(addBusinessDays('2026-05-01', 1)).toBe('2026-05-07'); // Golden Week
    expect(addBusinessDays('2026-11-21', 0)).toBe('2026-11-24'); // 0 on a closed day = next open day
    expect(addBusinessDays('2026-11-20', 0)).toBe('2026-11-20');
    expect(nextBusinessDay('2026-11-22')).toBe('2026-11-24');
    expect(() => addBusinessDays('2026-11-20', 1.5)).toThrow(RangeError);
  });

  it('counts business days between dates, negative when overdue', () => {
    expect(businessDaysBetween('2026-11-20', '2026-11-24')).toBe(1);
    expect(businessDaysBetween('2026-11-24', '2026-11-20')).toBe(-1);
    expect(businessDaysBetween('2026-11-20', '2026-11-20')).toBe(0);
    expect(businessDaysBetween('2026-12-25', '2027-01-05')).toBe(3); // 28th, 4th, 5th
    // A leap-year February: 2028-02-29 is a Tuesday.
    expect(businessDaysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(isBusinessDay('2028-02-29')).toBe(true);
  });

  it('agrees with addBusinessDays for many spans', () => {
    for (let n = 1; n <= 300; n += 7) {
      expect(businessDaysBetween('2026-04-01', addBusinessDays('2026-04-01', n))).toBe(n);
    }
  });
});

describe('dates', () => {
  it('rejects malformed and impossible dates', () => {
    expect(() => parseIsoDate('2026-02-30')).toThrow('存在しない日付');
    expect(() => parseIsoDate('2027-02-29')).toThrow('存在しない日付');
    expect(() => parseIsoDate('2026/11/23')).toThrow('YYYY-MM-DD');
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it('takes the calendar day in Japan, whatever the server time zone', () => {
    expect(japanDateOf(new Date('2026-11-22T14:59:59Z'))).toBe('2026-11-22');
    expect(japanDateOf(new Date('2026-11-22T15:00:00Z'))).toBe('2026-11-23');
  });
});
