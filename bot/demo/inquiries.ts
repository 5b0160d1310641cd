import type { Inquiry } from '../inquiries/model';

/**
 * Demo 疑義照会 of R8年度 from 北区役所保険年金課 to HQ, one in each stage of the flow:
 * answered and shared with all wards (it became ruling R-0020), drafted and waiting for the
 * approver, claimed by a responder, and still waiting to be taken.
 */

const ANSWER_0001 =
  '既に国民健康保険の被保険者の資格を取得している外国人は、在留期間の更新により在留期間が3月以下となり外国人住民でなくなった場合でも、引き続き市内に住所を有し、他の適用除外の要件に該当しない限り、資格を喪失しません（国民健康保険法施行規則第1条第1号）。' +
  '喪失対象者リストに挙がっていても、在留カードで在留期間の決定内容を確認し、これに該当する場合は喪失処理を行わないでください。保険料の賦課と保険給付は従前どおりです。' +
  'なお、在留資格を有しなくなった場合は適用除外となるため、在留期間の満了日を把握しておいてください。全区に共通する取扱いのため、判断事例として共有します。';

export const demoInquiries: Inquiry[] = [
  {
    number: 'Q-R8-0001',
    fiscalYear: 2026,
    askerId: 'p-ward-staff',
    askerDepartmentId: 'ward-kita-hoken-nenkin',
    targetDepartmentId: 'hq-hoken-nenkin',
    category: '国民健康保険',
    subject: '在留期間の更新で在留期間が3月となった外国人被保険者の資格喪失の要否',
    body:
      '国民健康保険に加入している外国人住民（在留資格「特定活動」）が在留期間の更新を受け、新たな在留期間が3月と決定されました。住民票は10月中に職権で消除される予定で、住民記録システムの国保喪失対象者リストにも挙がっています。' +
      'この場合、国民健康保険の資格も喪失させる必要があるでしょうか。本人から引き続き受診できるかと質問を受けており、回答をお願いします。',
    legalBasis: '国民健康保険法第6条第11号、国民健康保険法施行規則第1条第1号',
    desiredAnswerDate: '2026-10-09',
    urgency: '通常',
    dueOn: '2026-10-09',
    status: 'shared',
    assigneeId: 'p-hq-responder',
    draft: {
      text: ANSWER_0001,
      shareWithAllWards: true,
      ruling: { title: '在留期間の更新で在留期間が3月以下となった外国人被保険者の資格', category: '国民健康保険', tags: ['外国人住民', '在留期間', '資格喪失', '適用除外'] },
      draftedBy: 'p-hq-responder',
      draftedAt: '2026-10-07T15:30:00+09:00',
    },
    returnComment: null,
    answer: { text: ANSWER_0001, answeredBy: 'p-hq-responder', approvedBy: 'p-hq-approver', answeredAt: '2026-10-08T16:40:00+09:00' },
    clarifications: [],
    rulingId: 'R-0020',
    createdAt: '2026-10-05T10:20:00+09:00',
    updatedAt: '2026-10-08T16:40:00+09:00',
  },
  {
    number: 'Q-R8-0002',
    fiscalYear: 2026,
    askerId: 'p-ward-staff',
    askerDepartmentId: 'ward-kita-hoken-nenkin',
    targetDepartmentId: 'hq-hoken-nenkin',
    category: '国民年金',
    subject: '年度の途中で卒業する専門学校生の学生納付特例の申請期間',
    body:
      '10月入学の専門学校（修業年限2年）に在学中の方から、学生納付特例の申請を受け付けました。在学証明書では卒業予定が令和9年9月となっています。' +
      '令和8年度分（令和8年4月〜令和9年3月）は申請どおりで問題ないと考えていますが、令和9年度分は4月から9月までの6か月分のみ申請できるという理解でよいでしょうか。あわせて、卒業後の手続について窓口でどこまで案内すべきか教えてください。',
    legalBasis: '国民年金法第90条の3',
    desiredAnswerDate: '2026-11-24',
    urgency: '通常',
    dueOn: '2026-11-24',
    status: 'awaitingApproval',
    assigneeId: 'p-hq-responder',
    draft: {
      text:
      'ご理解のとおりです。学生納付特例は年度（4月〜翌年3月）ごとに申請するもので、承認される期間は在学期間の範囲内となるため、令和9年度分は令和9年4月から卒業予定月の9月までとなります。令和9年4月以降に、改めて在学証明書を添えて申請するよう案内してください。' +
      '卒業後は、就職して厚生年金保険に加入する場合を除き保険料の納付が必要となるため、納付が難しい場合は保険料の免除・納付猶予を申請できることを併せて案内してください。',
      shareWithAllWards: false,
      ruling: null,
      draftedBy: 'p-hq-responder',
      draftedAt: '2026-11-20T17:20:00+09:00',
    },
    returnComment: null,
    answer: null,
    clarifications: [],
    rulingId: null,
    createdAt: '2026-11-16T13:45:00+09:00',
    updatedAt: '2026-11-20T17:20:00+09:00',
  },
  {
    number: 'Q-R8-0003',
    fiscalYear: 2026,
    askerId: 'p-ward-staff',
    askerDepartmentId: 'ward-kita-hoken-nenkin',
    targetDepartmentId: 'hq-hoken-nenkin',
    category: '後期高齢者医療',
    subject: '他県の特別養護老人ホームに入所する後期高齢者医療被保険者の住所地特例',
    body:
      '北区に住む後期高齢者医療の被保険者（82歳）が、11月末に隣県の特別養護老人ホームに入所し、住民票を施設の所在地に移す予定です。家族が来週、転出の手続に来庁するため、至急確認させてください。' +
      '(1) 他県の施設への入所でも住所地特例が適用され、引き続き現在の広域連合の被保険者となるか。(2) 適用される場合、転出時に受け付ける届出と、資格確認書の取扱いはどうなるか。',
    legalBasis: '高齢者の医療の確保に関する法律第55条',
    desiredAnswerDate: '2026-11-20',
    urgency: '至急',
    dueOn: '2026-11-20',
    status: 'claimed',
    assigneeId: 'p-hq-responder',
    draft: null,
    returnComment: null,
    answer: null,
    clarifications: [],
    rulingId: null,
    createdAt: '2026-11-18T09:30:00+09:00',
    updatedAt: '2026-11-18T11:05:00+09:00',
  },
  {
    number: 'Q-R8-0004',
    fiscalYear: 2026,
    askerId: 'p-ward-staff',
    askerDepartmentId: 'ward-kita-hoken-nenkin',
    targetDepartmentId: 'hq-kaigo-hoken',
    category: '介護保険',
    subject: '転入後14日を過ぎてから提出された要介護認定の申請の取扱い',
    body:
      '10月28日に市外から転入した方（要介護1、前住所地での認定の有効期間は令和9年3月31日まで）の家族が、11月20日に前住所地の受給資格証明書を持参して要介護認定の申請に来庁しました。' +
      '転入日から14日を過ぎていますが、受給資格証明書に基づく認定（審査判定の省略）として受け付けてよいでしょうか。新規申請として認定調査から行う必要がある場合は、その間のサービス利用についてどう案内すべきかも教えてください。',
    legalBasis: '介護保険法第36条',
    desiredAnswerDate: '2026-11-27',
    urgency: '通常',
    dueOn: '2026-11-27',
    status: 'submitted',
    assigneeId: null,
    draft: null,
    returnComment: null,
    answer: null,
    clarifications: [],
    rulingId: null,
    createdAt: '2026-11-20T15:10:00+09:00',
    updatedAt: '2026-11-20T15:10:00+09:00',
  },
];
