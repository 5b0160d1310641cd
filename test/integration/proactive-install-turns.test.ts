import { randomBytes } from 'node:crypto';
import { reachCommand } from '../../bot/cli/reach-command';
import { composeNotice } from '../../bot/notices/workflow';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { resolveActorByPersonId } from '../../bot/platform/identity';
import { outboxReport } from '../../bot/platform/outbox/report';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { GraphTestServer } from '../support/graph/graph-test-server';
import { GRAPH_TEST_TOKEN, productionLayoutEnv, provisionedSite, removeTempDataDirs, silentLogger } from '../support/sharepoint-fixture';
import { cardIn, cardTextOf, findSent, TurnHarness } from '../support/turn-harness';

/**
 * Issue 21: a check-in card reaches an owner who never opened the bot. In the production layout
 * (records on the Graph test server, operational state in Azurite) with TEAMS_APP_CATALOG_ID set,
 * the outbox installs the app for the owner through Graph (POST installedApps), finds the
 * installation and its 1:1 chat, and sends the card into that chat. An owner already having the
 * app (409) is reached the same way; an owner without a Teams licence (403) is reported to the PMO
 * who opened the check-in, with the reason. Every Graph request is checked against Microsoft's description.
 */
jest.setTimeout(120_000);

const GENERAL = '19:renkei-team-general@thread.tacv2';
const CATALOG_APP_ID = '0d8b8e0c-4c3a-4f7e-9a55-1f2e3d4c5b6a';
const WARD_STAFF = '6b1e0c3a-0001-4000-8000-000000000001'; // 佐藤 美咲, owner of A1-2
const WARD_MANAGER = '6b1e0c3a-0005-4000-8000-000000000005'; // 伊藤 由美, owner of A1-1: already has the app
const ADMIN = '6b1e0c3a-0006-4000-8000-000000000006'; // 渡辺 翔, owner of B1-7B: no Teams licence

let azurite: RunningAzurite;
let graph: GraphTestServer;
let h: TurnHarness;

beforeAll(async () => {
  [azurite, graph] = await Promise.all([
    startAzurite(),
    GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN], botAppId: 'renkei-test-bot' }),
  ]);
  const { siteUrl } = await provisionedSite(graph);
  graph.addCatalogApp({ id: CATALOG_APP_ID, displayName: '本庁区役所連携' });
  const prefix = `i${randomBytes(3).toString('hex')}`;
  h = await TurnHarness.start({
    env: { ...productionLayoutEnv(graph, siteUrl, azurite.connectionString, prefix), TEAMS_APP_CATALOG_ID: CATALOG_APP_ID },
  });
  for (const person of await h.store.people.list())
    graph.addTeamsUser(person.entraObjectId, person.entraObjectId === ADMIN ? 'noLicence' : 'licensed');
  graph.installForUserByHand(WARD_MANAGER, CATALOG_APP_ID);
});
afterAll(async () => {
  await h?.close();
  await Promise.all([azurite?.stop(), graph?.close()]);
  removeTempDataDirs();
});

