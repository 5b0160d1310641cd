/** @jest-environment jsdom */
import { checkInFormCard } from '../../bot/checkins/cards/check-in-form-card';
import { checkInSummaryCard } from '../../bot/checkins/cards/check-in-summary-card';
import { openCheckInsCard } from '../../bot/checkins/cards/open-check-ins-card';
import { rollUpCard } from '../../bot/checkins/cards/rollup-card';
import { FIELD } from '../../bot/checkins/rules/check-in-form';
import type { CheckIn, CheckInCycle, Initiative } from '../../bot/checkins/model';
import { computeRollUp } from '../../bot/checkins/rules/rollup';
import { cardSchemaErrors, renderCard } from '../support/adaptive-cards';

const hostile = '[至急](https://evil.example) *重要* <b>x</b>';
const initiative: Initiative = {
  code: 'B1-3',
  pillar: 'B',
  domain: 'B1',
  leadDivision: '総務部',
  leadSection: 'DX推進課',
  title: `紙決裁の廃止 ${hostile}`,
  purpose: '',
  milestone: '',
  activities: '',
  q4Target: '電子決裁率Q平均80%',
  ownerId: 'p-1',
  kpis: [{ id: 'B1-3-k1', name: '電子決裁率', unit: '%', baseline: 50, target: 80, targetDate: '2027-03-31', direction: 'higher' }],
};
const cycle: CheckInCycle = {
  fiscalYear: 2026,
  quarter: 3,
  opensOn: '2026-12-21',
  dueOn: '2027-01-18',
  openedAt: '',
  openedBy: 'scheduler',
  unreachableOwnerIds: [],
  closedAt: null,
};
const answer: CheckIn = {
  initiativeCode: 'B1-3',
  fiscalYear: 2026,
  quarter: 2,
  progress: `Q2平均 62.5% ${hostile}`,
  weather: 'くもり',
  direction: '継続',
  directionReason: '',
  nextActions: '',
  kpiActuals: [{ kpiId: 'B1-3-k1', value: 62.5 }],
  submittedBy: 'p-1',
  submittedAt: '2026-10-05T00:30:00Z',
  revision: 1,
  submissionId: 's1',
};

function actionsOf(card: { actions?: Record<string, unknown>[] }) {
  return card.actions ?? [];
}

describe('check-in form card', () => {
  it('is a valid 1.5 card with the initiative, targets, last answer and every input; Action.Execute falls back to Action.Submit with the verb', () => {
    const card = checkInFormCard({
      locale: 'ja',
      initiative,
      cycle,
      today: '2027-01-12',
      previous: answer,
      baseRevision: 0,
      submissionId: 'sub-1',
    });
    expect(cardSchemaErrors(card)).toEqual([]);
    const rendered = renderCard(card);
    expect(rendered.text).toContain('四半期チェックイン：R8年度 Q3');
    expect(rendered.text).toContain('回答期限：令和9年1月18日（あと 4 営業日）');
    expect(rendered.text).toContain('電子決裁率：目標 80%（高いほど良い、期日 令和9年3月31日）');
    expect(rendered.text).toContain('前回（R8年度 Q2）の回答');
    expect(rendered.text).toContain('62.5%');
    expect(rendered.html).not.toContain('href="https://evil.example"');
    expect(rendered.html).not.toContain('<b>x</b>');
    const ids = (card.body as { id?: string }[]).map((e) => e.id).filter(Boolean);
    expect(ids).toEqual([FIELD.progress, 'kpi.B1-3-k1', FIELD.weather, FIELD.direction, FIELD.directionReason, FIELD.nextActions]);
    const [submit] = actionsOf(card);
    expect(submit).toMatchObject({
      type: 'Action.Execute',
      verb: 'checkin.submit',
      title: '提出する',
      data: { initiativeCode: 'B1-3', fiscalYear: 2026, quarter: 3, revision: 1, submissionId: 'sub-1' },
      fallback: { type: 'Action.Submit', data: { verb: 'checkin.submit', initiativeCode: 'B1-3', revision: 1, submissionId: 'sub-1' } },
    });
  });

  it('shows each server error under its input and keeps every typed value', () => {
    const values = {
      [FIELD.progress]: '途中まで書いた',
      'kpi.B1-3-k1': '八十',
      [FIELD.weather]: '雨',
      [FIELD.direction]: '見直し',
      [FIELD.directionReason]: '',
      [FIELD.nextActions]: '来月検討',
    };
    const card = checkInFormCard({
      locale: 'ja',
      initiative,
      cycle,
      today: '2027-01-20',
      values,
      errors: { 'kpi.B1-3-k1': '電子決裁率は数値で入力してください（例：45.5）。' },
      baseRevision: 0,
      submissionId: 'sub-1',
    });
    expect(cardSchemaErrors(card)).toEqual([]);
    const rendered = renderCard(card);
    expect(rendered.text).toContain('入力内容を確認してください。');
    expect(rendered.text).toContain('電子決裁率は数値で入力してください');
    expect(rendered.text).toContain('2 営業日過ぎています');
    const byId = Object.fromEntries((card.body as { id?: string; value?: string }[]).filter((e) => e.id).map((e) => [e.id, e.value]));
    expect(byId).toEqual(values);
  });
});

