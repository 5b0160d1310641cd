/** The rules of お知らせ, pure: what a valid notice is, who receives it, who may confirm, when to follow up. */
import type { Department, Person } from '../directory/model';
import { addBusinessDays, isValidIsoDate, nextBusinessDay, type IsoDate } from '../platform/fiscal-calendar';
import { readAudience, readIdList } from '../platform/ward-audience';
import { DEFAULT_CONFIRM_BUSINESS_DAYS, NOTICE_KINDS, NOTICE_LIMITS, type Notice, type NoticeSection } from './model';

// The audience rules are shared with 照会 (bot/platform/ward-audience.ts); callers of this flow keep finding them here.
export { knownCategories, resolveAudience } from '../platform/ward-audience';

/** A notice as the sender wrote it, checked; sections still to be resolved from the audience. */
export type NoticeRequest = Pick<
  Notice,
  'kind' | 'title' | 'body' | 'effectiveOn' | 'confirmBy' | 'audience' | 'rulingIds' | 'supersedesRulingIds' | 'manualIds'
>;

export const NOTICE_FIELDS = [
  'kind',
  'title',
  'body',
  'effectiveOn',
  'confirmBy',
  'audience',
  'rulingIds',
  'supersedesRulingIds',
  'manualIds',
] as const;
export type NoticeField = (typeof NOTICE_FIELDS)[number];
export type NoticeErrors = Partial<Record<NoticeField, string>>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const length = (text: string) => [...text].length;

/**
 * Checks what a sender submitted (card, tab or API), field by field, naming each bad field.
 * 確認期限 defaults to five business days from today and may not be before the next business
 * day (a section needs at least one working day to read it).
 */
export function validateNoticeRequest(input: unknown, today: IsoDate): { request: NoticeRequest } | { errors: NoticeErrors } {
  const data = isRecord(input) ? input : {};
  const errors: NoticeErrors = {};
  const text = (field: 'title' | 'body', label: string, max: number) => {
    const value = typeof data[field] === 'string' ? data[field].trim() : '';
    if (value === '') errors[field] = `${label}を入力してください。`;
    else if (length(value) > max)
      errors[field] =
        `${label}は ${max.toLocaleString('ja-JP')} 字以内で入力してください（現在 ${length(value).toLocaleString('ja-JP')} 字）。`;
    return value;
  };
  const kind = NOTICE_KINDS.find((k) => k === data.kind);
  if (!kind) errors.kind = `種別は ${NOTICE_KINDS.join('・')} のどれかを選んでください。`;
  const title = text('title', '件名', NOTICE_LIMITS.title);
  const body = text('body', '本文', NOTICE_LIMITS.body);

  let effectiveOn: IsoDate | null = null;
  if (data.effectiveOn !== undefined && data.effectiveOn !== null && data.effectiveOn !== '') {
    if (typeof data.effectiveOn === 'string' && isValidIsoDate(data.effectiveOn)) effectiveOn = data.effectiveOn;
    else errors.effectiveOn = '施行日（適用日）は日付（例：2027-04-01）で入力してください。';
  }
  const earliest = nextBusinessDay(today);
  let confirmBy = addBusinessDays(today, DEFAULT_CONFIRM_BUSINESS_DAYS);
  if (data.confirmBy !== undefined && data.confirmBy !== null && data.confirmBy !== '') {
    if (typeof data.confirmBy !== 'string' || !isValidIsoDate(data.confirmBy))
      errors.confirmBy = '確認期限は日付（例：2026-12-14）で入力してください。';
    else if (data.confirmBy < earliest) errors.confirmBy = `確認期限は翌営業日（${earliest}）以降にしてください。`;
    else confirmBy = data.confirmBy;
  }

  const audience = readAudience(data.audience);
  if ('error' in audience) errors.audience = audience.error;
  const rulings = readIdList(data.rulingIds, '関連する判断事例', NOTICE_LIMITS.links);
  if ('error' in rulings) errors.rulingIds = rulings.error;
  const superseded = readIdList(data.supersedesRulingIds, '置き換える判断事例', NOTICE_LIMITS.links);
  if ('error' in superseded) errors.supersedesRulingIds = superseded.error;
  const manuals = readIdList(data.manualIds, '関連するマニュアル', NOTICE_LIMITS.links);
  if ('error' in manuals) errors.manualIds = manuals.error;

  if (Object.keys(errors).length > 0 || !kind || 'error' in audience || 'error' in rulings || 'error' in superseded || 'error' in manuals)
    return { errors };
  // A ruling the notice supersedes is one it changes.
  const rulingIds = [...new Set([...rulings.ids, ...superseded.ids])];
  return {
    request: {
      kind,
      title,
      body,
      effectiveOn,
      confirmBy,
      audience: audience.audience,
      rulingIds,
      supersedesRulingIds: superseded.ids,
      manualIds: manuals.ids,
    },
  };
}

