import { hrefOf, parseRoute, rulingQueryString } from '../../tab/src/route';

/** The tab's hash routes: a 判断事例 search keeps its query and filters in the URL (issue 22 item 7). */
describe('tab routes', () => {
  it('read a search with its filters, on the list and on a ruling opened from it', () => {
    expect(
      parseRoute(
        '#/rulings?q=%E5%9B%BD%E4%BF%9D+%E5%96%AA%E5%A4%B1&category=%E5%9B%BD%E6%B0%91%E5%81%A5%E5%BA%B7%E4%BF%9D%E9%99%BA&status=all',
      ),
    ).toEqual({
      view: 'rulings',
      rulingId: undefined,
      search: { q: '国保 喪失', category: '国民健康保険', status: 'all' },
    });
    expect(parseRoute('#/rulings/R-0011?q=%E5%9B%BD%E4%BF%9D')).toEqual({ view: 'rulings', rulingId: 'R-0011', search: { q: '国保' } });
    // Old links and links without a search still work.
    expect(parseRoute('#/rulings/R-0011')).toEqual({ view: 'rulings', rulingId: 'R-0011', search: {} });
    expect(parseRoute('')).toEqual({ view: 'rulings', rulingId: undefined, search: {} });
  });

  it('drop what the search does not know: unknown keys, blank values, a status other than superseded or all', () => {
    expect(parseRoute('#/rulings?q=+&status=current&year=2026&evil=1')).toEqual({
      view: 'rulings',
      rulingId: undefined,
      search: { year: '2026' },
    });
    expect(parseRoute('#/rulings?status=%E0')).toEqual({ view: 'rulings', rulingId: undefined, search: {} });
  });

  it('write a search back as the same link, keys in one order so equal searches have equal links', () => {
    const search = { status: 'superseded' as const, q: '第3子 & 高校生', department: '子育て支援課' };
    const href = hrefOf({ view: 'rulings', search });
    expect(href).toBe(`#/rulings${rulingQueryString({ q: '第3子 & 高校生', department: '子育て支援課', status: 'superseded' })}`);
    expect(parseRoute(href)).toEqual({ view: 'rulings', rulingId: undefined, search });
    expect(parseRoute(hrefOf({ view: 'rulings', rulingId: 'R/1', search }))).toEqual({ view: 'rulings', rulingId: 'R/1', search });
    expect(hrefOf({ view: 'rulings', search: {} })).toBe('#/rulings');
    expect(hrefOf({ view: 'synonyms' })).toBe('#/synonyms');
    expect(parseRoute('#/synonyms')).toEqual({ view: 'synonyms' });
  });
});
