import { adaptiveCard, factSet, openUrlAction, plainText, textBlock, type AdaptiveCard, type CardElement } from '../platform/adaptive-card';
import type { CommandHelp } from '../platform/bot-turn';
import { fiscalQuarterOf, formatDate, quarterLabel, type IsoDate } from '../platform/fiscal-calendar';
import { t, type Locale } from '../platform/i18n';

export interface HelpCardInput {
  locale: Locale;
  /** The registered person's display name; absent for someone not in the directory. */
  displayName?: string;
  /** Posted where others read it (a channel, a group chat): greets no one by name and says where one's own commands are. */
  inChannel?: boolean;
  today: IsoDate;
  commands: CommandHelp[];
  tabUrl?: string;
}

/** The help card: a greeting, today in the fiscal calendar, and the commands the reader may use. */
export function buildHelpCard(input: HelpCardInput): AdaptiveCard {
  const { locale } = input;
  const greeting =
    input.displayName && !input.inChannel
      ? t(locale, 'help.greeting', { name: plainText(input.displayName) })
      : t(locale, 'help.greetingUnknown');
  const today = t(locale, 'help.today', {
    date: formatDate(input.today, locale),
    quarter: quarterLabel(fiscalQuarterOf(input.today), locale),
  });

  const body: CardElement[] = [
    textBlock(t(locale, 'help.title'), { size: 'Large', weight: 'Bolder', style: 'heading' }),
    textBlock(`${greeting}${locale === 'ja' ? '' : ' '}${today}`),
    textBlock(t(locale, 'help.intro'), { isSubtle: true }),
  ];
  if (!input.displayName) body.push(textBlock(t(locale, 'help.unregistered'), { color: 'Warning' }));
  else if (input.inChannel) body.push(textBlock(t(locale, 'help.channelHint'), { isSubtle: true }));
  body.push(
    textBlock(t(locale, 'help.commandsHeading'), { weight: 'Bolder', spacing: 'Medium' }),
    factSet(input.commands.map((command) => ({ title: command.usage[locale], value: command.description[locale] }))),
  );
  return adaptiveCard(body, input.tabUrl ? [openUrlAction(t(locale, 'help.openTab'), input.tabUrl)] : []);
}
