import type { Actor } from '../../platform/identity';
import type { Inquiry } from '../model';

/**
 * What of an inquiry a person may see, the one rule for its cards and the API. A draft and the
 * approver's 差戻し comment are the department's work in progress, not its answer: the asker,
 * the asking ward, PMO and admin (anyone outside the target department) see the answer only
 * once it is delivered.
 */
export function inquiryAsSeenBy(viewer: Actor, inquiry: Inquiry): Inquiry {
  if (viewer.department.id === inquiry.targetDepartmentId) return inquiry;
  return { ...inquiry, draft: null, returnComment: null };
}
