import fs from 'node:fs';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { startNode, tempDir } from '../support/processes';

/** `npm run cli -- checkin start R8 Q3` and `checkin status`, as an operator runs them (the built CLI). */
describe('checkin command', () => {
  let dataDir: string;
  const run = async (...args: string[]) => {
    const cli = startNode(['dist/bot/cli/main.js', ...args], { APP_DATA_DIR: dataDir, APP_MODE: undefined, MicrosoftAppId: undefined });
    const { code } = await cli.exited;
    return { code, output: cli.output() };
  };

  beforeAll(async () => {
    dataDir = tempDir('renkei-cli-checkin-');
    expect((await run('seed')).code).toBe(0);
    const store = SqliteStore.open(dataDir);
    await store.conversations.save('person:p-pmo', { conversation: { id: 'a:pmo' } });
    await store.close();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('opens a quarter once, queues cards for reachable owners and names the others', async () => {
    const first = await run('checkin', 'start', 'R8', 'Q3', '--as', 'p-pmo');
    expect(first.code).toBe(0);
    const store = SqliteStore.open(dataDir);
    try {
      const pmoOwned = (await store.initiatives.list({ ownerId: 'p-pmo' })).length;
      expect(first.output).toContain(`R8年度 Q3 を開始しました。期限 2027-01-18、カード ${pmoOwned} 件をキューに入れました`);
      // By name and section (in the order of their ids: p-admin, p-hq-approver, p-hq-responder, p-ward-manager, p-ward-staff), not by id.
      expect(first.output).toContain(
        '届かない担当者 (unreachable owners) 5 人: 渡辺 翔（総務局 DX推進課）、高橋 直子（健康福祉局 保険年金課）、鈴木 健太（健康福祉局 保険年金課）、伊藤 由美（北区役所 保険年金課）、佐藤 美咲（北区役所 保険年金課）',
      );
      expect(first.output).not.toContain('p-ward-staff');
      expect(first.output).toContain('担当者のいない施策 (no owner): B1-7A');
      expect((await store.checkInCycles.get(2026, 3))?.openedBy).toBe('p-pmo');
    } finally {
      await store.close();
    }
    const again = await run('checkin', 'start', 'R8', 'Q3');
    expect(again.output).toContain('R8年度 Q3 は');
    expect(again.output).toContain('開始済みです');
    const status = await run('checkin', 'status');
    expect(status.output.split('\n')[0]).toMatch(/^R8年度 Q3 {2}\d{4}-\d{2}-\d{2}〜2027-01-18 {2}受付中 \(open\) {2}回答 0\/15/);
    expect(status.output).toMatch(/R8年度 Q2 .*締切済 \(closed\)/);
  });

  it('refuses an unreadable quarter, an unknown person and a missing action (exit 2)', async () => {
    expect((await run('checkin', 'start', 'next', 'quarter')).code).toBe(2);
    expect((await run('checkin', 'start', 'R8', 'Q4', '--as', 'p-nobody')).code).toBe(2);
    expect((await run('checkin')).code).toBe(2);
  });
});