/** Fresh, unconfirmed sections; those the bot cannot reach are marked so at once. */
export function initialSections(sections: Department[], isReachable: (department: Department) => boolean): NoticeSection[] {
  return sections.map((d) => ({
    departmentId: d.id,
    status: isReachable(d) ? 'pending' : 'unreachable',
    confirmedBy: null,
    confirmedAt: null,
  }));
}

export type ConfirmOutcome =
  | { notice: Notice; changed: true }
  | { notice: Notice; changed: false; reason: 'alreadyConfirmed' }
  | { error: 'notInAudience' | 'notSent' };

/**
 * 確認しました by a member of a section: the first one records the section's confirmation (who,
 * when); later presses change nothing. A person of another section cannot confirm for it.
 */
export function confirmSection(notice: Notice, person: Pick<Person, 'id' | 'departmentId'>, at: string): ConfirmOutcome {
  if (notice.status !== 'sent') return { error: 'notSent' };
  const index = notice.sections.findIndex((s) => s.departmentId === person.departmentId);
  if (index < 0) return { error: 'notInAudience' };
  const section = notice.sections[index];
  if (section.status === 'confirmed') return { notice, changed: false, reason: 'alreadyConfirmed' };
  const sections = notice.sections.map((s, i) =>
    i === index ? { ...s, status: 'confirmed' as const, confirmedBy: person.id, confirmedAt: at } : s,
  );
  return { notice: { ...notice, sections, updatedAt: at }, changed: true };
}

/** 訂正: the new text replaces the old, the old is kept with who confirmed it, and every section confirms again. */
export function correctNotice(notice: Notice, change: { title: string; body: string }, by: string, at: string): Notice {
  const previous = {
    revision: notice.revision,
    title: notice.title,
    body: notice.body,
    correctedBy: by,
    correctedAt: at,
    sections: notice.sections,
  };
  const sections = notice.sections.map((s) => ({
    departmentId: s.departmentId,
    status: s.status === 'unreachable' ? ('unreachable' as const) : ('pending' as const),
    confirmedBy: null,
    confirmedAt: null,
  }));
  return {
    ...notice,
    title: change.title,
    body: change.body,
    revision: notice.revision + 1,
    sections,
    history: [...notice.history, previous],
    updatedAt: at,
  };
}

/** 確認 x/y and who is missing: unreachable sections count in y, since they too must know. */
export function confirmationSummary(
  notice: Notice,
  today: IsoDate,
): { confirmed: number; total: number; missing: string[]; unreachable: string[]; overdue: boolean; complete: boolean } {
  const confirmed = notice.sections.filter((s) => s.status === 'confirmed').length;
  const missing = notice.sections.filter((s) => s.status !== 'confirmed').map((s) => s.departmentId);
  const unreachable = notice.sections.filter((s) => s.status === 'unreachable').map((s) => s.departmentId);
  const complete = missing.length === 0;
  return { confirmed, total: notice.sections.length, missing, unreachable, overdue: !complete && today > notice.confirmBy, complete };
}

/**
 * What follow-up a sent notice needs today: on the business day before the 確認期限 the
 * unconfirmed sections are reminded; after it they are reminded again and their managers are
 * told. Outbox keys (per notice, revision, section and kind) make each happen once.
 */
