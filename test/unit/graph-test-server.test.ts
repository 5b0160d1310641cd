/**
 * The local Graph test server (test/support/graph) behaves as Microsoft documents Graph's
 * SharePoint APIs, and its OpenAPI validation catches what a real client could get wrong.
 */
import { GraphTestServer, type SiteInfo } from '../support/graph/graph-test-server';
import { sequentialRoundTrips } from '../support/graph/round-trips';

const GRAPH = 'https://graph.microsoft.com/v1.0';
let server: GraphTestServer;
let siteCount = 0;

/** Sends a request the way the adapter's client does once its last middleware rewrites the host. */
async function graph(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; raw?: Buffer } = {}) {
  const url = path.startsWith(GRAPH) ? `${server.url}/v1.0${path.slice(GRAPH.length)}` : `${server.url}/v1.0${path}`;
  const headers: Record<string, string> = { Authorization: 'Bearer test-token', ...options.headers };
  let body: string | Buffer | undefined;
  if (options.raw) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** A fresh site per test, so tests don't see each other's lists. */
function newSite(): SiteInfo {
  siteCount++;
  return server.createSite('contoso.sharepoint.com', `/sites/city${siteCount}`, `市${siteCount}`);
}

async function newList(site: SiteInfo, displayName: string, template = 'genericList') {
  const created = await graph('POST', `/sites/${site.id}/lists`, { body: { displayName, list: { template } } });
  expect(created.status).toBe(201);
  return created.body as { id: string; name: string };
}

beforeAll(async () => {
  server = await GraphTestServer.start({ pageSize: 200, seed: 7 });
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  // Every request a test sends must be one Microsoft's description allows, and so every response.
  expect(server.validationErrors).toEqual([]);
  server.faults.throttleRate = 0;
  server.faults.unavailableRate = 0;
});

test("a site is found by hostname and server-relative path; errors have Graph's shape and ids", async () => {
  const site = newSite();
  const found = await graph('GET', `/sites/contoso.sharepoint.com:${site.serverRelativePath}`, {
    headers: { 'client-request-id': 'abc-123' },
  });
  expect(found.status).toBe(200);
  expect(found.body).toMatchObject({ id: site.id, webUrl: `https://contoso.sharepoint.com${site.serverRelativePath}` });
  expect(found.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(found.headers.get('client-request-id')).toBe('abc-123');

  const missing = await graph('GET', '/sites/contoso.sharepoint.com:/sites/nowhere');
  expect(missing.status).toBe(404);
  expect(missing.body.error.code).toBe('itemNotFound');
  expect(missing.body.error.innerError['request-id']).toBe(missing.headers.get('request-id'));

  const anonymous = await fetch(`${server.url}/v1.0/sites/${site.id}`);
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
  expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
});

test('only the configured bearer tokens are accepted', async () => {
  const strict = await GraphTestServer.start({ tokens: ['good'] });
  try {
    const site = strict.createSite('contoso.sharepoint.com', '/sites/strict');
    const get = (token: string) => fetch(`${strict.url}/v1.0/sites/${site.id}`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await get('bad')).status).toBe(401);
    expect((await get('good')).status).toBe(200);
    expect(strict.validationErrors).toEqual([]);
  } finally {
    await strict.close();
  }
});

test('items page with @odata.nextLink on graph.microsoft.com carrying a $skiptoken', async () => {
  const site = newSite();
  const list = await newList(site, 'Paged');
  for (let i = 1; i <= 5; i++)
    expect((await graph('POST', `/sites/${site.id}/lists/${list.id}/items`, { body: { fields: { Title: `item ${i}` } } })).status).toBe(
      201,
    );

  const titles: string[] = [];
  let next: string | undefined = `/sites/${site.id}/lists/${list.id}/items?$top=2&expand=fields(select=Title)`;
  let pages = 0;
  while (next) {
    const page = await graph('GET', next);
    expect(page.status).toBe(200);
    titles.push(...page.body.value.map((item: { fields: { Title: string } }) => item.fields.Title));
    next = page.body['@odata.nextLink'];
    if (next) {
      expect(next.startsWith(`${GRAPH}/sites/`)).toBe(true);
      expect(next).toContain('$skiptoken=');
    }
    pages++;
  }
  expect(pages).toBe(3);
  expect(titles).toEqual(['item 1', 'item 2', 'item 3', 'item 4', 'item 5']);
});

test('filtering on a column without an index is refused unless Prefer allows it; indexing it makes it filterable', async () => {
  const site = newSite();
  const list = await newList(site, 'Filtered');
  const column = await graph('POST', `/sites/${site.id}/lists/${list.id}/columns`, {
    body: { name: 'Code', displayName: 'コード', text: {} },
  });
  expect(column.status).toBe(201);
  await graph('POST', `/sites/${site.id}/lists/${list.id}/columns`, { body: { name: 'Score', number: {}, indexed: true } });
  for (const [code, score] of [
    ['A', 1],
    ['B', 2],
    ['C', 3],
  ] as const) {
    await graph('POST', `/sites/${site.id}/lists/${list.id}/items`, { body: { fields: { Code: code, Score: score } } });
  }
  const filter = (expr: string, headers: Record<string, string> = {}) =>
    graph('GET', `/sites/${site.id}/lists/${list.id}/items?$expand=fields&$filter=${encodeURIComponent(expr)}`, { headers });
  const codes = (response: { body: { value: { fields: { Code: string } }[] } }) => response.body.value.map((item) => item.fields.Code);

  const refused = await filter("fields/Code eq 'B'");
  expect(refused.status).toBe(400);
  expect(refused.body.error.code).toBe('invalidRequest');
  expect(refused.body.error.message).toContain("Field 'Code' cannot be referenced in filter or orderby as it is not indexed");

  const allowed = await filter("fields/Code eq 'B'", { Prefer: 'HonorNonIndexedQueriesWarningMayFailRandomly' });
  expect(allowed.status).toBe(200);
  expect(codes(allowed)).toEqual(['B']);

  expect(codes(await filter('(fields/Score ge 2 and fields/Score lt 3) or fields/ID eq 1'))).toEqual(['A', 'B']);
  expect(codes(await filter('fields/Score ge 2 and (fields/Score lt 3 or fields/ID eq 1)'))).toEqual(['B']);

  const patched = await graph('PATCH', `/sites/${site.id}/lists/${list.id}/columns/${column.body.id}`, { body: { indexed: true } });
  expect(patched.body.indexed).toBe(true);
  expect(codes(await filter("fields/Code eq 'C' or fields/Code eq 'A'"))).toEqual(['A', 'C']);
});

test('If-Match: a stale eTag is refused with 412, the current one (with or without quotes) is honoured', async () => {
  const site = newSite();
  const list = await newList(site, 'Locked');
  const created = await graph('POST', `/sites/${site.id}/lists/${list.id}/items`, { body: { fields: { Title: 'v1' } } });
  const stale: string = created.body.eTag;
  expect(stale).toMatch(/^"\{[0-9A-F-]{36}\},1"$/);
  const fields = `/sites/${site.id}/lists/${list.id}/items/${created.body.id}/fields`;

  server.editItemByHand(site.id, 'Locked', created.body.id, { Title: 'edited in the UI' });
  const conflict = await graph('PATCH', fields, { body: { Title: 'mine' }, headers: { 'If-Match': stale } });
  expect(conflict.status).toBe(412);
  expect(conflict.body.error.code).toBe('preconditionFailed');

  const current = (await graph('GET', `/sites/${site.id}/lists/${list.id}/items/${created.body.id}`)).body['@odata.etag'] as string;
  const updated = await graph('PATCH', fields, { body: { Title: 'mine' }, headers: { 'If-Match': current.replace(/^"|"$/g, '') } });
  expect(updated.status).toBe(200);
  expect(updated.body).toMatchObject({ Title: 'mine', '@odata.etag': expect.stringMatching(/,3"$/) });
  expect(server.requests.at(-1)?.headers['if-match']).toBe(current.replace(/^"|"$/g, ''));

  const refusedDelete = await graph('DELETE', `/sites/${site.id}/lists/${list.id}/items/${created.body.id}`, {
    headers: { 'If-Match': current },
  });
  expect(refusedDelete.status).toBe(412);
  expect(server.listItems(site.id, list.id)).toHaveLength(1);
});

test('failNext answers 429 with Retry-After, then lets requests through; stats count it', async () => {
  const site = newSite();
  server.resetStats();
  server.failNext(1, 429, 7);
  const throttled = await graph('GET', `/sites/${site.id}`);
  expect(throttled.status).toBe(429);
  expect(throttled.headers.get('retry-after')).toBe('7');
  expect(['activityLimitReached', 'TooManyRequests']).toContain(throttled.body.error.code);
  expect((await graph('GET', `/sites/${site.id}`)).status).toBe(200);
  expect(server.stats).toMatchObject({ requests: 2, throttled: 1, byStatus: { 429: 1, 200: 1 } });
});

test('the same seed and rates throttle the same requests', async () => {
  const statuses = async (target: GraphTestServer) => {
    const site = target.createSite('contoso.sharepoint.com', '/sites/seeded');
    target.faults.throttleRate = 0.3;
    target.faults.unavailableRate = 0.2;
    target.faults.retryAfterSeconds = 0;
    const out: number[] = [];
    for (let i = 0; i < 30; i++)
      out.push((await fetch(`${target.url}/v1.0/sites/${site.id}`, { headers: { Authorization: 'Bearer t' } })).status);
    await target.close();
    return out;
  };
  const first = await statuses(await GraphTestServer.start({ seed: 42 }));
  expect(first).toEqual(await statuses(await GraphTestServer.start({ seed: 42 })));
  expect(new Set(first)).toEqual(new Set([200, 429, 503]));
});

test('$batch: more than 20 requests is a 400; a throttled step gets 429 with Retry-After and its dependant 424', async () => {
  const site = newSite();
  const list = await newList(site, 'Batched');
  const step = (id: string) => ({
    id,
    method: 'POST',
    url: `/sites/${site.id}/lists/${list.id}/items`,
    headers: { 'Content-Type': 'application/json' },
    body: { fields: { Title: id } },
  });

  const tooMany = await graph('POST', '/$batch', { body: { requests: Array.from({ length: 21 }, (_, i) => step(String(i + 1))) } });
  expect(tooMany.status).toBe(400);
  expect(tooMany.body.error.code).toBe('invalidRequest');
  // The description caps requests at 20 too, so the validator reported the client's mistake.
  expect(server.validationErrors.splice(0)).toEqual([expect.stringContaining('must NOT have more than 20 items')]);

  server.resetStats();
  server.failNext(1, 429, 3, 2); // spare the envelope and step a, throttle step b
  const batch = await graph('POST', '/$batch', { body: { requests: [step('a'), step('b'), { ...step('c'), dependsOn: ['b'] }] } });
  expect(batch.status).toBe(200);
  const byId = Object.fromEntries(batch.body.responses.map((r: { id: string }) => [r.id, r]));
  expect(byId.a.status).toBe(201);
  expect(byId.a.body.fields.Title).toBe('a');
  expect(byId.b.status).toBe(429);
  expect(byId.b.headers['Retry-After']).toBe('3');
  expect(byId.c.status).toBe(424);
  expect(server.listItems(site.id, list.id).map((item) => item.fields.Title)).toEqual(['a']);
  expect(server.stats).toMatchObject({ requests: 1, subRequests: 3, throttled: 1 });
});

test('delta: full enumeration, then only changes (once each) and deletions, then 410 after the tokens expire', async () => {
  const site = newSite();
  const list = await newList(site, 'Synced');
  const ids: string[] = [];
  for (const title of ['one', 'two', 'three'])
    ids.push((await graph('POST', `/sites/${site.id}/lists/${list.id}/items`, { body: { fields: { Title: title } } })).body.id);

  type DeltaItem = { id: string; deleted?: { state: string }; fields?: { Title: string } };
  /** Follows @odata.nextLink to the page with the @odata.deltaLink. */
  const readDelta = async (start: string) => {
    const value: DeltaItem[] = [];
    let pages = 0;
    for (let link = start; ; pages++) {
      const page = await graph('GET', link);
      expect(page.status).toBe(200);
      value.push(...page.body.value);
      if (page.body['@odata.deltaLink']) return { value, pages: pages + 1, deltaLink: page.body['@odata.deltaLink'] as string };
      link = page.body['@odata.nextLink'];
    }
  };
  const first = await readDelta(`/sites/${site.id}/lists/${list.id}/items/delta?$top=2&$expand=fields`);
  expect(first.pages).toBe(2);
  expect(first.value.map((item) => item.fields?.Title)).toEqual(['one', 'two', 'three']);
  expect(first.deltaLink.startsWith(`${GRAPH}/sites/${site.id}/lists/${list.id}/items/delta?`)).toBe(true);

  await graph('PATCH', `/sites/${site.id}/lists/${list.id}/items/${ids[0]}/fields`, { body: { Title: 'one again' } });
  server.editItemByHand(site.id, list.id, ids[0], { Title: 'one, last' });
  server.deleteItemByHand(site.id, 'Synced', ids[1]);
  await graph('POST', `/sites/${site.id}/lists/${list.id}/items`, { body: { fields: { Title: 'four' } } });

  const changes = await readDelta(first.deltaLink);
  const value = changes.value;
  expect(value.map((item) => item.id).sort()).toEqual([ids[0], ids[1], '4'].sort());
  expect(value.find((item) => item.id === ids[0])?.fields?.Title).toBe('one, last');
  expect(value.find((item) => item.id === ids[1])?.deleted).toEqual({ state: 'deleted' });

  // Nothing changed since: an empty page with a new deltaLink.
  expect((await readDelta(changes.deltaLink)).value).toEqual([]);
  server.expireDeltaTokens(site.id, list.id);
  const gone = await graph('GET', changes.deltaLink);
  expect(gone.status).toBe(410);
  expect(gone.body.error.code).toBe('resyncRequired');
  expect(gone.headers.get('location')).toBe(`${GRAPH}/sites/${site.id}/lists/${list.id}/items/delta?$top=2&$expand=fields`);
});

test('upload to a document library creates (201) then replaces (200) a file that is also a list item', async () => {
  const site = newSite();
  const library = await newList(site, 'Rulings', 'documentLibrary');
  const drive = await graph('GET', `/sites/${site.id}/lists/${library.id}/drive`);
  expect(drive.body).toMatchObject({ driveType: 'documentLibrary', id: expect.stringMatching(/^b!/) });
  const put = (content: string) =>
    graph('PUT', `/drives/${drive.body.id}/items/root:/${encodeURIComponent('回答 第1号.pdf')}:/content`, {
      raw: Buffer.from(content),
      headers: { 'Content-Type': 'application/pdf' },
    });

  const created = await put('%PDF-1.7 first');
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    name: '回答 第1号.pdf',
    size: 14,
    file: { mimeType: 'application/pdf' },
    webUrl: `${site.webUrl}/Rulings/${encodeURIComponent('回答 第1号.pdf')}`,
    sharepointIds: { listId: library.id, listItemId: '1' },
  });
  const replaced = await put('%PDF-1.7 second version');
  expect(replaced.status).toBe(200);
  expect(replaced.body.id).toBe(created.body.id);

  const [stored] = server.listItems(site.id, 'Rulings');
  expect(stored.fields).toEqual({ FileLeafRef: '回答 第1号.pdf' });
  expect(stored.file?.content.toString()).toBe('%PDF-1.7 second version');
  const items = await graph('GET', `/sites/${site.id}/lists/${library.id}/items?expand=fields`);
  expect(items.body.value[0]).toMatchObject({ webUrl: created.body.webUrl, fields: { FileLeafRef: '回答 第1号.pdf' } });
});

test('a column added by hand with a Japanese name has a SharePoint-encoded internal name', async () => {
  const site = newSite();
  const list = await newList(site, '疑義照会');
  const column = server.addColumnByHand(site.id, '疑義照会', '所管課', 'text');
  expect(column.name).toBe('_x6240__x7ba1__x8ab2_');
  const columns = await graph('GET', `/sites/${site.id}/lists/${list.id}/columns`);
  expect(columns.body.value).toContainEqual(
    expect.objectContaining({ name: '_x6240__x7ba1__x8ab2_', displayName: '所管課', text: expect.any(Object) }),
  );

  const byDisplayName = await graph('POST', `/sites/${site.id}/lists/${list.id}/items`, { body: { fields: { 所管課: '企画課' } } });
  expect(byDisplayName.status).toBe(400);
  expect(byDisplayName.body.error.message).toBe("Field '所管課' is not recognized");
  const byInternalName = await graph('POST', `/sites/${site.id}/lists/${list.id}/items`, {
    body: { fields: { _x6240__x7ba1__x8ab2_: '企画課' } },
  });
  expect(byInternalName.status).toBe(201);
  expect(byInternalName.body.fields._x6240__x7ba1__x8ab2_).toBe('企画課');
});

test('unique values need an index, and a duplicate is a 409', async () => {
  const site = newSite();
  const list = await newList(site, 'Unique');
  const unindexed = await graph('POST', `/sites/${site.id}/lists/${list.id}/columns`, {
    body: { name: 'Key', text: {}, enforceUniqueValues: true },
  });
  expect(unindexed.status).toBe(400);
  expect(
    (
      await graph('POST', `/sites/${site.id}/lists/${list.id}/columns`, {
        body: { name: 'Key', text: {}, indexed: true, enforceUniqueValues: true },
      })
    ).status,
  ).toBe(201);
  expect((await graph('POST', `/sites/${site.id}/lists/${list.id}/items`, { body: { fields: { Key: 'K-1' } } })).status).toBe(201);
  const duplicate = await graph('POST', `/sites/${site.id}/lists/${list.id}/items`, { body: { fields: { Key: 'k-1' } } });
  expect(duplicate.status).toBe(409);
  expect(duplicate.body.error.message).toContain('duplicate values');
});

test('a request body that does not match the description is refused and reported', async () => {
  const site = newSite();
  const list = await newList(site, 'Strict');
  const response = await graph('POST', `/sites/${site.id}/lists/${list.id}/columns`, {
    body: { name: 'Flag', boolean: {}, indexed: 'yes' },
  });
  expect(response.status).toBe(400);
  expect(server.validationErrors.splice(0)).toEqual([
    expect.stringMatching(/POST \/sites\/\{site-id\}\/lists\/\{list-id\}\/columns\] request: request body: .*\/indexed must be boolean/),
  ]);

  await graph('GET', `/sites/${site.id}/lists/${list.id}/items?$expand=fields&unknownOption=1`);
  expect(server.validationErrors.splice(0)).toEqual([expect.stringContaining("unknown query parameter 'unknownOption'")]);
});

test('latencyMs delays every HTTP request ($batch once); timings are kept by client-request-id and chain into sequential round trips', async () => {
  const site = newSite();
  server.latencyMs = 60;
  try {
    const before = performance.now();
    const one = await graph('GET', `/sites/${site.id}`, { headers: { 'client-request-id': 'turn-a' } });
    expect(one.status).toBe(200);
    expect(performance.now() - before).toBeGreaterThanOrEqual(55);
    // Two side by side, then a $batch of two steps: two sequential round trips, three requests.
    await Promise.all([
      graph('GET', `/sites/${site.id}/lists`, { headers: { 'client-request-id': 'turn-b' } }),
      graph('GET', `/sites/${site.id}`, { headers: { 'client-request-id': 'turn-b' } }),
    ]);
    const batchStarted = performance.now();
    const batch = await graph('POST', '/$batch', {
      headers: { 'client-request-id': 'turn-b' },
      body: {
        requests: [
          { id: '1', method: 'GET', url: `/sites/${site.id}` },
          { id: '2', method: 'GET', url: `/sites/${site.id}/lists`, dependsOn: ['1'] },
        ],
      },
    });
    expect(batch.status).toBe(200);
    const batchMs = performance.now() - batchStarted;
    expect(batchMs).toBeGreaterThanOrEqual(55);
    expect(batchMs).toBeLessThan(115);

    const a = server.timingsFor('turn-a');
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ method: 'GET', url: `/v1.0/sites/${site.id}`, status: 200 });
    expect(a[0].endMs - a[0].startMs).toBeGreaterThanOrEqual(55);
    const b = server.timingsFor('turn-b');
    expect(b.map((t) => t.method)).toEqual(['GET', 'GET', 'POST']);
    expect(sequentialRoundTrips(a)).toBe(1);
    expect(sequentialRoundTrips(b)).toBe(2);
    expect(sequentialRoundTrips([])).toBe(0);
    expect(server.timingsFor('nobody')).toEqual([]);
  } finally {
    server.latencyMs = 0;
    server.clearTimings();
  }
});
