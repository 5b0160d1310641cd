import type { Department, Person } from '../../bot/directory/model';
import { authorize, ensureAllowed, ForbiddenError, POLICY, type Action, type Subject } from '../../bot/platform/authorization';
import type { Actor } from '../../bot/platform/identity';
import { loadDemoData } from '../../bot/demo/demo-data';

const { people: demoPeople } = loadDemoData();

const departments: Record<string, Department> = {
  'ward-kita-hoken-nenkin': {
    id: 'ward-kita-hoken-nenkin',
    name: '保険年金課',
    office: '北区役所',
    kind: 'ward',
    approvalRequired: false,
    inquiryChannelId: null,
    noticeChannelId: null,
  },
  'hq-hoken-nenkin': {
    id: 'hq-hoken-nenkin',
    name: '保険年金課',
    office: '健康福祉局',
    kind: 'hq',
    approvalRequired: true,
    inquiryChannelId: null,
    noticeChannelId: null,
  },
  'hq-dx': {
    id: 'hq-dx',
    name: 'DX推進課',
    office: '総務局',
    kind: 'hq',
    approvalRequired: false,
    inquiryChannelId: null,
    noticeChannelId: null,
  },
};

function actor(person: Person): Actor {
  return { person, department: departments[person.departmentId], roles: new Set(person.roles) };
}

const personas = Object.fromEntries(demoPeople.map((p) => [p.id, actor(p)])) as Record<string, Actor>;
// An HQ responder of another department, to check that department membership matters.
personas['p-other-responder'] = actor({ ...demoPeople[1], id: 'p-other-responder', departmentId: 'hq-dx' });

const ALL = Object.keys(personas);

const inquiry: Subject = {
  type: 'inquiry',
  targetDepartmentId: 'hq-hoken-nenkin',
  askerId: 'p-ward-staff',
  askerDepartmentId: 'ward-kita-hoken-nenkin',
};
const pmoInitiative: Subject = { type: 'initiative', ownerId: 'p-pmo' };
const unownedInitiative: Subject = { type: 'initiative', ownerId: null };
const manual: Subject = { type: 'manual', department: '保険年金課', ownerId: 'p-hq-responder' };
const ruling: Subject = { type: 'ruling', department: '保険年金課' };
const notice: Subject = {
  type: 'notice',
  senderId: 'p-hq-responder',
  senderDepartmentId: 'hq-hoken-nenkin',
  sectionIds: ['ward-kita-hoken-nenkin'],
  sent: true,
};
const unsentNotice: Subject = { ...notice, sent: false };
const approversNotice: Subject = { ...notice, senderId: 'p-hq-approver' };
const hqDepartment: Subject = { type: 'department', departmentId: 'hq-hoken-nenkin' };
const survey: Subject = {
  type: 'survey',
  senderDepartmentId: 'hq-hoken-nenkin',
  sectionIds: ['ward-kita-hoken-nenkin', 'ward-minami-hoken-nenkin'],
};
const kitaAnswer: Subject = { ...survey, sectionId: 'ward-kita-hoken-nenkin' };
const minamiAnswer: Subject = { ...survey, sectionId: 'ward-minami-hoken-nenkin' };
const surveyNotToKita: Subject = { ...survey, sectionIds: ['ward-minami-hoken-nenkin'] };

