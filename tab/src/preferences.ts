import { useEffect, useState } from 'react';
import { isLocale, type Locale } from '../../shared/locale';

/**
 * What a person chooses for the tab outside of what Teams tells it: the language they switched
 * to (kept in this browser), and, in a plain browser, the light or dark scheme of their OS.
 */
const LOCALE_KEY = 'renkei.locale';

export function chosenLocale(): Locale | undefined {
  try {
    const stored = localStorage.getItem(LOCALE_KEY);
    return isLocale(stored) ? stored : undefined;
  } catch {
    return undefined; // storage blocked (private mode, a strict iframe): the host's language then
  }
}

export function chooseLocale(locale: Locale): void {
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // Not kept across visits; the switch still works for this page.
  }
}

/** The OS colour scheme, followed live (the person switches to dark mode, the tab follows). */
export function useOsColourScheme(): 'light' | 'dark' {
  const query = '(prefers-color-scheme: dark)';
  const [dark, setDark] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setDark(list.matches);
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, []);
  return dark ? 'dark' : 'light';
}
