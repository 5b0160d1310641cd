import { adaptiveCard, factSet, openUrlAction, textBlock, type AdaptiveCard } from '../platform/adaptive-card';
import { addBusinessDays, japanDateOf, type IsoDate } from '../platform/fiscal-calendar';
import { cardMessage, channelConversation, personConversation, reachablePeople } from '../platform/outbox/messages';
import type { Store } from '../store/ports';
import { loadAnalyticsInput } from './load';
import { computeAnalytics, type Analytics, type AnalyticsInput, type QuarterFigures } from './metrics';
import { isSmallSample } from '../../shared/small-sample';

const monthBefore = (month: string, count: number) => {
  const [year, monthNumber] = month.split('-').map(Number);
  return new Date(Date.UTC(year, monthNumber - 1 - count, 1)).toISOString().slice(0, 7);
};

/**
 * The month a summary is due for: last month, from this month's first business day on
 * (before it, e.g. on 1/1–1/3, the month before last is still the latest).
 */
export function summaryMonthFor(today: IsoDate): string {
  const thisMonth = today.slice(0, 7);
  return monthBefore(thisMonth, today >= addBusinessDays(`${thisMonth}-01`, 0) ? 1 : 2);
}

/** One month's records only (inquiries asked, steps taken, rulings published and read in it). */
export function monthOnly(input: AnalyticsInput, month: string): AnalyticsInput {
  const inMonth = (instant: string) => japanDateOf(new Date(instant)).startsWith(month);
  return {
    ...input,
    inquiries: input.inquiries.filter((i) => inMonth(i.createdAt)),
    audit: input.audit.filter((e) => inMonth(e.at)),
    rulings: input.rulings.filter((r) => r.publishedAt.startsWith(month)),
  };
}

const days = (value: number | null) => (value === null ? '—' : `${value} 営業日`);
const percent = (value: number | null) => (value === null ? '—' : `${value}%`);

/** 「75%（3/4件・件数が少ないため参考値）」: a share always with its denominator. */
export function shareText(value: number | null, part: number, whole: number): string {
  if (whole === 0) return '—（対象 0 件）';
  return `${percent(value)}（${part}/${whole}件${isSmallSample(whole) ? '・件数が少ないため参考値' : ''}）`;
}

/** 「2 件（質問 5 件中 40%・件数が少ないため参考値）」 */
function deflectionText({ inquiries }: Analytics): string {
  const whole = inquiries.deflections + inquiries.total;
  return `${inquiries.deflections} 件（質問 ${whole} 件中 ${percent(inquiries.deflectionRate)}${isSmallSample(whole) ? '・件数が少ないため参考値' : ''}）`;
}

/** 「回答 3/15（受付中）」 while a cycle is open; its on-time share once closed. */
export function cycleText(q: QuarterFigures): string {
  if (q.open) return `回答 ${q.answered}/${q.initiatives}（受付中）`;
  return `回答 ${q.answered}/${q.initiatives}・期限内 ${shareText(q.onTimeRate, q.onTime, q.initiatives)}`;
}

/** The headline figures of a month for the PMO channel, with a link to the dashboard. */
export function monthlySummaryCard(month: string, figures: Analytics, dashboardUrl: string): AdaptiveCard {
  const [year, monthNumber] = month.split('-').map(Number);
  const latest = figures.checkIns.at(-1);
  return adaptiveCard(
    [
      textBlock(`効果検証 月次サマリー（${year}年${monthNumber}月）`, { size: 'Large', weight: 'Bolder', style: 'heading' }),
      factSet([
        { title: '疑義照会', value: `${figures.inquiries.total} 件（回答済 ${figures.inquiries.answered} 件）` },
        {
          title: '回答までの日数',
          value: `中央値 ${days(figures.inquiries.answerDays.median)}、90% ${days(figures.inquiries.answerDays.p90)}`,
        },
        {
          title: '期限内の回答',
          value: shareText(figures.inquiries.onTimeRate, figures.inquiries.onTime.answeredOnTime, figures.inquiries.onTime.counted),
        },
        {
          title: '未着手',
          value: `${figures.inquiries.backlog.unclaimed} 件${figures.inquiries.backlog.oldestUnclaimedDays === null ? '' : `（最長 ${figures.inquiries.backlog.oldestUnclaimedDays} 営業日）`}`,
        },
        { title: '判断事例で解決', value: deflectionText(figures) },
        { title: '判断事例', value: `新規 ${figures.rulings.created} 件、閲覧 ${figures.rulings.views} 回` },
        ...(latest ? [{ title: `チェックイン ${latest.label}`, value: cycleText(latest) }] : []),
      ]),
    ],
    [openUrlAction('ダッシュボードを開く', dashboardUrl)],
  );
}

/**
 * Queues last month's summary once per recipient: the PMO channel when configured, else each
 * PMO member who has a personal chat with the bot. Returns how many were queued.
 */
export async function queueMonthlySummary(store: Store, now: Date, options: { pmoChannelId?: string; tabUrl: string }): Promise<number> {
  const month = summaryMonthFor(japanDateOf(now));
  const reachable = await reachablePeople(store.conversations);
  const recipients = options.pmoChannelId
    ? [channelConversation(options.pmoChannelId)]
    : (await store.people.list({ role: 'pmo' })).filter((p) => reachable.has(p.id)).map((p) => personConversation(p.id));
  const keyFor = (conversationKey: string) => `analytics:monthly:${month}:${conversationKey}`;
  // Every scheduler pass asks; only compute the figures when someone still lacks this month's card.
  const pending = [];
  for (const conversationKey of recipients) if (!(await store.outbox.get(keyFor(conversationKey)))) pending.push(conversationKey);
  if (pending.length === 0) return 0;
  const all = await loadAnalyticsInput(store, now);
  const figures = computeAnalytics(monthOnly(all, month));
  const card = monthlySummaryCard(month, { ...figures, checkIns: computeAnalytics(all).checkIns }, `${options.tabUrl}#/dashboard`);
  let queued = 0;
  for (const conversationKey of pending) {
    if (await store.outbox.enqueue(cardMessage(keyFor(conversationKey), conversationKey, card, `効果検証 月次サマリー ${month}`)))
      queued += 1;
  }
  return queued;
}
