import { useEffect, useState } from 'react';

/** The tab's routes live in the URL hash, so each ruling has a link that opens it: #/rulings/R-0001. */
export type Route = { view: 'rulings'; rulingId?: string } | { view: 'manuals' } | { view: 'departments' };

export function parseRoute(hash: string): Route {
  const [, view, id] = hash.replace(/^#/, '').split('/');
  if (view === 'manuals') return { view: 'manuals' };
  if (view === 'departments') return { view: 'departments' };
  return { view: 'rulings', rulingId: id ? decodeURIComponent(id) : undefined };
}

export function hrefOf(route: Route): string {
  if (route.view === 'rulings') return route.rulingId ? `#/rulings/${encodeURIComponent(route.rulingId)}` : '#/rulings';
  return `#/${route.view}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** 2026 → R8年度 (令和 began in FY2019). */
export function fiscalYearLabel(year: number, locale: 'ja' | 'en'): string {
  if (locale === 'en') return `FY${year}`;
  return year >= 2019 ? `R${year - 2018}年度` : `H${year - 1988}年度`;
}