it('installs the app for owners who never opened the bot, reads their chat and delivers the check-in card there; reports the unreachable one to the PMO', async () => {
  const [reply] = await h.say('p-pmo', 'チェックイン開始 R8 Q3', { channel: GENERAL });
  expect(reply.activity.text).toContain('アプリをインストールしてからカードを届けます');
  expect(graph.userInstallations(WARD_STAFF)).toEqual([]);

  const sent = await h.deliverOutbox({ allowDead: true, timeoutMs: 30_000 });

  // The owner who never opened the bot: installed, and the card went into the chat Graph named.
  const [installation] = graph.userInstallations(WARD_STAFF);
  expect(installation.chatId).toBe(`19:${WARD_STAFF}_renkei-test-bot@unq.gbl.spaces`);
  const card = findSent(sent, '窓口待ち時間の短縮', (s) => s.conversationId === installation.chatId);
  expect(card.proactive).toBe(true);
  expect(cardIn(card)).toBeDefined();
  const urls = graph.requests.map((r) => `${r.method} ${decodeURIComponent(r.url)}`);
  expect(urls).toContain(`POST /v1.0/users/${WARD_STAFF}/teamwork/installedApps`);
  expect(urls).toContain(
    `GET /v1.0/users/${WARD_STAFF}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '${CATALOG_APP_ID}'`,
  );
  expect(urls).toContain(`GET /v1.0/users/${WARD_STAFF}/teamwork/installedApps/${installation.id}/chat?$select=id`);

  // Already installed (409): still reached through its chat, and not installed twice.
  const managerChat = graph.userInstallations(WARD_MANAGER)[0].chatId;
  findSent(sent, '書かない窓口の実現', (s) => s.conversationId === managerChat);
  expect(graph.userInstallations(WARD_MANAGER)).toHaveLength(1);

  // No Teams licence (403): no card, and the PMO who opened the cycle is told why, in a chat the app was installed for.
  expect(sent.some((s) => cardTextOf(cardIn(s)).includes('Teamsを活用した本庁・区役所間の連携強化'))).toBe(false);
  const pmoChat = graph.userInstallations('6b1e0c3a-0004-4000-8000-000000000004')[0].chatId;
  const told = findSent(sent, '渡辺 翔', (s) => s.conversationId === pmoChat && s.activity.text !== undefined);
  expect(told.activity.text).toContain('403');
  expect(told.activity.text).toContain('ライセンス');

  const report = await outboxReport(h.store.outbox, h.store.audit);
  // Owners p-ward-staff, p-hq-approver, p-hq-responder, p-pmo are installed; p-ward-manager had it; p-admin has no licence.
  expect(report.installations).toMatchObject({ installed: 4, alreadyInstalled: 1, unreachable: 1 });
  expect(report.installations.unreachableReasons).toEqual([{ key: 'person:p-admin', reason: expect.stringContaining('403') }]);
  expect((await h.store.audit.list({ actions: ['reach.install.installed'] })).map((e) => e.objectId).sort()).toEqual([
    'p-hq-approver',
    'p-hq-responder',
    'p-pmo',
    'p-ward-staff',
  ]);
  expect(graph.validationErrors).toEqual([]);
  expect(h.errors).toEqual([]);
});

it('installs nobody twice: a later message to an installed owner goes straight to the chat', async () => {
  const installs = graph.installs;
  const posts = graph.requests.filter((r) => r.method === 'POST').length;
  await h.store.outbox.enqueue({
    key: 'test:later-notice',
    conversationKey: 'person:p-ward-staff',
    payload: { activity: { type: 'message', text: '二度目のお知らせ' } },
  });
  const sent = await h.deliverOutbox();
  findSent(sent, '二度目のお知らせ', (s) => s.conversationId === graph.userInstallations(WARD_STAFF)[0].chatId);
  expect(graph.installs).toBe(installs);
  expect(graph.requests.filter((r) => r.method === 'POST').length).toBe(posts);
  expect(graph.validationErrors).toEqual([]);
});

it("installs the app in a ward section's team before the first post to its channel, once", async () => {
  const teamId = '2b7f3c1e-6d5a-4e8b-9c0d-1a2b3c4d5e6f';
  const channel = '19:kita-kuyakusho-oshirase@thread.tacv2';
  graph.addTeam(teamId);
  const section = (await h.store.departments.list({ kind: 'ward' }))[0];
  await h.store.departments.upsert({ ...section, noticeChannelId: channel, teamId });
  for (const key of ['test:channel-1', 'test:channel-2'])
    await h.store.outbox.enqueue({ key, conversationKey: `channel:${channel}`, payload: { activity: { type: 'message', text: key } } });

  const sent = await h.deliverOutbox();

  expect(graph.teamInstallations(teamId)).toEqual([CATALOG_APP_ID]);
  const posts = graph.requests.filter((r) => r.method === 'POST' && r.url === `/v1.0/teams/${teamId}/installedApps`);
  expect(posts).toHaveLength(1);
  for (const key of ['test:channel-1', 'test:channel-2']) findSent(sent, key, (s) => s.conversationId === channel);
  expect((await h.store.audit.list({ actions: ['reach.install.installed'], objectType: 'team' })).map((e) => e.objectId)).toEqual([teamId]);
  expect(graph.validationErrors).toEqual([]);
});

