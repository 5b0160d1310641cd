import { fiscalYearCode } from '../../../platform/fiscal-calendar';
import type { Survey, SurveyAnswer, SurveyStatus } from '../../../surveys/model';
import { UndoLog } from '../../kit/undo-log';
import { ConcurrencyConflictError, DuplicateRecordError, type SurveyStore } from '../../ports';
import { SharePointList, type RecordMapping } from '../sharepoint-list';
import type { SharePointSite } from '../sharepoint-site';
import { SharePointCounters } from './counters';
import { requestKey } from './request-key';

const answerKey = (surveyId: string, departmentId: string) => `${surveyId}:${departmentId}`;

/** JSON read back from a column a person may have emptied or broken: undefined then, and the item is not taken as ours. */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A survey in the 照会 list: 件名・状態・回答期限… as columns people read, the questions as JSON in
 * 設問（JSON）, the rest in アプリ用データ. Questions stay out of アプリ用データ so that neither note
 * column nears SharePoint's limit for one (63,999 characters) with 20 questions of 30 choices.
 */
const surveyMapping: RecordMapping<Survey> = {
  key: (s) => s.id,
  toColumns: ({ questions, ...rest }) => ({
    RecordKey: rest.id,
    RecordJson: JSON.stringify(rest),
    Title: rest.title,
    Status: rest.status,
    SenderDepartmentId: rest.senderDepartmentId,
    FiscalYear: rest.fiscalYear,
    RequestKey: requestKey(rest.senderId, rest.requestId),
    SenderId: rest.senderId,
    DueOn: rest.dueOn,
    RequiresWardApproval: rest.requiresWardApproval,
    ManualId: rest.manualId,
    Purpose: rest.purpose,
    Questions: JSON.stringify(questions),
    Sections: rest.sectionIds.join('\n'),
    CreatedAt: rest.createdAt,
    UpdatedAt: rest.updatedAt,
  }),
  fromColumns: (fields) => {
    const rest = parsed(fields.RecordJson);
    const questions = parsed(fields.Questions);
    if (!rest || !Array.isArray(questions)) return undefined;
    return { ...(rest as Omit<Survey, 'questions'>), questions: questions as Survey['questions'] };
  },
};

/**
 * One section's answer in the 照会回答 list: 状態・版・回答者・承認者 as columns, the values in
 * 回答内容（JSON）and the earlier sent versions in 過去の版（JSON）, each its own note column
 * (20 answers of 2,000 characters fill two thirds of one).
 */
const answerMapping: RecordMapping<SurveyAnswer> = {
  key: (a) => answerKey(a.surveyId, a.departmentId),
  toColumns: ({ answers, history, ...rest }) => ({
    RecordKey: answerKey(rest.surveyId, rest.departmentId),
    RecordJson: JSON.stringify(rest),
    Title: `${rest.surveyId} ${rest.departmentId}`,
    SurveyId: rest.surveyId,
    DepartmentId: rest.departmentId,
    Status: rest.status,
    Version: rest.version,
    Answers: JSON.stringify(answers),
    AnsweredBy: rest.answeredBy,
    ApprovedBy: rest.approvedBy,
    AnsweredAt: rest.answeredAt,
    ReturnedBy: rest.returnedBy,
    ReturnComment: rest.returnComment,
    History: JSON.stringify(history),
    UpdatedAt: rest.updatedAt,
  }),
  fromColumns: (fields) => {
    const rest = parsed(fields.RecordJson);
    const answers = parsed(fields.Answers);
    const history = parsed(fields.History);
    if (!rest || !answers || typeof answers !== 'object' || !Array.isArray(history)) return undefined;
    return {
      ...(rest as Omit<SurveyAnswer, 'answers' | 'history'>),
      answers: answers as SurveyAnswer['answers'],
      history: history as SurveyAnswer['history'],
    };
  },
};

const newestFirst = (a: Survey, b: Survey) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1);

/**
 * 照会 in two lists: one item per survey (照会) and one per asked section's answer (照会回答), so
 * ward sections answer without waiting on each other: each answer is its own item, saved under
 * its eTag (If-Match), and only two people of one section saving at the same moment conflict (the
 * loser's workflow reads again and applies its change on top). A new survey is its item first
 * (管理番号 and 作成依頼キー are unique, so a second create is refused before any answer is
 * written), then the answers in $batch calls; if any fails, everything created is deleted again.
 */
export class SharePointSurveyStore implements SurveyStore {
  private readonly surveys: SharePointList<Survey>;
  private readonly answers: SharePointList<SurveyAnswer>;
  private readonly counters: SharePointCounters;

