import { ConcurrencyConflictError, DuplicateRecordError } from '../../bot/store/ports';
import type { OpinionResponse, SurveyAnswer } from '../../bot/surveys/model';
import { saveAnswer } from '../../bot/surveys/rules/sections';
import { make, withFreshStore, type StoreFactory } from './fixtures';

const KITA = 'ward-kita-hoken-nenkin';
const MINAMI = 'ward-minami-hoken-nenkin';

/** HQ's response to 北区's opinion on S-R8-0001. */
const response = (o: Partial<OpinionResponse> = {}): OpinionResponse => ({
  surveyId: 'S-R8-0001',
  departmentId: KITA,
  questionKey: 'opinion',
  decision: 'adopt',
  reason: '第3章の記載例に反映します。',
  respondedBy: 'p-hq-1',
  respondedAt: '2026-12-10T01:00:00.000Z',
  ...o,
});

/** SurveyStore: a survey and one answer row per ward section asked, on every store layout. */
export function surveyContract(factory: StoreFactory) {
  describe('SurveyStore', () => {
    const store = withFreshStore(factory);

    const sectionsOf = (surveyId = 'S-R8-0001') => [
      make.surveyAnswer({ surveyId, departmentId: KITA }),
      make.surveyAnswer({ surveyId, departmentId: MINAMI, status: 'unreachable' }),
    ];

    it('numbers surveys per fiscal year without reuse, apart from notices', async () => {
      expect(await store().surveys.allocateId(2026)).toBe('S-R8-0001');
      expect(await store().surveys.allocateId(2026)).toBe('S-R8-0002');
      expect(await store().surveys.allocateId(2027)).toBe('S-R9-0001');
      expect(await store().notices.allocateId(2026)).toBe('N-R8-0001');
      expect(await store().surveys.allocateId(2026)).toBe('S-R8-0003');
      const concurrent = await Promise.all(Array.from({ length: 15 }, () => store().surveys.allocateId(2026)));
      expect(new Set(concurrent).size).toBe(15);
      expect(concurrent.sort().at(-1)).toBe('S-R8-0018');
    });

    it('keeps the survey and every section answer exactly as written', async () => {
      const survey = make.survey({
        purpose: `【意見照会】"マニュアル" 案 \\ 🌸\n${'第三子以降の取扱いについて御意見をお寄せください。'.repeat(100)}`,
        manualId: 'M-001',
        requiresWardApproval: false,
      });
      await store().surveys.insert(survey, sectionsOf());
      expect(await store().surveys.get(survey.id)).toEqual(survey);
      expect(await store().surveys.get('S-R8-0999')).toBeUndefined();
      expect(await store().surveys.listAnswers(survey.id)).toEqual(sectionsOf());
      expect(await store().surveys.getAnswer(survey.id, MINAMI)).toEqual(sectionsOf()[1]);
      expect(await store().surveys.getAnswer(survey.id, 'ward-nishi-shimin')).toBeUndefined();
      expect(await store().surveys.listAnswers('S-R8-0999')).toEqual([]);
    });

    it('refuses a second survey with the same id or from the same request, storing none of its answers', async () => {
      await store().surveys.insert(make.survey(), sectionsOf());
      await expect(store().surveys.insert(make.survey({ title: '別件', requestId: 'req-other' }), [])).rejects.toBeInstanceOf(
        DuplicateRecordError,
      );
      expect((await store().surveys.get('S-R8-0001'))?.title).toBe('国民健康保険 資格確認書の交付件数調査');
      await expect(store().surveys.insert(make.survey({ id: 'S-R8-0002' }), sectionsOf('S-R8-0002'))).rejects.toBeInstanceOf(
        DuplicateRecordError,
      );
      expect(await store().surveys.get('S-R8-0002')).toBeUndefined();
      expect(await store().surveys.listAnswers('S-R8-0002')).toEqual([]);
      expect((await store().surveys.findByRequest('p-1', 'req-0001'))?.id).toBe('S-R8-0001');
      expect(await store().surveys.findByRequest('p-2', 'req-0001')).toBeUndefined();
    });

    it('lists newest first, by sending department, section, fiscal year and status', async () => {
      await store().surveys.insert(make.survey(), sectionsOf());
      await store().surveys.insert(
        make.survey({
          id: 'S-R8-0002',
          requestId: 'r2',
          createdAt: '2026-12-08T01:00:00.000Z',
          sectionIds: [MINAMI],
          senderDepartmentId: 'hq-koseki',
          status: 'cancelled',
        }),
        [],
      );
      await store().surveys.insert(
        make.survey({ id: 'S-R7-0001', fiscalYear: 2025, requestId: 'r3', createdAt: '2026-03-01T01:00:00.000Z', sectionIds: [KITA] }),
        [],
      );
      const ids = async (filter?: Parameters<ReturnType<typeof store>['surveys']['list']>[0]) =>
        (await store().surveys.list(filter)).map((s) => s.id);
      expect(await ids()).toEqual(['S-R8-0002', 'S-R8-0001', 'S-R7-0001']);
      expect(await ids({ senderDepartmentId: 'hq-hoken-nenkin' })).toEqual(['S-R8-0001', 'S-R7-0001']);
      expect(await ids({ sectionId: MINAMI })).toEqual(['S-R8-0002', 'S-R8-0001']);
      expect(await ids({ fiscalYear: 2025 })).toEqual(['S-R7-0001']);
      expect(await ids({ status: 'cancelled' })).toEqual(['S-R8-0002']);
    });

    it('updates a survey only from the version the caller read', async () => {
      const original = make.survey();
      await store().surveys.insert(original, sectionsOf());
      const extended = { ...original, dueOn: '2026-12-25', updatedAt: '2026-12-10T00:00:00.000Z' };
      await store().surveys.update(extended, original.updatedAt);
      expect(await store().surveys.get(original.id)).toEqual(extended);
      await expect(
        store().surveys.update({ ...original, status: 'cancelled', updatedAt: '2026-12-10T00:00:01.000Z' }, original.updatedAt),
      ).rejects.toBeInstanceOf(ConcurrencyConflictError);
      expect(await store().surveys.get(original.id)).toEqual(extended);
    });

    it('saves a section answer only from the version read; sections save independently', async () => {
      await store().surveys.insert(make.survey(), sectionsOf());
      const [kita, minami] = sectionsOf();
      const draft: SurveyAnswer = {
        ...kita,
        status: 'draft',
        answers: { cases: 1234, issue: 'その他' },
        answeredBy: 'p-11',
        updatedAt: '2026-12-08T00:00:00.000Z',
      };
      const minamiDraft: SurveyAnswer = {
        ...minami,
        status: 'draft',
        answers: { cases: 0 },
        answeredBy: 'p-21',
        updatedAt: '2026-12-08T00:00:00.000Z',
      };
      // Two sections saving from the same moment both succeed: each answer is its own record.
      await Promise.all([store().surveys.saveAnswer(draft, kita.updatedAt), store().surveys.saveAnswer(minamiDraft, minami.updatedAt)]);
      expect(await store().surveys.listAnswers('S-R8-0001')).toEqual([draft, minamiDraft]);
      // Within one section, the second save from the old read conflicts and changes nothing.
      await expect(
        store().surveys.saveAnswer({ ...kita, status: 'awaitingApproval', updatedAt: '2026-12-08T00:00:01.000Z' }, kita.updatedAt),
      ).rejects.toBeInstanceOf(ConcurrencyConflictError);
      expect(await store().surveys.getAnswer('S-R8-0001', KITA)).toEqual(draft);
      const answered: SurveyAnswer = {
        ...draft,
        status: 'answered',
        approvedBy: 'p-12',
        answeredAt: '2026-12-09T00:00:00.000Z',
        version: 2,
        history: [{ version: 1, answers: { cases: 1000 }, answeredBy: 'p-11', approvedBy: 'p-12', answeredAt: '2026-12-08T12:00:00.000Z' }],
        updatedAt: '2026-12-09T00:00:00.000Z',
      };
      await store().surveys.saveAnswer(answered, draft.updatedAt);
      expect(await store().surveys.getAnswer('S-R8-0001', KITA)).toEqual(answered);
      // A section that was not asked has no row to save.
      await expect(store().surveys.saveAnswer({ ...kita, departmentId: 'ward-nishi-shimin' }, kita.updatedAt)).rejects.toBeInstanceOf(
        ConcurrencyConflictError,
      );
      expect(await store().surveys.getAnswer('S-R8-0001', 'ward-nishi-shimin')).toBeUndefined();
    });

    it("keeps HQ's response to each section's opinion, one per survey, section and question, the latest replacing the earlier", async () => {
      await store().surveys.insert(make.survey(), sectionsOf());
      expect(await store().surveys.listResponses('S-R8-0001')).toEqual([]);
      const minami = response({ departmentId: MINAMI, decision: 'reject', reason: '法令上\u3000対応できません "引用" \\ 🌸' });
      const kitaOther = response({ questionKey: 'other' });
      await Promise.all([
        store().surveys.saveResponse(minami),
        store().surveys.saveResponse(kitaOther),
        store().surveys.saveResponse(response()),
      ]);
      expect(await store().surveys.listResponses('S-R8-0001')).toEqual([kitaOther, response(), minami].sort(byKey));
      // HQ changes its mind: the response is replaced, not added.
      const changed = response({ decision: 'reject', reason: '今回は見送ります。', respondedAt: '2026-12-11T01:00:00.000Z' });
      await store().surveys.saveResponse(changed);
      expect(await store().surveys.listResponses('S-R8-0001')).toEqual([changed, kitaOther, minami].sort(byKey));
      expect(await store().surveys.listResponses('S-R8-0999')).toEqual([]);
    });

    it('saves every section answering at the same moment; of two saves of one section from one read exactly one lands', async () => {
      const sections = ['ward-chuo-hoken-nenkin', KITA, 'ward-higashi-hoken-nenkin', MINAMI, 'ward-nishi-hoken-nenkin', 'ward-kita-shimin'];
      const fresh = sections.map((departmentId) => make.surveyAnswer({ departmentId }));
      await store().surveys.insert(make.survey({ sectionIds: sections }), fresh);
      const sent = fresh.map((answer, i): SurveyAnswer => ({
        ...answer,
        status: 'answered',
        answers: { cases: i * 100, issue: '特になし' },
        answeredBy: `p-${i}`,
        answeredAt: '2026-12-08T00:00:00.000Z',
        version: 1,
        updatedAt: `2026-12-08T00:00:0${i}.000Z`,
      }));
      await Promise.all(sent.map((answer, i) => store().surveys.saveAnswer(answer, fresh[i].updatedAt)));
      const byDepartment = (answers: SurveyAnswer[]) => [...answers].sort((a, b) => (a.departmentId < b.departmentId ? -1 : 1));
      expect(await store().surveys.listAnswers('S-R8-0001')).toEqual(byDepartment(sent));

      // The same section pressed twice (two people, or a double press) from the same read.
      const [kita] = sent.filter((a) => a.departmentId === KITA);
      const presses: SurveyAnswer[] = ['p-11', 'p-12'].map((by, i) => ({
        ...kita,
        status: 'draft',
        answers: { cases: 7 + i },
        answeredBy: by,
        answeredAt: null,
        updatedAt: `2026-12-09T00:00:0${i}.000Z`,
      }));
      const outcomes = await Promise.allSettled(presses.map((press) => store().surveys.saveAnswer(press, kita.updatedAt)));
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const lost = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(lost?.reason).toBeInstanceOf(ConcurrencyConflictError);
      const won = presses[outcomes.findIndex((o) => o.status === 'fulfilled')];
      expect(await store().surveys.getAnswer('S-R8-0001', KITA)).toEqual(won);
      // Nobody else's answer moved.
      expect((await store().surveys.listAnswers('S-R8-0001')).filter((a) => a.departmentId !== KITA)).toEqual(
        byDepartment(sent.filter((a) => a.departmentId !== KITA)),
      );
    });

    it('keeps every sent version of a reopened answer, oldest first', async () => {
      const survey = make.survey({ requiresWardApproval: false, dueOn: '2026-12-18' });
      await store().surveys.insert(survey, sectionsOf());
      const today = '2026-12-10';
      let answer = (await store().surveys.getAnswer(survey.id, KITA)) as SurveyAnswer;
      const steps: [number, string][] = [
        [10, '2026-12-08T01:00:00.000Z'],
        [12, '2026-12-09T01:00:00.000Z'],
        [15, '2026-12-10T01:00:00.000Z'],
      ];
      for (const [cases, at] of steps) {
        const outcome = saveAnswer(survey, answer, { cases, issue: 'その他' }, { submit: true, by: 'p-11', at, today });
        if (!('answer' in outcome)) throw new Error('refused');
        await store().surveys.saveAnswer(outcome.answer, answer.updatedAt);
        answer = outcome.answer;
      }
      const stored = await store().surveys.getAnswer(survey.id, KITA);
      expect(stored).toEqual(answer);
      expect(stored?.version).toBe(3);
      expect(stored?.answers).toEqual({ cases: 15, issue: 'その他' });
      expect(stored?.history).toEqual([
        {
          version: 1,
          answers: { cases: 10, issue: 'その他' },
          answeredBy: 'p-11',
          approvedBy: null,
          answeredAt: '2026-12-08T01:00:00.000Z',
        },
        {
          version: 2,
          answers: { cases: 12, issue: 'その他' },
          answeredBy: 'p-11',
          approvedBy: null,
          answeredAt: '2026-12-09T01:00:00.000Z',
        },
      ]);
      // Two people resending from the same read: one lands, the other conflicts, and v3 is kept once.
      const resends = [20, 21].map((cases, i) =>
        saveAnswer(survey, answer, { cases }, { submit: true, by: `p-1${i}`, at: `2026-12-10T01:30:0${i}.000Z`, today }),
      );
      const raced = await Promise.allSettled(
        resends.map((r) => ('answer' in r ? store().surveys.saveAnswer(r.answer, answer.updatedAt) : Promise.reject(new Error('refused')))),
      );
      expect(raced.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(raced.find((o): o is PromiseRejectedResult => o.status === 'rejected')?.reason).toBeInstanceOf(ConcurrencyConflictError);
      const landed = resends[raced.findIndex((o) => o.status === 'fulfilled')];
      if (!('answer' in landed)) throw new Error('refused');
      expect(await store().surveys.getAnswer(survey.id, KITA)).toEqual(landed.answer);
      expect(landed.answer.history.map((v) => v.version)).toEqual([1, 2, 3]);
      answer = landed.answer;

      // A reopened draft keeps the versions sent before it, and HQ still sees the last one sent.
      const reopened = saveAnswer(survey, answer, { cases: 16 }, { submit: false, by: 'p-12', at: '2026-12-10T02:00:00.000Z', today });
      if (!('answer' in reopened)) throw new Error('refused');
      await store().surveys.saveAnswer(reopened.answer, answer.updatedAt);
      const draft = await store().surveys.getAnswer(survey.id, KITA);
      expect(draft?.status).toBe('draft');
      expect(draft?.history.map((v) => [v.version, v.answers.cases])).toEqual([
        [1, 10],
        [2, 12],
        [3, 15],
        [4, answer.answers.cases],
      ]);
    });

    it('keeps long Japanese text exactly: 20 answers of 2,000 characters, a reopened version of them, a 4,000-character 趣旨', async () => {
      const line = '第三子以降の保険料軽減について、窓口で「世帯の人数」の数え方を説明するのに時間がかかる。\n';
      const long = (seed: string) => `${seed}${line.repeat(50)}`.slice(0, 1997) + '🌸"\\';
      const questions = Array.from({ length: 20 }, (_, i) => ({
        key: `q${i + 1}`,
        label: `御意見 ${i + 1}`,
        type: 'text' as const,
        required: false,
      }));
      const survey = make.survey({ questions, purpose: '趣旨：'.concat('制度改正に関する御意見を伺います。'.repeat(250)).slice(0, 4000) });
      await store().surveys.insert(survey, [make.surveyAnswer()]);
      const first = Object.fromEntries(questions.map((q, i) => [q.key, long(`【${i + 1}】`)]));
      const second = Object.fromEntries(questions.map((q, i) => [q.key, long(`【再提出 ${i + 1}】`)]));
      expect([...first.q1].length).toBe(2000);
      const sent: SurveyAnswer = {
        ...make.surveyAnswer(),
        status: 'answered',
        answers: first,
        answeredBy: 'p-11',
        answeredAt: '2026-12-08T00:00:00.000Z',
        version: 1,
        updatedAt: '2026-12-08T00:00:00.000Z',
      };
      await store().surveys.saveAnswer(sent, make.surveyAnswer().updatedAt);
      const resent: SurveyAnswer = {
        ...sent,
        answers: second,
        answeredAt: '2026-12-09T00:00:00.000Z',
        version: 2,
        history: [{ version: 1, answers: first, answeredBy: 'p-11', approvedBy: null, answeredAt: '2026-12-08T00:00:00.000Z' }],
        updatedAt: '2026-12-09T00:00:00.000Z',
      };
      await store().surveys.saveAnswer(resent, sent.updatedAt);
      expect(await store().surveys.get(survey.id)).toEqual(survey);
      expect(await store().surveys.getAnswer(survey.id, KITA)).toEqual(resent);
      expect(await store().surveys.listAnswers(survey.id)).toEqual([resent]);
    });

    it('undoes the survey and its answers when the transaction fails', async () => {
      await expect(
        store().transaction(async (tx) => {
          await tx.surveys.insert(make.survey(), sectionsOf());
          throw new Error('outbox full');
        }),
      ).rejects.toThrow('outbox full');
      expect(await store().surveys.get('S-R8-0001')).toBeUndefined();
      expect(await store().surveys.listAnswers('S-R8-0001')).toEqual([]);
    });
  });
}

const byKey = (a: OpinionResponse, b: OpinionResponse) =>
  a.departmentId.localeCompare(b.departmentId) || a.questionKey.localeCompare(b.questionKey);