/** Every action against every persona: the personas listed are allowed, every other one is refused. */
const TABLE: [Action, Subject, string[]][] = [
  ['help.view', { type: 'none' }, ALL],
  ['ruling.view', { type: 'none' }, ALL],
  ['manual.view', { type: 'none' }, ALL],
  ['inquiry.ask', { type: 'none' }, ALL],
  ['inquiry.view', inquiry, ['p-ward-staff', 'p-ward-manager', 'p-hq-responder', 'p-hq-approver', 'p-pmo', 'p-admin']],
  ['inquiry.withdraw', inquiry, ['p-ward-staff']],
  ['inquiry.restore', inquiry, ['p-ward-staff']],
  ['inquiry.reply', inquiry, ['p-ward-staff']],
  ['inquiry.viewAll', { type: 'none' }, ['p-pmo', 'p-admin']],
  ['inquiry.claim', inquiry, ['p-hq-responder', 'p-hq-approver']],
  ['inquiry.draft', inquiry, ['p-hq-responder', 'p-hq-approver']],
  ['inquiry.approve', inquiry, ['p-hq-approver']],
  ['inquiry.return', inquiry, ['p-hq-approver']],
  ['inquiry.release', inquiry, ['p-hq-responder', 'p-hq-approver']],
  ['inquiry.reassign', inquiry, ['p-hq-approver']],
  ['notice.compose', { type: 'none' }, ['p-hq-responder', 'p-hq-approver', 'p-admin', 'p-other-responder']],
  ['notice.view', notice, ['p-ward-staff', 'p-ward-manager', 'p-hq-responder', 'p-hq-approver', 'p-pmo', 'p-admin']],
  ['notice.view', unsentNotice, ['p-hq-responder', 'p-hq-approver', 'p-pmo', 'p-admin']],
  ['notice.confirm', notice, ['p-ward-staff', 'p-ward-manager']],
  ['notice.approve', notice, ['p-hq-approver']],
  ['notice.approve', approversNotice, []],
  ['notice.return', notice, ['p-hq-approver']],
  ['notice.correct', notice, ['p-hq-responder', 'p-hq-approver', 'p-admin']],
  ['survey.create', { type: 'none' }, ['p-hq-responder', 'p-hq-approver', 'p-admin', 'p-other-responder']],
  ['survey.viewAll', survey, ['p-hq-responder', 'p-hq-approver', 'p-pmo', 'p-admin']],
  ['survey.export', survey, ['p-hq-responder', 'p-hq-approver', 'p-pmo', 'p-admin']],
  ['survey.answer', survey, ['p-ward-staff', 'p-ward-manager']],
  ['survey.answer', kitaAnswer, ['p-ward-staff', 'p-ward-manager']],
  ['survey.answer', minamiAnswer, []],
  ['survey.answer', surveyNotToKita, []],
  ['survey.approve', kitaAnswer, ['p-ward-manager']],
  ['survey.approve', minamiAnswer, []],
  ['survey.respond', survey, ['p-hq-responder', 'p-hq-approver', 'p-admin']],
  ['survey.manage', survey, ['p-hq-responder', 'p-hq-approver', 'p-admin']],
  ['ruling.publish', ruling, ['p-hq-approver', 'p-admin']],
  ['manual.manage', manual, ['p-hq-responder', 'p-hq-approver', 'p-admin']],
  ['checkin.submit', { type: 'initiative', ownerId: 'p-ward-manager' }, ['p-ward-manager', 'p-pmo']],
  ['checkin.submit', pmoInitiative, ['p-pmo']],
  ['checkin.submit', unownedInitiative, ['p-pmo']],
  ['checkin.view', { type: 'initiative', ownerId: 'p-ward-manager' }, ['p-ward-manager', 'p-pmo', 'p-admin']],
  ['checkin.rollup', { type: 'none' }, ['p-pmo', 'p-admin']],
  ['initiative.import', { type: 'none' }, ['p-pmo', 'p-admin']],
  ['checkin.export', { type: 'none' }, ['p-pmo', 'p-admin']],
  ['cycle.manage', { type: 'none' }, ['p-pmo', 'p-admin']],
  ['dashboard.view', { type: 'none' }, ['p-pmo', 'p-admin']],
  ['directory.bindChannel', hqDepartment, ['p-hq-approver', 'p-admin']],
  ['directory.manage', { type: 'none' }, ['p-admin']],
  ['audit.view', { type: 'none' }, ['p-admin']],
  ['synonym.manage', { type: 'none' }, ['p-admin']],
  ['outbox.view', { type: 'none' }, ['p-pmo', 'p-admin']],
];

describe('authorization: every action against every role', () => {
  it('covers every action in the policy', () => {
    expect(new Set(TABLE.map(([action]) => action))).toEqual(new Set(Object.keys(POLICY)));
  });

  for (const [action, subject, allowed] of TABLE) {
    for (const personaId of ALL) {
      const expected = allowed.includes(personaId);
      it(`${action} on ${subject.type} by ${personaId}: ${expected ? 'allowed' : 'refused'}`, () => {
        const decision = authorize(personas[personaId], action, subject);
        expect(decision.allowed).toBe(expected);
        if (!decision.allowed) expect(decision.reason.length).toBeGreaterThan(5);
      });
    }
  }

  it('throws ForbiddenError with the reason', () => {
    expect(() => ensureAllowed(personas['p-ward-staff'], 'inquiry.approve', inquiry)).toThrow(ForbiddenError);
    expect(() => ensureAllowed(personas['p-ward-staff'], 'inquiry.approve', inquiry)).toThrow('承認者');
  });

  it('refuses to guess when a handler passes the wrong kind of subject', () => {
    expect(() => authorize(personas['p-hq-approver'], 'inquiry.approve', { type: 'none' })).toThrow('expected a inquiry subject');
  });
});
