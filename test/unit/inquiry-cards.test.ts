/** @jest-environment jsdom */
import { askFormCard } from '../../bot/inquiries/cards/ask-form-card';
import { answerCard, askerStatusCard, clarificationRequestCard } from '../../bot/inquiries/cards/asker-cards';
import { approvalCard, deadlineCard, returnedCard, rulingNoticeCard } from '../../bot/inquiries/cards/hq-cards';
import type { InquiryNames } from '../../bot/inquiries/cards/inquiry-facts';
import { suggestionsCard } from '../../bot/inquiries/cards/suggestions-card';
import { queueCard } from '../../bot/inquiries/cards/queue-card';
import { threadCard, type ThreadViewer } from '../../bot/inquiries/cards/thread-card';
import type { InquiryQueueItem } from '../../bot/inquiries/rules/queue';
import { loadDemoData } from '../../bot/demo/demo-data';
import { make } from '../contract/fixtures';
import { cardSchemaErrors, renderCard } from '../support/adaptive-cards';

const { departments: demoDepartments } = loadDemoData();

const hostile = '[至急](https://evil.example) *重要* <img src=x onerror=alert(1)>';
const AT = '2026-11-27T01:00:00.000Z';
const inquiry = make.inquiry({
  subject: `資格取得日 ${hostile}`,
  body: `転入日と届出日が違う。${hostile}`,
  status: 'awaitingApproval',
  assigneeId: 'p-hq-responder',
  draft: {
    text: `回答案 ${hostile}`,
    shareWithAllWards: true,
    ruling: { title: '転入者の資格取得日', category: '国保', tags: ['資格'] },
    draftedBy: 'p-hq-responder',
    draftedAt: AT,
  },
  returnComment: `直して ${hostile}`,
  clarifications: [{ question: `日付は？ ${hostile}`, askedBy: 'p-hq-responder', askedAt: AT, reply: '11月2日', repliedAt: AT }],
});
const answered = {
  ...inquiry,
  status: 'shared' as const,
  answer: { text: `回答 ${hostile}`, answeredBy: 'p-hq-responder', approvedBy: 'p-hq-approver', answeredAt: AT },
  rulingId: 'R-R8-0001',
};
const names: InquiryNames = {
  asker: '佐藤 美咲',
  askerDepartment: '北区役所 保険年金課',
  targetDepartment: '健康福祉局 保険年金課',
  assignee: '鈴木 健太',
  drafter: '鈴木 健太',
  approver: '高橋 直子',
};
const question = {
  targetDepartmentId: 'hq-hoken-nenkin',
  category: '国保',
  subject: `件名 ${hostile}`,
  body: '内容',
  legalBasis: '',
  desiredAnswerDate: '2026-12-04',
  dueOn: '2026-12-04',
  urgency: '通常' as const,
};

const queued = (fields: Partial<InquiryQueueItem>): InquiryQueueItem => ({
  number: 'Q-R8-0003',
  subject: `住所地特例 ${hostile}`,
  category: '国保',
  status: 'submitted',
  statusName: '受付待ち',
  urgency: '通常',
  askerName: '佐藤 美咲',
  askerDepartment: '北区役所 保険年金課',
  targetDepartment: '健康福祉局 保険年金課',
  assigneeName: null,
  desiredAnswerDate: '2026-12-02',
  dueOn: '2026-12-02',
  ageBusinessDays: 6,
  businessDaysLeft: -3,
  overdue: true,
  finished: false,
  ...fields,
});
const queue = [
  queued({}),
  queued({
    number: 'Q-R8-0006',
    status: 'claimed',
    statusName: '対応中',
    assigneeName: '鈴木 健太',
    dueOn: '2026-12-09',
    businessDaysLeft: 2,
    overdue: false,
  }),
];

const cards = {
  'thread (view)': threadCard(inquiry, names, '2026-11-27'),
  'thread (answer form)': threadCard(
    { ...inquiry, status: 'claimed' },
    names,
    '2026-11-27',
    { kind: 'answerForm', errors: { answer: '回答内容を入力してください。' } },
    true,
  ),
  'thread (ask form)': threadCard({ ...inquiry, status: 'claimed' }, names, '2026-11-27', {
    kind: 'askForm',
    error: '確認したいことを入力してください。',
  }),
  'thread (answered)': threadCard(answered, names, '2026-11-27'),
  'ask form': askFormCard({
    departments: demoDepartments.filter((d) => d.kind === 'hq'),
    today: '2026-11-27',
    requestId: 'r1',
    errors: { subject: '件名を入力してください。' },
  }),
  suggestions: suggestionsCard(
    question,
    '健康福祉局 保険年金課',
    [{ kind: 'ruling', id: 'R-0020', title: `在留期間 ${hostile}`, excerpt: hostile, url: 'http://127.0.0.1:3978/tab/#/rulings/R-0020' }],
    'r1',
  ),
  'asker status': askerStatusCard(inquiry, names, '2026-11-27'),
  'asker status (withdraw form)': askerStatusCard(inquiry, names, '2026-11-27', {
    kind: 'withdrawForm',
    error: '取り下げる理由を入力してください。',
    value: hostile,
  }),
  'asker status (withdrawn, can undo)': askerStatusCard(
    { ...inquiry, status: 'withdrawn', assigneeId: null, withdrawal: { reason: `自己解決 ${hostile}`, by: 'p-ward-staff', at: AT } },
    names,
    '2026-11-27',
  ),
  'thread (reassign form)': threadCard({ ...inquiry, status: 'claimed' }, names, '2026-11-27', {
    kind: 'reassignForm',
    candidates: [{ id: 'p-hq-approver', name: `高橋 直子 ${hostile}` }],
    error: '新しい担当者を選んでください。',
  }),
  answer: answerCard(answered, names, 'http://127.0.0.1:3978/tab/#/rulings/R-R8-0001'),
  clarification: clarificationRequestCard(inquiry, `日付は？ ${hostile}`, '鈴木 健太'),
  approval: approvalCard(inquiry, names, '2026-11-27', '差し戻すときは理由を入力してください。'),
  returned: returnedCard({ ...inquiry, status: 'returned' }, '高橋 直子'),
  deadline: deadlineCard(inquiry, names, '2026-12-07', 'escalation'),
  'inquiry list (ward)': queueCard('あなたの対応中の照会', queue, 'asker'),
  'inquiry list (HQ)': queueCard('健康福祉局 保険年金課 の対応中の照会', queue, 'hq'),
  notice: rulingNoticeCard(answered, 'R-R8-0001', `転入者 ${hostile}`, '健康福祉局 保険年金課'),
};

