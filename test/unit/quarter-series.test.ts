import { quarterSeries } from '../../tab/src/dashboard/quarter-series';

const point = (fiscalYear: number, quarter: 1 | 2 | 3 | 4, actual: number) => ({ fiscalYear, quarter, label: '', actual });

describe('KPI chart quarters', () => {
  it('keeps a missing quarter as a gap (null) between measured ones, across fiscal years, in order', () => {
    expect(quarterSeries([point(2026, 1, 10), point(2025, 4, 8), point(2026, 3, 12)])).toEqual([
      { fiscalYear: 2025, quarter: 4, actual: 8 },
      { fiscalYear: 2026, quarter: 1, actual: 10 },
      { fiscalYear: 2026, quarter: 2, actual: null },
      { fiscalYear: 2026, quarter: 3, actual: 12 },
    ]);
    expect(quarterSeries([])).toEqual([]);
  });
});
