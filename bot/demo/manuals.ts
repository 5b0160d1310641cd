import type { Manual } from '../rulings/model';

/**
 * Demo manuals of the fictional さくら市. Some are past their review date (today is
 * 2026-11-23 in the demo) and two have no owner, the handover gap the tab flags.
 */

const BASE_URL = 'https://sakura-city.sharepoint.com/sites/renkei/Manuals';

export const demoManuals: Manual[] = [
  {
    id: 'M-001',
    title: '国民健康保険 窓口事務マニュアル',
    department: '保険年金課',
    system: '国民健康保険',
    version: '第8版',
    lastRevisedAt: '2026-04-01',
    nextReviewDue: '2027-03-31',
    ownerId: 'p-hq-responder',
    summary:
      '資格の取得・喪失、保険料の賦課、給付の申請受付など、区役所保険年金課の窓口事務の手順と判断基準をまとめたもの。第8版で資格確認書の交付と関連する判断事例の参照先を追加した。',
    url: `${BASE_URL}/kokuho-madoguchi-jimu-manual.pdf`,
  },
  {
    id: 'M-002',
    title: '後期高齢者医療 事務処理要領',
    department: '保険年金課',
    system: '後期高齢者医療',
    version: '第4版',
    lastRevisedAt: '2024-11-15',
    nextReviewDue: '2026-03-31',
    ownerId: 'p-hq-approver',
    summary:
      '広域連合と区役所の事務分担と、資格・保険料・給付の各届出の受付から広域連合への進達までの手順を定めたもの。',
    url: `${BASE_URL}/kouki-koureisha-iryo-jimu-shori-youryou.pdf`,
  },
  {
    id: 'M-003',
    title: '国民年金 受付事務の手引き',
    department: '保険年金課',
    system: '国民年金',
    version: '第3版',
    lastRevisedAt: '2022-06-30',
    nextReviewDue: '2025-06-30',
    ownerId: null,
    summary:
      '第1号被保険者の資格取得・種別変更の届出と、保険料の免除・納付猶予・学生納付特例の申請受付の手順をまとめたもの。',
    url: `${BASE_URL}/kokumin-nenkin-uketsuke-tebiki.pdf`,
  },
  {
    id: 'M-004',
    title: '介護保険 資格管理マニュアル',
    department: '介護保険課',
    system: '介護保険',
    version: '第5版',
    lastRevisedAt: '2025-04-01',
    nextReviewDue: '2027-03-31',
    ownerId: 'p-hq-responder',
    summary:
      '第1号・第2号被保険者の資格の取得・喪失、住所地特例の適用と終了、転入・転出時の受給資格証明書の取扱いを定めたもの。',
    url: `${BASE_URL}/kaigo-hoken-shikaku-kanri-manual.pdf`,
  },
  {
    id: 'M-005',
    title: '要介護認定 申請受付マニュアル',
    department: '介護保険課',
    system: '介護保険',
    version: '第2版',
    lastRevisedAt: '2024-09-30',
    nextReviewDue: '2026-09-30',
    ownerId: 'p-hq-approver',
    summary:
      '要介護認定の新規・更新・区分変更申請の受付、主治医意見書の依頼、認定調査の日程調整までの手順をまとめたもの。',
    url: `${BASE_URL}/youkaigo-nintei-shinsei-uketsuke-manual.pdf`,
  },
  {
    id: 'M-006',
    title: '生活保護 面接相談の手引き',
    department: '保護自立支援課',
    system: '生活保護',
    version: '第6版',
    lastRevisedAt: '2025-10-01',
    nextReviewDue: '2026-12-25',
    ownerId: 'p-hq-approver',
    summary:
      '面接相談での制度説明、申請意思の確認、資産・扶養義務者の聞き取りの進め方と記録の方法を示したもの。申請権を侵害しない対応の留意点を具体例とともに記載している。',
    url: `${BASE_URL}/seikatsu-hogo-mensetsu-soudan-tebiki.pdf`,
  },
  {
    id: 'M-007',
    title: '児童手当 認定事務マニュアル',
    department: 'こども家庭給付課',
    system: '児童手当',
    version: '第9版',
    lastRevisedAt: '2024-10-01',
    nextReviewDue: '2027-03-31',
    ownerId: 'p-hq-approver',
    summary:
      '認定請求、額改定、受給事由消滅の各手続と、令和6年10月の制度改正（高校生年代への拡大、第3子以降の算定の見直し）に対応した審査の手順を定めたもの。',
    url: `${BASE_URL}/jidou-teate-nintei-jimu-manual.pdf`,
  },
  {
    id: 'M-008',
    title: '住民異動届 受付マニュアル',
    department: '市民課',
    system: '住民基本台帳',
    version: '第12版',
    lastRevisedAt: '2026-03-20',
    nextReviewDue: '2027-03-31',
    ownerId: 'p-ward-manager',
    summary:
      '転入・転居・転出・世帯変更の各届出の受付、本人確認と代理人の確認、マイナンバーカードの継続利用の手続をまとめたもの。区役所市民課と共同で改訂している。',
    url: `${BASE_URL}/jumin-idou-todoke-uketsuke-manual.pdf`,
  },
  {
    id: 'M-009',
    title: '印鑑登録事務の手引き',
    department: '市民課',
    system: '印鑑登録',
    version: '第4版',
    lastRevisedAt: '2021-03-31',
    nextReviewDue: '2024-03-31',
    ownerId: null,
    summary:
      '印鑑登録の申請受付（即日登録・照会書による登録）、登録できる印鑑の基準、印鑑登録証明書の交付と廃止の手順をまとめたもの。',
    url: `${BASE_URL}/inkan-touroku-jimu-tebiki.pdf`,
  },
  {
    id: 'M-010',
    title: 'ＤＶ等支援措置 事務取扱要領',
    department: '市民課',
    system: '住民基本台帳',
    version: '第3版',
    lastRevisedAt: '2024-06-10',
    nextReviewDue: '2027-06-30',
    ownerId: 'p-hq-responder',
    summary:
      'ＤＶ等支援措置の申出の受付、相談機関への意見照会、住民票の写し等の交付制限と全区での情報共有の手順を定めたもの。',
    url: `${BASE_URL}/dv-shien-sochi-jimu-toriatsukai-youryou.pdf`,
  },
];
