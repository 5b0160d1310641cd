import fs from 'node:fs';
import path from 'node:path';
import { importRoster } from '../../bot/directory/roster-import';
import { seedDemoData } from '../../bot/demo/seed';
import type { Store } from '../../bot/store/ports';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { tempDir } from '../support/processes';

const SAMPLE = fs.readFileSync(path.join(__dirname, '../fixtures/roster/職員名簿-sample.csv'));
const csv = (...lines: string[]) =>
  Buffer.from(['職員ID,氏名,メール,EntraオブジェクトID,部署ID,種別,局・区役所,課名,承認要否,役職,権限,言語', ...lines].join('\r\n'));

/** The 職員名簿 import: how a city loads its departments and people in production. */
describe('staff roster import', () => {
  let store: Store;
  beforeEach(() => {
    store = SqliteStore.open(tempDir('renkei-roster-'));
  });
  afterEach(() => store.close());

  it('creates departments from the rows and people with roles, and updates by id on re-import', async () => {
    const report = await importRoster(store, SAMPLE, '職員名簿.csv', { mode: 'all-or-nothing' });
    expect(report).toEqual({ departments: 3, people: 4, problems: [], invalidRows: 0, applied: true });
    expect(await store.departments.get('hq-kokuho')).toEqual({
      id: 'hq-kokuho',
      kind: 'hq',
      office: '健康福祉局',
      name: '保険年金課',
      approvalRequired: true,
      inquiryChannelId: null,
      noticeChannelId: null,
    });
    expect(await store.people.get('s-0001')).toMatchObject({
      roles: ['staff', 'responder', 'approver'],
      entraObjectId: '11111111-1111-4111-8111-111111111111',
      title: '係長',
    });
    expect((await store.people.get('s-0004'))?.roles).toEqual(['staff', 'pmo']);
    expect((await store.people.get('s-0003'))?.locale).toBe('en');

    // A bound channel survives a re-import; a changed title is updated, nobody is duplicated.
    await store.departments.upsert({ ...(await store.departments.get('hq-kokuho'))!, inquiryChannelId: '19:kokuho@thread.tacv2' });
    await importRoster(store, Buffer.from(SAMPLE.toString('utf8').replace('係長', '課長')), '職員名簿.csv', { mode: 'all-or-nothing' });
    expect((await store.departments.get('hq-kokuho'))?.inquiryChannelId).toBe('19:kokuho@thread.tacv2');
    expect((await store.people.get('s-0001'))?.title).toBe('課長');
    expect(await store.people.list()).toHaveLength(4);
  });

  it('reports each bad row by row and column, and writes nothing unless asked for the valid rows', async () => {
    const bad = csv(
      's-0001,山田 花子,hanako@city.example.lg.jp,11111111-1111-4111-8111-111111111111,hq-a,本庁,健康福祉局,保険年金課,要,係長,回答担当,ja',
      's-0002,,not-an-email,xyz,hq-a,本庁,健康福祉局,別の課,要,,神,fr',
      's-0001,重複,dup@city.example.lg.jp,55555555-5555-4555-8555-555555555555,hq-a,本庁,健康福祉局,保険年金課,要,,,ja',
    );
    const report = await importRoster(store, bad, 'bad.csv', { mode: 'all-or-nothing' });
    expect(report.applied).toBe(false);
    expect(report.problems.map((p) => `${p.row}:${p.column}`)).toEqual([
      '3:氏名',
      '3:メール',
      '3:EntraオブジェクトID',
      '3:権限',
      '3:言語',
      '3:部署ID',
      '4:職員ID',
    ]);
    expect(await store.people.list()).toEqual([]);
    const partial = await importRoster(store, bad, 'bad.csv', { mode: 'valid-only' });
    expect(partial).toMatchObject({ applied: true, people: 1 });
    expect((await store.people.list()).map((p) => p.id)).toEqual(['s-0001']);
  });

  describe('分野 column (the 分野 a section handles, for notices to a 分野)', () => {
    const withCategories = (...lines: string[]) =>
      Buffer.from(['職員ID,氏名,メール,EntraオブジェクトID,部署ID,種別,局・区役所,課名,権限,分野', ...lines].join('\r\n'));
    const kita = (id: string, n: number, categories: string) =>
      `${id},北 ${n},kita${n}@city.example.lg.jp,${String(n).repeat(8)}-0000-4000-8000-00000000000${n},ward-kita-kokuho,区役所,北区役所,保険年金課,職員,${categories}`;

    it('stores the 分野 a row states, split at 、 or comma, each once; rows that leave it empty agree with any', async () => {
      const report = await importRoster(
        store,
        withCategories(
          kita('k-1', 1, '"国民健康保険、後期高齢者医療,国民年金，国民健康保険"'),
          kita('k-2', 2, ''),
          's-3,南 3,minami3@city.example.lg.jp,33333333-0000-4000-8000-000000000003,ward-minami-shimin,区役所,南区役所,市民課,職員, 戸籍 、住民基本台帳',
          's-4,本 4,hon4@city.example.lg.jp,44444444-0000-4000-8000-000000000004,hq-dx,本庁,総務局,DX推進課,職員,',
        ),
        '名簿.csv',
        { mode: 'all-or-nothing' },
      );
      expect(report).toMatchObject({ problems: [], applied: true, departments: 3, people: 4 });
      expect((await store.departments.get('ward-kita-kokuho'))?.categories).toEqual(['国民健康保険', '後期高齢者医療', '国民年金']);
      expect((await store.departments.get('ward-minami-shimin'))?.categories).toEqual(['戸籍', '住民基本台帳']);
      expect((await store.departments.get('hq-dx'))?.categories).toEqual([]);
    });

    it('keeps the stored 分野 when the file has no 分野 column, and replaces them when it has', async () => {
      await importRoster(store, withCategories(kita('k-1', 1, '国民健康保険')), '名簿.csv', { mode: 'all-or-nothing' });
      await importRoster(
        store,
        csv(
          'k-1,北 1,kita1@city.example.lg.jp,11111111-0000-4000-8000-000000000001,ward-kita-kokuho,区役所,北区役所,保険年金課,,主事,職員,ja',
        ),
        '名簿.csv',
        { mode: 'all-or-nothing' },
      );
      expect((await store.departments.get('ward-kita-kokuho'))?.categories).toEqual(['国民健康保険']);
      expect((await store.people.get('k-1'))?.title).toBe('主事');
      await importRoster(store, withCategories(kita('k-1', 1, '国民年金')), '名簿.csv', { mode: 'all-or-nothing' });
      expect((await store.departments.get('ward-kita-kokuho'))?.categories).toEqual(['国民年金']);
    });

    it('refuses a 分野 too long, too many, or differing between rows of one 部署ID, naming row and column, and writes nothing', async () => {
      const report = await importRoster(
        store,
        withCategories(
          kita('k-1', 1, '国民健康保険'),
          kita('k-2', 2, '国民年金'),
          kita('k-3', 3, 'あ'.repeat(51)),
          kita('k-4', 4, `"${Array.from({ length: 21 }, (_, i) => `分野${i}`).join('、')}"`),
        ),
        '名簿.csv',
        { mode: 'all-or-nothing' },
      );
      expect(report.applied).toBe(false);
      expect(report.problems.map((p) => `${p.row}:${p.column}`)).toEqual(['3:分野', '4:分野', '5:分野']);
      expect(report.problems[0].reason).toContain('2 行目');
      expect(report.problems[1].reason).toContain('50 字以内');
      expect(report.problems[2].reason).toContain('20 個まで');
      expect(await store.departments.list()).toEqual([]);
      expect(await store.people.list()).toEqual([]);
    });
  });

  it('refuses an Entra object id that already belongs to someone else', async () => {
    await seedDemoData(store);
    const taken = csv(
      's-9999,なりすまし,x@city.example.lg.jp,6b1e0c3a-0004-4000-8000-000000000004,hq-dx,本庁,総務局,DX推進課,不要,,管理者,ja',
    );
    const report = await importRoster(store, taken, 'taken.csv', { mode: 'valid-only' });
    expect(report.problems).toEqual([
      { row: 2, column: 'EntraオブジェクトID', reason: '職員 p-pmo に登録済みの ID です (already belongs to p-pmo)' },
    ]);
    expect(await store.people.get('s-9999')).toBeUndefined();
  });
});
