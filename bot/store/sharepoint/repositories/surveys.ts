import { fiscalYearCode } from '../../../platform/fiscal-calendar';
import type { AnswerVersion, OpinionResponse, Survey, SurveyAnswer, SurveyStatus } from '../../../surveys/model';
import { UndoLog } from '../../kit/undo-log';
import { ConcurrencyConflictError, DuplicateRecordError, type SurveyStore } from '../../ports';
import { didNotRun, SharePointList, type RecordMapping, type StoredItem } from '../sharepoint-list';
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
 * The 照会回答 list holds three kinds of item (区分): a section's answer as it stands (回答, key
 * `S-R8-0001:<section>`), each sent version a reopened answer replaced (過去の版, key
 * `S-R8-0001:<section>:v1`), kept as sent, and HQ's responses to opinions (本庁の対応, below). An
 * answer and a version each have their values in their own 回答内容（JSON）, so 20 answers of 2,000
 * characters fit however often an answer is reopened.
 */
type AnswerItem =
  | { entry: 'answer'; answer: Omit<SurveyAnswer, 'history'> }
  | { entry: 'version'; surveyId: string; departmentId: string; version: AnswerVersion };

const ENTRY = { answer: '回答', version: '過去の版', response: '本庁の対応' } as const;

const answerItem = ({ history: _history, ...answer }: SurveyAnswer): AnswerItem => ({ entry: 'answer', answer });
const versionItems = (answer: SurveyAnswer, versions = answer.history): AnswerItem[] =>
  versions.map((version) => ({ entry: 'version', surveyId: answer.surveyId, departmentId: answer.departmentId, version }));
const sectionOf = (item: AnswerItem) => (item.entry === 'answer' ? item.answer : item);

const answerMapping: RecordMapping<AnswerItem> = {
  key: (item) => {
    const { surveyId, departmentId } = sectionOf(item);
    return item.entry === 'answer' ? answerKey(surveyId, departmentId) : `${answerKey(surveyId, departmentId)}:v${item.version.version}`;
  },
  toColumns: (item) => {
    const { surveyId, departmentId } = sectionOf(item);
    const shared = { SurveyId: surveyId, DepartmentId: departmentId };
    if (item.entry === 'version') {
      const { answers, ...rest } = item.version;
      return {
        ...shared,
        RecordKey: answerMapping.key(item),
        RecordJson: JSON.stringify(rest),
        Title: `${surveyId} ${departmentId} 第${rest.version}版`,
        Entry: ENTRY.version,
        Status: 'answered',
        Version: rest.version,
        Answers: JSON.stringify(answers),
        AnsweredBy: rest.answeredBy,
        ApprovedBy: rest.approvedBy,
        AnsweredAt: rest.answeredAt,
      };
    }
    const { answers, ...rest } = item.answer;
    return {
      ...shared,
      RecordKey: answerMapping.key(item),
      RecordJson: JSON.stringify(rest),
      Title: `${surveyId} ${departmentId}`,
      Entry: ENTRY.answer,
      Status: rest.status,
      Version: rest.version,
      Answers: JSON.stringify(answers),
      AnsweredBy: rest.answeredBy,
      ApprovedBy: rest.approvedBy,
      AnsweredAt: rest.answeredAt,
      ReturnedBy: rest.returnedBy,
      ReturnComment: rest.returnComment,
      UpdatedAt: rest.updatedAt,
    };
  },
  fromColumns: (fields) => {
    const rest = parsed(fields.RecordJson) as Record<string, unknown> | undefined;
    const answers = parsed(fields.Answers) as SurveyAnswer['answers'] | undefined;
    if (!rest || !answers || typeof answers !== 'object' || typeof fields.SurveyId !== 'string' || typeof fields.DepartmentId !== 'string')
      return undefined;
    const [surveyId, departmentId] = [fields.SurveyId, fields.DepartmentId];
    if (fields.Entry === ENTRY.version)
      return { entry: 'version', surveyId, departmentId, version: { ...(rest as Omit<AnswerVersion, 'answers'>), answers } };
    if (fields.Entry === ENTRY.answer)
      return { entry: 'answer', answer: { ...(rest as Omit<SurveyAnswer, 'answers' | 'history'>), answers } };
    return undefined;
  },
};

const DECISION_LABELS: Record<OpinionResponse['decision'], string> = { adopt: '反映する', reject: '反映しない' };

/** 意見照会: HQ's response to one section's opinion on one question, an item of 照会回答 (区分 本庁の対応) of its own. */
const responseMapping: RecordMapping<OpinionResponse> = {
  key: (r) => `${answerKey(r.surveyId, r.departmentId)}:response:${r.questionKey}`,
  toColumns: (r) => ({
    RecordKey: responseMapping.key(r),
    RecordJson: JSON.stringify(r),
    Title: `${r.surveyId} ${r.departmentId} ${r.questionKey} への対応`,
    SurveyId: r.surveyId,
    DepartmentId: r.departmentId,
    Entry: ENTRY.response,
    QuestionKey: r.questionKey,
    Decision: DECISION_LABELS[r.decision],
    Reason: r.reason,
    RespondedBy: r.respondedBy,
    UpdatedAt: r.respondedAt,
  }),
  fromColumns: (fields) => (fields.Entry === ENTRY.response ? (parsed(fields.RecordJson) as OpinionResponse | undefined) : undefined),
};

