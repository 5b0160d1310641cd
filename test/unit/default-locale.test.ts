import fs from 'node:fs';
import { TestAdapter, type Activity } from 'botbuilder';
import { t, type Locale } from '../../bot/platform/i18n';
import { silentLogger } from '../../bot/platform/logger';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { ActivityRouter } from '../../bot/teams/activity-router';
import { HandlerRegistry } from '../../bot/teams/handler-registry';
import { tempDir } from '../support/processes';

/** APP_LOCALE (config.defaultLocale) answers people the bot cannot place: not in the directory, no language sent. */
describe('default locale for people whose language is unknown', () => {
  let dataDir: string;
  let store: SqliteStore;

  beforeAll(() => {
    dataDir = tempDir('renkei-default-locale-');
    store = SqliteStore.open(dataDir);
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function replyTo(activity: Partial<Activity>, defaultLocale?: Locale): Promise<string | undefined> {
    const router = new ActivityRouter({
      store,
      registry: new HandlerRegistry(),
      logger: silentLogger,
      welcomeCommand: 'ヘルプ',
      defaultLocale,
    });
    const replies: Partial<Activity>[] = [];
    const adapter = new TestAdapter(async (context) => router.onTurn(context));
    await adapter
      .send({ type: 'message', text: 'xyz', from: { id: '29:stranger', name: 'Stranger', aadObjectId: 'not-in-directory' }, ...activity })
      .assertReply((reply) => void replies.push(reply));
    return replies[0]?.text;
  }

  it('answers in APP_LOCALE when Teams sends no language', async () => {
    expect(await replyTo({}, 'en')).toBe(t('en', 'unknownCommand', { text: 'xyz' }));
    expect(await replyTo({}, 'ja')).toBe(t('ja', 'unknownCommand', { text: 'xyz' }));
    expect(await replyTo({})).toBe(t('ja', 'unknownCommand', { text: 'xyz' })); // Japanese without a setting
  });

  it('still follows the language Teams sends', async () => {
    expect(await replyTo({ locale: 'ja-JP' }, 'en')).toBe(t('ja', 'unknownCommand', { text: 'xyz' }));
    expect(await replyTo({ locale: 'en-US' }, 'ja')).toBe(t('en', 'unknownCommand', { text: 'xyz' }));
  });
});
