import { DuplicateRecordError } from '../../bot/store/ports';
import { make, withFreshStore, type StoreFactory } from './fixtures';

export function directoryContract(factory: StoreFactory) {
  describe('DepartmentStore and PeopleStore', () => {
    const store = withFreshStore(factory);

    it('stores, updates and lists departments by kind in office-then-name order', async () => {
      await store().departments.upsert(make.department());
      await store().departments.upsert(
        make.department({ id: 'ward-kita', name: '保険年金課', office: '北区役所', kind: 'ward', approvalRequired: false }),
      );
      await store().departments.upsert(make.department({ id: 'hq-kaigo', name: '介護保険課' }));
      await store().departments.upsert(make.department({ approvalRequired: false, inquiryChannelId: '19:abc@thread.tacv2' }));
      expect(await store().departments.get('hq-hoken-nenkin')).toEqual(
        make.department({ approvalRequired: false, inquiryChannelId: '19:abc@thread.tacv2' }),
      );
      expect(await store().departments.get('missing')).toBeUndefined();
      expect((await store().departments.list({ kind: 'hq' })).map((d) => d.id).sort()).toEqual(['hq-hoken-nenkin', 'hq-kaigo']);
      expect((await store().departments.list()).map((d) => d.office)).toEqual(['健康福祉局', '健康福祉局', '北区役所']);
    });

    it('keeps the 分野 a section handles, and a department without them as it was written', async () => {
      const ward = make.department({
        id: 'ward-kita',
        name: '保険年金課',
        office: '北区役所',
        kind: 'ward',
        approvalRequired: false,
        noticeChannelId: '19:kita@thread.tacv2',
        categories: ['国民健康保険', '後期高齢者医療', '国民年金'],
      });
      await store().departments.upsert(ward);
      await store().departments.upsert(make.department());
      expect(await store().departments.get('ward-kita')).toEqual(ward);
      expect(await store().departments.get('hq-hoken-nenkin')).not.toHaveProperty('categories');
      await store().departments.upsert({ ...ward, categories: [] });
      expect((await store().departments.get('ward-kita'))?.categories).toEqual([]);
    });

    it('finds a person by Entra object id whatever its letter case, and filters by department and role', async () => {
      await store().people.upsert(make.person({ entraObjectId: 'ABCDEF00-0000-4000-8000-000000000001' }));
      await store().people.upsert(
        make.person({
          id: 'p-2',
          entraObjectId: '00000000-0000-4000-8000-000000000002',
          roles: ['staff', 'approver'],
          departmentId: 'hq-kaigo',
        }),
      );
      expect((await store().people.findByEntraObjectId('abcdef00-0000-4000-8000-000000000001'))?.id).toBe('p-1');
      expect(await store().people.findByEntraObjectId('ffffffff-0000-4000-8000-000000000009')).toBeUndefined();
      expect((await store().people.list({ role: 'approver' })).map((p) => p.id)).toEqual(['p-2']);
      expect((await store().people.list({ departmentId: 'hq-hoken-nenkin' })).map((p) => p.id)).toEqual(['p-1']);
      expect((await store().people.list()).map((p) => p.id)).toEqual(['p-1', 'p-2']);
    });

    it('refuses two people with the same Entra object id', async () => {
      await store().people.upsert(make.person());
      await expect(store().people.upsert(make.person({ id: 'p-2' }))).rejects.toBeInstanceOf(DuplicateRecordError);
      expect((await store().people.list()).map((p) => p.id)).toEqual(['p-1']);
    });
  });
}
