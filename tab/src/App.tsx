import { Badge, Button, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Component, Suspense, lazy, useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError, api, demoSignIn, teamsSignIn, type Me } from './api';
import { MyInitiatives } from './dashboard/MyInitiatives';
import { PmoOnly } from './dashboard/PmoOnly';
import { useFocusRings, useFocusWhenShown } from './focus';
import { hrefOf, type Route } from './route';
import { useRoute } from './use-route';
import { RulingDetail } from './RulingDetail';
import { RulingsView } from './RulingsView';
import { ROLE_LABELS, translate, type Locale } from './strings';

// 効果検証 brings the chart library: loaded only when opened, in its own chunk.
const DashboardView = lazy(() => import('./dashboard/DashboardView'));
// The demo sign-in (local mode only; Teams signs in by SSO).
const SignInPicker = lazy(() => import('./SignInPicker').then((m) => ({ default: m.SignInPicker })));
// Every view but the first (判断事例) in its own chunk, so the first load stays small.
const DepartmentTable = lazy(() => import('./DepartmentTable').then((m) => ({ default: m.DepartmentTable })));
const InquiriesView = lazy(() => import('./InquiriesView').then((m) => ({ default: m.InquiriesView })));
const InquiryDetail = lazy(() => import('./InquiryDetail').then((m) => ({ default: m.InquiryDetail })));
const ManualsView = lazy(() => import('./ManualsView').then((m) => ({ default: m.ManualsView })));
const NoticeCompose = lazy(() => import('./notices/NoticeCompose').then((m) => ({ default: m.NoticeCompose })));
const NoticeDetail = lazy(() => import('./notices/NoticeDetail').then((m) => ({ default: m.NoticeDetail })));
const NoticesView = lazy(() => import('./notices/NoticesView').then((m) => ({ default: m.NoticesView })));
const SurveyCompose = lazy(() => import('./surveys/SurveyCompose').then((m) => ({ default: m.SurveyCompose })));
const SurveyDetail = lazy(() => import('./surveys/SurveyDetail').then((m) => ({ default: m.SurveyDetail })));
const SynonymsView = lazy(() => import('./SynonymsView').then((m) => ({ default: m.SynonymsView })));
const SurveysView = lazy(() => import('./surveys/SurveysView').then((m) => ({ default: m.SurveysView })));

const useStyles = makeStyles({
  page: { padding: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1100px' },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS },
});

type State = { kind: 'loading' } | { kind: 'signedOut' } | { kind: 'signedIn'; me: Me } | { kind: 'error'; message: string };

export function App({ locale, onLocaleChange }: { locale: Locale; onLocaleChange: (locale: Locale) => void }) {
  const styles = useStyles();
  useFocusRings();
  const [state, setState] = useState<State>({ kind: 'loading' });
  // Set when the person has just chosen who to sign in as: focus then moves to the first view's heading.
  const [justSignedIn, setJustSignedIn] = useState(false);
  const other: Locale = locale === 'ja' ? 'en' : 'ja';

  const load = useCallback(() => {
    if (!teamsSignIn.active() && !demoSignIn.current()) return setState({ kind: 'signedOut' });
    api.me().then(
      (me) => setState({ kind: 'signedIn', me }),
      (error: Error) => {
        if (error instanceof ApiError && error.status === 401) {
          demoSignIn.clear();
          return setState({ kind: 'signedOut' });
        }
        setState({ kind: 'error', message: error.message });
      },
    );
  }, []);

  useEffect(load, [load]);

  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <Text as="h1" size={700} weight="bold">
          {translate(locale, 'appTitle')}
        </Text>
        {state.kind === 'signedIn' && (
          <>
            <Text data-testid="signed-in-as">
              {translate(locale, 'welcomeWithSection', {
                name: state.me.person.displayName,
                section: `${state.me.department.office} ${state.me.department.name}`,
              })}
            </Text>
            <span className={styles.badges} aria-label={translate(locale, 'roles')}>
              {state.me.roles.map((role) => (
                <Badge key={role} appearance="tint">
                  {ROLE_LABELS[role]?.[locale] ?? role}
                </Badge>
              ))}
            </span>
            <Button
              appearance="subtle"
              onClick={() => {
                demoSignIn.clear();
                setState({ kind: 'signedOut' });
              }}
            >
              {translate(locale, 'signOut')}
            </Button>
          </>
        )}
        {/* The other language's name in that language (lang set, so it is read in it). */}
        <Button
          appearance="subtle"
          lang={other}
          aria-label={translate(locale, 'switchLanguageLabel')}
          data-testid="language-switch"
          onClick={() => onLocaleChange(other)}
        >
          {translate(locale, 'switchLanguage')}
        </Button>
      </header>
      {state.kind === 'loading' && <Text>{translate(locale, 'loading')}</Text>}
      {state.kind === 'error' && <Text role="alert">{translate(locale, 'error', { message: state.message })}</Text>}
      {state.kind === 'signedOut' && (
        <LazyView locale={locale}>
          <SignInPicker
            locale={locale}
            onChoose={(personId) => {
              demoSignIn.choose(personId);
              setJustSignedIn(true);
              setState({ kind: 'loading' });
              load();
            }}
          />
        </LazyView>
      )}
      {state.kind === 'signedIn' && <SignedIn me={state.me} locale={locale} focusHeading={justSignedIn} />}
    </main>
  );
}

