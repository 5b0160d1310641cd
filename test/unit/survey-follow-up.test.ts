import type { Department, Person } from '../../bot/directory/model';
import { answerCard, isEditing } from '../../bot/surveys/cards/answer-card';
import type { SurveyContext } from '../../bot/surveys/context';
import { answerEffects, deliveryEffects, followUpEffects, surveyChangeEffects } from '../../bot/surveys/effects';
import type { Survey, SurveyAnswer, SurveyQuestion } from '../../bot/surveys/model';
import { checkExtension, followUpFor, sectionsWithoutAnswer } from '../../bot/surveys/rules/follow-up';
import { initialAnswers } from '../../bot/surveys/rules/sections';
import { cardTextOf } from '../support/turn-harness';

const QUESTIONS: SurveyQuestion[] = [
  { key: 'cases', label: '交付件数', type: 'number', required: true, unit: '件', min: 0 },
  { key: 'method', label: '方法', type: 'choice', required: false, choices: ['窓口', '郵送'] },
];
// 回答期限 Friday 2026-12-18: the business day before is Thursday 12-17, the next one Monday 12-21.
const survey = (o: Partial<Survey> = {}): Survey => ({
  id: 'S-R8-0001',
  fiscalYear: 2026,
  title: '件数調査 *至急*',
  purpose: '12月分',
  dueOn: '2026-12-18',
  audience: { allWards: true },
  requiresWardApproval: true,
  questions: QUESTIONS,
  manualId: null,
  senderId: 'p-hq',
  senderDepartmentId: 'hq',
  status: 'open',
  sectionIds: ['kita', 'minami', 'nishi'],
  requestId: 'r',
  createdAt: '2026-12-07T00:00:00.000Z',
  updatedAt: '2026-12-07T00:00:00.000Z',
  ...o,
});
const ward = (id: string, noticeChannelId: string | null = null): Department => ({
  id,
  name: '保険年金課',
  office: `${id}区役所`,
  kind: 'ward',
  approvalRequired: false,
  inquiryChannelId: null,
  noticeChannelId,
});
const person = (id: string, departmentId: string, roles: Person['roles'] = ['staff']): Person => ({
  id,
  entraObjectId: id,
  displayName: id,
  email: `${id}@example.jp`,
  departmentId,
  title: '',
  roles,
  locale: 'ja',
});
const answers = (): SurveyAnswer[] =>
  initialAnswers('S-R8-0001', [ward('kita'), ward('minami'), ward('nishi')], (d) => d.id !== 'nishi', '2026-12-07T00:00:00.000Z');
const sent = (a: SurveyAnswer): SurveyAnswer => ({
  ...a,
  status: 'answered',
  answers: { cases: 3 },
  answeredAt: '2026-12-08T00:00:00.000Z',
  version: 1,
});

const context = (): SurveyContext => {
  const departments = [
    { ...ward('hq'), kind: 'hq' as const, inquiryChannelId: '19:hq' },
    ward('kita', '19:kita'),
    ward('minami'),
    ward('nishi'),
  ];
  const people = [
    person('p-hq', 'hq', ['staff', 'responder']),
    person('m1', 'minami'),
    person('m2', 'minami', ['staff', 'approver']),
    person('m3', 'minami'),
  ];
  return {
    departments: new Map(departments.map((d) => [d.id, d])),
    people: new Map(people.map((p) => [p.id, p])),
    senderDepartment: departments[0],
    reachable: new Set(['m1', 'm2']),
    sectionCards: new Map(),
    senderCard: undefined,
    tabUrl: 'https://renkei.example.jp/tab/',
  };
};

