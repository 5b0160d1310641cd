import { ALLOWED_FROM, transition, type InquiryEvent, type TransitionResult } from '../../bot/inquiries/rules/lifecycle';
import { refusalText } from '../../bot/inquiries/strings';
import type { Locale } from '../../shared/locale';
import { INQUIRY_STATUSES, type Inquiry, type InquiryStatus } from '../../bot/inquiries/model';
import { make } from '../contract/fixtures';

const AT = '2026-11-24T01:00:00.000Z';
/** A refused step's reason as the reader sees it (undefined when the step was taken). */
const refusalOf = (result: TransitionResult, locale: Locale = 'ja') => ('error' in result ? refusalText(locale, result.error) : undefined);
const draft = { text: '転入日から資格を取得します。', shareWithAllWards: false, ruling: null };
const sharedDraft = {
  text: '全区共通の取扱いです。',
  shareWithAllWards: true,
  ruling: { title: '転入日の資格取得', category: '国民健康保険', tags: ['資格'] },
};

/** One event of each type, by someone who is not the drafter unless noted. */
const EVENTS: Record<InquiryEvent['type'], InquiryEvent> = {
  claim: { type: 'claim', by: 'p-hq-responder' },
  requestInfo: { type: 'requestInfo', by: 'p-hq-responder', question: '転入届の日付を教えてください' },
  provideInfo: { type: 'provideInfo', by: 'p-ward-staff', reply: '11月2日です' },
  saveDraft: { type: 'saveDraft', by: 'p-hq-responder', draft },
  submitAnswer: { type: 'submitAnswer', by: 'p-hq-responder', draft, approvalRequired: true },
  approve: { type: 'approve', by: 'p-hq-approver' },
  return: { type: 'return', by: 'p-hq-approver', comment: '根拠条文を追記してください' },
  withdraw: { type: 'withdraw', by: 'p-ward-staff', reason: '自己解決したため' },
  restore: { type: 'restore', by: 'p-ward-staff' },
  release: { type: 'release', by: 'p-hq-responder' },
  reassign: { type: 'reassign', by: 'p-hq-approver', to: 'p-hq-approver' },
};

const inStatus = (status: InquiryStatus, o: Partial<Inquiry> = {}): Inquiry =>
  make.inquiry({
    status,
    // A withdrawn one in the fixture was withdrawn before anyone took it on (so it can be restored).
    assigneeId: status === 'submitted' || status === 'withdrawn' ? null : 'p-hq-responder',
    draft: ['drafted', 'awaitingApproval', 'returned'].includes(status) ? { ...draft, draftedBy: 'p-hq-responder', draftedAt: AT } : null,
    clarifications:
      status === 'awaitingInfo' ? [{ question: '日付は？', askedBy: 'p-hq-responder', askedAt: AT, reply: null, repliedAt: null }] : [],
    ...o,
  });

/** Where each legal (event, from) pair leads. */
const EXPECTED_TO: Record<InquiryEvent['type'], (from: InquiryStatus) => InquiryStatus> = {
  claim: () => 'claimed',
  requestInfo: () => 'awaitingInfo',
  provideInfo: () => 'claimed', // no draft in the fixture's awaitingInfo
  saveDraft: () => 'drafted',
  submitAnswer: () => 'awaitingApproval',
  approve: () => 'answered',
  return: () => 'returned',
  withdraw: () => 'withdrawn',
  restore: () => 'submitted',
  release: () => 'submitted',
  reassign: (from) => (from === 'submitted' ? 'claimed' : from),
};

