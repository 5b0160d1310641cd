import type { Person } from '../directory/model';

/**
 * The six demo people, one per persona. Their Entra object ids are the aadObjectIds of the
 * Playground users in infra/local/playground.yml, so each Playground user acts as one of them.
 */
export const demoPeople: Person[] = [
  {
    id: 'p-ward-staff',
    entraObjectId: '6b1e0c3a-0001-4000-8000-000000000001',
    displayName: '佐藤 美咲',
    email: 'misaki.sato@sakura-city.example',
    departmentId: 'ward-kita-hoken-nenkin',
    title: '主事',
    roles: ['staff'],
    locale: 'ja',
  },
  {
    id: 'p-hq-responder',
    entraObjectId: '6b1e0c3a-0002-4000-8000-000000000002',
    displayName: '鈴木 健太',
    email: 'kenta.suzuki@sakura-city.example',
    departmentId: 'hq-hoken-nenkin',
    title: '主任',
    roles: ['staff', 'responder'],
    locale: 'ja',
  },
  {
    id: 'p-hq-approver',
    entraObjectId: '6b1e0c3a-0003-4000-8000-000000000003',
    displayName: '高橋 直子',
    email: 'naoko.takahashi@sakura-city.example',
    departmentId: 'hq-hoken-nenkin',
    title: '係長',
    roles: ['staff', 'responder', 'approver'],
    locale: 'ja',
  },
  {
    id: 'p-pmo',
    entraObjectId: '6b1e0c3a-0004-4000-8000-000000000004',
    displayName: '田中 誠',
    email: 'makoto.tanaka@sakura-city.example',
    departmentId: 'hq-dx',
    title: '主査',
    roles: ['staff', 'pmo'],
    locale: 'ja',
  },
  {
    id: 'p-ward-manager',
    entraObjectId: '6b1e0c3a-0005-4000-8000-000000000005',
    displayName: '伊藤 由美',
    email: 'yumi.ito@sakura-city.example',
    departmentId: 'ward-kita-hoken-nenkin',
    title: '課長',
    roles: ['staff', 'approver'],
    locale: 'ja',
  },
  {
    id: 'p-admin',
    entraObjectId: '6b1e0c3a-0006-4000-8000-000000000006',
    displayName: '渡辺 翔',
    email: 'sho.watanabe@sakura-city.example',
    departmentId: 'hq-dx',
    title: '主任（情報システム担当）',
    roles: ['staff', 'admin'],
    locale: 'ja',
  },
];
