import { DIRECTIONS, WEATHERS, type CheckIn, type CheckInCycle, type Initiative, type Kpi } from '../checkins/model';
import { closingDate, reviewWindow } from '../checkins/rules/review-window';
import { ROLES, type Department, type Person } from '../directory/model';
import { INQUIRY_STATUSES, URGENCIES, type Inquiry } from '../inquiries/model';
import type { NewAuditEntry } from '../platform/audit';
import { LOCALES } from '../../shared/locale';
import type { ManualSection } from '../rulings/manual-text/model';
import { RULING_STATUSES, type Manual, type Ruling } from '../rulings/model';
import activityFile from './data/activity.json';
import checkInsFile from './data/checkins.json';
import departmentsFile from './data/departments.json';
import initiativesFile from './data/initiatives.json';
import inquiriesFile from './data/inquiries.json';
import manualTextsFile from './data/manual-texts.json';
import manualsFile from './data/manuals.json';
import peopleFile from './data/people.json';
import rulingsFile from './data/rulings.json';
import {
  addBusinessDays,
  businessDaysBetween,
  fiscalYearCode,
  fiscalYearOf,
  japanDateOf,
  type FiscalQuarter,
  type IsoDate,
} from '../platform/fiscal-calendar';
import { demoDatesFor, type DemoDates } from './demo-clock';
import { records, type JsonFields } from './json-fields';

/** A demo answer as people typed it; the seed stores each as revision 1. */
export type DemoCheckIn = Omit<CheckIn, 'revision' | 'submissionId'>;

export interface DemoData {
  departments: Department[];
  people: Person[];
  initiatives: Initiative[];
  checkIns: DemoCheckIn[];
  /** The past review cycles the demo answers belong to (derived, not stored in a file). */
  cycles: CheckInCycle[];
  /** What happened before the demo starts, as the audit log would have recorded it. */
  activity: NewAuditEntry[];
  rulings: Ruling[];
  manuals: Manual[];
  /** The text of some manuals' documents, as extraction would give it (page by page for a PDF, by heading for a docx). */
  manualTexts: DemoManualText[];
  inquiries: Inquiry[];
}

export interface DemoManualText {
  manualId: string;
  /** The document's file name (it says which kind of document the text came from). */
  file: string;
  sections: ManualSection[];
}

const loaded = new Map<IsoDate, DemoData>();
const WINDOW = { opensBeforeQuarterEnd: 5, dueAfterQuarterEnd: 10 };

/**
 * The fictional さくら市's demo data from ./data/*.json, each record checked against its model
 * (a mistake names the file, record and field), moved to `today` (demo-clock.ts): dates by
 * business days from the files' anchor day, the check-in history by whole quarters so its
 * latest cycle is the latest one begun by today. The JSON files are imported, so the build
 * copies them to dist/ beside this module.
 */
export function loadDemoData(today: IsoDate = japanDateOf(new Date())): DemoData {
  const cached = loaded.get(today);
  if (cached) return cached;
  const writtenCheckIns = records('checkins.json', checkInsFile, checkInOf);
  const latest = writtenCheckIns.reduce<FiscalQuarter>((a, c) => (c.fiscalYear * 4 + c.quarter > a.fiscalYear * 4 + a.quarter ? c : a), {
    fiscalYear: 0,
    quarter: 1,
  });
  const dates = demoDatesFor(today, latest, (q) => reviewWindow(q, WINDOW).opensOn);
  const { checkIns, cycles } = checkInHistory(writtenCheckIns, dates);
  const inquiries = renumbered(records('inquiries.json', inquiriesFile, inquiryOf, dates));
  const renamed = (number: string) => inquiries.renames.get(number) ?? number;
  const data: DemoData = {
    departments: records('departments.json', departmentsFile, departmentOf),
    people: records('people.json', peopleFile, personOf),
    initiatives: records('initiatives.json', initiativesFile, initiativeOf).map((i) => ({
      ...i,
      kpis: i.kpis.map((k) => ({ ...k, targetDate: yearsLater(k.targetDate, dates.fiscalYears) })),
    })),
    checkIns,
    cycles,
    activity: records('activity.json', activityFile, auditEntryOf, dates).map((e) =>
      e.objectType === 'inquiry' ? { ...e, objectId: renamed(e.objectId) } : e,
    ),
    rulings: records('rulings.json', rulingsFile, rulingOf, dates).map((r) =>
      r.sourceInquiryNumber ? { ...r, sourceInquiryNumber: renamed(r.sourceInquiryNumber) } : r,
    ),
    manuals: records('manuals.json', manualsFile, manualOf, dates),
    manualTexts: records('manual-texts.json', manualTextsFile, manualTextOf),
    inquiries: inquiries.list,
  };
  loaded.set(today, data);
  return data;
}

/** KPI target dates are fiscal-year ends: they move by whole years. */
const yearsLater = (date: IsoDate, years: number) =>
  years === 0 ? date : `${Number(date.slice(0, 4)) + years}${date.slice(4)}`.replace(/-02-29$/, '-02-28');

