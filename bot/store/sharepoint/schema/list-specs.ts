/**
 * The city's SharePoint lists and the マニュアル library, as provisioning creates them and the
 * store reads them. Column API names are ASCII (stable in URLs and $filter); display names
 * are Japanese (what staff see). The store never computes an internal name: it resolves each
 * column through the list's columns endpoint (column-resolver.ts), so a column an
 * administrator added by hand with a Japanese name is found too.
 */

export type ColumnType = 'text' | 'note' | 'number' | 'boolean' | 'dateOnly' | 'dateTime';

export interface ColumnSpec {
  name: string;
  displayName: string;
  type: ColumnType;
  /** Needed to use the column in $filter on a large list; provisioning creates the index. */
  indexed?: boolean;
  /** SharePoint refuses a second item with the same value (needs indexed). */
  unique?: boolean;
  /** Shown to nobody in forms: the application's own data. */
  hidden?: boolean;
}

export interface ListSpec {
  /** The name in the list's URL (ASCII). */
  name: string;
  displayName: string;
  description: string;
  template: 'genericList' | 'documentLibrary';
  columns: ColumnSpec[];
}

/** Every record has its key (e.g. R-0001, Q-R8-0005, A1-1:2026Q3) here: indexed and unique. */
export const RECORD_KEY: ColumnSpec = { name: 'RecordKey', displayName: '管理番号', type: 'text', indexed: true, unique: true };
/** The whole record as the application wrote it (JSON), for the fields no column shows. */
export const RECORD_JSON: ColumnSpec = { name: 'RecordJson', displayName: 'アプリ用データ', type: 'note', hidden: true };

const text = (name: string, displayName: string, indexed = false): ColumnSpec => ({ name, displayName, type: 'text', indexed });
const note = (name: string, displayName: string): ColumnSpec => ({ name, displayName, type: 'note' });
const number = (name: string, displayName: string, indexed = false): ColumnSpec => ({ name, displayName, type: 'number', indexed });
const date = (name: string, displayName: string): ColumnSpec => ({ name, displayName, type: 'dateOnly' });

