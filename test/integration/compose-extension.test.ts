import { RULING_SEARCH_COMMAND } from '../../bot/rulings/message-extension';
import { cardSchemaErrors } from '../support/adaptive-cards';
import { cardTextOf, TurnHarness } from '../support/turn-harness';

type Attachment = {
  contentType: string;
  content: Record<string, unknown>;
  preview?: { contentType: string; content: Record<string, unknown> };
};
type Answer = { composeExtension: { type: string; attachmentLayout?: string; attachments?: Attachment[]; text?: string } };

/**
 * Issue 22: 「判断事例を検索」 from the compose box, as Teams invokes it (composeExtension/query,
 * then composeExtension/selectItem with the tapped preview's value), through the real adapter and router.
 */
describe('compose extension 「判断事例を検索」', () => {
  let h: TurnHarness;

  beforeAll(async () => {
    h = await TurnHarness.start();
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    expect(h.errors).toEqual([]);
  });

  const query = (text: string, queryOptions = { skip: 0, count: 25 }, commandId = RULING_SEARCH_COMMAND) =>
    h.invokeAs(
      'p-hq-responder',
      'composeExtension/query',
      { commandId, parameters: [{ name: 'query', value: text }], queryOptions },
      { channel: '19:hoken@thread.tacv2' },
    );

  it('answers a query with previews, the words found in bold, each carrying the ruling card', async () => {
    const { status, body, sent } = await query('国保 喪失');
    expect(status).toBe(200);
    expect(sent).toEqual([]);
    const result = (body as Answer).composeExtension;
    expect(result).toMatchObject({ type: 'result', attachmentLayout: 'list' });
    const [first] = result.attachments!;
    expect(first.preview!.contentType).toBe('application/vnd.microsoft.card.thumbnail');
    expect(first.preview!.content.title).toMatch(/<b>[^<]*喪失<\/b>/);
    expect(first.preview!.content.tap).toEqual({ type: 'invoke', value: { commandId: RULING_SEARCH_COMMAND, rulingId: 'R-0011' } });
    expect(first.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardSchemaErrors(first.content)).toEqual([]);
  });

  it('pages with skip and count, and says so when nothing matches', async () => {
    const all = (await query('国保')).body as Answer;
    const page = (await query('国保', { skip: 1, count: 2 })).body as Answer;
    expect(page.composeExtension.attachments!.map((a) => a.preview!.content.tap)).toEqual(
      all.composeExtension.attachments!.slice(1, 3).map((a) => a.preview!.content.tap),
    );
    const none = (await query('ぴよぴよ')).body as Answer;
    expect(none.composeExtension).toEqual({ type: 'message', text: expect.stringContaining('該当する判断事例は見つかりませんでした') });
  });

  it('inserts the chosen ruling as a card read again from the store: title, 所管課, question, answer, 開く', async () => {
    const { status, body } = await h.invokeAs('p-hq-responder', 'composeExtension/selectItem', {
      commandId: RULING_SEARCH_COMMAND,
      rulingId: 'R-0011',
    });
    expect(status).toBe(200);
    const [inserted] = (body as Answer).composeExtension.attachments!;
    expect(cardSchemaErrors(inserted.content)).toEqual([]);
    const ruling = (await h.store.rulings.get('R-0011'))!;
    const text = cardTextOf(inserted.content);
    expect(text).toContain(ruling.title);
    expect(text).toContain(ruling.department);
    expect(JSON.stringify(inserted.content)).toContain(`${h.tabUrl}#/rulings/R-0011`);
    const forged = (
      await h.invokeAs('p-hq-responder', 'composeExtension/selectItem', { commandId: RULING_SEARCH_COMMAND, rulingId: 'R-9999' })
    ).body as Answer;
    expect(forged.composeExtension).toEqual({ type: 'message', text: expect.stringContaining('見つかりませんでした') });
  });

  it('refuses a command the manifest does not declare with 400', async () => {
    expect((await query('国保', undefined, 'somethingElse')).status).toBe(400);
    expect((await h.invokeAs('p-hq-responder', 'composeExtension/selectItem', { rulingId: 'R-0011' })).status).toBe(400);
  });
});
