/**
 * Every user-facing string of the bot, in Japanese (default) and English. Keys are typed:
 * a missing English string is a compile error.
 */
import type { Locale } from '../../shared/locale';

export type { Locale };

const ja = {
  'bot.name': '本庁・区役所 連携ボット',
  'help.title': '本庁・区役所 連携ボットでできること',
  'help.greeting': '{name} さん、こんにちは。',
  'help.greetingUnknown': 'こんにちは。',
  'help.today': '本日は {date}（{quarter}）です。',
  'help.intro':
    '区役所からの疑義照会、判断事例・マニュアルの検索、施策の四半期チェックインを Teams の中で行えます。下のコマンドを送ってください。コマンド以外の言葉（例：国保 喪失、退職した人の国保の手続）を送ると、判断事例・マニュアルを検索して上位3件を表示します。',
  'help.commandsHeading': '使えるコマンド',
  'help.openTab': '判断事例・マニュアルを開く',
  'help.unregistered': '職員名簿に登録されていないため、照会やチェックインは使えません。システム管理者（DX推進課）にお問い合わせください。',
  'help.command.help': 'この案内を表示します',
  'help.command.whoami': 'あなたの所属と権限を表示します',
  'help.command.ping': 'ボットが応答しているかを確かめます',
  'help.channelHint': 'ご自分が使えるコマンドは、ボットとの個人チャットで「ヘルプ」と送ると表示されます。',
  'whoami.title': 'あなたの登録情報',
  'whoami.name': '氏名',
  'whoami.department': '所属',
  'whoami.roles': '権限',
  'role.staff': '職員',
  'role.responder': '回答担当',
  'role.approver': '承認者',
  'role.pmo': 'PMO',
  'role.admin': 'システム管理者',
  unknownCommand:
    '「{text}」は分かりませんでした。該当する判断事例は見つかりませんでした。言葉を変えて送るか、「ヘルプ」と送ると使えるコマンドを表示します。',
  unknownAction: 'このボタンの操作は使えません。カードが古い可能性があります。',
  'cardData.invalid':
    'このカードの内容（{field}）を読み取れませんでした。カードが古いか壊れている可能性があります。最新のカードを開き直してください。',
  forbidden: 'この操作の権限がありません。{reason}',
  writeDeferred:
    '受け付けました（反映待ち）。SharePoint に接続できないため、反映まで数分かかることがあります。もう一度送信する必要はありません。',
  turnError: '申し訳ありません。処理中にエラーが発生しました。しばらくしてからもう一度お試しください。',
  tooManyTurns: '操作が多すぎます。{seconds} 秒ほど待ってから、もう一度お試しください。',
  invokeFailed:
    '申し訳ありません。処理中にエラーが発生したため、この操作の内容は保存されていません。しばらくしてからもう一度お試しください。（問い合わせ番号：{reference}）',
};

const en: Record<keyof typeof ja, string> = {
  'bot.name': 'HQ–Ward Liaison Bot',
  'help.title': 'What the HQ–Ward Liaison Bot does',
  'help.greeting': 'Hello, {name}.',
  'help.greetingUnknown': 'Hello.',
  'help.today': 'Today is {date} ({quarter}).',
  'help.intro':
    'Ask HQ how a rule applies, search rulings and manuals, and submit quarterly initiative check-ins, all inside Teams. Send one of the commands below. Anything else you send (e.g. 国保 喪失) searches the rulings and manuals and shows the best three.',
  'help.commandsHeading': 'Commands',
  'help.openTab': 'Open rulings and manuals',
  'help.unregistered':
    'You are not in the staff directory, so inquiries and check-ins are not available. Please contact the system administrator.',
  'help.command.help': 'Shows this guide',
  'help.command.whoami': 'Shows your department and roles',
  'help.command.ping': 'Checks that the bot is responding',
  'help.channelHint': 'Send "help" in your personal chat with the bot to see the commands you can use.',
  'whoami.title': 'Your registration',
  'whoami.name': 'Name',
  'whoami.department': 'Department',
  'whoami.roles': 'Roles',
  'role.staff': 'Staff',
  'role.responder': 'Responder',
  'role.approver': 'Approver',
  'role.pmo': 'PMO',
  'role.admin': 'Administrator',
  unknownCommand: 'I did not understand "{text}", and no ruling matches it. Try other words, or send "help" to see the commands.',
  unknownAction: 'This button no longer works. The card may be out of date.',
  'cardData.invalid': "Could not read this card's data ({field}). The card may be out of date or damaged; please open the latest card.",
  forbidden: 'You are not allowed to do this. {reason}',
  writeDeferred:
    'Received (pending). SharePoint cannot be reached right now, so it may take a few minutes to appear. There is no need to send it again.',
  turnError: 'Sorry, something went wrong. Please try again in a moment.',
  tooManyTurns: 'Too many actions. Please wait about {seconds} seconds and try again.',
  invokeFailed:
    'Sorry, something went wrong, so nothing from this action was saved. Please try again in a moment. (reference: {reference})',
};

const MESSAGES: Record<Locale, Record<MessageKey, string>> = { ja, en };

export type MessageKey = keyof typeof ja;

export type Translate<K extends string> = (locale: Locale, key: K, params?: Record<string, string | number>) => string;

/**
 * A lookup over one dictionary per locale; each flow keeps its own (e.g. checkins/strings.ts).
 * Typing the English dictionary as Record<keyof typeof ja, string> makes a missing string a compile error.
 */
export function translator<K extends string>(messages: Record<Locale, Record<K, string>>): Translate<K> {
  return (locale, key, params = {}) =>
    messages[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export const t: Translate<MessageKey> = translator(MESSAGES);

/** Teams sends locales such as ja-JP or en-US; anything not English is shown in Japanese. */
export function localeFrom(tag: unknown, fallback: Locale = 'ja'): Locale {
  if (typeof tag !== 'string' || !tag) return fallback;
  return tag.toLowerCase().startsWith('en') ? 'en' : 'ja';
}

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/**
 * The first `max` characters of what a person typed, for echoing it back: cut between
 * characters as people see them, so an emoji (👨‍👩‍👧, 🇯🇵) or a letter with its accents is never
 * split into broken halves.
 */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  let result = '';
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (count === max) break;
    result += segment;
    count += 1;
  }
  return result;
}
