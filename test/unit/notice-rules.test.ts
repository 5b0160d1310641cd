import fc from 'fast-check';
import type { Department } from '../../bot/directory/model';
import { businessDaysBetween, japanDateOf } from '../../bot/platform/fiscal-calendar';
import type { Notice } from '../../bot/notices/model';
import {
  confirmationSummary,
  confirmSection,
  correctNotice,
  daysToFullConfirmation,
  followUpFor,
  initialSections,
  resolveAudience,
  validateNoticeRequest,
} from '../../bot/notices/rules';

const ward = (id: string, name: string, office: string, categories: string[]): Department => ({
  id,
  name,
  office,
  kind: 'ward',
  approvalRequired: false,
  inquiryChannelId: null,
  noticeChannelId: null,
  categories,
});
const DEPARTMENTS: Department[] = [
  {
    id: 'hq-hoken',
    name: '保険年金課',
    office: '健康福祉局',
    kind: 'hq',
    approvalRequired: true,
    inquiryChannelId: null,
    noticeChannelId: null,
    categories: ['国民健康保険'],
  },
  ward('w-kita-hoken', '保険年金課', '北区役所', ['国民健康保険', '国民年金']),
  ward('w-kita-shimin', '市民課', '北区役所', ['戸籍']),
  ward('w-minami-hoken', '保険年金課', '南区役所', ['国民健康保険']),
];

const VALID = { kind: '制度改正', title: '国保の資格喪失日の取扱い', body: '本文', audience: { allWards: true } };
// Monday 2026-12-07; five business days later is Monday 2026-12-14.
const TODAY = '2026-12-07';

function sentNotice(overrides: Partial<Notice> = {}): Notice {
  return {
    id: 'N-R8-0001',
    fiscalYear: 2026,
    kind: '制度改正',
    title: 't',
    body: 'b',
    effectiveOn: null,
    confirmBy: '2026-12-14',
    audience: { allWards: true },
    rulingIds: [],
    supersedesRulingIds: [],
    manualIds: [],
    senderId: 'p-hq',
    senderDepartmentId: 'hq-hoken',
    status: 'sent',
    approvedBy: null,
    returnComment: null,
    revision: 1,
    sections: initialSections(DEPARTMENTS.slice(1), () => true),
    history: [],
    requestId: 'r1',
    createdAt: '2026-12-07T00:00:00.000Z',
    sentAt: '2026-12-07T00:00:00.000Z',
    updatedAt: '2026-12-07T00:00:00.000Z',
    ...overrides,
  };
}

describe('notice request validation', () => {
  it('accepts a minimal notice and defaults the 確認期限 to five business days', () => {
    const result = validateNoticeRequest(VALID, TODAY);
    expect(result).toEqual({
      request: expect.objectContaining({ kind: '制度改正', confirmBy: '2026-12-14', effectiveOn: null, rulingIds: [], manualIds: [] }),
    });
  });

  it('skips 年末年始 when it defaults the 確認期限', () => {
    const result = validateNoticeRequest(VALID, '2026-12-25');
    // 12-28 is the last business day before the closure (12-29 to 01-03); then 01-04 onwards.
    expect('request' in result && result.request.confirmBy).toBe('2027-01-07');
  });

  it('names every bad field, in Japanese', () => {
    const result = validateNoticeRequest(
      {
        kind: '通知',
        title: '',
        body: 'x'.repeat(8001),
        effectiveOn: '2026-02-30',
        confirmBy: TODAY,
        audience: { wardSections: [] },
        rulingIds: 'R-1',
        manualIds: [1],
      },
      TODAY,
    );
    expect('errors' in result && Object.keys(result.errors).sort()).toEqual(
      ['audience', 'body', 'confirmBy', 'effectiveOn', 'kind', 'manualIds', 'rulingIds', 'title'].sort(),
    );
    if ('errors' in result) for (const message of Object.values(result.errors)) expect(message).toMatch(/[ぁ-んァ-ン一-龥]/);
  });

  it('refuses an audience that names two kinds at once or is not an object', () => {
    for (const audience of [
      { allWards: true, category: '国民健康保険' },
      { allWards: false },
      'all',
      null,
      [],
      { wardSections: 'w-kita-hoken' },
      { category: '  ' },
    ]) {
      const result = validateNoticeRequest({ ...VALID, audience }, TODAY);
      expect('errors' in result && typeof result.errors.audience).toBe('string');
    }
  });

  it('counts a superseded ruling among the rulings it changes, each id once', () => {
    const result = validateNoticeRequest({ ...VALID, rulingIds: ['R-0003', 'R-0003'], supersedesRulingIds: ['R-0011'] }, TODAY);
    expect('request' in result && result.request.rulingIds).toEqual(['R-0003', 'R-0011']);
    expect('request' in result && result.request.supersedesRulingIds).toEqual(['R-0011']);
  });

  it('never throws and never accepts a payload without kind, title, body and audience', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = validateNoticeRequest(input, TODAY);
        if ('request' in result) {
          expect(result.request.title.trim()).not.toBe('');
          expect(result.request.body.trim()).not.toBe('');
        }
      }),
    );
  });
});

