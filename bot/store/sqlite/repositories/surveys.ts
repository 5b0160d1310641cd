import { fiscalYearCode } from '../../../platform/fiscal-calendar';
import type { OpinionResponse, Survey, SurveyAnswer, SurveyStatus } from '../../../surveys/model';
import { ConcurrencyConflictError, DuplicateRecordError, type SurveyStore } from '../../ports';
import { DocumentTable } from '../document-table';
import type { SqliteExecutor } from '../executor';

const NEWEST_FIRST = 'created_at DESC, id DESC';

export class SqliteSurveyStore implements SurveyStore {
  private readonly table: DocumentTable<Survey>;
  private readonly answers: DocumentTable<SurveyAnswer>;
  private readonly responses: DocumentTable<OpinionResponse>;

  constructor(private readonly exec: SqliteExecutor) {
    this.table = new DocumentTable(exec, {
      table: 'surveys',
      keyColumns: ['id'],
      columns: {
        id: (s) => s.id,
        fiscal_year: (s) => s.fiscalYear,
        sender_id: (s) => s.senderId,
        sender_department_id: (s) => s.senderDepartmentId,
        request_id: (s) => s.requestId,
        status: (s) => s.status,
        created_at: (s) => s.createdAt,
        updated_at: (s) => s.updatedAt,
      },
    });
    this.answers = new DocumentTable(exec, {
      table: 'survey_answers',
      keyColumns: ['survey_id', 'department_id'],
      columns: {
        survey_id: (a) => a.surveyId,
        department_id: (a) => a.departmentId,
        status: (a) => a.status,
        updated_at: (a) => a.updatedAt,
      },
    });
    this.responses = new DocumentTable(exec, {
      table: 'survey_responses',
      keyColumns: ['survey_id', 'department_id', 'question_key'],
      columns: {
        survey_id: (r) => r.surveyId,
        department_id: (r) => r.departmentId,
        question_key: (r) => r.questionKey,
        decision: (r) => r.decision,
      },
    });
  }

  allocateId(fiscalYear: number) {
    return this.exec.run((db) => {
      const row = db
        .prepare(
          `INSERT INTO survey_numbers (fiscal_year, last_sequence) VALUES (?, 1)
           ON CONFLICT (fiscal_year) DO UPDATE SET last_sequence = last_sequence + 1
           RETURNING last_sequence`,
        )
        .get(fiscalYear) as { last_sequence: number };
      return `S-${fiscalYearCode(fiscalYear)}-${String(row.last_sequence).padStart(4, '0')}`;
    });
  }

  insert(survey: Survey, answers: SurveyAnswer[]) {
    // The survey and its sections' rows go in together (one SQLite transaction), or nothing does.
    return this.exec.run((db) => {
      db.transaction(() => {
        let inserted: boolean;
        try {
          inserted =
            db
              .prepare(
                `INSERT INTO surveys (id, fiscal_year, sender_id, sender_department_id, request_id, status, created_at, updated_at, doc)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
              )
              .run(
                survey.id,
                survey.fiscalYear,
                survey.senderId,
                survey.senderDepartmentId,
                survey.requestId,
                survey.status,
                survey.createdAt,
                survey.updatedAt,
                JSON.stringify(survey),
              ).changes === 1;
        } catch (error) {
          // The unique (sender, requestId) index: the same request made a survey already.
          if (/UNIQUE/.test((error as Error).message)) throw new DuplicateRecordError(`照会の依頼 ${survey.requestId}`);
          throw error;
        }
        if (!inserted) throw new DuplicateRecordError(`照会 ${survey.id}`);
        const insertAnswer = db.prepare(
          'INSERT INTO survey_answers (survey_id, department_id, status, updated_at, doc) VALUES (?, ?, ?, ?, ?)',
        );
        for (const answer of answers) {
          if (answer.surveyId !== survey.id) throw new DuplicateRecordError(`照会 ${survey.id} ではない回答 ${answer.surveyId}`);
          insertAnswer.run(answer.surveyId, answer.departmentId, answer.status, answer.updatedAt, JSON.stringify(answer));
        }
      })();
    });
  }

  get(id: string) {
    return this.table.get(id);
  }

  async findByRequest(senderId: string, requestId: string) {
    const [found] = await this.table.list({ sender_id: senderId, request_id: requestId }, NEWEST_FIRST);
    return found;
  }

  async update(survey: Survey, expectedUpdatedAt: string) {
    const changed = await this.exec.run(
      (db) =>
        db
          .prepare('UPDATE surveys SET status = ?, updated_at = ?, doc = ? WHERE id = ? AND updated_at = ?')
          .run(survey.status, survey.updatedAt, JSON.stringify(survey), survey.id, expectedUpdatedAt).changes,
    );
    if (changed === 0) throw new ConcurrencyConflictError('照会', survey.id);
  }

  async list(filter: { senderDepartmentId?: string; sectionId?: string; fiscalYear?: number; status?: SurveyStatus } = {}) {
    const surveys = await this.table.list(
      { sender_department_id: filter.senderDepartmentId, fiscal_year: filter.fiscalYear, status: filter.status },
      NEWEST_FIRST,
    );
    if (filter.sectionId === undefined) return surveys;
    return surveys.filter((s) => s.sectionIds.includes(filter.sectionId as string));
  }

  getAnswer(surveyId: string, departmentId: string) {
    return this.answers.get(surveyId, departmentId);
  }

  listAnswers(surveyId: string) {
    return this.answers.list({ survey_id: surveyId }, 'department_id');
  }

  async saveAnswer(answer: SurveyAnswer, expectedUpdatedAt: string) {
    const changed = await this.exec.run(
      (db) =>
        db
          .prepare(
            'UPDATE survey_answers SET status = ?, updated_at = ?, doc = ? WHERE survey_id = ? AND department_id = ? AND updated_at = ?',
          )
          .run(answer.status, answer.updatedAt, JSON.stringify(answer), answer.surveyId, answer.departmentId, expectedUpdatedAt).changes,
    );
    if (changed === 0) throw new ConcurrencyConflictError('照会の回答', `${answer.surveyId} ${answer.departmentId}`);
  }

  saveResponse(response: OpinionResponse) {
    return this.responses.upsert(response);
  }

  listResponses(surveyId: string) {
    return this.responses.list({ survey_id: surveyId }, 'department_id, question_key');
  }
}
