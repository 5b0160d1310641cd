import { checkInActions } from '../../bot/checkins/card-actions';
import { inquiryActions } from '../../bot/inquiries/card-actions';
import { noticeActions } from '../../bot/notices/card-actions';
import type { BotTurn } from '../../bot/platform/bot-turn';
import { surveyActions } from '../../bot/surveys/card-actions';
import { cardActionHandler, type CardActionDefinition } from '../../bot/platform/card-action';
import type { Locale } from '../../bot/platform/i18n';

type Definition = CardActionDefinition<Record<string, unknown>, Record<string, unknown>>;

const answerRef = { initiativeCode: 'B1-3', fiscalYear: 2026, quarter: 3 };
const question = {
  targetDepartmentId: 'hq-hoken-nenkin',
  category: '国民健康保険',
  subject: '資格取得日',
  body: '転入日と届出日が違う場合',
  legalBasis: '国保法第7条',
  desiredAnswerDate: '2026-12-01',
  dueOn: '2026-12-01',
  urgency: '通常',
};
const number = { number: 'Q-R8-0001' };

/**
 * What each card writes, one valid sample per verb. Keyed like the definitions, so a verb added
 * without a sample fails the test below.
 */
const SAMPLES = {
  checkin: {
    submit: { ...answerRef, revision: 2, submissionId: '4f1c0f3e-0f43-4a0e-9b0b-1f2e3d4c5b6a' },
    edit: answerRef,
    open: answerRef,
  } satisfies Record<keyof typeof checkInActions, Record<string, unknown>>,
  inquiry: {
    preview: { requestId: 'req-1' },
    submit: { requestId: 'req-1', ...question },
    deflect: { requestId: 'req-1', ...question, suggestionIds: ['R-R8-0005', 'M-001'] },
    editQuestion: { requestId: 'req-1', ...question },
    claim: number,
    answerForm: { ...number, cite: 'ruling:R-R8-0005' },
    answer: { ...number, decision: 'draft' },
    askForm: number,
    requestInfo: number,
    view: number,
    approve: { ...number, draftedAt: '2026-11-21T01:00:00.000Z' },
    return: { ...number, draftedAt: '2026-11-21T01:00:00.000Z' },
    reply: { ...number, clarification: 0 },
    withdraw: { ...number, confirm: true },
    status: number,
    restore: number,
    release: number,
    reassignForm: number,
    reassign: number,
    searchResolved: { query: '国保 喪失', rulingIds: ['R-0011'] },
    searchAsk: { query: '国保 喪失', rulingId: 'R-0011' },
  } satisfies Record<keyof typeof inquiryActions, Record<string, unknown>>,
  notice: {
    compose: { requestId: 'req-1' },
    confirm: { noticeId: 'N-R8-0001', sectionId: 'ward-kita-hoken-nenkin', revision: 1 },
    ask: { noticeId: 'N-R8-0001' },
    approve: { noticeId: 'N-R8-0001', version: '2026-12-07T01:00:00.000Z' },
    return: { noticeId: 'N-R8-0001', version: '2026-12-07T01:00:00.000Z' },
    correctForm: { noticeId: 'N-R8-0001' },
    correct: { noticeId: 'N-R8-0001', revision: 2 },
    view: { noticeId: 'N-R8-0001' },
    sectionView: { noticeId: 'N-R8-0001', sectionId: 'ward-kita-hoken-nenkin' },
  } satisfies Record<keyof typeof noticeActions, Record<string, unknown>>,
  survey: {
    save: { surveyId: 'S-R8-0001', sectionId: 'ward-kita-hoken-nenkin', version: '2026-12-07T01:00:00.000Z' },
    submit: { surveyId: 'S-R8-0001', sectionId: 'ward-kita-hoken-nenkin', version: '2026-12-07T01:00:00.000Z' },
    approve: { surveyId: 'S-R8-0001', sectionId: 'ward-kita-hoken-nenkin', version: '2026-12-07T01:00:00.000Z' },
    return: { surveyId: 'S-R8-0001', sectionId: 'ward-kita-hoken-nenkin', version: '2026-12-07T01:00:00.000Z' },
    edit: { surveyId: 'S-R8-0001', sectionId: 'ward-kita-hoken-nenkin' },
    extend: { surveyId: 'S-R8-0001' },
    cancel: { surveyId: 'S-R8-0001', confirmed: false },
    view: { surveyId: 'S-R8-0001' },
  } satisfies Record<keyof typeof surveyActions, Record<string, unknown>>,
};

