import { FluentProvider, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { detectHost } from './teams-host';

const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

detectHost().then((host) => {
  document.documentElement.lang = host.locale;
  createRoot(document.getElementById('root') as HTMLElement).render(
    <FluentProvider theme={THEMES[host.theme]}>
      <App locale={host.locale} />
    </FluentProvider>,
  );
});
