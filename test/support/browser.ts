import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Download } from 'playwright-core';
import { ROOT, tempDir } from './processes';

/** Debian's Chromium (installed by .ci/run); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SCREENSHOT_DIR = path.join(ROOT, 'test-results');

const LAUNCH_OPTIONS = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Only loopback (which Chromium never proxies): every other address goes to a closed local
    // port and fails at once; the Playground asks a CDN for fonts and renders fine without them.
    // Unlike a context.route(), this sends no request through the test and keeps the HTTP and
    // code caches (Playwright turns the cache off while it intercepts).
    '--proxy-server=http://127.0.0.1:9',
    // A page lives for seconds here: V8's optimising compilers (Maglev, TurboFan) spend more CPU
    // compiling the bundles and axe than their code saves; baseline code (Sparkplug) is kept.
    '--js-flags=--max-opt=1',
  ],
};
/**
 * Reduced motion: the tab's Fluent components and the Playground honour it, so their spinners and
 * transitions stop instead of keeping the compositor drawing frames while a test waits.
 */
const CONTEXT_OPTIONS = { locale: 'ja-JP', viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' as const };

/** Where jest's globalSetup tells the test files that the run's one Chromium listens. */
const SHARED_CHROMIUM_ENV = 'RENKEI_TEST_CHROMIUM_WS';

function requireChromium() {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium が見つかりません: ${CHROMIUM_PATH}. Install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
}

/**
 * A fresh browser context (its own cookies, storage and downloads) for one test file: in the
 * run's one Chromium when jest's globalSetup started it (a launch costs about a CPU-second and
 * five seconds on a loaded machine, per file), else in a Chromium of its own. Closing the context
 * closes what it opened.
 */
export async function launchChromium(): Promise<BrowserContext> {
  requireChromium();
  const endpoint = process.env[SHARED_CHROMIUM_ENV];
  let context: BrowserContext;
  if (endpoint) {
    const browser = await chromium.connect(endpoint);
    context = await browser.newContext(CONTEXT_OPTIONS);
    const closeContext = context.close.bind(context);
    // Then the connection too (a connected browser's close() only disconnects), or the worker would not exit.
    context.close = async (options) => {
      await closeContext(options);
      await browser.close();
    };
  } else {
    context = await chromium.launchPersistentContext(tempDir('renkei-chromium-'), { ...LAUNCH_OPTIONS, ...CONTEXT_OPTIONS });
  }
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return context;
}

/**
 * The run's one Chromium, which launchChromium() connects to (jest's globalSetup starts it
 * when the run has browser tests, and globalTeardown closes it).
 */
export async function startSharedChromium(): Promise<{ close(): Promise<void> }> {
  requireChromium();
  const server = await chromium.launchServer(LAUNCH_OPTIONS);
  process.env[SHARED_CHROMIUM_ENV] = server.wsEndpoint();
  return server;
}

/** A download's bytes; download.path() is not served by a Chromium the test connected to. */
export async function downloadedBytes(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