/** Each section's answer with its earlier versions, from the items of one query (sorted by section). */
function sectionsFrom(items: StoredItem<AnswerItem>[]) {
  const sections = new Map<string, { stored?: StoredItem<AnswerItem>; answer?: Omit<SurveyAnswer, 'history'>; history: AnswerVersion[] }>();
  for (const item of items) {
    const { departmentId } = sectionOf(item.record);
    const section = sections.get(departmentId) ?? { history: [] };
    if (item.record.entry === 'answer') Object.assign(section, { stored: item, answer: item.record.answer });
    else section.history.push(item.record.version);
    sections.set(departmentId, section);
  }
  return [...sections.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, { stored, answer, history }]) =>
      stored && answer ? [{ stored, answer: { ...answer, history: history.sort((a, b) => a.version - b.version) } }] : [],
    );
}

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
  private readonly answers: SharePointList<AnswerItem>;
  private readonly responses: SharePointList<OpinionResponse>;
  private readonly counters: SharePointCounters;

  constructor(
    private readonly site: SharePointSite,
    private readonly undo?: UndoLog,
  ) {
    this.surveys = new SharePointList(site, 'surveys', surveyMapping, undo);
    this.answers = new SharePointList(site, 'surveyAnswers', answerMapping, undo);
    this.responses = new SharePointList(site, 'surveyAnswers', responseMapping, undo);
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

  /** One create per section (and per earlier version, if any), 20 to a $batch call; every created item is settled (and so recorded for undo) before the first failure is thrown. */
  private async createAnswers(items: SharePointList<AnswerItem>, answers: SurveyAnswer[]) {
    const records = answers.flatMap((answer) => [answerItem(answer), ...versionItems(answer)]);
    if (records.length === 0) return;
    const steps = await Promise.all(records.map((record, i) => items.createStep(`a${i}`, record)));
    const responses = await this.site.graph.batch(steps.map((step) => step.request));
    let failure: Error | undefined;
    steps.forEach((step, i) => {
      try {
        step.settle(responses.get(`a${i}`));
      } catch (error) {
        failure ??= error as Error;
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
    return (await this.section(surveyId, departmentId))?.answer;
  }

  async listAnswers(surveyId: string) {
    return sectionsFrom(await this.answers.query({ SurveyId: surveyId })).map((s) => s.answer);
  }

  /**
   * If-Match with the eTag read: of two saves from the same read, the second gets 412, a
   * ConcurrencyConflictError. A version the answer now has in its history (a sent answer
   * reopened) is created first as its own item, in the same $batch, and the answer replaced only
   * if that worked (dependsOn); two reopenings racing for one version: the second gets 409, a conflict too.
   */
  async saveAnswer(answer: SurveyAnswer, expectedUpdatedAt: string) {
    const current = await this.section(answer.surveyId, answer.departmentId);
    if (!current || current.answer.updatedAt !== expectedUpdatedAt)
      throw new ConcurrencyConflictError('照会の回答', `${answer.surveyId} ${answer.departmentId}`);
    const kept = new Set(current.answer.history.map((v) => v.version));
    const added = versionItems(
      answer,
      answer.history.filter((v) => !kept.has(v.version)),
    );
    if (added.length === 0) {
      await this.answers.replace(current.stored, answerItem(answer));
      return;
    }
    const creates = await Promise.all(added.map((item, i) => this.answers.createStep(`v${i}`, item)));
    const replace = await this.answers.replaceStep(
      'answer',
      current.stored,
      answerItem(answer),
      creates.map((c) => c.request.id),
    );
    const responses = await this.site.graph.batch([...creates.map((c) => c.request), replace.request]);
    let failure: Error | undefined;
    for (const create of creates) {
      try {
        create.settle(responses.get(create.request.id));
      } catch (error) {
        failure ??=
          error instanceof DuplicateRecordError
            ? new ConcurrencyConflictError('照会の回答', `${answer.surveyId} ${answer.departmentId}`)
            : (error as Error);
      }
    }
    if (failure) throw failure;
    // Graph throttled a version and the gateway sent it again alone: the answer is still to write.
    if (didNotRun(responses.get('answer'))) await this.answers.replace(current.stored, answerItem(answer));
    else replace.settle(responses.get('answer'));
  }

  /** One item per survey, section and question: the latest replaces the earlier (created, or replaced under its eTag, reading again on a race). */
  async saveResponse(response: OpinionResponse) {
    await this.responses.upsert(response);
  }

  async listResponses(surveyId: string) {
    const stored = await this.responses.query({ SurveyId: surveyId });
    const order = (r: OpinionResponse) => `${r.departmentId}\n${r.questionKey}`;
    return stored.map((s) => s.record).sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  }

  private async section(surveyId: string, departmentId: string) {
    const [found] = sectionsFrom(await this.answers.query({ SurveyId: surveyId, DepartmentId: departmentId }));
    return found;
  }
}
