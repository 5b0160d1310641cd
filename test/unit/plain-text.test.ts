import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { plainText } from '../../bot/platform/adaptive-card';

/**
 * plainText() escapes what Teams would render as Markdown. Its line-start rules once let a
 * whitespace run span line breaks (`^\s*`), so each of n blank lines rescanned the rest: quadratic.
 */

/** The rules as first written (quadratic on long whitespace runs): the oracle on short inputs. */
function escapedAsFirstWritten(text: string): string {
  return text
    .replace(/[\\*_[\]()~`]/g, (ch) => `\\${ch}`)
    .replace(/^(\s*)([-+>#])(?=\s)/gm, '$1\\$2')
    .replace(/^(\s*\d+)\.(?=\s)/gm, '$1\\.');
}

/** Text made of the characters the rules care about: line breaks, blanks, markers, digits. */
const markdownish = fc.string({
  unit: fc.constantFrom(
    '\n',
    '\r',
    '\r\n',
    ' ',
    '\t',
    '\u3000',
    '\u00a0',
    '-',
    '+',
    '>',
    '#',
    '1',
    '2',
    '.',
    '*',
    '_',
    'a',
    '字',
    '\u2028',
  ),
  maxLength: 60,
});

/**
 * Runs plainText in a worker thread: a regex runs synchronously, and jest's timeout can only fail
 * a test whose thread is free, so a slow escape on the main thread would pass, late. plainText
 * needs nothing but String.prototype.replace, so its own source runs in the worker as it is.
 */
const workers = new Set<Worker>();
function plainTextInWorker(text: string): Promise<string> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads'); parentPort.postMessage((${plainText.toString()})(workerData));`,
    { eval: true, workerData: text },
  );
  workers.add(worker);
  return new Promise<string>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => {
    workers.delete(worker);
    void worker.terminate();
  });
}
afterEach(async () => {
  await Promise.all([...workers].map((worker) => worker.terminate()));
  workers.clear();
});

describe('plainText on adversarial input', () => {
  it('escapes exactly what the original rules escaped, for any mix of blanks, breaks and markers', () => {
    fc.assert(
      fc.property(markdownish, (text) => expect(plainText(text)).toBe(escapedAsFirstWritten(text))),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['blank lines', '\n'.repeat(200_000)],
    ['whitespace lines', ' \n'.repeat(100_000)],
    ['blank lines before a marker', `${'\n'.repeat(199_994)}- last`],
    ['digits on blank lines', '\n1'.repeat(100_000)],
    ['ideographic spaces and breaks', '\u3000\r\n'.repeat(66_667)],
  ])(
    'finishes on 200,000 characters of %s and still escapes line-start markers',
    async (_name, text) => {
      expect(text.length).toBeGreaterThanOrEqual(200_000);
      const escaped = await plainTextInWorker(text);
      // Only markers gain a backslash: removing them gives the input back.
      expect(escaped.replace(/\\([-+>#.])/g, '$1')).toBe(text);
      expect(escaped).not.toMatch(/(^|\n)[ \t\u3000]*[-+>#](?=\s)/);
      expect(escaped).not.toMatch(/(^|\n)[ \t\u3000]*\d+\.(?=\s)/);
      if (text.endsWith('- last')) expect(escaped.endsWith('\\- last')).toBe(true);
    },
    30_000,
  ); // generous: linear escaping takes milliseconds, the quadratic rules minutes
});
