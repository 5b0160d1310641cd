import { serverMessageIn } from '../../tab/src/strings';

describe('server messages in the tab', () => {
  it('shows the Japanese half in Japanese and the English half in English', () => {
    expect(serverMessageIn('ja', '判断事例 R-9999 はありません (no such ruling)')).toBe('判断事例 R-9999 はありません');
    expect(serverMessageIn('en', '判断事例 R-9999 はありません (no such ruling)')).toBe('No such ruling');
    expect(serverMessageIn('ja', '照会番号は Q-R8-0001 の形式で指定してください (bad inquiry number): x')).toBe(
      '照会番号は Q-R8-0001 の形式で指定してください: x',
    );
    expect(serverMessageIn('en', 'Failed to fetch')).toBe('Failed to fetch');
    expect(serverMessageIn('ja', '期限（2026-12-14）を過ぎました')).toBe('期限（2026-12-14）を過ぎました');
  });
});