describe('survey follow-up', () => {
  it('waits for sections without a sent answer; a reopened answer HQ already has and an unreachable section are not chased', () => {
    const [kita, minami, nishi] = answers();
    expect(sectionsWithoutAnswer([kita, minami, nishi])).toEqual(['kita', 'minami']);
    const reopened: SurveyAnswer = {
      ...kita,
      status: 'draft',
      history: [{ version: 1, answers: { cases: 1 }, answeredBy: 'a', approvedBy: 'b', answeredAt: '2026-12-08T00:00:00.000Z' }],
    };
    expect(sectionsWithoutAnswer([reopened, sent(minami), nishi])).toEqual([]);
  });

  it('reminds the business day before the deadline and on it, escalates after it, and stops once cancelled or answered', () => {
    const all = answers();
    expect(followUpFor(survey(), all, '2026-12-16')).toBeNull();
    expect(followUpFor(survey(), all, '2026-12-17')).toEqual({ kind: 'beforeDeadline', sections: ['kita', 'minami'] });
    expect(followUpFor(survey(), all, '2026-12-18')).toEqual({ kind: 'beforeDeadline', sections: ['kita', 'minami'] });
    expect(followUpFor(survey(), all, '2026-12-21')).toEqual({ kind: 'overdue', sections: ['kita', 'minami'] });
    expect(followUpFor(survey({ status: 'cancelled' }), all, '2026-12-21')).toBeNull();
    expect(followUpFor(survey(), [sent(all[0]), sent(all[1]), all[2]], '2026-12-21')).toBeNull();
  });

  it('extends only to a real date after the deadline and from the next business day, never a cancelled survey', () => {
    expect(checkExtension(survey(), '2026-12-25', '2026-12-10')).toEqual({ dueOn: '2026-12-25' });
    expect(checkExtension(survey(), ' 2026-12-25 ', '2026-12-10')).toEqual({ dueOn: '2026-12-25' });
    expect(checkExtension(survey(), '2026-12-18', '2026-12-10')).toHaveProperty('error');
    expect(checkExtension(survey(), '2026-02-30', '2026-12-10')).toHaveProperty('error');
    expect(checkExtension(survey(), 20261225, '2026-12-10')).toHaveProperty('error');
    // Overdue on Monday 12-21: the new date must be from Tuesday 12-22.
    expect(checkExtension(survey(), '2026-12-19', '2026-12-21')).toHaveProperty('error');
    expect(checkExtension(survey(), '2026-12-22', '2026-12-21')).toEqual({ dueOn: '2026-12-22' });
    expect(checkExtension(survey({ status: 'cancelled' }), '2026-12-25', '2026-12-10')).toHaveProperty('error');
  });
});

describe('survey effects', () => {
  it('sends one card to a section with a channel, one per reachable person otherwise, none to the unreachable, and HQ its card', () => {
    const messages = deliveryEffects(survey(), answers(), context(), '2026-12-08');
    expect(messages.map((m) => [m.key, m.conversationKey])).toEqual([
      ['survey:S-R8-0001:to:kita:channel', 'channel:19:kita'],
      ['survey:S-R8-0001:to:minami:person:m1', 'person:m1'],
      ['survey:S-R8-0001:to:minami:person:m2', 'person:m2'],
      ['survey:S-R8-0001:sender', 'channel:19:hq'],
    ]);
  });

  it("updates the section's other cards in place but not the one pressed in a person's own chat; HQ's card only when asked", () => {
    const withCards = context();
    withCards.sectionCards.set('minami', [
      { key: 'survey:S-R8-0001:to:minami:person:m1', conversationKey: 'person:m1', personId: 'm1' },
      { key: 'survey:S-R8-0001:to:minami:person:m2', conversationKey: 'person:m2', personId: 'm2' },
    ]);
    const [, minami] = answers();
    const draft: SurveyAnswer = {
      ...minami,
      status: 'draft',
      answers: { cases: 2 },
      answeredBy: 'm1',
      updatedAt: '2026-12-08T00:00:00.000Z',
    };
    const messages = answerEffects(survey(), draft, null, withCards, '2026-12-08', 'person:m1');
    expect(messages.map((m) => [m.key, m.payload.updateOf])).toEqual([
      ['survey:S-R8-0001:to:minami:person:m2:v:a:2026-12-08T00:00:00.000Z', 'survey:S-R8-0001:to:minami:person:m2'],
    ]);
    expect(answerEffects(survey(), draft, null, withCards, '2026-12-08').length).toBe(2);
  });

  it('keys reminders and escalations by the deadline, so an extension starts them over; managers are told only when overdue', () => {
    const before = followUpEffects(survey(), context(), { kind: 'beforeDeadline', sections: ['minami'] });
    expect(before.map((m) => m.key)).toEqual([
      'survey:S-R8-0001:due:2026-12-18:beforeDeadline:minami:person:m1',
      'survey:S-R8-0001:due:2026-12-18:beforeDeadline:minami:person:m2',
    ]);
    const overdue = followUpEffects(survey({ dueOn: '2026-12-25' }), context(), { kind: 'overdue', sections: ['minami'] });
    expect(overdue.map((m) => m.key)).toContain('survey:S-R8-0001:due:2026-12-25:escalation:minami:person:m2');
  });

  it('tells only the sections still owing an answer of an extension, and every section of a cancellation', () => {
    const [kita, minami, nishi] = answers();
    const extended = surveyChangeEffects(survey({ dueOn: '2026-12-25' }), [sent(kita), minami, nishi], context(), '2026-12-10', 'extended');
    expect(extended.filter((m) => m.key.includes(':extended:')).map((m) => m.conversationKey)).toEqual(['person:m1', 'person:m2']);
    const cancelled = surveyChangeEffects(
      survey({ status: 'cancelled' }),
      [sent(kita), minami, nishi],
      context(),
      '2026-12-10',
      'cancelled',
    );
    expect(cancelled.filter((m) => m.key.includes(':cancelled:')).map((m) => m.conversationKey)).toEqual([
      'channel:19:kita',
      'person:m1',
      'person:m2',
    ]);
  });
});

