import { authorize, type Subject } from '../../platform/authorization';
import type { Actor } from '../../platform/identity';
import type { Inquiry } from '../model';
import { ALLOWED_FROM, canRestore } from './lifecycle';

/**
 * Which of the steps on who works on an inquiry a person may take now: the policy (who) and the
 * lifecycle (from which status, and the inquiry's own facts) together. The tab shows a button
 * only where this says yes; every press is checked again on the server all the same.
 */
export interface InquirySteps {
  /** 取り下げる: the asker, while it is open. */
  withdraw: boolean;
  /** 取下げを取り消す: the asker, while nobody had taken it on. */
  restore: boolean;
  /** 担当を外す: its assignee. */
  release: boolean;
  /** 担当変更: the department's approver. */
  reassign: boolean;
}

export function inquirySubject(inquiry: Inquiry): Subject {
  return {
    type: 'inquiry',
    targetDepartmentId: inquiry.targetDepartmentId,
    askerId: inquiry.askerId,
    askerDepartmentId: inquiry.askerDepartmentId,
  };
}

export function stepsFor(actor: Actor, inquiry: Inquiry): InquirySteps {
  const subject = inquirySubject(inquiry);
  const may = (action: Parameters<typeof authorize>[1]) => authorize(actor, action, subject).allowed;
  const from = (type: keyof typeof ALLOWED_FROM) => ALLOWED_FROM[type].includes(inquiry.status);
  return {
    withdraw: from('withdraw') && may('inquiry.withdraw'),
    restore: canRestore(inquiry) && may('inquiry.restore'),
    release: from('release') && inquiry.assigneeId === actor.person.id && may('inquiry.release'),
    reassign: from('reassign') && may('inquiry.reassign'),
  };
}
