/** The tab's user-facing strings (Japanese first, English second). */
export type Locale = 'ja' | 'en';

const ja = {
  appTitle: '本庁・区役所 連携',
  signInTitle: 'デモ用サインイン',
  signInHelp: 'ローカル環境では、デモ職員を選んでサインインします（本番では Teams のシングルサインオンを使います）。',
  signOut: 'サインアウト',
  signInAs: '{name} としてサインイン',
  loading: '読み込み中…',
  welcome: '{name} さん',
  roles: '権限',
  departments: '部署一覧',
  office: '局・区役所',
  section: '課',
  kind: '区分',
  approval: '回答の承認',
  hq: '本庁',
  ward: '区役所',
  required: '必要',
  notRequired: '不要',
  error: 'エラー: {message}',
};

const en: Record<keyof typeof ja, string> = {
  appTitle: 'HQ–Ward Liaison',
  signInTitle: 'Demo sign-in',
  signInHelp: 'Locally you sign in as one of the demo staff (production uses Teams single sign-on).',
  signOut: 'Sign out',
  signInAs: 'Sign in as {name}',
  loading: 'Loading…',
  welcome: '{name}',
  roles: 'Roles',
  departments: 'Departments',
  office: 'Bureau / ward office',
  section: 'Section',
  kind: 'Type',
  approval: 'Answer approval',
  hq: 'HQ',
  ward: 'Ward',
  required: 'Required',
  notRequired: 'Not required',
  error: 'Error: {message}',
};

export type StringKey = keyof typeof ja;

export function translate(locale: Locale, key: StringKey, params: Record<string, string> = {}): string {
  return (locale === 'en' ? en : ja)[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

export const ROLE_LABELS: Record<string, Record<Locale, string>> = {
  staff: { ja: '職員', en: 'Staff' },
  responder: { ja: '回答担当', en: 'Responder' },
  approver: { ja: '承認者', en: 'Approver' },
  pmo: { ja: 'PMO', en: 'PMO' },
  admin: { ja: 'システム管理者', en: 'Administrator' },
};
