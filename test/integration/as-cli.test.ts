import fs from 'node:fs';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { startNode, tempDir } from '../support/processes';

/**
 * `npm run cli -- as <person> …`, as a new user runs it (the built CLI over a SQLite file): one
 * inquiry from the question to the approved answer, each step run from the command line the
 * previous step printed, so the printed buttons are known to work.
 */
describe('as command', () => {
  let dataDir: string;
  const run = async (...args: string[]) => {
    const cli = startNode(['dist/bot/cli/main.js', ...args], { APP_DATA_DIR: dataDir, APP_MODE: undefined, MicrosoftAppId: undefined });
    const { code } = await cli.exited;
    return { code, output: cli.output() };
  };
  const withStore = async <T>(work: (store: SqliteStore) => Promise<T>): Promise<T> => {
    const store = SqliteStore.open(dataDir);
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };
  const wardChat = { conversation: { id: 'a:playground-ward-staff' }, serviceUrl: 'http://127.0.0.1:56150' };

  beforeAll(async () => {
    dataDir = tempDir('renkei-cli-as-');
    expect((await run('seed')).code).toBe(0);
    await withStore((store) => store.conversations.save('person:p-ward-staff', wardChat));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('walks one inquiry through question, claim, answer and approval, running the printed buttons', async () => {
    const form = await run('as', 'p-ward-staff', '質問');
    expect(form.code).toBe(0);
    expect(form.output).toContain('佐藤 美咲（北区役所 保険年金課） として: 質問');
    expect(form.output).toContain('［入力 subject=］件名（必須）');
    const preview = await run(
      ...pressed(buttonLine(form.output, '確認して次へ'), {
        targetDepartmentId: 'hq-hoken-nenkin',
        category: '国民健康保険',
        subject: '転出した月の保険料の計算',
        body: '月の途中で転出した場合、その月の保険料はどちらの市が賦課しますか。',
      }),
    );
    expect(preview.output).toContain('送信前の確認');
    const submitted = await run(...pressed(buttonLine(preview.output, 'それでも質問する')));
    const number = /(Q-R8-\d{4}) として 健康福祉局 保険年金課 に送りました/.exec(submitted.output)?.[1];
    expect(number).toBeDefined();
    // What the running server will deliver: the thread card with 担当する, to a channel (so no presser is known).
    expect(submitted.output).toContain('送信キューに入れたメッセージ 2 件（起動中のサーバーが届けます）');
    expect(submitted.output).toContain(`▶ 担当する: npm run cli -- as <personId> inquiry.claim number=${number}`);

    const claimed = await run(...pressed(buttonLine(submitted.output, '担当する').replace('<personId>', 'p-hq-responder')));
    expect(claimed.output).toContain('状態: 対応中　担当：鈴木 健太');
    const answerForm = await run(...pressed(buttonLine(claimed.output, '回答する')));
    expect(answerForm.output).toContain('［入力 answer=］回答内容（必須）');
    const answered = await run(
      ...pressed(buttonLine(answerForm.output, '承認を依頼する'), { answer: '転出した日の属する月の保険料は、転出先の市が賦課します。' }),
    );
    expect(answered.output).toContain('状態: 承認待ち　担当：鈴木 健太');
    // The approval card went to the thread (the approver never opened a personal chat): its button, pressed by the drafter, is refused.
    const approve = buttonLine(answered.output, '承認');
    const byDrafter = await run(...pressed(approve.replace('<personId>', 'p-hq-responder')));
    expect(byDrafter.output).toContain('この操作の権限がありません');
    const approved = await run(...pressed(approve.replace('<personId>', 'p-hq-approver')));
    expect(approved.code).toBe(0);
    expect(approved.output).toContain('状態: 回答済　担当：鈴木 健太　回答：鈴木 健太　承認：高橋 直子');
    expect(approved.output).toContain(`→ 佐藤 美咲（p-ward-staff）の個人チャット`);
    expect(approved.output).toContain(`${number} に回答がありました`);

    await withStore(async (store) => {
      const inquiry = await store.inquiries.get(number!);
      expect(inquiry).toMatchObject({ status: 'answered', assigneeId: 'p-hq-responder', askerId: 'p-ward-staff' });
      const audit = (await store.audit.list({ objectType: 'inquiry', objectId: number }))
        .reverse()
        .map((entry) => [entry.action, entry.actorId]);
      expect(audit).toEqual([
        ['inquiry.submit', 'p-ward-staff'],
        ['inquiry.claim', 'p-hq-responder'],
        ['inquiry.submitAnswer', 'p-hq-responder'],
        ['inquiry.refused', 'p-hq-responder'],
        ['inquiry.approve', 'p-hq-approver'],
      ]);
      // Queued for the running server's dispatcher, in the Playground chat the ward staff opened.
      expect((await store.outbox.get(`inquiry:${number}:answer:p-ward-staff`))?.status).toBe('pending');
      // The CLI is not a chat: where the bot reaches her is the Playground's conversation still.
      expect(await store.conversations.get('person:p-ward-staff')).toEqual(wardChat);
      expect(await store.conversations.listKeys('person:')).toEqual(['person:p-ward-staff']);
    });
  });

  it('answers a chat command as the person would see it', async () => {
    const list = await run('as', 'p-hq-responder', '照会一覧');
    expect(list.code).toBe(0);
    expect(list.output).toContain('健康福祉局 保険年金課 の対応中の照会');
    const unknown = await run('as', 'p-hq-approver', 'なにか');
    expect(unknown.output).toContain('「なにか」は分かりませんでした');
  });

  it('refuses an unknown person, malformed button data and a missing command (exit 2), changing nothing', async () => {
    const before = await withStore((store) => store.outbox.countByStatus());
    const nobody = await run('as', 'p-nobody', '照会一覧');
    expect(nobody.code).toBe(2);
    expect(nobody.output).toContain('職員 p-nobody は名簿にいません');
    expect(nobody.output).toContain('p-hq-responder（鈴木 健太）');
    const badData = await run('as', 'p-hq-responder', 'inquiry.claim', 'number');
    expect(badData.code).toBe(2);
    expect(badData.output).toContain('key=値 か key:=JSON');
    expect((await run('as', 'p-hq-responder', 'inquiry.claim', 'n:=[')).code).toBe(2);
    expect((await run('as', 'p-hq-responder')).code).toBe(2);
    expect(await withStore((store) => store.outbox.countByStatus())).toEqual(before);
  });
});

/** The command line printed for the button titled `title` (the first one). */
function buttonLine(output: string, title: string): string {
  const line = output.split('\n').find((l) => l.trim().startsWith(`▶ ${title}: npm run cli -- `));
  if (!line) throw new Error(`no button ${title} in:\n${output}`);
  return line.trim().slice(`▶ ${title}: `.length);
}

/** The CLI arguments of a printed `npm run cli -- …` line (as a POSIX shell splits it), with some `key=` values filled in. */
function pressed(line: string, fill: Record<string, string> = {}): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (ch === '\\') {
      word = (word ?? '') + line[(i += 1)];
    } else if (ch === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + ch;
  }
  if (word !== undefined) words.push(word);
  expect(words.slice(0, 4)).toEqual(['npm', 'run', 'cli', '--']);
  return words.slice(4).map((w) => {
    const key = /^([\w.-]+)=/.exec(w)?.[1];
    return key && key in fill ? `${key}=${fill[key]}` : w;
  });
}
