import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ROOT, tempDir } from './processes';

/** Debian's Chromium (installed by .ci/run); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SCREENSHOT_DIR = path.join(ROOT, 'test-results');

export async function launchChromium(): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium が見つかりません: ${CHROMIUM_PATH}. Install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  const context = await chromium.launchPersistentContext(tempDir('renkei-chromium-'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    locale: 'ja-JP',
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Only loopback: the Playground asks a CDN for fonts and renders fine without them.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return context;
}