const every: [string, Definition, Record<string, unknown>][] = [
  ...Object.entries(checkInActions).map(([key, definition]): [string, Definition, Record<string, unknown>] => [
    key,
    definition as Definition,
    SAMPLES.checkin[key as keyof typeof checkInActions],
  ]),
  ...Object.entries(inquiryActions).map(([key, definition]): [string, Definition, Record<string, unknown>] => [
    key,
    definition as Definition,
    SAMPLES.inquiry[key as keyof typeof inquiryActions],
  ]),
  ...Object.entries(noticeActions).map(([key, definition]): [string, Definition, Record<string, unknown>] => [
    key,
    definition as Definition,
    SAMPLES.notice[key as keyof typeof noticeActions],
  ]),
  ...Object.entries(surveyActions).map(([key, definition]): [string, Definition, Record<string, unknown>] => [
    key,
    definition as Definition,
    SAMPLES.survey[key as keyof typeof surveyActions],
  ]),
];

describe('card action definitions', () => {
  it('has one sample per verb and no verb twice; the wire names stay as cards already in chats carry them', () => {
    expect(Object.keys(SAMPLES.checkin).sort()).toEqual(Object.keys(checkInActions).sort());
    expect(Object.keys(SAMPLES.inquiry).sort()).toEqual(Object.keys(inquiryActions).sort());
    expect(Object.keys(SAMPLES.notice).sort()).toEqual(Object.keys(noticeActions).sort());
    expect(Object.keys(SAMPLES.survey).sort()).toEqual(Object.keys(surveyActions).sort());
    const verbs = every.map(([, definition]) => definition.verb);
    expect(new Set(verbs).size).toBe(verbs.length);
    expect(verbs.sort()).toEqual(
      [
        'checkin.edit',
        'checkin.open',
        'checkin.submit',
        'inquiry.answer',
        'inquiry.answerForm',
        'inquiry.approve',
        'inquiry.askForm',
        'inquiry.claim',
        'inquiry.deflect',
        'inquiry.editQuestion',
        'inquiry.preview',
        'inquiry.reply',
        'inquiry.requestInfo',
        'inquiry.reassign',
        'inquiry.reassignForm',
        'inquiry.release',
        'inquiry.restore',
        'inquiry.return',
        'inquiry.searchAsk',
        'inquiry.searchResolved',
        'inquiry.status',
        'inquiry.submit',
        'inquiry.view',
        'inquiry.withdraw',
        'notice.approve',
        'notice.ask',
        'notice.compose',
        'notice.confirm',
        'notice.correct',
        'notice.correctForm',
        'notice.return',
        'notice.sectionView',
        'notice.view',
        'survey.approve',
        'survey.cancel',
        'survey.edit',
        'survey.extend',
        'survey.return',
        'survey.save',
        'survey.submit',
        'survey.view',
      ].sort(),
    );
  });

  it.each(every.map(([key, definition, sample]) => [definition.verb, key, definition, sample] as const))(
    '%s: what the button writes parses back to the same data (Action.Execute and its Action.Submit fallback)',
    (verb, _key, definition, sample) => {
      const button = definition.button('押す', sample, { style: 'positive' });
      expect(button).toMatchObject({
        type: 'Action.Execute',
        title: '押す',
        verb,
        style: 'positive',
        fallback: { type: 'Action.Submit', data: { ...sample, verb } },
      });
      const executeData = button.data as Record<string, unknown>;
      expect(definition.parse(executeData)).toEqual({ ok: true, data: sample });
      // The fallback carries the verb and, once pressed, the typed inputs: neither is card data.
      const fallback = (button.fallback as { data: Record<string, unknown> }).data;
      expect(definition.parse({ ...fallback, 'kpi.k1': '12', comment: '理由' })).toEqual({ ok: true, data: sample });
    },
  );

  it.each(every.map(([key, definition, sample]) => [definition.verb, key, definition, sample] as const))(
    "%s: a payload that is not the card's data is refused",
    (_verb, _key, definition) => {
      expect(definition.parse({})).toMatchObject({ ok: false });
      expect(definition.parse({ number: 42, initiativeCode: ['A1-1'], requestId: null })).toMatchObject({ ok: false });
    },
  );

  it('names the field that is wrong', () => {
    const submit = SAMPLES.checkin.submit;
    expect(checkInActions.submit.parse({ ...submit, revision: 0 })).toEqual({ ok: false, field: 'revision' });
    expect(checkInActions.submit.parse({ ...submit, revision: 1.5 })).toEqual({ ok: false, field: 'revision' });
    expect(checkInActions.submit.parse({ ...submit, submissionId: '' })).toEqual({ ok: false, field: 'submissionId' });
    expect(checkInActions.submit.parse({ ...submit, submissionId: 'x'.repeat(101) })).toEqual({ ok: false, field: 'submissionId' });
    expect(checkInActions.open.parse({ ...answerRef, quarter: 5 })).toEqual({ ok: false, field: 'quarter' });
    expect(checkInActions.open.parse({ ...answerRef, quarter: '3' })).toEqual({ ok: false, field: 'quarter' });
    expect(checkInActions.open.parse({ ...answerRef, fiscalYear: 2018 })).toEqual({ ok: false, field: 'fiscalYear' });
    expect(checkInActions.edit.parse({ ...answerRef, initiativeCode: 'A'.repeat(41) })).toEqual({ ok: false, field: 'initiativeCode' });
    expect(inquiryActions.claim.parse({ number: 'q-r8-0001' })).toEqual({ ok: false, field: 'number' });
    expect(inquiryActions.claim.parse({ number: 'Q-R8-0001\n' })).toEqual({ ok: false, field: 'number' });
    expect(inquiryActions.answer.parse({ ...number, decision: 'publish' })).toEqual({ ok: false, field: 'decision' });
    expect(inquiryActions.approve.parse(number)).toEqual({ ok: false, field: 'draftedAt' });
    expect(inquiryActions.deflect.parse({ ...SAMPLES.inquiry.deflect, suggestionIds: ['R-1', 7] })).toEqual({
      ok: false,
      field: 'suggestionIds.1',
    });
    expect(inquiryActions.submit.parse({ ...SAMPLES.inquiry.submit, subject: { text: '件名' } })).toEqual({ ok: false, field: 'subject' });
  });

  it('refuses a survey press naming the field: a forged id, a version too long, a cancel without its confirmation', () => {
    expect(surveyActions.save.parse({ ...SAMPLES.survey.save, surveyId: 'S-R8-0001<script>' })).toEqual({ ok: false, field: 'surveyId' });
    expect(surveyActions.approve.parse({ ...SAMPLES.survey.approve, version: 'x'.repeat(41) })).toEqual({ ok: false, field: 'version' });
    expect(surveyActions.submit.parse({ ...SAMPLES.survey.submit, sectionId: '' })).toEqual({ ok: false, field: 'sectionId' });
    expect(surveyActions.cancel.parse({ surveyId: 'S-R8-0001', confirmed: 'true' })).toEqual({ ok: false, field: 'confirmed' });
  });

  it('refuses a notice press naming the field: a forged id, a section too long, a revision that is no number', () => {
    expect(noticeActions.confirm.parse({ ...SAMPLES.notice.confirm, noticeId: 'N-R8-0001; DROP' })).toEqual({
      ok: false,
      field: 'noticeId',
    });
    expect(noticeActions.confirm.parse({ ...SAMPLES.notice.confirm, sectionId: 'x'.repeat(65) })).toEqual({
      ok: false,
      field: 'sectionId',
    });
    expect(noticeActions.correct.parse({ ...SAMPLES.notice.correct, revision: '2' })).toEqual({ ok: false, field: 'revision' });
    expect(inquiryActions.submit.parse({ ...SAMPLES.inquiry.submit, noticeId: 'Q-R8-0001' })).toEqual({ ok: false, field: 'noticeId' });
  });

  it('reads what cards leave out as the definition says: an empty question field, no clarification index', () => {
    expect(inquiryActions.submit.parse({ requestId: 'req-1' })).toEqual({
      ok: true,
      data: {
        requestId: 'req-1',
        targetDepartmentId: '',
        category: '',
        subject: '',
        body: '',
        legalBasis: '',
        desiredAnswerDate: '',
        urgency: '',
      },
    });
    expect(inquiryActions.reply.parse(number)).toEqual({ ok: true, data: number });
  });
});

