import type { Department } from '../../directory/model';
import { adaptiveCard, attentionText, textBlock, type AdaptiveCard, type CardElement } from '../../platform/adaptive-card';
import { nextBusinessDay, type IsoDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { noticeActions } from '../card-actions';
import { DEFAULT_CONFIRM_BUSINESS_DAYS, NOTICE_KINDS, NOTICE_LIMITS } from '../model';
import { AUDIENCE_MODES, knownCategories, type ComposeValues, type NoticeErrors } from '../rules';
import { fieldError, kindName, noticeText } from '../strings';

/**
 * お知らせ作成: the form an HQ responder or approver writes a notice with. The ward sections
 * and their 分野 come from the directory; everything is checked again on the server.
 */
export function composeCard(input: {
  departments: Department[];
  today: IsoDate;
  locale: Locale;
  requestId: string;
  approvalRequired: boolean;
  values?: Partial<ComposeValues>;
  errors?: NoticeErrors;
}): AdaptiveCard {
  const { locale } = input;
  const values = input.values ?? {};
  const errors = input.errors ?? {};
  const error = (field: keyof NoticeErrors): CardElement[] =>
    errors[field] ? [attentionText(fieldError(locale, field, errors[field]))] : [];
  const wards = input.departments.filter((d) => d.kind === 'ward');
  const categories = knownCategories(input.departments);
  const body: CardElement[] = [
    textBlock(noticeText(locale, 'compose.header'), { size: 'Large', weight: 'Bolder', style: 'heading' }),
    textBlock(noticeText(locale, 'compose.intro'), { isSubtle: true }),
  ];
  if (input.approvalRequired) body.push(textBlock(noticeText(locale, 'compose.approvalNote'), { color: 'Accent' }));
  if (Object.keys(errors).length > 0) body.push(textBlock(noticeText(locale, 'compose.errors'), { color: 'Attention', weight: 'Bolder' }));
  body.push(
    {
      type: 'Input.ChoiceSet',
      id: 'kind',
      label: noticeText(locale, 'compose.kind'),
      isRequired: true,
      style: 'expanded',
      choices: NOTICE_KINDS.map((k) => ({ title: kindName(locale, k), value: k })),
      value: values.kind || NOTICE_KINDS[0],
    },
    ...error('kind'),
    {
      type: 'Input.Text',
      id: 'title',
      label: noticeText(locale, 'compose.title'),
      isRequired: true,
      maxLength: NOTICE_LIMITS.title,
      value: values.title ?? '',
    },
    ...error('title'),
    {
      type: 'Input.Text',
      id: 'body',
      label: noticeText(locale, 'compose.body'),
      isRequired: true,
      isMultiline: true,
      maxLength: NOTICE_LIMITS.body,
      value: values.body ?? '',
    },
    ...error('body'),
    { type: 'Input.Date', id: 'effectiveOn', label: noticeText(locale, 'compose.effectiveOn'), value: values.effectiveOn ?? '' },
    ...error('effectiveOn'),
    {
      type: 'Input.Date',
      id: 'confirmBy',
      label: noticeText(locale, 'compose.confirmBy', { days: DEFAULT_CONFIRM_BUSINESS_DAYS }),
      min: nextBusinessDay(input.today),
      value: values.confirmBy ?? '',
    },
    ...error('confirmBy'),
    {
      type: 'Input.ChoiceSet',
      id: 'audienceMode',
      label: noticeText(locale, 'compose.audienceMode'),
      style: 'expanded',
      choices: AUDIENCE_MODES.map((mode) => ({ title: noticeText(locale, `compose.audience.${mode}`), value: mode })),
      value: values.audienceMode || 'allWards',
    },
    ...error('audience'),
    categories.length > 0
      ? {
          type: 'Input.ChoiceSet',
          id: 'category',
          label: noticeText(locale, 'compose.category'),
          choices: categories.map((c) => ({ title: c, value: c })),
          value: values.category ?? '',
        }
      : {
          type: 'Input.Text',
          id: 'category',
          label: noticeText(locale, 'compose.category'),
          maxLength: NOTICE_LIMITS.category,
          value: values.category ?? '',
        },
    {
      type: 'Input.ChoiceSet',
      id: 'wardSections',
      label: noticeText(locale, 'compose.wardSections'),
      isMultiSelect: true,
      choices: wards.map((d) => ({ title: `${d.office} ${d.name}`, value: d.id })),
      value: values.wardSections ?? '',
    },
    { type: 'Input.Text', id: 'rulingIds', label: noticeText(locale, 'compose.rulingIds'), maxLength: 400, value: values.rulingIds ?? '' },
    ...error('rulingIds'),
    {
      type: 'Input.Text',
      id: 'supersedesRulingIds',
      label: noticeText(locale, 'compose.supersedesRulingIds'),
      maxLength: 400,
      value: values.supersedesRulingIds ?? '',
    },
    ...error('supersedesRulingIds'),
    { type: 'Input.Text', id: 'manualIds', label: noticeText(locale, 'compose.manualIds'), maxLength: 400, value: values.manualIds ?? '' },
    ...error('manualIds'),
  );
  const submit = noticeText(locale, input.approvalRequired ? 'compose.submitForApproval' : 'compose.submit');
  return adaptiveCard(body, [noticeActions.compose.button(submit, { requestId: input.requestId }, { style: 'positive' })]);
}