describe('inquiry lifecycle', () => {
  const cells = (Object.keys(EVENTS) as InquiryEvent['type'][]).flatMap((type) => INQUIRY_STATUSES.map((from) => [type, from] as const));

  it.each(cells)('%s from %s: allowed exactly when the table says so', (type, from) => {
    const result = transition(inStatus(from), EVENTS[type], AT);
    if (ALLOWED_FROM[type].includes(from)) {
      expect(result).toMatchObject({ from, to: EXPECTED_TO[type](from) });
      if ('inquiry' in result) expect(result.inquiry.updatedAt).toBe(AT);
    } else {
      expect(refusalOf(result)).toMatch(/できません|既に完了しています/);
    }
  });

  it('names the event and the status when refusing, and calls a finished inquiry finished', () => {
    expect(refusalOf(transition(inStatus('claimed'), EVENTS.claim, AT))).toBe('「担当する」は今の状態ではできません（Q-R8-0001：対応中）');
    expect(refusalOf(transition(inStatus('shared'), EVENTS.withdraw, AT))).toBe(
      'この照会は既に完了しています（Q-R8-0001：回答済（全区共有））',
    );
  });

  it('words every refusal in English for an English reader, with no Japanese left', () => {
    expect(refusalOf(transition(inStatus('claimed'), EVENTS.claim, AT), 'en')).toBe(
      '"Take it on" is not possible in the inquiry\'s current state (Q-R8-0001: In progress).',
    );
    const refusals = cells
      .filter(([type, from]) => !ALLOWED_FROM[type].includes(from))
      .map(([type, from]) => refusalOf(transition(inStatus(from), EVENTS[type], AT), 'en'));
    refusals.push(refusalOf(transition(inStatus('awaitingApproval'), { type: 'approve', by: 'p-hq-responder' }, AT), 'en'));
    refusals.push(refusalOf(transition(inStatus('drafted'), { type: 'release', by: 'p-hq-approver' }, AT), 'en'));
    for (const text of refusals) expect(text).toMatch(/^[\x20-\x7e]+$/);
  });

  it('claim records who took it', () => {
    const result = transition(inStatus('submitted'), EVENTS.claim, AT);
    expect('inquiry' in result && result.inquiry.assigneeId).toBe('p-hq-responder');
  });

  it('an answer without approval is delivered at once, and shared when it is for every ward', () => {
    const plain = transition(inStatus('claimed'), { ...EVENTS.submitAnswer, approvalRequired: false } as InquiryEvent, AT);
    expect(plain).toMatchObject({
      to: 'answered',
      inquiry: { answer: { text: draft.text, answeredBy: 'p-hq-responder', approvedBy: null, answeredAt: AT } },
    });
    const shared = transition(
      inStatus('drafted'),
      { type: 'submitAnswer', by: 'p-hq-responder', draft: sharedDraft, approvalRequired: false },
      AT,
    );
    expect(shared).toMatchObject({ to: 'shared', inquiry: { draft: { ruling: sharedDraft.ruling } } });
  });

  it("approval delivers the drafter's answer with the approver named; nobody approves or returns their own draft", () => {
    const approved = transition(inStatus('awaitingApproval'), EVENTS.approve, AT);
    expect(approved).toMatchObject({ to: 'answered', inquiry: { answer: { answeredBy: 'p-hq-responder', approvedBy: 'p-hq-approver' } } });
    expect(refusalOf(transition(inStatus('awaitingApproval'), { type: 'approve', by: 'p-hq-responder' }, AT))).toBe(
      '自分が作成した回答は承認できません。別の承認者に依頼してください',
    );
    expect(refusalOf(transition(inStatus('awaitingApproval'), { type: 'return', by: 'p-hq-responder', comment: 'x' }, AT))).toBe(
      '自分が作成した回答は差し戻せません',
    );
  });

  it('a returned draft keeps its text and carries the comment; resubmitting clears the comment', () => {
    const returned = transition(inStatus('awaitingApproval'), EVENTS.return, AT);
    expect(returned).toMatchObject({
      to: 'returned',
      inquiry: { returnComment: '根拠条文を追記してください', draft: { text: draft.text } },
    });
    if (!('inquiry' in returned)) throw new Error('expected a transition');
    const again = transition(returned.inquiry, EVENTS.submitAnswer, AT);
    expect(again).toMatchObject({ to: 'awaitingApproval', inquiry: { returnComment: null } });
  });

  it("the asker's reply completes the open clarification and goes back to the draft if there is one", () => {
    const withDraft = inStatus('awaitingInfo', { draft: { ...draft, draftedBy: 'p-hq-responder', draftedAt: AT } });
    const result = transition(withDraft, EVENTS.provideInfo, '2026-11-25T00:00:00.000Z');
    expect(result).toMatchObject({
      to: 'drafted',
      inquiry: { clarifications: [{ question: '日付は？', reply: '11月2日です', repliedAt: '2026-11-25T00:00:00.000Z' }] },
    });
  });

  it('a withdrawal keeps its reason and is undone only while nobody had taken the inquiry on', () => {
    const withdrawn = transition(inStatus('submitted'), EVENTS.withdraw, AT);
    expect(withdrawn).toMatchObject({
      to: 'withdrawn',
      inquiry: { withdrawal: { reason: '自己解決したため', by: 'p-ward-staff', at: AT } },
    });
    if (!('inquiry' in withdrawn)) throw new Error('expected a transition');
    expect(transition(withdrawn.inquiry, EVENTS.restore, AT)).toMatchObject({ to: 'submitted', inquiry: { withdrawal: null } });
    const afterClaim = transition(inStatus('claimed'), EVENTS.withdraw, AT);
    if (!('inquiry' in afterClaim)) throw new Error('expected a transition');
    expect(refusalOf(transition(afterClaim.inquiry, EVENTS.restore, AT))).toBe(
      '担当者が決まった後の取下げは取り消せません。改めて質問してください（Q-R8-0001）',
    );
  });

  it('only the assignee gives an inquiry back, and it goes back to the queue with its draft', () => {
    expect(refusalOf(transition(inStatus('drafted'), { type: 'release', by: 'p-hq-approver' }, AT))).toBe(
      '担当者本人だけが担当を外せます（Q-R8-0001）',
    );
    expect(transition(inStatus('drafted'), EVENTS.release, AT)).toMatchObject({
      to: 'submitted',
      inquiry: { assigneeId: null, draft: { text: draft.text } },
    });
  });

  it('reassigning names the new assignee and keeps the work where it was; the same person again is refused', () => {
    expect(transition(inStatus('returned'), EVENTS.reassign, AT)).toMatchObject({
      to: 'returned',
      inquiry: { assigneeId: 'p-hq-approver', returnComment: null },
    });
    expect(refusalOf(transition(inStatus('claimed'), { ...EVENTS.reassign, to: 'p-hq-responder' } as InquiryEvent, AT))).toBe(
      '既にその職員が担当しています（Q-R8-0001）',
    );
  });
});
