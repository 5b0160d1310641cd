import { validateAnswerForm } from '../../bot/inquiries/rules/answer-form';
import { planDeadlineWork } from '../../bot/inquiries/rules/deadlines';
import type { InquiryContext } from '../../bot/inquiries/context';
import { eventEffects, submissionEffects } from '../../bot/inquiries/effects';
import { transition } from '../../bot/inquiries/rules/lifecycle';
import { readQuestionValues, validateQuestion } from '../../bot/inquiries/rules/question-form';
import { rulingFromAnswer } from '../../bot/inquiries/rules/ruling-from-answer';
import { loadDemoData } from '../../bot/demo/demo-data';
import { make } from '../contract/fixtures';

const { departments: demoDepartments, people: demoPeople } = loadDemoData();

const TODAY = '2026-11-27'; // a Friday
const departments = demoDepartments;

describe('ask form validation', () => {
  const values = (o: Record<string, string> = {}) =>
    readQuestionValues({
      targetDepartmentId: 'hq-hoken-nenkin',
      category: '国民健康保険',
      subject: '資格取得日',
      body: '転入日と届出日が違う場合は？',
      legalBasis: '',
      desiredAnswerDate: '',
      urgency: '通常',
      ...o,
    });

  it('without a 希望回答日 the answer is due the default number of business days later', () => {
    const result = validateQuestion(values(), { today: TODAY, departments, defaultDueBusinessDays: 5 });
    expect(result).toMatchObject({ question: { desiredAnswerDate: '2026-12-04', dueOn: '2026-12-04', urgency: '通常' } });
  });

  it('refuses a 希望回答日 before the next business day, with the reason and that day', () => {
    // Friday → the next business day is Monday 11/30; Saturday 11/28 is too early.
    expect(validateQuestion(values({ desiredAnswerDate: '2026-11-28' }), { today: TODAY, departments, defaultDueBusinessDays: 5 })).toEqual(
      {
        errors: {
          desiredAnswerDate:
            '希望回答日は翌営業日（2026-11-30）以降にしてください。所管課が組織として回答するには少なくとも 1 営業日必要です。',
        },
      },
    );
    expect(
      validateQuestion(values({ desiredAnswerDate: '2026-11-30' }), { today: TODAY, departments, defaultDueBusinessDays: 5 }),
    ).toHaveProperty('question');
    expect(
      validateQuestion(values({ desiredAnswerDate: '2026-02-30' }), { today: TODAY, departments, defaultDueBusinessDays: 5 }),
    ).toMatchObject({ errors: { desiredAnswerDate: expect.stringContaining('日付') } });
  });

  it('refuses a ward section as the destination, missing text, overlong text and an unknown urgency', () => {
    const result = validateQuestion(
      values({ targetDepartmentId: 'ward-kita-hoken-nenkin', subject: '', body: 'あ'.repeat(4001), urgency: '最優先' }),
      { today: TODAY, departments, defaultDueBusinessDays: 5 },
    );
    expect(Object.keys('errors' in result ? result.errors : {}).sort()).toEqual(['body', 'subject', 'targetDepartmentId', 'urgency']);
  });

  it('treats forged types as empty', () => {
    expect(readQuestionValues({ subject: { $gt: '' }, body: ['x'], category: 'a\u0000b' })).toMatchObject({
      subject: '',
      body: '',
      category: 'ab',
    });
  });
});

describe('answer form validation', () => {
  it('a shared answer needs a ruling title; tags split on 、 and commas, once each', () => {
    expect(validateAnswerForm({ answer: '回答', share: 'true', rulingTitle: '' })).toMatchObject({
      errors: { rulingTitle: expect.stringContaining('表題') },
      values: { answer: '回答', share: 'true' },
    });
    expect(
      validateAnswerForm({ answer: ' 回答 ', share: 'true', rulingTitle: '表題', rulingCategory: '国保', rulingTags: '資格、転入, 資格' }),
    ).toEqual({
      draft: { text: '回答', shareWithAllWards: true, ruling: { title: '表題', category: '国保', tags: ['資格', '転入'] } },
    });
    expect(validateAnswerForm({ answer: '回答', share: 'false', rulingTitle: '使わない' })).toEqual({
      draft: { text: '回答', shareWithAllWards: false, ruling: null },
    });
    expect(validateAnswerForm({ answer: 42 })).toMatchObject({ errors: { answer: '回答内容を入力してください。' } });
  });
});

