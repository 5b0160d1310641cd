import { translator } from '../platform/i18n';

/**
 * The 疑義照会 flow's words for taking a question back (取り下げる) and for who works on it
 * (担当を外す, 担当変更), Japanese (公用文) first; English typed so a missing string is a
 * compile error. The older inquiry cards still carry their Japanese inline.
 */
const ja = {
  'withdraw.button': '取り下げる',
  'withdraw.confirmTitle': '{number} を取り下げますか',
  'withdraw.confirmHint': '取り下げると所管課での対応が止まります。担当者が決まる前であれば、後から取り消せます。',
  'withdraw.reason': '取り下げる理由',
  'withdraw.reasonMissing': '取り下げる理由を入力してください。',
  'withdraw.reasonTooLong': '取り下げる理由は {max} 字以内にしてください。',
  'withdraw.confirm': '取り下げる（確定）',
  'withdraw.cancel': 'キャンセル',
  'withdraw.reasonShown': '取下げの理由：{reason}',
  'withdraw.undoHint': '担当者が決まる前に取り下げたため、取り消して元に戻せます。',
  'withdraw.undo': '取下げを取り消す',
  'note.withdrawn': '質問者が照会を取り下げました。理由：{reason}',
  'note.restored': '質問者が取下げを取り消しました。改めて担当者を決めてください。',
  'release.button': '担当を外す',
  'reassign.button': '担当変更',
  'reassign.title': '担当者を変更する',
  'reassign.to': '新しい担当者',
  'reassign.missing': '新しい担当者を選んでください。',
  'reassign.notResponder': '新しい担当者は、この課の回答担当者・承認者から選んでください。',
  'reassign.noOne': '担当を引き継げる職員がこの課にいません。職員名簿を確認してください。',
  'reassign.submit': '担当を変更する',
  'reassign.cancel': 'キャンセル',
  'note.released': '{name} さんが担当を外しました。担当者を決めてください。',
  'note.reassigned': '{by} さんが担当者を{from}{to} さんに変更しました。',
  'note.reassignedFrom': ' {name} さんから ',
  'assigned.summary': '{number} の担当になりました',
  'assigned.header': '{by} さんから担当を引き継ぎました',
} as const;

const en: Record<keyof typeof ja, string> = {
  'withdraw.button': 'Withdraw',
  'withdraw.confirmTitle': 'Withdraw {number}?',
  'withdraw.confirmHint': 'Withdrawing stops the department working on it. Until someone takes it on, you can undo this later.',
  'withdraw.reason': 'Reason for withdrawing',
  'withdraw.reasonMissing': 'Enter the reason for withdrawing.',
  'withdraw.reasonTooLong': 'Keep the reason to {max} characters or fewer.',
  'withdraw.confirm': 'Withdraw (confirm)',
  'withdraw.cancel': 'Cancel',
  'withdraw.reasonShown': 'Reason for withdrawing: {reason}',
  'withdraw.undoHint': 'You withdrew it before anyone took it on, so you can undo the withdrawal.',
  'withdraw.undo': 'Undo withdrawal',
  'note.withdrawn': 'The asker withdrew this inquiry. Reason: {reason}',
  'note.restored': 'The asker undid the withdrawal. Please decide who takes it on.',
  'release.button': 'Give back',
  'reassign.button': 'Reassign',
  'reassign.title': 'Change who handles it',
  'reassign.to': 'New responder',
  'reassign.missing': 'Choose the new responder.',
  'reassign.notResponder': "Choose the new responder from this department's responders and approvers.",
  'reassign.noOne': 'Nobody else in this department can take it on. Check the staff directory.',
  'reassign.submit': 'Reassign',
  'reassign.cancel': 'Cancel',
  'note.released': '{name} gave this inquiry back. Please decide who takes it on.',
  'note.reassigned': '{by} reassigned this inquiry{from}to {to}.',
  'note.reassignedFrom': ' from {name} ',
  'assigned.summary': 'You now handle {number}',
  'assigned.header': '{by} handed this inquiry to you',
};

export type InquiryMessageKey = keyof typeof ja;
export const inquiryText = translator<InquiryMessageKey>({ ja, en });
