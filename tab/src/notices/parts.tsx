import { Badge, type BadgeProps } from '@fluentui/react-components';
import type { NoticeKind, NoticeStatus, SectionStatus } from '../api';
import { ProgressBadges } from '../ProgressBadges';
import { NOTICE_KIND_KEYS, NOTICE_STATUS_KEYS, SECTION_STATUS_KEYS, translate, type Locale } from '../strings';

export const kindName = (kind: NoticeKind, locale: Locale) => translate(locale, NOTICE_KIND_KEYS[kind]);

const STATUS_COLORS: Record<NoticeStatus, BadgeProps['color']> = { awaitingApproval: 'brand', returned: 'severe', sent: 'success' };

export function NoticeStatusBadge({ status, locale }: { status: NoticeStatus; locale: Locale }) {
  return (
    <Badge appearance="tint" color={STATUS_COLORS[status]}>
      {translate(locale, NOTICE_STATUS_KEYS[status])}
    </Badge>
  );
}

const SECTION_COLORS: Record<SectionStatus, BadgeProps['color']> = { pending: 'warning', confirmed: 'success', unreachable: 'danger' };

export function SectionStatusBadge({ status, locale }: { status: SectionStatus; locale: Locale }) {
  return (
    <Badge appearance={status === 'confirmed' ? 'filled' : 'tint'} color={SECTION_COLORS[status]}>
      {translate(locale, SECTION_STATUS_KEYS[status])}
    </Badge>
  );
}

/** 確認 x/y, and 期限超過 in red once the 確認期限 has passed with sections still unconfirmed. */
export function ConfirmationBadges(props: { confirmed: number; total: number; overdue: boolean; unreachable?: number; locale: Locale }) {
  return <ProgressBadges {...props} done={props.confirmed} ofKey="confirmedOf" />;
}