describe('messages a step causes', () => {
  const people = new Map(demoPeople.map((p) => [p.id, p]));
  const context = (o: Partial<InquiryContext> = {}): InquiryContext => ({
    asker: people.get('p-ward-staff'),
    askerDepartment: departments.find((d) => d.id === 'ward-kita-hoken-nenkin'),
    department: departments.find((d) => d.id === 'hq-hoken-nenkin'),
    approvers: demoPeople.filter((p) => p.id === 'p-hq-approver'),
    responders: demoPeople.filter((p) => ['p-hq-responder', 'p-hq-approver'].includes(p.id)),
    wardNoticeChannels: ['19:kita-notices'],
    people,
    tabUrl: 'http://127.0.0.1:3978/tab/',
    threadStarted: true,
    statusCardSent: true,
    reachable: new Set(['p-ward-staff', 'p-hq-approver']),
    ...o,
  });
  const AT = '2026-11-27T01:00:00.000Z';
  const draft = {
    text: '転入日から取得します。',
    shareWithAllWards: true,
    ruling: { title: '転入者の資格取得日', category: '国民健康保険', tags: [] },
  };

  it('a new inquiry starts a thread in the department channel and a status card for the asker', () => {
    const keys = submissionEffects(make.inquiry({ askerId: 'p-ward-staff' }), context(), TODAY).map((m) => [m.key, m.conversationKey]);
    expect(keys).toEqual([
      ['inquiry:Q-R8-0001:thread', `channel:${departments.find((d) => d.id === 'hq-hoken-nenkin')?.inquiryChannelId}`],
      ['inquiry:Q-R8-0001:status', 'person:p-ward-staff'],
    ]);
    const unbound = submissionEffects(
      make.inquiry({ askerId: 'p-ward-staff' }),
      context({ department: { ...context().department!, inquiryChannelId: null } }),
      TODAY,
    );
    expect(unbound.map((m) => m.conversationKey)).toEqual(['person:p-hq-responder', 'person:p-hq-approver', 'person:p-ward-staff']);
  });

  it('asking for approval updates the cards, notes it in the thread and sends the approval card to reachable approvers only', () => {
    const before = make.inquiry({ status: 'claimed', assigneeId: 'p-hq-responder' });
    const moved = transition(before, { type: 'submitAnswer', by: 'p-hq-responder', draft, approvalRequired: true }, AT);
    if (!('inquiry' in moved)) throw new Error(JSON.stringify(moved.error));
    const messages = eventEffects(
      before,
      moved.inquiry,
      { type: 'submitAnswer', by: 'p-hq-responder', draft, approvalRequired: true },
      context(),
      TODAY,
    );
    expect(messages.map((m) => [m.key, m.payload.updateOf ?? m.payload.replyInThreadOf ?? ''])).toEqual([
      [`inquiry:Q-R8-0001:thread:v:${AT}`, 'inquiry:Q-R8-0001:thread'],
      [`inquiry:Q-R8-0001:status:v:${AT}`, 'inquiry:Q-R8-0001:status'],
      [`inquiry:Q-R8-0001:approval:${AT}:p-hq-approver`, ''],
      [`inquiry:Q-R8-0001:note:approval:${AT}`, 'inquiry:Q-R8-0001:thread'],
    ]);
    // Nobody reachable: the approval card goes into the thread instead.
    const fallback = eventEffects(
      before,
      moved.inquiry,
      { type: 'submitAnswer', by: 'p-hq-responder', draft, approvalRequired: true },
      context({ reachable: new Set() }),
      TODAY,
    );
    expect(fallback.map((m) => m.key)).toContain(`inquiry:Q-R8-0001:note:approval-card:${AT}`);
    expect(fallback.map((m) => m.key)).not.toContain(`inquiry:Q-R8-0001:approval:${AT}:p-hq-approver`);
  });

  it('an approved shared answer reaches the thread, the asker and every ward notice channel; an inquiry without cards gets new ones', () => {
    const before = make.inquiry({
      askerId: 'p-ward-staff',
      status: 'awaitingApproval',
      assigneeId: 'p-hq-responder',
      draft: { ...draft, draftedBy: 'p-hq-responder', draftedAt: AT },
    });
    const moved = transition(before, { type: 'approve', by: 'p-hq-approver' }, AT);
    if (!('inquiry' in moved)) throw new Error(JSON.stringify(moved.error));
    const after = { ...moved.inquiry, rulingId: 'R-R8-0001' };
    const messages = eventEffects(
      before,
      after,
      { type: 'approve', by: 'p-hq-approver' },
      context({ threadStarted: false, statusCardSent: false }),
      TODAY,
    );
    expect(messages.map((m) => [m.key, m.conversationKey])).toEqual([
      ['inquiry:Q-R8-0001:thread', 'channel:19:hoken-nenkin-inquiries@thread.tacv2'],
      ['inquiry:Q-R8-0001:status', 'person:p-ward-staff'],
      ['inquiry:Q-R8-0001:note:answer', 'channel:19:hoken-nenkin-inquiries@thread.tacv2'],
      ['inquiry:Q-R8-0001:answer:p-ward-staff', 'person:p-ward-staff'],
      ['inquiry:Q-R8-0001:notice:19:kita-notices', 'channel:19:kita-notices'],
    ]);
    expect(JSON.stringify(messages[2].payload.activity)).toContain('承認：高橋 直子');
  });

  it('the shared ruling links back to the inquiry and keeps its 根拠法令', () => {
    const inquiry = make.inquiry({
      status: 'shared',
      draft: { ...draft, draftedBy: 'p-1', draftedAt: AT },
      answer: { text: '回答', answeredBy: 'p-1', approvedBy: 'p-2', answeredAt: AT },
      rulingId: 'R-R8-0001',
    });
    expect(rulingFromAnswer(inquiry, '保険年金課', TODAY)).toEqual({
      id: 'R-R8-0001',
      title: '転入者の資格取得日',
      question: inquiry.body,
      answer: '回答',
      department: '保険年金課',
      category: '国民健康保険',
      legalBasis: inquiry.legalBasis,
      tags: [],
      publishedAt: TODAY,
      status: 'current',
      supersededBy: null,
      sourceInquiryNumber: 'Q-R8-0001',
    });
  });
});

