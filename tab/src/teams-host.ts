import type { Locale } from '../../shared/locale';

export interface HostInfo {
  inTeams: boolean;
  locale: Locale;
  theme: 'default' | 'dark' | 'contrast';
  /** Inside Teams: the Entra ID token for the signed-in person (Teams SSO). */
  getAuthToken?: () => Promise<string>;
}

/**
 * Whether the tab runs inside Teams (an iframe that answers teams-js) or in a plain browser
 * (local mode), with the user's language and theme. teams-js is loaded only inside a frame, in
 * its own chunk, so the tab's first download stays small.
 */
export async function detectHost(): Promise<HostInfo> {
  const browserLocale = navigator.language.toLowerCase().startsWith('en') ? 'en' : 'ja';
  if (window.parent === window) return { inTeams: false, locale: browserLocale, theme: 'default' };
  try {
    const { app, authentication } = await import('@microsoft/teams-js');
    await Promise.race([app.initialize(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
    const context = await app.getContext();
    const theme = context.app.theme === 'dark' ? 'dark' : context.app.theme === 'contrast' ? 'contrast' : 'default';
    return {
      inTeams: true,
      locale: context.app.locale.toLowerCase().startsWith('en') ? 'en' : 'ja',
      theme,
      getAuthToken: () => authentication.getAuthToken(),
    };
  } catch {
    return { inTeams: false, locale: browserLocale, theme: 'default' };
  }
}
