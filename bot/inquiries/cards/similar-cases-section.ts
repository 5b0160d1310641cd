import { openUrlAction, plainText, textBlock, type CardElement } from '../../platform/adaptive-card';
import type { Locale } from '../../platform/i18n';
import { inquiryActions } from '../card-actions';
import type { InquiryCitation } from '../model';
import { citationValue, NO_CITATION } from '../rules/answer-form';
import { INQUIRY_STATUS_WORDS } from '../../../shared/inquiry-words';
import type { SimilarCase } from '../rules/similar';
import { inquiryText } from '../strings';

/** What the thread card needs to show 同様の照会・判断事例: the cases, names, links, and whether to offer citing. */
export interface SimilarCasesView {
  cases: SimilarCase[];
  /** Ward section names by department id (who asked each earlier inquiry). */
  departmentNames: Record<string, string>;
  /** The tab's base URL, for 開く links. */
  tabUrl: string;
}

const EXCERPT = 160;

/** Where a case opens in the tab. */
export function caseUrl(tabUrl: string, kind: InquiryCitation['kind'], id: string): string {
  return `${tabUrl}#/${kind === 'ruling' ? 'rulings' : 'inquiries'}/${encodeURIComponent(id)}`;
}

/**
 * The 同様の照会・判断事例 block: each case with its status and answer, opening in the tab. With
 * `citeFor` (the viewer may answer now), a citable case carries これを引用して回答する, which opens
 * the answer form with it chosen.
 */
export function similarCasesSection(view: SimilarCasesView, locale: Locale, citeFor?: { number: string }): CardElement[] {
  const say = (key: Parameters<typeof inquiryText>[1], params?: Record<string, string>) => inquiryText(locale, key, params);
  if (view.cases.length === 0) return [textBlock(say('similar.none'), { isSubtle: true, size: 'Small', spacing: 'Medium' })];
  return [
    textBlock(say('similar.title'), { weight: 'Bolder', spacing: 'Medium' }),
    ...view.cases.map((c): CardElement => {
      const heading =
        c.kind === 'ruling'
          ? say('similar.ruling', { id: c.id, title: c.title })
          : say('similar.inquiry', {
              id: c.id,
              title: c.title,
              ward: view.departmentNames[c.askerDepartmentId ?? ''] ?? c.askerDepartmentId ?? '',
            });
      const excerpt = c.answer ? say('similar.answer', { answer: shorten(c.answer) }) : say('similar.noAnswer');
      return {
        type: 'Container',
        style: 'emphasis',
        spacing: 'Small',
        items: [
          textBlock(plainText(heading), { weight: 'Bolder' }),
          textBlock(plainText(say('similar.status', { status: statusWord(c, locale) })), {
            isSubtle: true,
            size: 'Small',
            spacing: 'None',
          }),
          textBlock(plainText(excerpt), { maxLines: 4, spacing: 'Small' }),
          ...(citeFor && c.citable
            ? [
                {
                  type: 'ActionSet',
                  actions: [
                    inquiryActions.answerForm.button(
                      say('similar.citeButton'),
                      { number: citeFor.number, cite: citationValue(c) },
                      { associatedInputs: 'none' },
                    ),
                  ],
                },
              ]
            : []),
        ],
        selectAction: openUrlAction(say('similar.open', { id: c.id }), caseUrl(view.tabUrl, c.kind, c.id)),
      };
    }),
  ];
}

/**
 * 引用する事例 on the answer form: the citable cases shown, and the one the draft or the press
 * chose even when the search no longer finds it (it is checked again when the answer is sent).
 */
export function citationInput(view: SimilarCasesView, chosen: string, locale: Locale, chosenTitle?: string): CardElement {
  const choices = view.cases
    .filter((c) => c.citable)
    .map((c) => ({ title: plainChoice(c.kind, c.id, c.title, locale), value: citationValue(c) }));
  if (chosen && !choices.some((c) => c.value === chosen)) choices.push({ title: chosenTitle ?? chosen, value: chosen });
  return {
    type: 'Input.ChoiceSet',
    id: 'cite',
    label: inquiryText(locale, 'cite.label'),
    style: 'compact',
    value: chosen || NO_CITATION,
    choices: [{ title: inquiryText(locale, 'cite.none'), value: NO_CITATION }, ...choices],
  };
}

/** The citation as the thread card and the asker's card state it. */
export function citationLine(citation: InquiryCitation, locale: Locale): string {
  return inquiryText(locale, citation.kind === 'ruling' ? 'cite.shownRuling' : 'cite.shownInquiry', {
    id: citation.id,
    title: citation.title,
  });
}

function plainChoice(kind: SimilarCase['kind'], id: string, title: string, locale: Locale): string {
  // Choice titles are shown as plain text (no Markdown), so they need no escaping.
  return inquiryText(locale, kind === 'ruling' ? 'similar.rulingChoice' : 'similar.inquiryChoice', { id, title }).slice(0, 120);
}

function statusWord(c: SimilarCase, locale: Locale): string {
  if (c.status === 'current') return inquiryText(locale, 'similar.current');
  if (c.status === 'superseded') return inquiryText(locale, 'similar.superseded');
  return INQUIRY_STATUS_WORDS[c.status][locale];
}

function shorten(text: string): string {
  const chars = [...text];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : text;
}