describe('deadlines', () => {
  it('reminds on the business day before the due date and on it, escalates after it, and ignores finished ones', () => {
    const due = (dueOn: string, status = 'claimed' as const) => make.inquiry({ number: `Q-${dueOn}`, dueOn, status });
    // Today is Friday 11/27: due Monday 11/30 → reminder; due 11/27 → reminder; due 11/26 → overdue.
    const plan = planDeadlineWork(TODAY, [
      due('2026-11-30'),
      due('2026-11-27'),
      due('2026-11-26'),
      due('2026-12-01'),
      make.inquiry({ number: 'Q-done', dueOn: '2026-11-01', status: 'answered' }),
    ]);
    expect(plan.remind.map((i) => i.dueOn)).toEqual(['2026-11-30', '2026-11-27']);
    expect(plan.escalate.map((i) => i.dueOn)).toEqual(['2026-11-26']);
  });

  it('escalates by business days, as the lists and figures count: not on the weekend or holiday after the due date', () => {
    const claimed = (dueOn: string) => make.inquiry({ number: `Q-${dueOn}`, dueOn, status: 'claimed' });
    // Due Friday 11/27: Saturday and Sunday are not yet late; Monday 11/30 is.
    expect(planDeadlineWork('2026-11-28', [claimed('2026-11-27')]).escalate).toEqual([]);
    expect(planDeadlineWork('2026-11-29', [claimed('2026-11-27')]).escalate).toEqual([]);
    expect(planDeadlineWork('2026-11-30', [claimed('2026-11-27')]).escalate.map((i) => i.dueOn)).toEqual(['2026-11-27']);
    // Due Friday 2027-01-08: Monday 1/11 is 成人の日, so the first late day is Tuesday 1/12.
    expect(planDeadlineWork('2027-01-11', [claimed('2027-01-08')]).escalate).toEqual([]);
    expect(planDeadlineWork('2027-01-12', [claimed('2027-01-08')]).escalate).toHaveLength(1);
  });
});
