import { Badge, type BadgeProps } from '@fluentui/react-components';
import type { AnswerStatus, SurveyListItem, SurveyView } from '../api';
import { ANSWER_STATUS_KEYS, translate, type Locale } from '../strings';

const ANSWER_COLORS: Record<AnswerStatus, BadgeProps['color']> = {
  pending: 'warning',
  draft: 'informative',
  awaitingApproval: 'brand',
  returned: 'severe',
  answered: 'success',
  unreachable: 'danger',
};

export function AnswerStatusBadge({ status, locale }: { status: AnswerStatus; locale: Locale }) {
  return (
    <Badge appearance={status === 'answered' ? 'filled' : 'tint'} color={ANSWER_COLORS[status]}>
      {translate(locale, ANSWER_STATUS_KEYS[status])}
    </Badge>
  );
}

/** Today in Japan (YYYY-MM-DD), as the 回答期限 is written. */
export const japanToday = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);

/** 期限超過: the 回答期限 has passed and sections have still not answered (the list's rule, for the detail page). */
export const surveyOverdue = (survey: Pick<SurveyView, 'status' | 'dueOn' | 'answered' | 'total'>) =>
  survey.status === 'open' &&
  survey.answered !== undefined &&
  survey.total !== undefined &&
  survey.answered < survey.total &&
  japanToday() > survey.dueOn;

export const isOpinionSurvey = (survey: Pick<SurveyListItem, 'manualId'>) => survey.manualId !== null;

/** 1234.5 → 「1,234.5」 */
export const formatNumber = (value: number | null | undefined, locale: Locale) =>
  value === null || value === undefined ? '—' : value.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: 2 });