describe('answer card', () => {
  const names = context();
  it('is a form while the section works on it and after 回答を修正する until the deadline; escapes what HQ wrote', () => {
    const [kita] = answers();
    expect(isEditing(survey(), kita, { today: '2026-12-10' })).toBe(true);
    expect(isEditing(survey(), sent(kita), { today: '2026-12-10' })).toBe(false);
    expect(isEditing(survey(), sent(kita), { today: '2026-12-10', edit: true })).toBe(true);
    expect(isEditing(survey(), sent(kita), { today: '2026-12-21', edit: true })).toBe(false);
    expect(isEditing(survey({ status: 'cancelled' }), kita, { today: '2026-12-10' })).toBe(false);
    const card = answerCard(survey(), kita, names, 'ja', { today: '2026-12-10' });
    expect(cardTextOf(card)).toContain('件数調査 \\*至急\\*');
    const closed = answerCard(survey(), sent(kita), names, 'ja', { today: '2026-12-21' });
    expect(cardTextOf(closed)).toContain('回答期限を過ぎたため、送付済みの回答は修正できません');
    expect(closed.actions).toBeUndefined();
  });

  it('shows the approver 承認 and 差戻し with a comment box while waiting for approval, in English too', () => {
    const [kita] = answers();
    const waiting: SurveyAnswer = { ...kita, status: 'awaitingApproval', answers: { cases: 1234 }, answeredBy: 'm1' };
    const card = answerCard(survey(), waiting, names, 'en', { today: '2026-12-10' });
    expect(card.actions?.map((a) => a.title)).toEqual(['Approve and send to HQ', 'Return', 'Change the answer']);
    expect(cardTextOf(card)).toContain('1,234件');
    expect(JSON.stringify(card.body)).toContain('"id":"comment"');
  });

  it('links the draft of a 意見照会 beside the tab', () => {
    const [kita] = answers();
    const card = answerCard(survey({ manualId: 'M-001', draftUrl: 'https://city.example/draft.docx' }), kita, names, 'ja', {
      today: '2026-12-10',
      tabUrl: 'https://renkei.example.jp/tab/',
    });
    expect(card.actions?.slice(-2)).toEqual([
      { type: 'Action.OpenUrl', title: 'タブで開く', url: 'https://renkei.example.jp/tab/#/surveys/S-R8-0001' },
      { type: 'Action.OpenUrl', title: '案を開く', url: 'https://city.example/draft.docx' },
    ]);
    expect(cardTextOf(card)).toContain('M-001');
  });

  it('keeps what was typed and shows each error under its input, in English for an English reader', () => {
    const [kita] = answers();
    const typed = { 'answer.cases': '百件', 'answer.method': '' };
    const errors = { cases: '数値で入力してください（例：1,234件）。', method: '必須の質問です。回答を入力してください。' };
    const en = answerCard(survey(), kita, names, 'en', { today: '2026-12-10', typed, errors });
    const body = en.body as { id?: string; value?: string; text?: string }[];
    expect(body.find((e) => e.id === 'answer.cases')?.value).toBe('百件');
    const after = (id: string) => body[body.findIndex((e) => e.id === id) + 1]?.text;
    expect(after('answer.cases')).toContain('Enter a number within the range shown');
    expect(after('answer.method')).toBe('This question is required.');
    const ja = answerCard(survey(), kita, names, 'ja', { today: '2026-12-10', typed, errors });
    expect(cardTextOf(ja)).toContain('数値で入力してください（例：1,234件）。');
  });
});