/**
 * The answers moved by whole quarters, each keeping its distance in business days from its
 * cycle's due date (on time stays on time); answers that would lie after today are not given yet,
 * and a cycle not yet closed by today is open.
 */
function checkInHistory(written: DemoCheckIn[], dates: DemoDates): { checkIns: DemoCheckIn[]; cycles: CheckInCycle[] } {
  const moved = written.map((answer) => {
    if (dates.quarters === 0) return answer;
    const to = dates.quarter(answer);
    const offset = businessDaysBetween(reviewWindow(answer, WINDOW).dueOn, japanDateOf(new Date(answer.submittedAt)));
    const day = addBusinessDays(reviewWindow(to, WINDOW).dueOn, offset);
    const time = new Date(Date.parse(answer.submittedAt) + 9 * 3_600_000).toISOString().slice(11, 23);
    return { ...answer, fiscalYear: to.fiscalYear, quarter: to.quarter, submittedAt: `${day}T${time}+09:00` };
  });
  const cycles = cyclesOf(moved).map((cycle) =>
    cycle.closedAt && japanDateOf(new Date(cycle.closedAt)) > dates.today ? { ...cycle, closedAt: null } : cycle,
  );
  return { checkIns: moved.filter((answer) => japanDateOf(new Date(answer.submittedAt)) <= dates.today), cycles };
}

/** Inquiry numbers follow the fiscal year they were asked in, counted in the files' order. */
function renumbered(inquiries: Inquiry[]): { list: Inquiry[]; renames: Map<string, string> } {
  const counters = new Map<number, number>();
  const renames = new Map<string, string>();
  const list = inquiries.map((inquiry) => {
    const fiscalYear = fiscalYearOf(japanDateOf(new Date(inquiry.createdAt)));
    const sequence = (counters.get(fiscalYear) ?? 0) + 1;
    counters.set(fiscalYear, sequence);
    const number = `Q-${fiscalYearCode(fiscalYear)}-${String(sequence).padStart(4, '0')}`;
    if (number === inquiry.number) return inquiry;
    renames.set(inquiry.number, number);
    return { ...inquiry, fiscalYear, number };
  });
  return { list, renames };
}

const departmentOf = (f: JsonFields): Department =>
  f.done({
    id: f.string('id'),
    name: f.string('name'),
    office: f.string('office'),
    kind: f.oneOf('kind', ['hq', 'ward'] as const),
    approvalRequired: f.boolean('approvalRequired'),
    inquiryChannelId: f.nullable('inquiryChannelId', f.string),
    noticeChannelId: f.nullable('noticeChannelId', f.string),
    ...(f.has('teamId') ? { teamId: f.nullable('teamId', f.string) } : {}),
    ...(f.has('categories') ? { categories: f.strings('categories') } : {}),
  });

const personOf = (f: JsonFields): Person =>
  f.done({
    id: f.string('id'),
    entraObjectId: f.string('entraObjectId'),
    displayName: f.string('displayName'),
    email: f.string('email'),
    departmentId: f.string('departmentId'),
    title: f.string('title'),
    roles: f.listOf('roles', ROLES),
    locale: f.oneOf('locale', LOCALES),
  });

const kpiOf = (f: JsonFields): Kpi =>
  f.done({
    id: f.string('id'),
    name: f.string('name'),
    unit: f.string('unit'),
    baseline: f.nullable('baseline', f.number),
    target: f.number('target'),
    targetDate: f.date('targetDate'),
    direction: f.oneOf('direction', ['higher', 'lower'] as const),
  });

const initiativeOf = (f: JsonFields): Initiative =>
  f.done({
    code: f.string('code'),
    pillar: f.string('pillar'),
    domain: f.string('domain'),
    leadDivision: f.string('leadDivision'),
    leadSection: f.string('leadSection'),
    title: f.string('title'),
    purpose: f.string('purpose'),
    milestone: f.string('milestone'),
    activities: f.string('activities'),
    q4Target: f.string('q4Target'),
    ...(f.has('nextYearActivities') ? { nextYearActivities: f.string('nextYearActivities') } : {}),
    ...(f.has('finalMilestone') ? { finalMilestone: f.string('finalMilestone') } : {}),
    ownerId: f.nullable('ownerId', f.string),
    kpis: f.list('kpis', kpiOf),
  });

const checkInOf = (f: JsonFields): DemoCheckIn =>
  f.done({
    initiativeCode: f.string('initiativeCode'),
    fiscalYear: f.number('fiscalYear'),
    quarter: f.oneOf('quarter', [1, 2, 3, 4] as const),
    progress: f.string('progress'),
    weather: f.oneOf('weather', WEATHERS),
    direction: f.oneOf('direction', DIRECTIONS),
    directionReason: f.string('directionReason'),
    nextActions: f.string('nextActions'),
    kpiActuals: f.list('kpiActuals', (actual) =>
      actual.done({ kpiId: actual.string('kpiId'), value: actual.nullable('value', actual.number) }),
    ),
    submittedBy: f.string('submittedBy'),
    submittedAt: f.timestamp('submittedAt'),
  });

