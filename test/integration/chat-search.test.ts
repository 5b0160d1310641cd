import { cardSchemaErrors } from '../support/adaptive-cards';
import { cardIn, cardTextOf, TurnHarness } from '../support/turn-harness';

type CardAction = { type: string; title: string; verb?: string; data?: Record<string, unknown>; url?: string };

function actionsOf(card: Record<string, unknown> | undefined): CardAction[] {
  const found: CardAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type.startsWith('Action.') && typeof record.title === 'string')
      found.push(record as CardAction);
    for (const [key, value] of Object.entries(record)) if (key !== 'fallback') walk(value);
  };
  walk(card);
  return found;
}

/** Issue 22: a message that is not a command searches the rulings and manuals, in process through the real adapter and router. */
describe('search in chat', () => {
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

  it('answers 「国保 喪失」 with the top rulings as a card: title, 所管課, highlighted snippet, 開く into the tab', async () => {
    const [reply, ...more] = await h.say('p-ward-staff', '国保 喪失');
    expect(more).toEqual([]);
    const card = cardIn(reply);
    expect(cardSchemaErrors(card)).toEqual([]);
    const text = cardTextOf(card);
    expect(text).toContain('「国保 喪失」の検索結果');
    expect(text).toContain('保険年金課');
    expect(JSON.stringify(card)).toContain('**喪失**');
    const opens = actionsOf(card).filter((a) => a.type === 'Action.OpenUrl');
    expect(opens.length).toBeGreaterThan(0);
    expect(opens.length).toBeLessThanOrEqual(3);
    expect(opens[0].url).toBe(`${h.tabUrl}#/rulings/R-0011`);
    expect(actionsOf(card).map((a) => a.title)).toEqual(expect.arrayContaining(['これで解決した', '質問する']));
  });

  it('searches a whole chat sentence too, the way the issue’s new user typed it', async () => {
    const [reply] = await h.say('p-ward-staff', '退職した人が国保に入るのが遅れたら保険料はいつから？');
    const opens = actionsOf(cardIn(reply)).filter((a) => a.type === 'Action.OpenUrl');
    expect(opens[0].url).toBe(`${h.tabUrl}#/rulings/R-0001`);
  });

  it('records これで解決した once per person and query, for rulings that exist only', async () => {
    const [reply] = await h.say('p-ward-staff', '国保 喪失');
    const resolved = actionsOf(cardIn(reply)).find((a) => a.title === 'これで解決した')!;
    const first = await h.press('p-ward-staff', resolved.verb, resolved.data);
    expect(cardTextOf(first.card)).toContain('解決済みとして記録しました');
    await h.press('p-ward-staff', resolved.verb, resolved.data);
    const entries = await h.store.audit.list({ actions: ['ruling.searchResolved'], actorId: 'p-ward-staff' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ objectId: '国保 喪失', detail: { rulingIds: expect.arrayContaining(['R-0011']) } });
    const forged = await h.press('p-ward-staff', resolved.verb, { query: '国保 喪失', rulingIds: ['R-9999'] });
    expect(forged.message).toContain('見つかりません');
    expect(await h.store.audit.list({ actions: ['ruling.searchResolved'] })).toHaveLength(1);
  });

  it('opens the 疑義照会 form from 質問する, prefilled with the query, the ruling’s 分野 and its department', async () => {
    const [reply] = await h.say('p-ward-staff', '国保 喪失');
    const ask = actionsOf(cardIn(reply)).find((a) => a.title === '質問する')!;
    const result = await h.press('p-ward-staff', ask.verb, ask.data);
    expect(cardSchemaErrors(result.card)).toEqual([]);
    const inputs = JSON.stringify(result.card);
    expect(inputs).toContain('"id":"subject"');
    expect(inputs).toMatch(/"id":"subject"[^}]*"value":"国保 喪失"/);
    expect(inputs).toMatch(/"id":"category"[^}]*"value":"国民健康保険"/);
    const hokenNenkin = (await h.store.departments.list({ kind: 'hq' })).find((d) => d.name === '保険年金課')!;
    expect(inputs).toMatch(new RegExp(`"id":"targetDepartmentId"[^]*"value":"${hokenNenkin.id}"`));
    // From someone not in the directory, nothing opens.
    expect((await h.press({ aadObjectId: '00000000-0000-4000-8000-00000000dead' }, ask.verb, ask.data)).message).toContain(
      '登録されていない',
    );
  });

  it('keeps commands as commands, and says in the help card that other words search', async () => {
    const [help] = await h.say('p-ward-staff', 'ヘルプ');
    expect(cardTextOf(cardIn(help))).toContain('判断事例・マニュアルを検索して上位3件を表示します');
  });

  it('finds a manual by a word only inside its document, and says on which page (issue 22 item 5)', async () => {
    // 限度額適用認定証 is in no ruling and in no manual's title or summary: only on page 4 of M-001's PDF (demo text).
    const [reply] = await h.say('p-ward-staff', '限度額適用認定証');
    const card = cardIn(reply);
    expect(cardSchemaErrors(card)).toEqual([]);
    const text = cardTextOf(card);
    expect(text).toContain('国民健康保険 窓口事務マニュアル');
    expect(text).toContain('M-001・4ページ');
    expect(JSON.stringify(card)).toContain('**限度額適用認定証**');
    expect(actionsOf(card).find((a) => a.type === 'Action.OpenUrl' && a.url?.includes('kokuho-madoguchi-jimu-manual.pdf'))).toBeDefined();
  });

  it('names the heading for a docx manual', async () => {
    const [reply] = await h.say('p-ward-staff', '特例転入 暗証番号');
    expect(cardTextOf(cardIn(reply))).toContain('M-008・見出し：特例転入');
  });
});
