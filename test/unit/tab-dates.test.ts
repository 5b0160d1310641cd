import { tabDate, tabTimestamp } from '../../shared/tab-dates';

describe("the tab's date style", () => {
  it('shows a date with its weekday in either language, and leaves what is not a date alone', () => {
    expect(tabDate('2026-12-14', 'ja')).toBe('2026-12-14 (月)');
    expect(tabDate('2026-12-14', 'en')).toBe('2026-12-14 (Mon)');
    expect(tabDate('2027-01-03', 'ja')).toBe('2027-01-03 (日)');
    expect(tabDate(null, 'ja')).toBe('—');
    expect(tabDate('未定', 'ja')).toBe('未定');
  });

  it('shows an instant in Japan time, crossing midnight from UTC', () => {
    expect(tabTimestamp('2026-12-13T15:30:00.000Z', 'ja')).toBe('2026-12-14 (月) 00:30');
    expect(tabTimestamp('2026-12-14T00:05:00.000Z', 'en')).toBe('2026-12-14 (Mon) 09:05');
  });
});