export function followUpFor(notice: Notice, today: IsoDate): { kind: 'beforeDeadline' | 'overdue'; sections: string[] } | null {
  if (notice.status !== 'sent') return null;
  const pending = notice.sections.filter((s) => s.status === 'pending').map((s) => s.departmentId);
  if (pending.length === 0) return null;
  if (today > notice.confirmBy) return { kind: 'overdue', sections: pending };
  if (today <= notice.confirmBy && addBusinessDays(notice.confirmBy, -1) <= today) return { kind: 'beforeDeadline', sections: pending };
  return null;
}

/** Median business days from sending to the last confirmation, over notices every section confirmed. */
export function daysToFullConfirmation(
  notice: Notice,
  businessDaysBetween: (from: IsoDate, to: IsoDate) => number,
  japanDate: (iso: string) => IsoDate,
): number | null {
  if (!notice.sentAt || notice.sections.length === 0 || notice.sections.some((s) => s.status !== 'confirmed')) return null;
  const last = notice.sections
    .map((s) => s.confirmedAt as string)
    .sort()
    .at(-1) as string;
  return businessDaysBetween(japanDate(notice.sentAt), japanDate(last));
}

/** Input ids of the compose form card (お知らせ作成); what it sends is read by readComposeForm. */
export const COMPOSE_INPUTS = [
  'kind',
  'title',
  'body',
  'effectiveOn',
  'confirmBy',
  'audienceMode',
  'category',
  'wardSections',
  'rulingIds',
  'supersedesRulingIds',
  'manualIds',
] as const;
export type ComposeValues = Record<(typeof COMPOSE_INPUTS)[number], string>;
export const AUDIENCE_MODES = ['allWards', 'category', 'wardSections'] as const;

/** A list typed into one box (「R-0003、R-0020」) or a multi-select's comma-joined values. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,、，]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * The compose form's inputs as strings (anything else, a forged payload, counts as empty) and
 * the request they describe, in the API's shape, for validateNoticeRequest to check.
 */
export function readComposeForm(inputs: Record<string, unknown>): { values: ComposeValues; input: Record<string, unknown> } {
  const values = Object.fromEntries(
    COMPOSE_INPUTS.map((name) => [name, typeof inputs[name] === 'string' ? inputs[name] : '']),
  ) as ComposeValues;
  const mode = values.audienceMode || 'allWards';
  const audience =
    mode === 'allWards'
      ? { allWards: true }
      : mode === 'category'
        ? { category: values.category }
        : mode === 'wardSections'
          ? { wardSections: splitList(values.wardSections) }
          : { [mode]: true };
  return {
    values,
    input: {
      kind: values.kind,
      title: values.title,
      body: values.body,
      effectiveOn: values.effectiveOn,
      confirmBy: values.confirmBy,
      audience,
      rulingIds: splitList(values.rulingIds),
      supersedesRulingIds: splitList(values.supersedesRulingIds),
      manualIds: splitList(values.manualIds),
    },
  };
}

/** A correction's new text, checked like the compose form's. */
export function validateCorrection(
  inputs: Record<string, unknown>,
): { change: { title: string; body: string } } | { errors: { title?: string; body?: string }; values: { title: string; body: string } } {
  const read = (name: 'title' | 'body') => (typeof inputs[name] === 'string' ? inputs[name].trim() : '');
  const values = { title: read('title'), body: read('body') };
  const errors: { title?: string; body?: string } = {};
  if (values.title === '') errors.title = '件名を入力してください。';
  else if (length(values.title) > NOTICE_LIMITS.title)
    errors.title = `件名は ${NOTICE_LIMITS.title} 字以内で入力してください（現在 ${length(values.title)} 字）。`;
  if (values.body === '') errors.body = '本文を入力してください。';
  else if (length(values.body) > NOTICE_LIMITS.body)
    errors.body = `本文は ${NOTICE_LIMITS.body.toLocaleString('ja-JP')} 字以内で入力してください（現在 ${length(values.body).toLocaleString('ja-JP')} 字）。`;
  return Object.keys(errors).length > 0 ? { errors, values } : { change: values };
}