export const LISTS = {
  departments: {
    name: 'RenkeiDepartments',
    displayName: '部署',
    description: '本庁の課と区役所の課（疑義照会の宛先、投稿先チャネル）',
    template: 'genericList',
    columns: [RECORD_KEY, RECORD_JSON, text('Office', '局・区役所'), text('Kind', '種別', true), text('Categories', '分野')],
  },
  people: {
    name: 'RenkeiPeople',
    displayName: '職員',
    description: '利用者と役割（職員名簿から取り込み）',
    template: 'genericList',
    columns: [
      RECORD_KEY,
      RECORD_JSON,
      text('DepartmentId', '所属', true),
      text('EntraObjectId', 'Entra オブジェクト ID', true),
      text('Email', 'メール'),
      text('Roles', '役割'),
    ],
  },
  initiatives: {
    name: 'RenkeiInitiatives',
    displayName: '施策',
    description: '施策一覧（四半期チェックインの対象）',
    template: 'genericList',
    columns: [RECORD_KEY, RECORD_JSON, text('OwnerId', '担当者', true), text('LeadSection', '所管課'), note('Q4Target', '第4四半期目標')],
  },
  checkIns: {
    name: 'RenkeiCheckIns',
    displayName: 'チェックイン',
    description: '四半期チェックインの最新の回答',
    template: 'genericList',
    columns: [
      RECORD_KEY,
      RECORD_JSON,
      text('InitiativeCode', '施策番号', true),
      number('FiscalYear', '年度', true),
      number('Quarter', '四半期', true),
      text('Weather', '天気'),
      text('Direction', '今後の方向性'),
      note('Progress', '進捗状況'),
      number('Revision', '版'),
    ],
  },
  checkInRevisions: {
    name: 'RenkeiCheckInRevisions',
    displayName: 'チェックイン履歴',
    description: 'チェックインの回答と修正のすべての版',
    template: 'genericList',
    columns: [
      RECORD_KEY,
      RECORD_JSON,
      text('CheckInKey', 'チェックイン', true),
      text('SubmissionId', '送信 ID', true),
      text('SubmittedBy', '回答者'),
    ],
  },
  checkInCycles: {
    name: 'RenkeiCheckInCycles',
    displayName: 'チェックイン周期',
    description: '四半期ごとの受付期間',
    template: 'genericList',
    columns: [RECORD_KEY, RECORD_JSON, date('OpensOn', '受付開始日'), date('DueOn', '回答期限'), text('ClosedAt', '締切日時')],
  },
  inquiries: {
    name: 'RenkeiInquiries',
    displayName: '疑義照会',
    description: '区役所からの疑義照会と本庁の回答',
    template: 'genericList',
    columns: [
      RECORD_KEY,
      RECORD_JSON,
      text('Status', '状態', true),
      text('TargetDepartmentId', '宛先', true),
      text('AskerId', '質問者', true),
      number('FiscalYear', '年度', true),
      text('Category', '分野'),
      note('Body', '内容'),
      date('DueOn', '回答期限'),
      text('UpdatedAt', '更新日時'),
    ],
  },
  notices: {
    name: 'RenkeiNotices',
    displayName: 'お知らせ',
    description: '本庁から区役所の課へのお知らせ（制度改正・事務連絡・マニュアル改正）と各課の確認状況',
    template: 'genericList',
    columns: [
      RECORD_KEY,
      RECORD_JSON,
      text('Status', '状態', true),
      text('SenderDepartmentId', '発信課', true),
      number('FiscalYear', '年度', true),
      // The sender and the requestId of the form that made it (hashed: the pair may exceed a text column), unique: a double press makes one notice.
      { name: 'RequestKey', displayName: '作成依頼キー', type: 'text', indexed: true, unique: true, hidden: true },
      text('Kind', '種別'),
      text('SenderId', '発信者'),
      date('EffectiveOn', '施行日'),
      date('ConfirmBy', '確認期限'),
      text('Confirmations', '確認状況'),
      note('Sections', '宛先の課と確認'),
      note('Body', '本文'),
      text('CreatedAt', '作成日時'),
      text('UpdatedAt', '更新日時'),
    ],
  },
  surveys: {
    name: 'RenkeiSurveys',
    displayName: '照会',
    description: '本庁から区役所の課への全区照会・意見照会（設問と照会先）',
    template: 'genericList',
    columns: [
      RECORD_KEY,
      RECORD_JSON,
      text('Status', '状態', true),
      text('SenderDepartmentId', '照会元の課', true),
      number('FiscalYear', '年度', true),
      // As お知らせ: the sender and the form's requestId, hashed and unique, so a double press makes one survey.
      { name: 'RequestKey', displayName: '作成依頼キー', type: 'text', indexed: true, unique: true, hidden: true },
      text('SenderId', '照会者'),
      date('DueOn', '回答期限'),
      { name: 'RequiresWardApproval', displayName: '課の承認を経て回答', type: 'boolean' },
      text('ManualId', '対象マニュアル'),
      note('Purpose', '趣旨'),
      // JSON: a question has a type, a unit, bounds and choices; kept out of アプリ用データ so neither grows past a column's limit.
      note('Questions', '設問（JSON）'),
      note('Sections', '照会先の課'),
      text('CreatedAt', '作成日時'),
      text('UpdatedAt', '更新日時'),
    ],
  },
  surveyAnswers: {
    name: 'RenkeiSurveyAnswers',
    displayName: '照会回答',
    description:
      '照会ごと・照会先の課ごとの回答（区分「回答」）、再提出で置き換えられた送付済みの版（区分「過去の版」）、意見照会の意見への本庁の対応（区分「本庁の対応」）',
    template: 'genericList',
    columns: [
      RECORD_KEY,
      RECORD_JSON,
      text('SurveyId', '照会番号', true),
      text('DepartmentId', '回答する課', true),
      // 回答 (the section's answer now), 過去の版 (a sent version a reopened answer replaced: one item each, kept as sent)
      // or 本庁の対応 (意見照会: HQ's response to the section's opinion on one question).
      text('Entry', '区分'),
      text('Status', '状態', true),
      number('Version', '版'),
      // JSON ({"設問キー": 値}): the values keep their types (a number stays a number) for the store and for staff alike.
      note('Answers', '回答内容（JSON）'),
      text('AnsweredBy', '回答者'),
      text('ApprovedBy', '承認者'),
      text('AnsweredAt', '送付日時'),
      text('ReturnedBy', '差戻し者'),
      note('ReturnComment', '差戻しの理由'),
      // 本庁の対応 only: the question answered, 反映する or 反映しない, why, and who decided.
      text('QuestionKey', '設問キー'),
      text('Decision', '対応'),
      note('Reason', '対応の理由'),
      text('RespondedBy', '対応者'),
      text('UpdatedAt', '更新日時'),
    ],
  },
  counters: {
    name: 'RenkeiCounters',
    displayName: '採番',
    description: '照会番号・お知らせ番号・全区照会番号の採番（年度ごと）',
    template: 'genericList',
    columns: [RECORD_KEY, number('LastNumber', '最終番号')],
  },
  rulings: {
    name: 'RenkeiRulings',
    displayName: '判断事例',
    description: '全区で共有する判断事例（疑義照会の回答から）',
    template: 'genericList',
    columns: [
      RECORD_KEY,
      text('Department', '所管課', true),
      text('Category', '分野', true),
      text('RulingStatus', '管理状態', true),
      date('PublishedAt', '公開日'),
      note('Question', '質問'),
      note('Answer', '回答'),
      text('LegalBasis', '根拠法令'),
      note('Tags', 'タグ（1 行に 1 つ）'),
      text('SupersededBy', '後継の事例'),
      text('SourceInquiry', '元の照会'),
    ],
  },
  manuals: {
    name: 'RenkeiManuals',
    displayName: 'マニュアル',
    description: '業務マニュアル（所管課・制度・版・見直し期限つき）',
    template: 'documentLibrary',
    columns: [
      RECORD_KEY,
      text('Department', '所管課', true),
      text('System', '制度'),
      text('ManualVersion', '版'),
      date('LastRevisedAt', '最終改訂日'),
      date('NextReviewDue', '次回見直し期限'),
      text('ManualOwnerId', '管理者'),
      note('Summary', '概要'),
      text('LinkUrl', 'リンク先'),
    ],
  },
} satisfies Record<string, ListSpec>;

export type ListKey = keyof typeof LISTS;
