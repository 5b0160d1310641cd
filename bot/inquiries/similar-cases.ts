import { authorize } from '../platform/authorization';
import type { Actor } from '../platform/identity';
import type { RulingSearch } from '../rulings/search/ruling-search';
import type { Store } from '../store/ports';
import type { Inquiry, InquiryCitation } from './model';
import type { CitationRef } from './rules/answer-form';
import { inquirySubject as subjectOf } from './rules/steps';
import { citationsOf, sameCases, similarInquiries, SHOWN_PER_KIND, type CaseWords, type SimilarCase } from './rules/similar';

/** One answer that cites a ruling or inquiry (its 「引用した回答」 list). */
export interface CitingAnswer {
  number: string;
  /** The ward section that asked, by name. */
  askerDepartment: string;
  /** The HQ department that answered, by name. */
  targetDepartment: string;
  answeredAt: string;
}

export interface SimilarCasesDeps {
  store: Pick<Store, 'inquiries' | 'rulings'>;
  search: Pick<RulingSearch, 'prepare' | 'search'>;
}

/** Recently prepared inquiries: the analyser takes milliseconds an inquiry, and the dashboard prepares them all. */
const prepared = new WeakMap<object, Map<string, CaseWords>>();
const PREPARED_KEPT = 5000;

/** The search words of an inquiry's 件名 and 内容, prepared apart (the 件名 weighs more). */
export function caseWordsOf(search: Pick<RulingSearch, 'prepare'>, inquiry: Pick<Inquiry, 'subject' | 'body'>): CaseWords {
  let kept = prepared.get(search);
  if (!kept) prepared.set(search, (kept = new Map<string, CaseWords>()));
  const key = `${inquiry.subject}\u0000${inquiry.body}`;
  let words = kept.get(key);
  if (!words) {
    if (kept.size >= PREPARED_KEPT) kept.clear();
    words = { subject: search.prepare(inquiry.subject), body: search.prepare(inquiry.body) };
    kept.set(key, words);
  }
  return words;
}

/**
 * 同様の照会・判断事例 for one inquiry as `viewer` may see them: the current rulings the search
 * finds for its 件名 and 内容 (not the one made from this inquiry), and the earlier inquiries to
 * the same department from any ward that the policy lets the viewer open.
 */
export async function similarCasesFor(deps: SimilarCasesDeps, viewer: Actor, inquiry: Inquiry): Promise<SimilarCase[]> {
  const words = caseWordsOf(deps.search, inquiry);
  const hits = await deps.search.search(`${inquiry.subject} ${inquiry.body}`, { limit: SHOWN_PER_KIND + 1 });
  const rulings: SimilarCase[] = hits
    .filter((hit) => hit.ruling.id !== inquiry.rulingId && hit.ruling.sourceInquiryNumber !== inquiry.number)
    .slice(0, SHOWN_PER_KIND)
    .map(({ ruling, score }) => ({
      kind: 'ruling',
      id: ruling.id,
      title: ruling.title,
      category: ruling.category,
      answer: ruling.answer,
      status: ruling.status,
      citable: ruling.status === 'current',
      score,
    }));
  const visible = (await deps.store.inquiries.list({ targetDepartmentId: inquiry.targetDepartmentId })).filter(
    (candidate) => authorize(viewer, 'inquiry.view', subjectOf(candidate)).allowed,
  );
  const sharedAs = new Map(visible.filter((i) => i.rulingId).map((i) => [i.number, i.rulingId as string]));
  return sameCases(rulings, similarInquiries(inquiry, words, visible), sharedAs);
}

/**
 * The ruling or inquiry an answer is to cite, checked on the server whatever the card or the
 * request said: it must exist, the viewer must be allowed to open it, and it must hold an answer
 * worth citing (a current ruling, an answered inquiry other than this one).
 */
export async function resolveCitation(
  deps: Pick<SimilarCasesDeps, 'store'>,
  viewer: Actor,
  citing: Inquiry,
  ref: CitationRef,
): Promise<InquiryCitation | { error: string }> {
  if (ref.kind === 'ruling') {
    const ruling = await deps.store.rulings.get(ref.id);
    if (!ruling) return { error: `引用する判断事例 ${ref.id} は見つかりません。` };
    if (ruling.status !== 'current') return { error: `判断事例 ${ruling.id} は改訂済みです。最新の判断事例を引用してください。` };
    return { kind: 'ruling', id: ruling.id, title: ruling.title };
  }
  const cited = ref.id === citing.number ? undefined : await deps.store.inquiries.get(ref.id);
  if (!cited || !authorize(viewer, 'inquiry.view', subjectOf(cited)).allowed) return { error: `引用する照会 ${ref.id} は見つかりません。` };
  if (!cited.answer) return { error: `照会 ${cited.number} にはまだ回答がないため、引用できません。` };
  return { kind: 'inquiry', id: cited.number, title: cited.subject };
}

/**
 * The delivered answers that cite `cited`, oldest first: read back from the inquiries' own
 * records (each answer keeps its citation), so every store layout answers it alike.
 */
export async function citingAnswersOf(
  store: Pick<Store, 'inquiries' | 'departments'>,
  cited: Pick<InquiryCitation, 'kind' | 'id'>,
): Promise<CitingAnswer[]> {
  const [inquiries, departments] = await Promise.all([store.inquiries.list(), store.departments.list()]);
  const names = new Map(departments.map((d) => [d.id, `${d.office} ${d.name}`]));
  return citationsOf(inquiries, cited).map((i) => ({
    number: i.number,
    askerDepartment: names.get(i.askerDepartmentId) ?? i.askerDepartmentId,
    targetDepartment: names.get(i.targetDepartmentId) ?? i.targetDepartmentId,
    answeredAt: i.answer?.answeredAt ?? '',
  }));
}
