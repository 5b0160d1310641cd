import fc from 'fast-check';
import type { Department } from '../../bot/directory/model';
import type { Survey, SurveyAnswer, SurveyQuestion } from '../../bot/surveys/model';
import { validateAnswers } from '../../bot/surveys/rules/answers';
import { validateSurveyRequest } from '../../bot/surveys/rules/definition';
import { answerCount, approveAnswer, initialAnswers, returnAnswer, saveAnswer, sentAnswerOf } from '../../bot/surveys/rules/sections';
import { totalsOf } from '../../bot/surveys/rules/totals';
import { parseKpiValue } from '../../bot/checkins/rules/check-in-form';

// Monday 2026-12-07; its next business day is 2026-12-08; ten business days later is 2026-12-21.
const TODAY = '2026-12-07';
const QUESTIONS = [
  { key: 'cases', label: '交付件数', type: 'number', required: true, unit: '件', min: 0, max: 100000 },
  { key: 'issue', label: '窓口での課題', type: 'choice', required: false, choices: ['特になし', '説明に時間がかかる', 'その他'] },
  { key: 'opinion', label: '御意見', type: 'text', required: false },
  { key: 'startOn', label: '開始日', type: 'date', required: false },
];
const VALID = {
  title: '資格確認書の交付件数調査',
  purpose: '12月分の件数をお知らせください。',
  dueOn: '2026-12-18',
  audience: { allWards: true },
  questions: QUESTIONS,
};

const errorsOf = (input: unknown) => {
  const result = validateSurveyRequest(input, TODAY);
  return 'errors' in result ? Object.keys(result.errors) : [];
};

describe('survey definition', () => {
  it('reads a valid survey, with 組織としての回答 on by default', () => {
    const result = validateSurveyRequest(VALID, TODAY);
    if (!('request' in result)) throw new Error(JSON.stringify(result.errors));
    expect(result.request).toEqual({ ...VALID, requiresWardApproval: true, manualId: null, questions: QUESTIONS });
    const off = validateSurveyRequest({ ...VALID, requiresWardApproval: false, manualId: 'M-001' }, TODAY);
    expect('request' in off && off.request).toMatchObject({ requiresWardApproval: false, manualId: 'M-001' });
  });

  it('defaults the 回答期限 to ten business days and refuses one before the next business day', () => {
    const result = validateSurveyRequest({ ...VALID, dueOn: undefined }, TODAY);
    expect('request' in result && result.request.dueOn).toBe('2026-12-21');
    expect(errorsOf({ ...VALID, dueOn: TODAY })).toEqual(['dueOn']);
    expect(errorsOf({ ...VALID, dueOn: '2026-12-08' })).toEqual([]);
    expect(errorsOf({ ...VALID, dueOn: '2026-02-30' })).toEqual(['dueOn']);
    expect(errorsOf({ ...VALID, dueOn: 20261218 })).toEqual(['dueOn']);
  });

  it('names each bad field, down to the question and its part', () => {
    expect(errorsOf({ ...VALID, title: '' })).toEqual(['title']);
    expect(errorsOf({ ...VALID, title: 'x'.repeat(101) })).toEqual(['title']);
    expect(errorsOf({ ...VALID, title: '件名\u0007' })).toEqual(['title']);
    expect(errorsOf({ ...VALID, purpose: 3 })).toEqual(['purpose']);
    expect(errorsOf({ ...VALID, audience: { wardSections: [] } })).toEqual(['audience']);
    expect(errorsOf({ ...VALID, requiresWardApproval: 'yes' })).toEqual(['requiresWardApproval']);
    expect(errorsOf({ ...VALID, questions: [] })).toEqual(['questions']);
    expect(
      errorsOf({ ...VALID, questions: Array.from({ length: 21 }, (_, i) => ({ key: `q${i}`, label: `質問${i}`, type: 'text' })) }),
    ).toEqual(['questions']);
    expect(errorsOf({ ...VALID, questions: [QUESTIONS[0], { ...QUESTIONS[1], key: 'cases' }] })).toEqual(['questions[1].key']);
    expect(errorsOf({ ...VALID, questions: [{ ...QUESTIONS[0], key: '件数' }] })).toEqual(['questions[0].key']);
    expect(errorsOf({ ...VALID, questions: [{ ...QUESTIONS[0], type: 'scale' }] })).toEqual([
      'questions[0].type',
      'questions[0].unit',
      'questions[0].min',
      'questions[0].max',
    ]);
    expect(errorsOf({ ...VALID, questions: [{ ...QUESTIONS[0], min: 10, max: 1 }] })).toEqual(['questions[0].max']);
    expect(errorsOf({ ...VALID, questions: [{ ...QUESTIONS[0], min: '0' }] })).toEqual(['questions[0].min']);
    expect(errorsOf({ ...VALID, questions: [{ ...QUESTIONS[1], choices: ['一つだけ'] }] })).toEqual(['questions[0].choices']);
    expect(errorsOf({ ...VALID, questions: [{ ...QUESTIONS[1], choices: ['同じ', '同じ'] }] })).toEqual(['questions[0].choices']);
    expect(errorsOf({ ...VALID, questions: [{ ...QUESTIONS[2], choices: ['a', 'b'] }] })).toEqual(['questions[0].choices']);
    expect(errorsOf({ ...VALID, questions: [{ ...QUESTIONS[2], required: 'true' }] })).toEqual(['questions[0].required']);
    expect(errorsOf({ ...VALID, questions: ['何件？'] })).toEqual(['questions[0]']);
    expect(errorsOf({ ...VALID, manualId: '../etc' })).toEqual(['manualId']);
    expect(errorsOf([VALID])).toEqual(expect.arrayContaining(['title', 'purpose', 'audience', 'questions']));
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, b) => {
        validateSurveyRequest(a, TODAY);
        validateSurveyRequest({ ...VALID, questions: [a, b] }, TODAY);
      }),
    );
  });
});