  constructor(
    private readonly site: SharePointSite,
    private readonly undo?: UndoLog,
  ) {
    this.surveys = new SharePointList(site, 'surveys', surveyMapping, undo);
    this.answers = new SharePointList(site, 'surveyAnswers', answerMapping, undo);
    this.counters = new SharePointCounters(site);
  }

  async allocateId(fiscalYear: number) {
    const next = await this.counters.next(`survey:${fiscalYear}`);
    return `S-${fiscalYearCode(fiscalYear)}-${String(next).padStart(4, '0')}`;
  }

  async insert(survey: Survey, answers: SurveyAnswer[]) {
    const stray = answers.find((a) => a.surveyId !== survey.id);
    if (stray) throw new DuplicateRecordError(`照会 ${survey.id} ではない回答 ${stray.surveyId}`);
    // Its own undo log: a survey is several items, and none may stay behind when one fails, inside a store transaction or not.
    const own = new UndoLog();
    try {
      await this.surveys.withUndo(own).create(survey);
      await this.createAnswers(this.answers.withUndo(own), answers);
    } catch (error) {
      await own.rollback(() => undefined);
      if (error instanceof DuplicateRecordError) await this.completeInterrupted(survey, answers);
      throw error;
    }
    this.undo?.record(`delete survey ${survey.id} and its answers`, async () => {
      const failures: unknown[] = [];
      await own.rollback((_what, error) => failures.push(error));
      if (failures.length > 0) throw failures[0];
    });
  }

  /**
   * The same survey is there already, but maybe not all its answers: an earlier attempt (a write
   * queued while SharePoint was out) stopped between the items and could not delete what it had
   * made. Its missing answers are created, so running it again leaves it whole.
   */
  private async completeInterrupted(survey: Survey, answers: SurveyAnswer[]) {
    const stored = await this.get(survey.id);
    if (!stored || stored.senderId !== survey.senderId || stored.requestId !== survey.requestId) return;
    const present = new Set((await this.listAnswers(survey.id)).map((a) => a.departmentId));
    await this.createAnswers(
      this.answers,
      answers.filter((a) => !present.has(a.departmentId)),
    );
  }

  /** One create per section, 20 to a $batch call; every created item is settled (and so recorded for undo) before the first failure is thrown. */
  private async createAnswers(items: SharePointList<SurveyAnswer>, answers: SurveyAnswer[]) {
    if (answers.length === 0) return;
    const steps = await Promise.all(answers.map((answer, i) => items.createStep(`a${i}`, answer)));
    const responses = await this.site.graph.batch(steps.map((step) => step.request));
    let failure: unknown;
    steps.forEach((step, i) => {
      try {
        step.settle(responses.get(`a${i}`));
      } catch (error) {
        failure ??= error;
      }
    });
    if (failure) throw failure;
  }

  async get(id: string) {
    return (await this.surveys.find(id))?.record;
  }

  async findByRequest(senderId: string, requestId: string) {
    const [found] = await this.surveys.query({ RequestKey: requestKey(senderId, requestId) });
    return found && found.record.senderId === senderId && found.record.requestId === requestId ? found.record : undefined;
  }

  async update(survey: Survey, expectedUpdatedAt: string) {
    const stored = await this.surveys.find(survey.id);
    if (!stored || stored.record.updatedAt !== expectedUpdatedAt) throw new ConcurrencyConflictError('照会', survey.id);
    await this.surveys.replace(stored, survey);
  }

  /** The indexed columns narrow the query; a section's surveys are picked from what it returns. */
  async list(filter: { senderDepartmentId?: string; sectionId?: string; fiscalYear?: number; status?: SurveyStatus } = {}) {
    const stored = await this.surveys.query({
      SenderDepartmentId: filter.senderDepartmentId,
      FiscalYear: filter.fiscalYear,
      Status: filter.status,
    });
    return stored
      .map((s) => s.record)
      .filter((s) => filter.sectionId === undefined || s.sectionIds.includes(filter.sectionId))
      .sort(newestFirst);
  }

  async getAnswer(surveyId: string, departmentId: string) {
    return (await this.answers.find(answerKey(surveyId, departmentId)))?.record;
  }

  async listAnswers(surveyId: string) {
    const stored = await this.answers.query({ SurveyId: surveyId });
    return stored.map((s) => s.record).sort((a, b) => (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0));
  }

  /** If-Match with the eTag read: of two saves from the same read, the second gets 412, a ConcurrencyConflictError. */
  async saveAnswer(answer: SurveyAnswer, expectedUpdatedAt: string) {
    const stored = await this.answers.find(answerKey(answer.surveyId, answer.departmentId));
    if (!stored || stored.record.updatedAt !== expectedUpdatedAt)
      throw new ConcurrencyConflictError('照会の回答', `${answer.surveyId} ${answer.departmentId}`);
    await this.answers.replace(stored, answer);
  }
}
