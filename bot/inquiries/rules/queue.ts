import type { Department, Person } from '../../directory/model';
import { businessDaysBetween, japanDateOf, type IsoDate } from '../../platform/fiscal-calendar';
import { businessDaysLeft, isPastDue } from './due-dates';
import { statusName } from './lifecycle';
import { FINAL_STATUSES, type Inquiry, type InquiryStatus, type Urgency } from '../model';

/** One line of 「照会一覧」 and the tab's 照会 view: ages and deadlines in business days. */
export interface InquiryQueueItem {
  number: string;
  subject: string;
  category: string;
  status: InquiryStatus;
  statusName: string;
  urgency: Urgency;
  askerName: string;
  /** The asking ward section, e.g. 北区役所 保険年金課. */
  askerDepartment: string;
  targetDepartment: string;
  assigneeName: string | null;
  desiredAnswerDate: IsoDate;
  dueOn: IsoDate;
  /** Business days since it was asked (until it was answered or withdrawn, once finished). */
  ageBusinessDays: number;
  /** Business days until it is due (negative: overdue); null once finished. */
  businessDaysLeft: number | null;
  overdue: boolean;
  finished: boolean;
}

export interface Directory {
  people: Map<string, Person>;
  departments: Map<string, Department>;
}

export function queueItem(inquiry: Inquiry, today: IsoDate, directory: Directory): InquiryQueueItem {
  const finished = FINAL_STATUSES.includes(inquiry.status);
  const left = finished ? null : businessDaysLeft(inquiry.dueOn, today);
  const department = (id: string) => {
    const d = directory.departments.get(id);
    return d ? `${d.office} ${d.name}` : id;
  };
  return {
    number: inquiry.number,
    subject: inquiry.subject,
    category: inquiry.category,
    status: inquiry.status,
    statusName: statusName(inquiry.status),
    urgency: inquiry.urgency,
    askerName: directory.people.get(inquiry.askerId)?.displayName ?? inquiry.askerId,
    askerDepartment: department(inquiry.askerDepartmentId),
    targetDepartment: department(inquiry.targetDepartmentId),
    assigneeName: inquiry.assigneeId ? (directory.people.get(inquiry.assigneeId)?.displayName ?? inquiry.assigneeId) : null,
    desiredAnswerDate: inquiry.desiredAnswerDate,
    dueOn: inquiry.dueOn,
    ageBusinessDays: Math.max(0, businessDaysBetween(japanDateOf(new Date(inquiry.createdAt)), finished ? endedOn(inquiry) : today)),
    businessDaysLeft: left,
    overdue: !finished && isPastDue(inquiry.dueOn, today),
    finished,
  };
}

/** Open ones first, the most urgent deadline first; finished ones after, newest first. */
export function sortQueue(items: InquiryQueueItem[]): InquiryQueueItem[] {
  return [...items].sort((a, b) => {
    if (a.finished !== b.finished) return a.finished ? 1 : -1;
    if (!a.finished) return a.dueOn.localeCompare(b.dueOn) || a.number.localeCompare(b.number);
    return b.number.localeCompare(a.number);
  });
}

/** The day an inquiry finished: its answer, or its last change (a withdrawal). */
function endedOn(inquiry: Inquiry): IsoDate {
  return japanDateOf(new Date(inquiry.answer?.answeredAt ?? inquiry.updatedAt));
}