const Q = QUESTIONS as SurveyQuestion[];

describe('answers', () => {
  it('accepts numbers as staff type them, as the check-in card does', () => {
    for (const typed of ['1234', '1,234', '１，２３４', '１２３４件', ' 1234 件 ', 1234]) {
      expect(validateAnswers(Q, { cases: typed }, { submit: true })).toEqual({ answers: { cases: 1234 } });
    }
    expect(parseKpiValue('１，２３４件')).toBe(1234);
  });

  it('gives each bad value its own message and keeps nothing', () => {
    const result = validateAnswers(
      Q,
      { cases: '100001', issue: 'わからない', opinion: 'あ'.repeat(10000), startOn: '2026-02-30', extra: 1 },
      { submit: false },
    );
    if (!('errors' in result)) throw new Error('expected errors');
    expect(Object.keys(result.errors).sort()).toEqual(['cases', 'extra', 'issue', 'opinion', 'startOn']);
    expect(result.errors.cases).toContain('100,000');
    expect(result.errors.issue).toContain('特になし');
    expect(result.errors.opinion).toContain('2,000');
    expect(result.errors.extra).toContain('ない質問');
    expect(validateAnswers(Q, { cases: -1 }, { submit: false })).toEqual({ errors: { cases: expect.stringContaining('0〜100,000') } });
    expect(validateAnswers(Q, { cases: '12a' }, { submit: false })).toEqual({ errors: { cases: expect.stringContaining('数値') } });
    expect(validateAnswers(Q, { cases: Infinity }, { submit: false })).toEqual({ errors: { cases: expect.any(String) } });
    expect(validateAnswers(Q, { opinion: '意見\u0000' }, { submit: false })).toEqual({
      errors: { opinion: expect.stringContaining('制御文字') },
    });
    expect(validateAnswers(Q, { opinion: ['配列'] }, { submit: false })).toEqual({ errors: { opinion: expect.any(String) } });
    expect(validateAnswers(Q, 'cases=1', { submit: false })).toEqual({ errors: { answers: expect.any(String) } });
  });

  it('requires required questions only when the answer is submitted', () => {
    expect(validateAnswers(Q, { issue: 'その他' }, { submit: false })).toEqual({ answers: { issue: 'その他' } });
    expect(validateAnswers(Q, { issue: 'その他', cases: '' }, { submit: true })).toEqual({
      errors: { cases: expect.stringContaining('必須') },
    });
  });

  it('reads dates written with slashes or full-width digits as the same day, and keeps line breaks in text', () => {
    expect(validateAnswers(Q, { startOn: '２０２７/4/1', opinion: '一行目\r\n二行目' }, { submit: false })).toEqual({
      answers: { startOn: '2027-04-01', opinion: '一行目\n二行目' },
    });
  });

  it('does not mistake inherited names for questions', () => {
    const forged = validateAnswers(Q, JSON.parse('{"__proto__": 1, "constructor": 2}'), { submit: false });
    expect('errors' in forged && Object.keys(forged.errors).sort()).toEqual(['__proto__', 'constructor']);
    const withConstructor: SurveyQuestion[] = [{ key: 'constructor', label: 'x', type: 'number', required: true }];
    expect(validateAnswers(withConstructor, {}, { submit: true })).toEqual({ errors: { constructor: expect.stringContaining('必須') } });
  });

  it('never throws and never keeps a value outside its question', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('cases', 'issue', 'opinion', 'startOn', 'x'), fc.anything()), (input) => {
        const result = validateAnswers(Q, input, { submit: fc.sample(fc.boolean(), 1)[0] });
        if ('answers' in result) {
          const { cases, issue } = result.answers;
          if (cases !== undefined) expect(typeof cases === 'number' && cases >= 0 && cases <= 100000).toBe(true);
          if (issue !== undefined) expect(QUESTIONS[1].choices).toContain(issue);
        }
      }),
    );
  });
});

