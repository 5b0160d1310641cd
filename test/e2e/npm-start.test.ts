import { freePort, startNode, tempDir } from '../support/processes';

/** `npm start` as a new user runs it: server and Playground up, URLs printed, Ctrl-C stops both. */
describe('npm start (scripts/start.mjs)', () => {
  it('starts the server and the Playground, prints where to open them, and stops both on Ctrl-C', async () => {
    const [port, playgroundPort] = [await freePort(), await freePort()];
    const start = startNode(['scripts/start.mjs'], {
      APP_DATA_DIR: tempDir(),
      PORT: String(port),
      PLAYGROUND_PORT: String(playgroundPort),
      APP_MODE: undefined,
      MicrosoftAppId: undefined,
    });
    await start.waitFor(/ready in [\d.]+ s/, 60_000);
    expect(start.output()).toContain(`http://127.0.0.1:${playgroundPort}`);
    expect(start.output()).toContain(`http://127.0.0.1:${port}/tab/`);
    // The server's machine-readable READY line is not shown to the person above the banner.
    expect(start.output()).not.toMatch(/^READY /m);
    expect(start.output()).toContain('server listening');
    expect(await (await fetch(`http://127.0.0.1:${playgroundPort}/_debug/ping`)).text()).toContain('pong');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const { code } = await start.stop('SIGINT');
    expect(code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${playgroundPort}/_debug/ping`)).rejects.toThrow();
  }, 90_000);
});
