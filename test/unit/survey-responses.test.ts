import type { OpinionResponse, SurveyAnswer } from '../../bot/surveys/model';
import { opinionsOf, resultsBody, unanswered, validateResponse } from '../../bot/surveys/rules/responses';
import { make } from '../contract/fixtures';

const KITA = 'ward-kita-hoken-nenkin';
const MINAMI = 'ward-minami-hoken-nenkin';

const survey = make.survey({
  title: 'マニュアル改訂案への意見照会',
  questions: [
    { key: 'opinion', label: '御意見', type: 'text', required: false },
    { key: 'agree', label: '賛否', type: 'choice', required: true, choices: ['賛成', '反対'] },
    { key: 'other', label: 'その他', type: 'text', required: false },
  ],
});
const answered = (departmentId: string, answers: SurveyAnswer['answers']): SurveyAnswer =>
  make.surveyAnswer({ departmentId, status: 'answered', answers, answeredAt: '2026-12-08T00:00:00.000Z', version: 1 });
const respond = (departmentId: string, questionKey: string, decision: 'adopt' | 'reject', reason = ''): OpinionResponse => ({
  surveyId: survey.id,
  departmentId,
  questionKey,
  decision,
  reason,
  respondedBy: 'p-1',
  respondedAt: '2026-12-09T00:00:00.000Z',
});

describe('意見照会 rules', () => {
  it('takes as opinions the non-empty text answers that reached HQ, in section then question order', () => {
    const answers = [
      answered(MINAMI, { opinion: '様式も改めてください', agree: '反対', other: '  ' }),
      answered(KITA, { opinion: '例を加えてください', other: '特になし' }),
      // A draft is not HQ's to see.
      make.surveyAnswer({ departmentId: 'ward-nishi-hoken-nenkin', status: 'draft', answers: { opinion: '下書き' } }),
    ];
    expect(opinionsOf({ ...survey, sectionIds: [KITA, MINAMI, 'ward-nishi-hoken-nenkin'] }, answers)).toEqual([
      { departmentId: KITA, questionKey: 'opinion', text: '例を加えてください' },
      { departmentId: KITA, questionKey: 'other', text: '特になし' },
      { departmentId: MINAMI, questionKey: 'opinion', text: '様式も改めてください' },
    ]);
  });

  it('accepts 反映する without a reason, and needs one for 反映しない', () => {
    const opinions = [{ departmentId: KITA, questionKey: 'opinion', text: 'x' }];
    expect(validateResponse(survey, KITA, opinions, { questionKey: 'opinion', decision: 'adopt' })).toEqual({
      response: { questionKey: 'opinion', decision: 'adopt', reason: '' },
    });
    expect(validateResponse(survey, KITA, opinions, { questionKey: 'opinion', decision: 'reject', reason: ' 法令上できません ' })).toEqual({
      response: { questionKey: 'opinion', decision: 'reject', reason: '法令上できません' },
    });
    expect(validateResponse(survey, KITA, opinions, { questionKey: 'opinion', decision: 'reject' })).toEqual({
      errors: { reason: expect.stringContaining('理由') },
    });
    expect(validateResponse(survey, MINAMI, opinions, { questionKey: 'opinion', decision: 'adopt' })).toEqual({
      errors: { questionKey: expect.stringContaining('届いていません') },
    });
  });

  it('counts the opinions still without a response', () => {
    const opinions = [
      { departmentId: KITA, questionKey: 'opinion', text: 'a' },
      { departmentId: KITA, questionKey: 'other', text: 'b' },
      { departmentId: MINAMI, questionKey: 'opinion', text: 'c' },
    ];
    expect(unanswered(opinions, [respond(KITA, 'opinion', 'adopt'), respond(MINAMI, 'other', 'adopt')])).toEqual([
      opinions[1],
      opinions[2],
    ]);
  });

  it('writes the results: each question once, each opinion with its response and reason, and the link back', () => {
    const opinions = [
      { departmentId: KITA, questionKey: 'opinion', text: '例を加えてください' },
      { departmentId: MINAMI, questionKey: 'opinion', text: '様式も改めてください' },
      { departmentId: KITA, questionKey: 'other', text: '特になし' },
    ];
    const body = resultsBody(
      survey,
      opinions,
      [
        respond(KITA, 'opinion', 'adopt', '第3章に加えます。'),
        respond(MINAMI, 'opinion', 'reject', '別途改正します。'),
        respond(KITA, 'other', 'adopt'),
      ],
      (id) => (id === KITA ? '北区役所 保険年金課' : '南区役所 保険年金課'),
      'https://tab.example/#/surveys/S-R8-0001',
      8000,
    );
    expect(body).toBe(
      '照会「マニュアル改訂案への意見照会」（S-R8-0001）でお寄せいただいた御意見と、本庁の対応をお知らせします。御協力ありがとうございました。' +
        '\n\n■ 御意見' +
        '\n\n【北区役所 保険年金課】\n御意見: 例を加えてください\n対応: 反映する\n理由: 第3章に加えます。' +
        '\n\n【南区役所 保険年金課】\n御意見: 様式も改めてください\n対応: 反映しない\n理由: 別途改正します。' +
        '\n\n■ その他' +
        '\n\n【北区役所 保険年金課】\n御意見: 特になし\n対応: 反映する' +
        '\n\n全文と回答の一覧: https://tab.example/#/surveys/S-R8-0001',
    );
  });

  it('stays within the notice limit: long opinions clipped, those beyond it counted, never silently dropped', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ departmentId: `ward-${i}`, questionKey: 'opinion', text: 'あ'.repeat(500) }));
    const body = resultsBody(survey, many, [], (id) => id, 'https://tab.example/#/surveys/S-R8-0001', 8000);
    expect([...body].length).toBeLessThanOrEqual(8000);
    const shown = body.split('【').length - 1;
    expect(shown).toBeGreaterThan(0);
    expect(body).toContain(`ほか ${60 - shown} 件の御意見と対応は、照会のページで御覧ください。`);
    expect(body).toContain(`御意見: ${'あ'.repeat(400)}…\n対応: 検討中`);
    expect(body.endsWith('全文と回答の一覧: https://tab.example/#/surveys/S-R8-0001')).toBe(true);
  });
});