describe('notice audience', () => {
  it('resolves a 分野 to every ward section that handles it, and nothing at HQ', () => {
    const result = resolveAudience({ category: '国民健康保険' }, DEPARTMENTS);
    expect('sections' in result && result.sections.map((d) => d.id)).toEqual(['w-kita-hoken', 'w-minami-hoken']);
  });

  it('resolves all wards to every ward section', () => {
    const result = resolveAudience({ allWards: true }, DEPARTMENTS);
    expect('sections' in result && result.sections.map((d) => d.id)).toEqual(['w-kita-hoken', 'w-kita-shimin', 'w-minami-hoken']);
  });

  it('refuses an audience that resolves to nobody, and a chosen id that is not a ward section', () => {
    expect(resolveAudience({ category: '介護保険' }, DEPARTMENTS)).toEqual({ error: expect.stringContaining('介護保険') });
    expect(resolveAudience({ wardSections: ['hq-hoken'] }, DEPARTMENTS)).toEqual({ error: expect.stringContaining('hq-hoken') });
    expect(resolveAudience({ allWards: true }, DEPARTMENTS.slice(0, 1))).toEqual({ error: expect.any(String) });
  });

  it('marks the sections the bot cannot reach as unreachable from the start', () => {
    const sections = initialSections(DEPARTMENTS.slice(1), (d) => d.id !== 'w-kita-shimin');
    expect(sections.map((s) => s.status)).toEqual(['pending', 'unreachable', 'pending']);
  });
});

