import { Worker } from 'node:worker_threads';
import { docxSections } from './docx-sections';
import { MANUAL_TEXT_LIMITS, manualDocumentKind, type ManualSection, type ManualTextLimits, type ManualTextOutcome } from './model';

/**
 * Runs in a worker thread with its own heap limit, so a hostile file (a zip bomb, a PDF whose
 * parse never ends) costs that worker, not the server: the worker is stopped on the time limit
 * and the manual keeps its metadata. Plain CommonJS so it needs no build step; the parsers are
 * loaded from the paths the server resolved (unpdf is an ES module, hence import()).
 * It sends { pages } for a PDF (text per page, stopping at maxChars) or { html } for a docx.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
(async () => {
  const { kind, bytes, maxChars, parsers } = workerData;
  try {
    if (kind === 'pdf') {
      const { getDocumentProxy } = await import(pathToFileURL(parsers.pdf).href);
      const pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, verbosity: 0 });
      const pages = [];
      let total = 0;
      for (let n = 1; n <= pdf.numPages && total < maxChars; n++) {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent();
        let text = '';
        for (const item of content.items) if (typeof item.str === 'string') text += item.str + (item.hasEOL ? '\\n' : '');
        pages.push(text.slice(0, maxChars - total));
        total += text.length;
        page.cleanup();
      }
      parentPort.postMessage({ pages, truncated: total > maxChars || pages.length < pdf.numPages });
    } else {
      const mammoth = require(parsers.docx);
      const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
      parentPort.postMessage({ html: value });
    }
  } catch (error) {
    parentPort.postMessage({ error: { name: String(error && error.name), message: String(error && error.message) } });
  }
})();
`;

interface WorkerAnswer {
  pages?: string[];
  truncated?: boolean;
  html?: string;
  error?: { name: string; message: string };
}

/**
 * The text of a manual's PDF (by page) or docx (by heading). Never throws: a file that cannot
 * be read (encrypted, corrupt, too large, too slow, another format) gives the reason instead.
 */
export async function extractManualText(
  bytes: Uint8Array,
  fileName: string,
  limits: ManualTextLimits = MANUAL_TEXT_LIMITS,
): Promise<ManualTextOutcome> {
  const kind = manualDocumentKind(fileName);
  if (!kind) return { ok: false, reason: 'unsupported', detail: `${fileName}: only PDF and docx text is read` };
  if (bytes.byteLength > limits.maxBytes)
    return { ok: false, reason: 'too-large', detail: `${fileName}: ${bytes.byteLength} bytes (limit ${limits.maxBytes})` };
  const answer = await runWorker(kind, bytes, limits);
  if ('timeout' in answer) return { ok: false, reason: 'timeout', detail: `${fileName}: not read within ${limits.timeoutMs} ms` };
  if (answer.error) {
    const { name, message } = answer.error;
    const encrypted = name === 'PasswordException' || /password|encrypt/i.test(message);
    return { ok: false, reason: encrypted ? 'encrypted' : 'unreadable', detail: `${fileName}: ${name}: ${message}`.slice(0, 500) };
  }
  const sections: ManualSection[] = answer.pages
    ? answer.pages.map((text, i) => ({ page: i + 1, text: text.trim() })).filter((s) => s.text)
    : docxSections(answer.html ?? '');
  return capped(sections, limits.maxChars, answer.truncated === true);
}

/** Sections up to maxChars in all: the one that crosses it is cut, those after it dropped. */
function capped(sections: ManualSection[], maxChars: number, truncated: boolean): ManualTextOutcome {
  const kept: ManualSection[] = [];
  let room = maxChars;
  for (const section of sections) {
    if (room <= 0) return { ok: true, sections: kept, truncated: true };
    kept.push(section.text.length > room ? { ...section, text: section.text.slice(0, room) } : section);
    truncated ||= section.text.length > room;
    room -= section.text.length;
  }
  return { ok: true, sections: kept, truncated };
}

function runWorker(kind: 'pdf' | 'docx', bytes: Uint8Array, limits: ManualTextLimits): Promise<WorkerAnswer | { timeout: true }> {
  const parsers = { pdf: require.resolve('unpdf'), docx: require.resolve('mammoth') };
  const copy = new Uint8Array(bytes); // the worker gets its own bytes; the caller's stay usable
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { kind, bytes: copy, maxChars: limits.maxChars, parsers },
      transferList: [copy.buffer],
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
      stdout: true, // pdf.js warns about fonts it does not embed; nothing the server's log needs
      stderr: true,
    });
    let settled = false;
    const settle = (answer: WorkerAnswer | { timeout: true }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(answer);
    };
    worker.stdout.resume(); // read and dropped, so the worker never waits on a full pipe
    worker.stderr.resume();
    const timer = setTimeout(() => settle({ timeout: true }), limits.timeoutMs);
    worker.on('message', (answer: WorkerAnswer) => settle(answer));
    // Out of heap (ERR_WORKER_OUT_OF_MEMORY) or a crash: the file is unreadable, the server goes on.
    worker.on('error', (error: Error & { code?: string }) => settle({ error: { name: error.code ?? error.name, message: error.message } }));
    worker.on('exit', (code) => settle({ error: { name: 'WorkerExit', message: `parser stopped (exit ${code})` } }));
  });
}
