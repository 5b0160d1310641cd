/** @jest-environment jsdom */
import { askFormCard } from '../../bot/inquiries/cards/ask-form-card';
import { answerCard, askerStatusCard, clarificationRequestCard } from '../../bot/inquiries/cards/asker-cards';
import { approvalCard, deadlineCard, returnedCard, rulingNoticeCard } from '../../bot/inquiries/cards/hq-cards';
import type { InquiryNames } from '../../bot/inquiries/cards/inquiry-facts';
import { searchResultsCard } from '../../bot/inquiries/cards/search-results-card';
import { suggestionsCard } from '../../bot/inquiries/cards/suggestions-card';
import { inquiryText, type InquiryMessageKey } from '../../bot/inquiries/strings';
import type { Locale } from '../../bot/platform/i18n';
import { queueCard } from '../../bot/inquiries/cards/queue-card';
import type { SimilarCasesView } from '../../bot/inquiries/cards/similar-cases-section';
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

/** What the cards are drawn from: one inquiry at each stage, its people, the chat list, the form's departments. */
interface Fixture {
  inquiry: typeof inquiry;
  answered: typeof answered;
  names: InquiryNames;
  queue: InquiryQueueItem[];
  question: typeof question;
  departments: typeof demoDepartments;
  /** What a person typed, for the reasons, replies and candidate names the cards echo. */
  typed: string;
}

/** Every inquiry card in one language (errors as the handlers word them in that language). */
function cardsFor(locale: Locale, fx: Fixture) {
  const { inquiry, answered, names, queue, question, typed } = fx;
  const say = (key: InquiryMessageKey) => inquiryText(locale, key);
  return {
    'thread (view)': threadCard(inquiry, names, '2026-11-27', { kind: 'view' }, false, { viewer: 'everyone', locale }),
    'thread (answer form)': threadCard(
      { ...inquiry, status: 'claimed' },
      names,
      '2026-11-27',
      { kind: 'answerForm', errors: { answer: '回答内容を入力してください。' } },
      true,
      { viewer: 'everyone', locale },
    ),
    'thread (ask form)': threadCard(
      { ...inquiry, status: 'claimed' },
      names,
      '2026-11-27',
      { kind: 'askForm', error: say('thread.askMissing') },
      false,
      { viewer: 'everyone', locale },
    ),
    'thread (answered)': threadCard(answered, names, '2026-11-27', { kind: 'view' }, false, { viewer: 'everyone', locale }),
    'ask form': askFormCard({
      departments: fx.departments.filter((d) => d.kind === 'hq'),
      today: '2026-11-27',
      locale,
      requestId: 'r1',
      errors: { subject: '件名を入力してください。' },
    }),
    suggestions: suggestionsCard(
      question,
      names.targetDepartment,
      [{ kind: 'ruling', id: 'R-0020', title: typed, excerpt: typed, url: 'http://127.0.0.1:3978/tab/#/rulings/R-0020' }],
      'r1',
      locale,
    ),
    'asker status': askerStatusCard(inquiry, names, '2026-11-27', locale),
    'asker status (withdraw form)': askerStatusCard(inquiry, names, '2026-11-27', locale, {
      kind: 'withdrawForm',
      error: say('withdraw.reasonMissing'),
      value: typed,
    }),
    'asker status (withdrawn, can undo)': askerStatusCard(
      { ...inquiry, status: 'withdrawn', assigneeId: null, withdrawal: { reason: typed, by: 'p-ward-staff', at: AT } },
      names,
      '2026-11-27',
      locale,
    ),
    'asker status (answered)': askerStatusCard(answered, names, '2026-11-27', locale),
    'thread (reassign form)': threadCard(
      { ...inquiry, status: 'claimed' },
      names,
      '2026-11-27',
      { kind: 'reassignForm', candidates: [{ id: 'p-hq-approver', name: `${names.approver} ${typed}` }], error: say('reassign.missing') },
      false,
      { viewer: 'everyone', locale },
    ),
    'thread (handed over, with refresh)': threadCard({ ...inquiry, status: 'claimed' }, names, '2026-11-27', { kind: 'view' }, false, {
      viewer: { mayAct: true, isAssignee: true, mayReassign: true },
      header: inquiryText(locale, 'assigned.header', { by: names.approver ?? '' }),
      refreshFor: ['29:user-1'],
      locale,
    }),
    answer: answerCard(answered, names, locale, 'http://127.0.0.1:3978/tab/#/rulings/R-R8-0001'),
    clarification: clarificationRequestCard(inquiry, typed, names.assignee ?? '', locale),
    approval: approvalCard(inquiry, names, '2026-11-27', locale, say('approval.commentMissing')),
    returned: returnedCard({ ...inquiry, status: 'returned' }, names.approver ?? '', locale),
    deadline: deadlineCard(inquiry, names, '2026-12-07', 'escalation', locale),
    reminder: deadlineCard({ ...inquiry, assigneeId: null }, { ...names, assignee: null }, '2026-11-27', 'reminder', locale),
    'inquiry list (ward)': queueCard(say('queue.mine'), queue, 'asker', locale),
    'inquiry list (HQ)': queueCard(inquiryText(locale, 'queue.department', { department: names.targetDepartment }), queue, 'hq', locale),
    'inquiry list (empty)': queueCard(say('queue.mine'), [], 'asker', locale),
    notice: rulingNoticeCard(answered, 'R-R8-0001', typed, names.targetDepartment, locale),
    search: searchResultsCard({
      query: typed,
      locale,
      results: [
        {
          kind: 'ruling',
          id: 'R-0020',
          title: [{ text: typed, hit: true }],
          department: names.targetDepartment,
          category: question.category,
          snippet: [{ text: typed }],
          url: 'http://127.0.0.1:3978/tab/#/rulings/R-0020',
        },
      ],
    }),
    'search (manuals)': searchResultsCard({
      query: typed,
      locale,
      results: [
        // Manuals found by their documents' text say on which page (PDF) or under which heading (docx).
        {
          kind: 'manual',
          id: 'M-001',
          title: [{ text: typed }],
          department: names.targetDepartment,
          category: question.category,
          snippet: [{ text: typed, hit: true }],
          url: 'https://sakura-city.sharepoint.com/sites/renkei/Manuals/m-001.pdf',
          location: { page: 4 },
        },
        {
          kind: 'manual',
          id: 'M-008',
          title: [{ text: typed }],
          department: names.targetDepartment,
          category: question.category,
          snippet: [{ text: typed }],
          url: 'https://sakura-city.sharepoint.com/sites/renkei/Manuals/m-008.docx',
          location: { heading: typed },
        },
      ],
    }),
    'search (nothing found)': searchResultsCard({
      query: typed,
      locale,
      results: [],
      suggestions: { didYouMean: typed, categories: [question.category] },
    }),
  };
}

