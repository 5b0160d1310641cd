import { FluentProvider, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { authentication } from '@microsoft/teams-js';
import { App } from './App';
import { ConfigView } from './ConfigView';
import { teamsSignIn } from './api';
import { detectHost } from './teams-host';

const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

void detectHost().then((host) => {
  document.documentElement.lang = host.locale;
  if (host.inTeams) teamsSignIn.use(() => authentication.getAuthToken());
  // Adding the app as a channel tab opens #/config first (manifest configurableTabs).
  const page = window.location.hash.startsWith('#/config') ? <ConfigView inTeams={host.inTeams} /> : <App locale={host.locale} />;
  createRoot(document.getElementById('root') as HTMLElement).render(<FluentProvider theme={THEMES[host.theme]}>{page}</FluentProvider>);
});