function SignedIn({ me, locale, focusHeading }: { me: Me; locale: Locale; focusHeading: boolean }) {
  // A ward section's 課長 starts at her section's inquiries (the API's default scope for her).
  const landsOnInquiries = me.department.kind === 'ward' && me.roles.includes('approver');
  if (landsOnInquiries && (window.location.hash === '' || window.location.hash === '#/')) window.location.replace('#/inquiries');
  const route = useRoute();
  useFocusWhenShown('main h2', focusHeading);
  const go = (view: Route['view']) => {
    window.location.hash = hrefOf({ view });
  };
  const isAdmin = me.roles.includes('admin');
  const canSeeDashboard = me.roles.includes('pmo') || isAdmin;
  // An initiative's owner who is not PMO sees their own initiatives under the same tab.
  const ownsInitiatives = !canSeeDashboard && (me.initiatives ?? []).length > 0;
  return (
    <>
      <nav aria-label="menu">
        <TabList selectedValue={route.view} onTabSelect={(_, data) => go(data.value as Route['view'])}>
          <Tab value="rulings">{translate(locale, 'navRulings')}</Tab>
          <Tab value="inquiries">{translate(locale, 'navInquiries')}</Tab>
          <Tab value="notices">{translate(locale, 'navNotices')}</Tab>
          <Tab value="surveys">{translate(locale, 'navSurveys')}</Tab>
          <Tab value="manuals">{translate(locale, 'navManuals')}</Tab>
          <Tab value="departments">{translate(locale, 'navDepartments')}</Tab>
          {canSeeDashboard && <Tab value="dashboard">{translate(locale, 'navDashboard')}</Tab>}
          {ownsInitiatives && <Tab value="dashboard">{translate(locale, 'navMyInitiatives')}</Tab>}
          {isAdmin && <Tab value="synonyms">{translate(locale, 'navSynonyms')}</Tab>}
        </TabList>
      </nav>
      {route.view === 'rulings' &&
        (route.rulingId ? (
          <RulingDetail key={route.rulingId} id={route.rulingId} search={route.search ?? {}} locale={locale} />
        ) : (
          <RulingsView search={route.search ?? {}} locale={locale} />
        ))}
      {route.view === 'inquiries' && (
        <LazyView locale={locale}>
          {route.number ? (
            <InquiryDetail key={route.number} number={route.number} locale={locale} />
          ) : (
            <InquiriesView me={me} locale={locale} />
          )}
        </LazyView>
      )}
      {route.view === 'notices' && (
        <LazyView locale={locale}>
          {route.compose ? (
            <NoticeCompose me={me} locale={locale} />
          ) : route.id ? (
            <NoticeDetail key={route.id} id={route.id} me={me} locale={locale} />
          ) : (
            <NoticesView me={me} locale={locale} />
          )}
        </LazyView>
      )}
      {route.view === 'surveys' && (
        <LazyView locale={locale}>
          {route.compose ? (
            <SurveyCompose me={me} locale={locale} />
          ) : route.id ? (
            <SurveyDetail key={route.id} id={route.id} me={me} locale={locale} />
          ) : (
            <SurveysView me={me} locale={locale} />
          )}
        </LazyView>
      )}
      {route.view === 'manuals' && (
        <LazyView locale={locale}>
          <ManualsView locale={locale} />
        </LazyView>
      )}
      {route.view === 'departments' && (
        <LazyView locale={locale}>
          <DepartmentTable locale={locale} />
        </LazyView>
      )}
      {route.view === 'synonyms' && (
        <LazyView locale={locale}>
          <SynonymsView locale={locale} isAdmin={isAdmin} />
        </LazyView>
      )}
      {route.view === 'dashboard' &&
        // An initiative's page is also its owner's (the server decides); the overview is PMO/admin only.
        (canSeeDashboard || route.initiativeCode ? (
          <LazyView locale={locale}>
            <DashboardView initiativeCode={route.initiativeCode} locale={locale} ownerOnly={!canSeeDashboard} />
          </LazyView>
        ) : ownsInitiatives ? (
          <MyInitiatives initiatives={me.initiatives} locale={locale} />
        ) : (
          <PmoOnly locale={locale} />
        ))}
    </>
  );
}

/** A lazily loaded view that fails (its chunk cannot be fetched) shows an error, not a blank tab. */
/** A view loaded in its own chunk: a line while it loads, and the error if it cannot be loaded. */
function LazyView({ locale, children }: { locale: Locale; children: ReactNode }) {
  return (
    <LoadFailure locale={locale}>
      <Suspense fallback={<Text>{translate(locale, 'loading')}</Text>}>{children}</Suspense>
    </LoadFailure>
  );
}

class LoadFailure extends Component<{ locale: Locale; children: ReactNode }, { error?: Error }> {
  state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (this.state.error) return <Text role="alert">{translate(this.props.locale, 'error', { message: this.state.error.message })}</Text>;
    return this.props.children;
  }
}