/** The audit log keeps UTC timestamps; the file has them as written, in Japan time. */
const auditEntryOf = (f: JsonFields): NewAuditEntry =>
  f.done({
    at: new Date(f.timestamp('at')).toISOString(),
    actorId: f.string('actorId'),
    action: f.string('action'),
    objectType: f.string('objectType'),
    objectId: f.string('objectId'),
    detail: f.anyObject('detail'),
  });

const rulingOf = (f: JsonFields): Ruling =>
  f.done({
    id: f.string('id'),
    title: f.string('title'),
    question: f.string('question'),
    answer: f.string('answer'),
    department: f.string('department'),
    category: f.string('category'),
    legalBasis: f.string('legalBasis'),
    tags: f.strings('tags'),
    publishedAt: f.date('publishedAt'),
    status: f.oneOf('status', RULING_STATUSES),
    supersededBy: f.nullable('supersededBy', f.string),
    ...(f.has('sourceInquiryNumber') ? { sourceInquiryNumber: f.nullable('sourceInquiryNumber', f.string) } : {}),
  });

const manualOf = (f: JsonFields): Manual =>
  f.done({
    id: f.string('id'),
    title: f.string('title'),
    department: f.string('department'),
    system: f.string('system'),
    version: f.string('version'),
    lastRevisedAt: f.date('lastRevisedAt'),
    nextReviewDue: f.date('nextReviewDue'),
    ownerId: f.nullable('ownerId', f.string),
    summary: f.string('summary'),
    url: f.string('url'),
  });

const manualTextOf = (f: JsonFields): DemoManualText =>
  f.done({
    manualId: f.string('manualId'),
    file: f.string('file'),
    sections: f.list('sections', (s) =>
      s.done({
        ...(s.has('page') ? { page: s.number('page') } : {}),
        ...(s.has('heading') ? { heading: s.string('heading') } : {}),
        text: s.string('text'),
      }),
    ),
  });

const inquiryOf = (f: JsonFields): Inquiry =>
  f.done({
    number: f.string('number'),
    fiscalYear: f.number('fiscalYear'),
    askerId: f.string('askerId'),
    askerDepartmentId: f.string('askerDepartmentId'),
    targetDepartmentId: f.string('targetDepartmentId'),
    category: f.string('category'),
    subject: f.string('subject'),
    body: f.string('body'),
    legalBasis: f.string('legalBasis'),
    desiredAnswerDate: f.date('desiredAnswerDate'),
    urgency: f.oneOf('urgency', URGENCIES),
    dueOn: f.date('dueOn'),
    status: f.oneOf('status', INQUIRY_STATUSES),
    assigneeId: f.nullable('assigneeId', f.string),
    draft: f.nullable('draft', (name) =>
      f.object(name, (draft) =>
        draft.done({
          text: draft.string('text'),
          shareWithAllWards: draft.boolean('shareWithAllWards'),
          ruling: draft.nullable('ruling', (rulingName) =>
            draft.object(rulingName, (ruling) =>
              ruling.done({ title: ruling.string('title'), category: ruling.string('category'), tags: ruling.strings('tags') }),
            ),
          ),
          draftedBy: draft.string('draftedBy'),
          draftedAt: draft.timestamp('draftedAt'),
        }),
      ),
    ),
    returnComment: f.nullable('returnComment', f.string),
    answer: f.nullable('answer', (name) =>
      f.object(name, (answer) =>
        answer.done({
          text: answer.string('text'),
          answeredBy: answer.string('answeredBy'),
          approvedBy: answer.nullable('approvedBy', answer.string),
          answeredAt: answer.timestamp('answeredAt'),
        }),
      ),
    ),
    clarifications: f.list('clarifications', (c) =>
      c.done({
        question: c.string('question'),
        askedBy: c.string('askedBy'),
        askedAt: c.timestamp('askedAt'),
        reply: c.nullable('reply', c.string),
        repliedAt: c.nullable('repliedAt', c.timestamp),
      }),
    ),
    rulingId: f.nullable('rulingId', f.string),
    ...(f.has('requestId') ? { requestId: f.string('requestId') } : {}),
    createdAt: f.timestamp('createdAt'),
    updatedAt: f.timestamp('updatedAt'),
  });

/** The past review cycles the demo answers belong to, each closed the business day after its last reminder. */
function cyclesOf(checkIns: DemoCheckIn[]): CheckInCycle[] {
  const quarters = [...new Set(checkIns.map((c) => `${c.fiscalYear}-${c.quarter}`))].map((key) => key.split('-').map(Number));
  return quarters.map(([fiscalYear, quarter]) => {
    const window = reviewWindow(
      { fiscalYear, quarter: quarter as CheckIn['quarter'] },
      { opensBeforeQuarterEnd: 5, dueAfterQuarterEnd: 10 },
    );
    return {
      fiscalYear,
      quarter: quarter as CheckIn['quarter'],
      ...window,
      openedAt: `${window.opensOn}T00:00:00.000Z`,
      openedBy: 'scheduler',
      unreachableOwnerIds: [],
      closedAt: `${closingDate(window, [-3, 0, 2])}T00:00:00.000Z`,
    };
  });
}