const hostileFixture: Fixture = { inquiry, answered, names, queue, question, departments: demoDepartments, typed: `在留期間 ${hostile}` };
const cards = cardsFor('ja', hostileFixture);

describe('inquiry cards', () => {
  const bothLocales = [
    ...Object.entries(cards),
    ...Object.entries(cardsFor('en', hostileFixture)).map(([name, card]) => [`${name} (en)`, card] as const),
  ];
  it.each(bothLocales)('%s is a valid Adaptive Card 1.5 that shows user text literally', (_name, card) => {
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
    expect(renderCard(cards['inquiry list (empty)']).text).toContain('対応中の照会はありません。');
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

/**
 * Each card in each language, drawn from what people typed in that language: an English reader's
 * card has no Japanese but what was typed and proper names (here all in English, so any Japanese
 * is a leftover), and a Japanese reader's has no English words.
 */
describe('inquiry cards in Japanese and English', () => {
  const englishFixture: Fixture = {
    inquiry: {
      ...inquiry,
      subject: 'Date of joining for a new resident',
      body: 'The moving-in date and the filing date differ.',
      category: 'National Health Insurance',
      legalBasis: 'Article 7',
      urgency: '至急',
      draft: inquiry.draft && {
        ...inquiry.draft,
        text: 'Draft text',
        ruling: { title: 'Joining date', category: 'NHI', tags: ['joining', 'date'] },
      },
      returnComment: 'Please cite the article',
      clarifications: [
        { question: 'Which date?', askedBy: 'p-hq-responder', askedAt: AT, reply: 'November 2', repliedAt: AT },
        { question: 'Any documents?', askedBy: 'p-hq-responder', askedAt: AT, reply: null, repliedAt: null },
      ],
    },
    answered: {
      ...answered,
      subject: 'Date of joining for a new resident',
      body: 'The moving-in date and the filing date differ.',
      category: 'National Health Insurance',
      legalBasis: '',
      clarifications: [],
      answer: { ...answered.answer, text: 'From the moving-in date.' },
    },
    names: {
      asker: 'Misaki Sato',
      askerDepartment: 'Kita Ward Office Insurance Section',
      targetDepartment: 'Health Bureau Insurance Section',
      assignee: 'Kenta Suzuki',
      drafter: 'Kenta Suzuki',
      approver: 'Naoko Takahashi',
    },
    queue: queue.map((item) => ({
      ...item,
      subject: 'Special rule for care homes',
      askerDepartment: 'Kita Ward Office Insurance Section',
      targetDepartment: 'Health Bureau Insurance Section',
      assigneeName: item.assigneeName && 'Kenta Suzuki',
    })),
    question: { ...question, category: 'NHI', subject: 'Joining date', body: 'Question' },
    departments: demoDepartments.map((d) => ({ ...d, office: 'Health Bureau', name: `Section ${d.id}` })),
    typed: 'Solved it myself',
  };
  const japaneseFixture: Fixture = { ...hostileFixture, typed: '自己解決しました' };

  /** What a reader sees and hears: the rendered text, the buttons, and each label, title and error message in the card. */
  const visible = (card: unknown) => {
    const rendered = renderCard(card);
    const shown: string[] = [rendered.text, ...rendered.buttons];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string' && ['label', 'errorMessage', 'title', 'placeholder'].includes(key)) shown.push(value);
        else if (key !== 'data') walk(value);
      }
    };
    walk(card);
    return shown.join('\n');
  };
  const JAPANESE = /[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff01-\uff5e]/g;

  it.each(Object.entries(cardsFor('en', englishFixture)))('%s in English has no Japanese left', (_name, card) => {
    const text = visible(card);
    expect(text.match(JAPANESE) ?? []).toEqual([]);
    expect(text).toMatch(/[a-z]{3}/);
  });

  it.each(Object.entries(cardsFor('ja', japaneseFixture)))('%s in Japanese has no English words', (_name, card) => {
    // Leaving out the hostile text the fixture types (it is in Latin letters), links and ids.
    const text = visible(card)
      .split(hostile)
      .join('')
      .replace(/https?:\/\/\S+/g, '');
    expect(text.match(/[A-Za-z]{3,}/g) ?? []).toEqual([]);
  });

  it("words statuses, dates, urgency and buttons in the reader's language", () => {
    const en = cardsFor('en', englishFixture);
    expect(renderCard(en['thread (view)']).text).toContain('Answer wanted by');
    expect(renderCard(en['thread (view)']).text).toContain('2026-11-30 (1 business day left)');
    expect(renderCard(en['thread (view)']).text).toContain('Urgent');
    expect(renderCard(en['thread (view)']).text).toContain('Awaiting approval, handled by Kenta Suzuki');
    expect(renderCard(en['thread (answer form)']).buttons).toEqual(['Ask for approval', 'Save draft', 'Cancel']);
    expect(renderCard(en['thread (answer form)']).text).toContain('Enter the answer, at most 4,000 characters.');
    expect(renderCard(en['ask form']).text).toContain('Enter a subject of at most 100 characters.');
    expect(renderCard(en['asker status']).buttons).toEqual(['Withdraw']);
    expect(renderCard(en.approval).buttons).toEqual(['Approve', 'Return']);
    expect(renderCard(en.deadline).text).toContain('Answer overdue: ');
    expect(renderCard(en.reminder).text).toContain('Status: Unassigned');
    const hq = renderCard(en['inquiry list (HQ)']).text;
    expect(hq).toContain('Open inquiries of Health Bureau Insurance Section (2)');
    expect(hq).toContain('Waiting to be taken');
    expect(hq).toContain('3 business days overdue');
    expect(renderCard(en['inquiry list (empty)']).text).toContain('No open inquiries.');
    expect(renderCard(en.search).buttons).toEqual(['Open', 'This settles it', 'Ask HQ']);
    expect(renderCard(en['search (manuals)']).text).toMatch(/M-001 · page 4/);
    expect(renderCard(en['search (manuals)']).text).toMatch(/M-008 · heading: /);
    // The same cards in Japanese keep their words.
    const ja = cardsFor('ja', japaneseFixture);
    expect(renderCard(ja['asker status']).buttons).toEqual(['取り下げる']);
    expect(renderCard(ja.reminder).text).toContain('状態：担当者未定');
    expect(renderCard(ja['thread (view)']).text).toContain('至急');
    expect(renderCard(ja['search (manuals)']).text).toMatch(/M-001・4ページ/);
    expect(renderCard(ja['search (manuals)']).text).toMatch(/M-008・見出し：/);
  });
});

describe('同様の照会・判断事例 on the thread card, and a cited answer', () => {
  const similar: SimilarCasesView = {
    cases: [
      {
        kind: 'ruling',
        id: 'R-0006',
        title: `住所地特例 ${hostile}`,
        category: '介護保険',
        answer: `適用 ${hostile}`,
        status: 'current',
        citable: true,
        score: 1.2,
      },
      {
        kind: 'inquiry',
        id: 'Q-R7-0101',
        title: `特養 ${hostile}`,
        category: '後期高齢者医療',
        answer: null,
        status: 'claimed',
        askerDepartmentId: 'ward-chuo',
        citable: false,
        score: 0.8,
      },
    ],
    departmentNames: { 'ward-chuo': `中央区役所 ${hostile}` },
    tabUrl: 'http://127.0.0.1:3978/tab/',
  };
  const citation = { kind: 'ruling' as const, id: 'R-0006', title: `住所地特例 ${hostile}` };
  const mayAct: ThreadViewer = { mayAct: true, isAssignee: true, mayReassign: false };
  const claimed = { ...inquiry, status: 'claimed' as const };
  const cardsIn = (locale: Locale) => ({
    view: threadCard(claimed, names, '2026-11-27', { kind: 'view' }, true, { viewer: mayAct, similar, locale }),
    form: threadCard({ ...claimed, draft: null }, names, '2026-11-27', { kind: 'answerForm', cite: 'ruling:R-0006' }, true, {
      viewer: mayAct,
      similar,
      locale,
    }),
    answer: answerCard({ ...answered, answer: { ...answered.answer, citation } }, names, locale, undefined, 'http://127.0.0.1:3978/tab/'),
  });

  it.each(['ja', 'en'] as const)('are valid Adaptive Cards 1.5 that show user text literally (%s)', (locale) => {
    for (const card of Object.values(cardsIn(locale))) {
      expect(cardSchemaErrors(card)).toEqual([]);
      const { html } = renderCard(card);
      expect(html).not.toContain('href="https://evil.example"');
      expect(html).not.toContain('<img src="x"');
      expect(html).not.toContain('<em>重要</em>');
    }
  });

  it('shows each case with its status and answer; only a citable one offers citing, and the form starts from it', () => {
    const { view, form, answer } = cardsIn('ja');
    const shown = renderCard(view);
    expect(shown.text).toContain('同様の照会・判断事例');
    expect(shown.text).toContain('状態：現行');
    expect(shown.text).toContain('状態：対応中');
    expect(shown.text).toContain('回答はまだありません。');
    expect(shown.buttons.filter((b) => b === 'これを引用して回答する')).toHaveLength(1); // the ruling, not the unanswered inquiry
    expect(form.body.find((e) => e.id === 'cite')).toMatchObject({ type: 'Input.ChoiceSet', value: 'ruling:R-0006' });
    expect(form.body.find((e) => e.id === 'answer')).toMatchObject({ value: `適用 ${hostile}` });
    // Nobody outside the department, and no finished inquiry, gets the list.
    const outsider = threadCard(claimed, names, '2026-11-27', { kind: 'view' }, true, { viewer: { mayAct: false }, similar });
    expect(JSON.stringify(outsider)).not.toContain('これを引用して回答する');
    expect(renderCard(threadCard(answered, names, '2026-11-27', { kind: 'view' }, true, { viewer: mayAct, similar })).text).not.toContain(
      '同様の照会',
    );
    const told = renderCard(answer);
    expect(told.text).toContain('この回答は、判断事例 R-0006「住所地特例');
    expect(told.buttons).toContain('引用元を開く');
    expect(renderCard(cardsIn('en').answer).text).toContain('This answer is the same ruling as ruling R-0006');
  });
});