it('reach: counts who the bot reaches now and queues no installation twice (the one Teams refused stays listed)', async () => {
  const out: string[] = [];
  const context = { config: () => h.config, out: (line: string) => void out.push(line), err: (line: string) => void out.push(line) };
  expect(await reachCommand.run(['--json'], context)).toBe(0);
  const report = JSON.parse(out.at(-1)!) as Record<string, { reachable: number; total: number; unreachable: string[] }> & {
    queued: number;
  };
  expect(report.owners).toEqual({ total: 6, reachable: 5, unreachable: ['p-admin'] });
  expect(report.approvers).toEqual({ total: 1, reachable: 1, unreachable: [] });
  // p-admin's installation is already recorded (refused with 403): the same key queues nothing new.
  expect(report.queued).toBe(0);
  expect(graph.validationErrors).toEqual([]);
});

it('お知らせ: a ward section without a channel gets the card in each member’s chat, installed for first; the sender hears of the member Teams refuses', async () => {
  const NEW = '6b1e0c3a-0007-4000-8000-000000000007';
  const REFUSED = '6b1e0c3a-0008-4000-8000-000000000008';
  const section = (await h.store.departments.get('ward-kita-hoken-nenkin'))!;
  await h.store.departments.upsert({ ...section, noticeChannelId: null });
  const hq = (await h.store.departments.get('hq-hoken-nenkin'))!;
  await h.store.departments.upsert({ ...hq, approvalRequired: false });
  const clerk = (await h.store.people.get('p-ward-staff'))!;
  await h.store.people.upsert({ ...clerk, id: 'p-ward-new', entraObjectId: NEW, displayName: '木村 結衣', email: 'kimura@example.lg.jp' });
  await h.store.people.upsert({
    ...clerk,
    id: 'p-ward-refused',
    entraObjectId: REFUSED,
    displayName: '林 大輔',
    email: 'hayashi@example.lg.jp',
  });
  graph.addTeamsUser(NEW);
  graph.addTeamsUser(REFUSED, 'blockedByPolicy');

  const sender = await resolveActorByPersonId(h.store, 'p-hq-responder');
  if (sender.kind !== 'known') throw new Error('no sender');
  const deps = { store: h.store, logger: silentLogger, now: () => new Date(), tabUrl: h.tabUrl, nudge: () => undefined, installsApp: true };
  const request = {
    kind: '事務連絡',
    title: '窓口の受付時間の変更',
    body: '来月から窓口の受付時間を変更します。',
    confirmBy: addBusinessDays(japanDateOf(new Date()), 3),
    audience: { wardSections: ['ward-kita-hoken-nenkin'] },
  };
  const composed = await composeNotice(deps, sender.actor, request, 'install-test-1');
  if (!('notice' in composed)) throw new Error(JSON.stringify(composed));
  expect(composed.notice.sections).toEqual([expect.objectContaining({ departmentId: 'ward-kita-hoken-nenkin', status: 'pending' })]);

  const sent = await h.deliverOutbox({ allowDead: true, timeoutMs: 30_000 });

  const newChat = graph.userInstallations(NEW)[0].chatId;
  findSent(sent, '窓口の受付時間の変更', (s) => s.conversationId === newChat && cardIn(s) !== undefined);
  expect(graph.userInstallations(REFUSED)).toEqual([]);
  const senderChat = graph.userInstallations('6b1e0c3a-0002-4000-8000-000000000002')[0].chatId;
  const told = findSent(sent, '林 大輔', (s) => s.conversationId === senderChat && s.activity.text !== undefined);
  expect(told.activity.text).toContain('北区役所 保険年金課 林 大輔');
  expect(told.activity.text).toContain('アプリの許可ポリシー');
  expect(graph.validationErrors).toEqual([]);
});