describe('cardActionHandler', () => {
  const turn = (locale: Locale) => ({ locale }) as unknown as BotTurn;
  const reached: unknown[] = [];
  const handler = cardActionHandler(checkInActions.open, async (_turn, data, payload) => {
    reached.push({ data, payload });
    return { message: 'ok' };
  });

  beforeEach(() => (reached.length = 0));

  it("registers under the definition's verb and hands the handler typed data and the whole payload", async () => {
    expect(handler.verb).toBe('checkin.open');
    const payload = { ...answerRef, verb: 'checkin.open', extra: 'typed input' };
    expect(await handler.handle(turn('ja'), payload)).toEqual({ message: 'ok' });
    expect(reached).toEqual([{ data: answerRef, payload }]);
  });

  it('answers a malformed press once, naming the field, in Japanese or English, and reaches nothing else', async () => {
    const ja = await handler.handle(turn('ja'), { ...answerRef, quarter: 0 });
    expect(ja).toEqual({ message: expect.stringContaining('（quarter）') });
    expect((ja as { message: string }).message).toMatch(/カード/);
    const en = await handler.handle(turn('en'), { ...answerRef, fiscalYear: 'R8' });
    expect(en).toEqual({ message: expect.stringContaining('(fiscalYear)') });
    expect((en as { message: string }).message).toMatch(/card/);
    expect(reached).toEqual([]);
  });
});
