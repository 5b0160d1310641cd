import type { Ruling } from '../../rulings/model';
import type { Inquiry } from '../model';

/** The shared ruling's id follows the inquiry's number (Q-R8-0005 → R-R8-0005): one per inquiry, never reused. */
export function rulingIdFor(inquiryNumber: string): string {
  return inquiryNumber.replace(/^Q-/, 'R-');
}

/** The 判断事例 an answer shared with every ward becomes (linked both ways with the inquiry). */
export function rulingFromAnswer(inquiry: Inquiry, departmentName: string, publishedOn: string): Ruling {
  const draft = inquiry.draft;
  if (!draft || !inquiry.answer) throw new Error(`${inquiry.number} has no answer to share`);
  return {
    id: rulingIdFor(inquiry.number),
    title: draft.ruling?.title || inquiry.subject,
    question: inquiry.body,
    answer: inquiry.answer.text,
    department: departmentName,
    category: draft.ruling?.category || inquiry.category,
    legalBasis: inquiry.legalBasis,
    tags: draft.ruling?.tags ?? [],
    publishedAt: publishedOn,
    status: 'current',
    supersededBy: null,
    sourceInquiryNumber: inquiry.number,
  };
}