const ward = (id: string): Department => ({
  id,
  name: '保険年金課',
  office: `${id}区役所`,
  kind: 'ward',
  approvalRequired: false,
  inquiryChannelId: null,
  noticeChannelId: null,
});
const survey = (o: Partial<Survey> = {}): Survey => ({
  id: 'S-R8-0001',
  fiscalYear: 2026,
  title: 't',
  purpose: 'p',
  dueOn: '2026-12-18',
  audience: { allWards: true },
  requiresWardApproval: true,
  questions: Q,
  manualId: null,
  senderId: 'p-hq',
  senderDepartmentId: 'hq',
  status: 'open',
  sectionIds: ['kita', 'minami'],
  requestId: 'r',
  createdAt: '2026-12-07T00:00:00.000Z',
  updatedAt: '2026-12-07T00:00:00.000Z',
  ...o,
});
const AT = (n: number) => `2026-12-0${n}T01:00:00.000Z`;

describe('a section answer through its states', () => {
  const [kita, minami] = initialAnswers('S-R8-0001', [ward('kita'), ward('minami')], (d) => d.id === 'kita', AT(7));

  it('starts pending, or unreachable where the bot cannot reach the section', () => {
    expect([kita.status, minami.status]).toEqual(['pending', 'unreachable']);
    expect(kita).toMatchObject({ answers: {}, version: 0, history: [] });
  });

  it('goes draft → awaitingApproval → answered by the section approver; presses again change nothing', () => {
    const draft = saveAnswer(survey(), kita, { cases: 5 }, { submit: false, by: 'p-k1', at: AT(8), today: '2026-12-08' });
    if (!('answer' in draft)) throw new Error('refused');
    expect(draft.answer).toMatchObject({ status: 'draft', answers: { cases: 5 }, answeredBy: 'p-k1', answeredAt: null, version: 0 });
    expect(saveAnswer(survey(), draft.answer, { cases: 5 }, { submit: false, by: 'p-k1', at: AT(9), today: '2026-12-09' })).toEqual({
      answer: draft.answer,
      changed: false,
    });
    const asked = saveAnswer(survey(), draft.answer, { cases: 6 }, { submit: true, by: 'p-k1', at: AT(9), today: '2026-12-09' });
    if (!('answer' in asked)) throw new Error('refused');
    expect(asked.answer.status).toBe('awaitingApproval');
    expect(sentAnswerOf(asked.answer)).toBeNull();
    const approved = approveAnswer(survey(), asked.answer, 'p-k-boss', AT(9));
    if (!('answer' in approved)) throw new Error('refused');
    expect(approved.answer).toMatchObject({ status: 'answered', approvedBy: 'p-k-boss', answeredAt: AT(9), version: 1 });
    expect(approveAnswer(survey(), approved.answer, 'p-k-boss', AT(9))).toEqual({ answer: approved.answer, changed: false });
    expect(answerCount([approved.answer, minami])).toEqual({ answered: 1, total: 2 });
  });

  it('goes straight to answered without 組織としての回答', () => {
    const sent = saveAnswer(
      survey({ requiresWardApproval: false }),
      kita,
      { cases: 1 },
      { submit: true, by: 'p-k1', at: AT(8), today: '2026-12-08' },
    );
    expect('answer' in sent && sent.answer).toMatchObject({ status: 'answered', approvedBy: null, answeredAt: AT(8), version: 1 });
  });

  it('is returned with a comment, then changed and asked again', () => {
    const asked = saveAnswer(survey(), kita, { cases: 6 }, { submit: true, by: 'p-k1', at: AT(8), today: '2026-12-08' });
    if (!('answer' in asked)) throw new Error('refused');
    const returned = returnAnswer(survey(), asked.answer, 'p-k-boss', '件数を再確認してください', AT(8));
    if (!('answer' in returned)) throw new Error('refused');
    expect(returned.answer).toMatchObject({ status: 'returned', returnComment: '件数を再確認してください', answers: { cases: 6 } });
    expect(approveAnswer(survey(), returned.answer, 'p-k-boss', AT(8))).toEqual({ refused: 'state' });
    const again = saveAnswer(survey(), returned.answer, { cases: 7 }, { submit: true, by: 'p-k1', at: AT(9), today: '2026-12-09' });
    expect('answer' in again && again.answer).toMatchObject({ status: 'awaitingApproval', returnComment: null, answers: { cases: 7 } });
    expect(approveAnswer(survey(), kita, 'p-k-boss', AT(8))).toEqual({ refused: 'state' });
  });

  it('reopens a sent answer until the deadline, keeping the sent version; not after it', () => {
    const open = survey({ requiresWardApproval: false });
    const first = saveAnswer(open, kita, { cases: 1 }, { submit: true, by: 'p-k1', at: AT(8), today: '2026-12-08' });
    if (!('answer' in first)) throw new Error('refused');
    expect(saveAnswer(open, first.answer, { cases: 1 }, { submit: true, by: 'p-k1', at: AT(9), today: '2026-12-09' })).toEqual({
      answer: first.answer,
      changed: false,
    });
    const reopened = saveAnswer(open, first.answer, { cases: 2 }, { submit: false, by: 'p-k2', at: AT(9), today: '2026-12-09' });
    if (!('answer' in reopened)) throw new Error('refused');
    expect(reopened.answer).toMatchObject({
      status: 'draft',
      answers: { cases: 2 },
      version: 1,
      history: [{ version: 1, answers: { cases: 1 }, answeredBy: 'p-k1', answeredAt: AT(8) }],
    });
    // HQ keeps seeing what was sent while the section changes it.
    expect(sentAnswerOf(reopened.answer)?.answers).toEqual({ cases: 1 });
    const second = saveAnswer(open, reopened.answer, { cases: 3 }, { submit: true, by: 'p-k2', at: AT(9), today: '2026-12-09' });
    expect('answer' in second && second.answer).toMatchObject({ status: 'answered', version: 2, answers: { cases: 3 } });
    expect(
      saveAnswer(open, first.answer, { cases: 9 }, { submit: true, by: 'p-k1', at: '2026-12-19T01:00:00.000Z', today: '2026-12-19' }),
    ).toEqual({ refused: 'closed' });
    // A section that had not sent anything may still answer late.
    expect(
      'answer' in saveAnswer(open, kita, { cases: 9 }, { submit: true, by: 'p-k1', at: '2026-12-19T01:00:00.000Z', today: '2026-12-19' }),
    ).toBe(true);
  });

  it('refuses every step on a cancelled survey', () => {
    const cancelled = survey({ status: 'cancelled' });
    expect(saveAnswer(cancelled, kita, {}, { submit: false, by: 'p', at: AT(8), today: '2026-12-08' })).toEqual({ refused: 'cancelled' });
    expect(approveAnswer(cancelled, kita, 'p', AT(8))).toEqual({ refused: 'cancelled' });
    expect(returnAnswer(cancelled, kita, 'p', 'x', AT(8))).toEqual({ refused: 'cancelled' });
  });
});

describe('totals', () => {
  it('sums, averages and bounds numbers, and counts choices, over the rows given', () => {
    const totals = totalsOf(Q, [{ cases: 10, issue: 'その他' }, { cases: 0.1 }, { cases: 0.2, issue: 'その他' }, {}]);
    expect(totals).toEqual({
      cases: { sum: 10.3, mean: 3.433333, min: 0.1, max: 10, count: 3 },
      issue: { counts: { 特になし: 0, 説明に時間がかかる: 0, その他: 2 } },
    });
    expect(totalsOf(Q, [])).toEqual({
      cases: { sum: 0, mean: null, min: null, max: null, count: 0 },
      issue: { counts: { 特になし: 0, 説明に時間がかかる: 0, その他: 0 } },
    });
  });
});

export type { SurveyAnswer };
