import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ANCHOR_DAY } from '../../bot/demo/demo-clock';
import { loadDemoData } from '../../bot/demo/demo-data';
import { DemoDataError, records, type JsonFields } from '../../bot/demo/json-fields';

describe('demo data files', () => {
  const demo = loadDemoData(DEMO_ANCHOR_DAY); // the files as written

  it('loads every kind of record with the counts the demo is built on', () => {
    expect({
      departments: demo.departments.length,
      people: demo.people.length,
      initiatives: demo.initiatives.length,
      checkIns: demo.checkIns.length,
      activity: demo.activity.length,
      rulings: demo.rulings.length,
      manuals: demo.manuals.length,
      inquiries: demo.inquiries.length,
    }).toEqual({ departments: 19, people: 6, initiatives: 15, checkIns: 51, activity: 37, rulings: 20, manuals: 10, inquiries: 4 });
    expect(demo.inquiries.map((inquiry) => inquiry.number)).toEqual(['Q-R8-0001', 'Q-R8-0002', 'Q-R8-0003', 'Q-R8-0004']);
    expect(demo.cycles.map((cycle) => `${cycle.fiscalYear}Q${cycle.quarter}`)).toEqual(['2025Q3', '2025Q4', '2026Q1', '2026Q2']);
  });

  it('refers only to records that exist', () => {
    const departments = new Set(demo.departments.map((d) => d.id));
    const people = new Set(demo.people.map((p) => p.id));
    const kpis = new Map(demo.initiatives.map((i) => [i.code, new Set(i.kpis.map((k) => k.id))]));
    const rulings = new Set(demo.rulings.map((r) => r.id));
    for (const person of demo.people) expect([person.id, departments.has(person.departmentId)]).toEqual([person.id, true]);
    for (const initiative of demo.initiatives)
      if (initiative.ownerId) expect([initiative.code, people.has(initiative.ownerId)]).toEqual([initiative.code, true]);
    for (const answer of demo.checkIns) {
      expect([answer.initiativeCode, people.has(answer.submittedBy)]).toEqual([answer.initiativeCode, true]);
      for (const actual of answer.kpiActuals)
        expect([actual.kpiId, kpis.get(answer.initiativeCode)?.has(actual.kpiId)]).toEqual([actual.kpiId, true]);
    }
    for (const ruling of demo.rulings)
      if (ruling.supersededBy) expect([ruling.id, rulings.has(ruling.supersededBy)]).toEqual([ruling.id, true]);
    for (const inquiry of demo.inquiries) {
      expect([
        inquiry.number,
        people.has(inquiry.askerId),
        departments.has(inquiry.askerDepartmentId),
        departments.has(inquiry.targetDepartmentId),
      ]).toEqual([inquiry.number, true, true, true]);
    }
  });

  it('gives every section the 分野 it handles, each ward 分野 handled by an HQ department too', () => {
    const wards = demo.departments.filter((d) => d.kind === 'ward');
    const hqCategories = new Set(demo.departments.filter((d) => d.kind === 'hq').flatMap((d) => d.categories ?? []));
    for (const ward of wards) expect([ward.id, (ward.categories ?? []).length > 0]).toEqual([ward.id, true]);
    for (const category of wards.flatMap((d) => d.categories ?? []))
      expect([category, hqCategories.has(category)]).toEqual([category, true]);
    // A notice to 国民健康保険 reaches the four ward 保険年金課.
    expect(wards.filter((d) => d.categories?.includes('国民健康保険')).map((d) => d.id)).toEqual([
      'ward-chuo-hoken-nenkin',
      'ward-kita-hoken-nenkin',
      'ward-minami-hoken-nenkin',
      'ward-nishi-hoken-nenkin',
    ]);
    for (const rulingCategory of new Set(demo.rulings.map((r) => r.category)))
      expect([rulingCategory, hqCategories.has(rulingCategory)]).toEqual([rulingCategory, true]);
  });

  it("binds channels the Playground has, and at least two ward sections' notice channels", () => {
    const playground = fs.readFileSync(path.join(__dirname, '../../infra/local/playground.yml'), 'utf8');
    const teamAndChannels = new Set([...playground.matchAll(/^\s+(?:- )?id: (19:\S+@thread\.tacv2)$/gm)].map((m) => m[1]));
    const bound = demo.departments.flatMap((d) => [d.inquiryChannelId, d.noticeChannelId]).filter((id): id is string => id !== null);
    for (const id of bound) expect([id, teamAndChannels.has(id)]).toEqual([id, true]);
    // Two ward sections receive notices in the Playground (both in General: it allows one other channel only).
    expect(demo.departments.filter((d) => d.kind === 'ward' && d.noticeChannelId).map((d) => d.id)).toEqual([
      'ward-kita-hoken-nenkin',
      'ward-minami-hoken-nenkin',
    ]);
    expect([...playground.matchAll(/^\s+- id: 19:/gm)]).toHaveLength(1);
  });

  it('keeps the authored Japan-time timestamps of answers, and UTC ones in the audit log', () => {
    expect(demo.checkIns[0].submittedAt).toBe('2026-01-07T10:15:00+09:00');
    expect(demo.activity[0].at).toBe('2026-10-05T01:20:00.000Z'); // 10:20 in Japan
  });
});

describe('reading a demo data file', () => {
  const person = (f: JsonFields) =>
    f.done({
      id: f.string('id'),
      born: f.date('born'),
      at: f.timestamp('at'),
      roles: f.listOf('roles', ['staff', 'pmo'] as const),
      boss: f.nullable('boss', f.string),
    });
  const good = { id: 'p-1', born: '2000-02-29', at: '2026-10-05T10:20:00+09:00', roles: ['staff'], boss: null };
  const problemWith = (value: unknown) => {
    try {
      records('people.json', value, person);
    } catch (error) {
      expect(error).toBeInstanceOf(DemoDataError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('reads a good record as written', () => {
    expect(records('people.json', [good], person)).toEqual([good]);
  });

  it('names the file, the record and the field of a mistake', () => {
    expect(problemWith([good, { ...good, id: 7 }])).toContain('people.json[1].id: a string is expected, found 7');
    expect(problemWith([{ ...good, born: '2001-02-29' }])).toContain('people.json[0].born: a date (YYYY-MM-DD)');
    expect(problemWith([{ ...good, at: '2026-10-05 10:20' }])).toContain('people.json[0].at: a timestamp');
    expect(problemWith([{ ...good, roles: ['staff', 'boss'] }])).toContain('people.json[0].roles: a list of staff, pmo');
    expect(problemWith([{ ...good, boss: undefined }])).toContain('people.json[0].boss: a string is expected, found nothing');
    expect(problemWith([{ ...good, rolse: [] }])).toContain('people.json[0]: unknown field rolse');
    expect(problemWith({ people: [] })).toContain('people.json: a list of records is expected');
    expect(problemWith(['p-1'])).toContain('people.json[0]: an object is expected');
  });
});
