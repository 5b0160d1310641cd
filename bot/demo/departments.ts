import type { Department } from '../directory/model';

/**
 * Demo organisation of the fictional さくら市 (a 政令市): seven HQ departments (本庁) and
 * three sections in each of four ward offices (区役所). 保険年金課 (HQ) takes its questions in
 * the Playground's 「保険年金課 疑義照会」 channel and 北区役所保険年金課 gets notices in General
 * (infra/local/playground.yml); the rest are bound at runtime (「照会窓口に設定」).
 */

/** Channel ids of infra/local/playground.yml. */
export const DEMO_CHANNELS = { general: '19:renkei-team-general@thread.tacv2', hokenNenkinInquiries: '19:hoken-nenkin-inquiries@thread.tacv2' };

const hq = (id: string, name: string, office: string, approvalRequired: boolean): Department => ({
  id,
  name,
  office,
  kind: 'hq',
  approvalRequired,
  inquiryChannelId: null,
  noticeChannelId: null,
});

const WARDS = [
  { key: 'chuo', office: '中央区役所' },
  { key: 'kita', office: '北区役所' },
  { key: 'minami', office: '南区役所' },
  { key: 'nishi', office: '西区役所' },
] as const;

const WARD_SECTIONS = [
  { key: 'hoken-nenkin', name: '保険年金課' },
  { key: 'shimin', name: '市民課' },
  { key: 'hokenfukushi', name: '保健福祉課' },
] as const;

export const demoDepartments: Department[] = [
  // 国民健康保険・後期高齢者医療・国民年金
  { ...hq('hq-hoken-nenkin', '保険年金課', '健康福祉局', true), inquiryChannelId: DEMO_CHANNELS.hokenNenkinInquiries },
  hq('hq-kaigo-hoken', '介護保険課', '健康福祉局', true),
  // 生活保護
  hq('hq-hogo', '保護自立支援課', '健康福祉局', true),
  // 児童手当・児童扶養手当
  hq('hq-kodomo', 'こども家庭給付課', 'こども若者局', false),
  // 住民基本台帳・戸籍・印鑑登録
  hq('hq-shimin', '市民課', '市民局', false),
  hq('hq-kusei', '区政課', '市民局', false),
  // 業務改革の PMO
  hq('hq-dx', 'DX推進課', '総務局', false),
  ...WARDS.flatMap((ward) =>
    WARD_SECTIONS.map(
      (section): Department => ({
        id: `ward-${ward.key}-${section.key}`,
        name: section.name,
        office: ward.office,
        kind: 'ward',
        approvalRequired: false,
        inquiryChannelId: null,
        noticeChannelId: ward.key === 'kita' && section.key === 'hoken-nenkin' ? DEMO_CHANNELS.general : null,
      }),
    ),
  ),
];