describe('summary, list and roll-up cards', () => {
  it('the summary is read-only with 修正する until the due date, and without it after', () => {
    const stored = { ...answer, quarter: 3 as const };
    const open = checkInSummaryCard({ locale: 'ja', initiative, checkIn: stored, cycle, today: '2027-01-18', submitterName: '山田 太郎' });
    expect(cardSchemaErrors(open)).toEqual([]);
    const rendered = renderCard(open);
    expect(rendered.text).toContain('チェックイン提出済み：R8年度 Q3');
    expect(rendered.text).toContain('山田 太郎（令和8年10月5日 09:30）');
    expect(rendered.text).toContain('☁ くもり');
    expect(rendered.buttons).toEqual(['修正する']);
    expect((open.body as { type: string }[]).some((e) => e.type.startsWith('Input.'))).toBe(false);
    expect(
      renderCard(checkInSummaryCard({ locale: 'ja', initiative, checkIn: stored, cycle, today: '2027-01-19', submitterName: '山田 太郎' }))
        .buttons,
    ).toEqual([]);
  });

  it('the list offers 回答する only for unanswered initiatives', () => {
    const card = openCheckInsCard(
      [
        { initiative, cycle, answered: false },
        { initiative: { ...initiative, code: 'B1-4' }, cycle, answered: true },
      ],
      'ja',
    );
    expect(cardSchemaErrors(card)).toEqual([]);
    const rendered = renderCard(card);
    expect(rendered.buttons).toEqual(['回答する']);
    expect(rendered.text).toContain('回答済み');
  });

  it('the roll-up shows counts, rain with reasons, the unanswered with owner names, and KPI achievement', () => {
    const rollUp = computeRollUp(
      { fiscalYear: 2026, quarter: 3 },
      [initiative, { ...initiative, code: 'A1-1', title: '書かない窓口', kpis: [], ownerId: 'p-2' }],
      [
        {
          ...answer,
          quarter: 3,
          weather: '雨',
          direction: '見直し',
          directionReason: '予算未確保',
          kpiActuals: [{ kpiId: 'B1-3-k1', value: 65 }],
        },
      ],
    );
    const card = rollUpCard(rollUp, new Map([['p-2', '佐藤 花子']]), 'ja');
    expect(cardSchemaErrors(card)).toEqual([]);
    const { text } = renderCard(card);
    expect(text).toContain('回答 1 / 2 件（未回答 1 件）');
    expect(text).toContain('予算未確保');
    expect(text).toContain('A1-1 書かない窓口（佐藤 花子）');
    expect(text).toContain('目標達成 0 / 測定 1 件');
    expect(text).toContain('実績 65% / 目標 80%（達成率 50%）');
  });
});
