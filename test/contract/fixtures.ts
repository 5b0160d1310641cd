import type { CheckIn, CheckInCycle, Initiative } from '../../bot/checkins/model';
import type { Department, Person } from '../../bot/directory/model';
import type { Inquiry } from '../../bot/inquiries/model';
import type { Notice } from '../../bot/notices/model';
import type { Manual, Ruling } from '../../bot/rulings/model';
import type { Store } from '../../bot/store/ports';
import type { Survey, SurveyAnswer } from '../../bot/surveys/model';

/** Builders of valid records for the contract suites; each takes overrides. */
export const make = {
  department: (o: Partial<Department> = {}): Department => ({
    id: 'hq-hoken-nenkin',
    name: '保険年金課',
    office: '健康福祉局',
    kind: 'hq',
    approvalRequired: true,
    inquiryChannelId: null,
    noticeChannelId: null,
    ...o,
  }),
  person: (o: Partial<Person> = {}): Person => ({
    id: 'p-1',
    entraObjectId: '00000000-0000-4000-8000-000000000001',
    displayName: '佐藤 美咲',
    email: 'sato@example.jp',
    departmentId: 'hq-hoken-nenkin',
    title: '主事',
    roles: ['staff'],
    locale: 'ja',
    ...o,
  }),
  initiative: (o: Partial<Initiative> = {}): Initiative => ({
    code: 'A1-1',
    pillar: 'A:市民サービスの改善・向上',
    domain: 'A1:窓口サービスの改革',
    leadDivision: '総務局',
    leadSection: 'DX推進課',
    title: '書かない窓口の実現',
    purpose: '窓口の利便性向上',
    milestone: 'チェックリスト完成',
    activities: '先進事例の視察',
    q4Target: '様式の見直し完了',
    ownerId: 'p-1',
    kpis: [{ id: 'A1-1-k1', name: '電子申請率', unit: '%', baseline: 20, target: 80, targetDate: '2027-03-31', direction: 'higher' }],
    ...o,
  }),
  checkIn: (o: Partial<CheckIn> = {}): CheckIn => {
    const base: CheckIn = {
      initiativeCode: 'A1-1',
      fiscalYear: 2026,
      quarter: 2,
      progress: '検討委員会で方針決定',
      weather: '晴れ',
      direction: '継続',
      directionReason: '計画どおり',
      nextActions: '様式改定',
      kpiActuals: [{ kpiId: 'A1-1-k1', value: 35 }],
      submittedBy: 'p-1',
      submittedAt: '2026-10-05T09:00:00.000Z',
      revision: 1,
      submissionId: '',
      ...o,
    };
    return { ...base, submissionId: o.submissionId ?? `${base.initiativeCode}:${base.fiscalYear}Q${base.quarter}:r${base.revision}` };
  },
  cycle: (o: Partial<CheckInCycle> = {}): CheckInCycle => ({
    fiscalYear: 2026,
    quarter: 3,
    opensOn: '2026-12-22',
    dueOn: '2027-01-18',
    openedAt: '2026-12-22T00:00:00.000Z',
    openedBy: 'scheduler',
    unreachableOwnerIds: [],
    closedAt: null,
    ...o,
  }),
  inquiry: (o: Partial<Inquiry> = {}): Inquiry => ({
    number: 'Q-R8-0001',
    fiscalYear: 2026,
    askerId: 'p-1',
    askerDepartmentId: 'ward-kita-hoken-nenkin',
    targetDepartmentId: 'hq-hoken-nenkin',
    category: '国民健康保険',
    subject: '資格取得日の扱い',
    body: '転入日と届出日が異なる場合の資格取得日は？',
    legalBasis: '国民健康保険法第7条',
    desiredAnswerDate: '2026-11-30',
    dueOn: '2026-11-30',
    urgency: '通常',
    status: 'submitted',
    assigneeId: null,
    draft: null,
    returnComment: null,
    answer: null,
    clarifications: [],
    rulingId: null,
    createdAt: '2026-11-20T01:00:00.000Z',
    updatedAt: '2026-11-20T01:00:00.000Z',
    ...o,
  }),
  notice: (o: Partial<Notice> = {}): Notice => ({
    id: 'N-R8-0001',
    fiscalYear: 2026,
    kind: '制度改正',
    title: '国民健康保険料の軽減判定の見直し',
    body: '令和9年度から軽減判定所得の基準額を改めます。',
    effectiveOn: '2027-04-01',
    confirmBy: '2026-12-14',
    audience: { category: '国民健康保険' },
    rulingIds: ['R-0001'],
    supersedesRulingIds: [],
    manualIds: ['M-001'],
    senderId: 'p-1',
    senderDepartmentId: 'hq-hoken-nenkin',
    status: 'sent',
    approvedBy: 'p-2',
    returnComment: null,
    revision: 1,
    sections: [
      { departmentId: 'ward-kita-hoken-nenkin', status: 'pending', confirmedBy: null, confirmedAt: null },
      { departmentId: 'ward-minami-hoken-nenkin', status: 'pending', confirmedBy: null, confirmedAt: null },
    ],
    history: [],
    requestId: 'req-0001',
    createdAt: '2026-12-07T01:00:00.000Z',
    sentAt: '2026-12-07T01:00:00.000Z',
    updatedAt: '2026-12-07T01:00:00.000Z',
    ...o,
  }),
  survey: (o: Partial<Survey> = {}): Survey => ({
    id: 'S-R8-0001',
    fiscalYear: 2026,
    title: '国民健康保険 資格確認書の交付件数調査',
    purpose: '令和8年12月分の交付件数と窓口での課題をお知らせください。',
    dueOn: '2026-12-18',
    audience: { category: '国民健康保険' },
    requiresWardApproval: true,
    questions: [
      { key: 'cases', label: '交付件数', type: 'number', required: true, unit: '件', min: 0, max: 100000 },
      { key: 'issue', label: '窓口での課題', type: 'choice', required: false, choices: ['特になし', '説明に時間がかかる', 'その他'] },
    ],
    manualId: null,
    senderId: 'p-1',
    senderDepartmentId: 'hq-hoken-nenkin',
    status: 'open',
    sectionIds: ['ward-kita-hoken-nenkin', 'ward-minami-hoken-nenkin'],
    requestId: 'req-0001',
    createdAt: '2026-12-07T01:00:00.000Z',
    updatedAt: '2026-12-07T01:00:00.000Z',
    ...o,
  }),
  surveyAnswer: (o: Partial<SurveyAnswer> = {}): SurveyAnswer => ({
    surveyId: 'S-R8-0001',
    departmentId: 'ward-kita-hoken-nenkin',
    status: 'pending',
    answers: {},
    answeredBy: null,
    approvedBy: null,
    answeredAt: null,
    returnedBy: null,
    returnComment: null,
    version: 0,
    history: [],
    updatedAt: '2026-12-07T01:00:00.000Z',
    ...o,
  }),
  ruling: (o: Partial<Ruling> = {}): Ruling => ({
    id: 'R-0001',
    title: '退職後の国保加入日',
    question: '退職日の翌日か',
    answer: '退職日の翌日です',
    department: '保険年金課',
    category: '国民健康保険',
    legalBasis: '国民健康保険法第7条',
    tags: ['国保', '資格'],
    publishedAt: '2025-04-01',
    status: 'current',
    supersededBy: null,
    ...o,
  }),
  manual: (o: Partial<Manual> = {}): Manual => ({
    id: 'M-001',
    title: '国民健康保険 窓口事務マニュアル',
    department: '保険年金課',
    system: '国民健康保険',
    version: '第5版',
    lastRevisedAt: '2025-04-01',
    nextReviewDue: '2026-03-31',
    ownerId: 'p-1',
    summary: '窓口事務の手順',
    url: 'https://example.sharepoint.com/a.pdf',
    ...o,
  }),
};

/** Makes a fresh, empty store for one test; the suite closes it afterwards. */
export type StoreFactory = () => Promise<Store>;

/** Gives each test a fresh store and closes it after. */
export function withFreshStore<S extends { close(): Promise<void> } = Store>(factory: () => Promise<S>): () => S {
  let store: S | undefined;
  beforeEach(async () => {
    store = await factory();
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  return () => {
    if (!store) throw new Error('store used outside a test');
    return store;
  };
}