describe('inquiry cards', () => {
  it.each(Object.entries(cards))('%s is a valid Adaptive Card 1.5 that shows user text literally', (_name, card) => {
    expect(cardSchemaErrors(card)).toEqual([]);
    const { html } = renderCard(card);
    expect(html).not.toContain('href="https://evil.example"');
    expect(html).not.toContain('<img src="x"');
    expect(html).not.toContain('<em>重要</em>');
  });

  it('the thread card offers what the status allows', () => {
    const buttons = (status: Parameters<typeof threadCard>[0]['status']) =>
      renderCard(threadCard({ ...inquiry, status }, names, '2026-11-27')).buttons;
    expect(buttons('submitted')).toEqual(['担当する', '担当変更']);
    expect(buttons('claimed')).toEqual(['回答する', '質問者に確認', '担当を外す', '担当変更']);
    expect(buttons('awaitingInfo')).toEqual(['担当変更']);
    expect(buttons('awaitingApproval')).toEqual([]);
    expect(renderCard(cards['thread (answered)']).text).toContain('判断事例 R-R8-0001 として全区に共有しました。');
    expect(renderCard(cards['thread (answer form)']).buttons).toEqual(['承認を依頼する', '下書き保存', 'キャンセル']);
  });

  it('deadline and due texts count business days', () => {
    expect(renderCard(cards.deadline).text).toContain('希望回答日：令和8年11月30日（5 営業日超過）');
    expect(renderCard(cards['thread (view)']).text).toContain('令和8年11月30日（あと 1 営業日）');
  });

  it("照会一覧 is one table, a row per inquiry: number, the other side, the tab's status word, due date and days left or over", () => {
    const rowsOf = (card: ReturnType<typeof queueCard>) => {
      const table = card.body.find((e) => e.type === 'Table') as unknown as {
        rows: { cells: { items: { text: string; color?: string }[] }[] }[];
      };
      return table.rows.map((row) => row.cells.map((cell) => cell.items.map((item) => item.text.replace(/\\/g, '')).join(' ')));
    };
    const ward = rowsOf(cards['inquiry list (ward)']);
    expect(ward[0]).toEqual(['照会', '宛先', '状態', '希望回答日', '期限まで']);
    expect(ward[1]).toEqual([`Q-R8-0003 住所地特例 ${hostile}`, '健康福祉局 保険年金課', '受付待ち', '令和8年12月2日', '3営業日超過']);
    expect(ward[2]).toEqual([`Q-R8-0006 住所地特例 ${hostile}`, '健康福祉局 保険年金課', '対応中', '令和8年12月9日', 'あと2営業日']);
    // HQ sees who asks and who took it; 担当者未定 is the tab's word too.
    const hq = rowsOf(cards['inquiry list (HQ)']);
    expect(hq[0][1]).toBe('質問元');
    expect(hq[1].slice(1, 3)).toEqual(['北区役所 保険年金課', '受付待ち 担当者未定']);
    expect(hq[2][2]).toBe('対応中 担当 鈴木 健太');
    // Red only on the overdue days, with 超過 in words; no line of the card is red as a whole.
    const table = JSON.stringify(cards['inquiry list (ward)']);
    expect(table.match(/"color":"Attention"/g)).toHaveLength(1);
    expect(renderCard(queueCard('あなたの対応中の照会', [], 'asker')).text).toContain('対応中の照会はありません。');
  });
});

describe('the thread card as each person sees it (user-specific views)', () => {
  const ids = Array.from({ length: 70 }, (_, i) => `29:user-${i}`);

  it('carries refresh for at most 60 people (Microsoft’s limit), and is still a valid card', () => {
    const card = threadCard({ ...inquiry, status: 'submitted' }, names, '2026-11-27', { kind: 'view' }, false, {
      viewer: 'everyone',
      refreshFor: ids,
    });
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', title: '最新の状態', verb: 'inquiry.view', data: { number: inquiry.number } },
      userIds: ids.slice(0, 60),
    });
    expect(renderCard(card).buttons).toEqual(['担当する', '担当変更']);
  });

  it('shows the buttons only to someone who may act on it, 担当を外す to the assignee and 担当変更 to who may reassign', () => {
    const as = (viewer: ThreadViewer) =>
      renderCard(threadCard({ ...inquiry, status: 'claimed' }, names, '2026-11-27', { kind: 'view' }, false, { viewer })).buttons;
    expect(as({ mayAct: true })).toEqual(['回答する', '質問者に確認']);
    expect(as({ mayAct: true, isAssignee: true })).toEqual(['回答する', '質問者に確認', '担当を外す']);
    expect(as({ mayAct: true, mayReassign: true })).toEqual(['回答する', '質問者に確認', '担当変更']);
    expect(as({ mayAct: false })).toEqual([]);
    expect(as({ mayAct: false, mayReassign: true })).toEqual(['担当変更']);
  });
});
