import { FluentProvider, makeStaticStyles, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';
import { Suspense, lazy, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { teamsSignIn } from './api';
import { chooseLocale, chosenLocale, useOsColourScheme } from './preferences';
import type { Locale } from './strings';
import { detectHost, type HostInfo } from './teams-host';

// Only Teams opens #/config (adding a channel tab): its own chunk.
const ConfigView = lazy(() => import('./ConfigView').then((m) => ({ default: m.ConfigView })));

const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

// The theme's background reaches the window's edges (no light frame around a dark tab).
const usePageStyles = makeStaticStyles({ body: { margin: 0 } });

/** The tab in the language the person chose (or the host's), in Teams' theme or, outside Teams, the OS scheme. */
function Root({ host }: { host: HostInfo }) {
  usePageStyles();
  const [locale, setLocale] = useState<Locale>(() => chosenLocale() ?? host.locale);
  const scheme = useOsColourScheme();
  const theme = host.inTeams ? THEMES[host.theme] : scheme === 'dark' ? teamsDarkTheme : teamsLightTheme;
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const switchTo = (next: Locale) => {
    chooseLocale(next);
    setLocale(next);
  };
  // Adding the app as a channel tab opens #/config first (manifest configurableTabs).
  const page = window.location.hash.startsWith('#/config') ? (
    <Suspense fallback={null}>
      <ConfigView inTeams={host.inTeams} />
    </Suspense>
  ) : (
    <App locale={locale} onLocaleChange={switchTo} />
  );
  return (
    <FluentProvider theme={theme} data-theme={host.inTeams ? host.theme : scheme} style={{ minHeight: '100vh' }}>
      {page}
    </FluentProvider>
  );
}

void detectHost().then((host) => {
  if (host.getAuthToken) teamsSignIn.use(host.getAuthToken);
  createRoot(document.getElementById('root') as HTMLElement).render(<Root host={host} />);
});