describe('confirming a notice', () => {
  it('records the first confirmation of a section and ignores the second', () => {
    const first = confirmSection(sentNotice(), { id: 'p-kita-1', departmentId: 'w-kita-hoken' }, '2026-12-08T01:00:00.000Z');
    expect('changed' in first && first.changed).toBe(true);
    if (!('notice' in first)) throw new Error('expected a notice');
    expect(first.notice.sections[0]).toEqual({
      departmentId: 'w-kita-hoken',
      status: 'confirmed',
      confirmedBy: 'p-kita-1',
      confirmedAt: '2026-12-08T01:00:00.000Z',
    });
    const second = confirmSection(first.notice, { id: 'p-kita-2', departmentId: 'w-kita-hoken' }, '2026-12-08T02:00:00.000Z');
    expect(second).toEqual({ notice: first.notice, changed: false, reason: 'alreadyConfirmed' });
  });

  it('refuses a person of a section outside the audience, and a notice not yet sent', () => {
    expect(confirmSection(sentNotice(), { id: 'p-hq', departmentId: 'hq-hoken' }, 'now')).toEqual({ error: 'notInAudience' });
    expect(confirmSection(sentNotice({ status: 'awaitingApproval' }), { id: 'p', departmentId: 'w-kita-hoken' }, 'now')).toEqual({
      error: 'notSent',
    });
  });

  it('counts 確認 x/y with unreachable sections in y, overdue only after the 確認期限', () => {
    const notice = sentNotice({ sections: initialSections(DEPARTMENTS.slice(1), (d) => d.id !== 'w-kita-shimin') });
    const confirmed = confirmSection(notice, { id: 'p', departmentId: 'w-kita-hoken' }, 'at');
    if (!('notice' in confirmed)) throw new Error('expected a notice');
    expect(confirmationSummary(confirmed.notice, '2026-12-14')).toEqual({
      confirmed: 1,
      total: 3,
      missing: ['w-kita-shimin', 'w-minami-hoken'],
      unreachable: ['w-kita-shimin'],
      overdue: false,
      complete: false,
    });
    expect(confirmationSummary(confirmed.notice, '2026-12-15').overdue).toBe(true);
  });

  it('keeps the earlier text and its confirmations on a 訂正, and asks every reachable section again', () => {
    const confirmed = confirmSection(sentNotice(), { id: 'p', departmentId: 'w-kita-hoken' }, 'at');
    if (!('notice' in confirmed)) throw new Error('expected a notice');
    const corrected = correctNotice(confirmed.notice, { title: 't2', body: 'b2' }, 'p-hq', 'later');
    expect(corrected.revision).toBe(2);
    expect(corrected.sections.every((s) => s.status === 'pending' && s.confirmedBy === null)).toBe(true);
    expect(corrected.history).toEqual([
      expect.objectContaining({ revision: 1, title: 't', body: 'b', sections: confirmed.notice.sections }),
    ]);
  });
});

describe('following up a notice', () => {
  it('reminds on the business day before the 確認期限, and after it reminds and escalates', () => {
    // 確認期限 Monday 2026-12-14: the business day before is Friday 12-11.
    expect(followUpFor(sentNotice(), '2026-12-10')).toBeNull();
    expect(followUpFor(sentNotice(), '2026-12-11')).toEqual({
      kind: 'beforeDeadline',
      sections: ['w-kita-hoken', 'w-kita-shimin', 'w-minami-hoken'],
    });
    expect(followUpFor(sentNotice(), '2026-12-14')).toEqual(expect.objectContaining({ kind: 'beforeDeadline' }));
    expect(followUpFor(sentNotice(), '2026-12-15')).toEqual(expect.objectContaining({ kind: 'overdue' }));
  });

  it('leaves confirmed and unreachable sections alone, and needs nothing once all confirmed', () => {
    const notice = sentNotice({
      sections: [
        { departmentId: 'a', status: 'confirmed', confirmedBy: 'p', confirmedAt: 'x' },
        { departmentId: 'b', status: 'unreachable', confirmedBy: null, confirmedAt: null },
        { departmentId: 'c', status: 'pending', confirmedBy: null, confirmedAt: null },
      ],
    });
    expect(followUpFor(notice, '2026-12-15')).toEqual({ kind: 'overdue', sections: ['c'] });
    expect(followUpFor({ ...notice, sections: notice.sections.slice(0, 1) }, '2026-12-15')).toBeNull();
    expect(followUpFor({ ...notice, status: 'awaitingApproval' }, '2026-12-15')).toBeNull();
  });

  it('counts business days from sending to the last confirmation, only once all confirmed', () => {
    const at = (iso: string) => ({ status: 'confirmed' as const, confirmedBy: 'p', confirmedAt: iso });
    const notice = sentNotice({
      sentAt: '2026-12-04T01:00:00.000Z',
      sections: [
        { departmentId: 'a', ...at('2026-12-07T01:00:00.000Z') },
        { departmentId: 'b', ...at('2026-12-09T01:00:00.000Z') },
      ],
    });
    expect(daysToFullConfirmation(notice, businessDaysBetween, (iso) => japanDateOf(new Date(iso)))).toBe(3);
    expect(
      daysToFullConfirmation(
        { ...notice, sections: [...notice.sections, { departmentId: 'c', status: 'pending', confirmedBy: null, confirmedAt: null }] },
        businessDaysBetween,
        (iso) => japanDateOf(new Date(iso)),
      ),
    ).toBeNull();
  });
});
