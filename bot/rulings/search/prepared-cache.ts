import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Search's dictionaries, prepared once and kept in node_modules/.cache/renkei-search beside the
 * packages they come from (npm ci empties it), so that the next process reads them instead of
 * preparing them again: the server, every CLI command that indexes or searches, and the tests
 * start many processes. A file is named by a hash of everything its content depends on (`key`),
 * so a new package version or a change to the code that prepares it is never served stale.
 * Best effort: when the folder cannot be written (a read-only image), each process prepares the
 * dictionary itself, as without a cache.
 */
export function preparedFile(name: string, key: string, prepare: () => Buffer, folder = cacheFolder()): Buffer {
  const file = path.join(folder, `${name}-${crypto.createHash('sha256').update(key).digest('hex').slice(0, 16)}`);
  try {
    return fs.readFileSync(file);
  } catch {
    // Not prepared yet (or unreadable): prepare it below.
  }
  const content = prepare();
  // Written aside and renamed, so a process starting at the same moment never reads half a file.
  const partial = `${file}.${process.pid}.partial`;
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(partial, content);
    fs.renameSync(partial, file);
    removeStale(folder, name);
  } catch {
    // A read-only or full disk: serve what was prepared in memory.
    fs.rm(partial, { force: true }, () => undefined);
  }
  return content;
}

/** The bytes as an ArrayBuffer of their own, without a copy when the Buffer already owns one. */
export function arrayBufferOf(bytes: Buffer): ArrayBuffer {
  const { buffer } = bytes;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) return buffer;
  return new Uint8Array(bytes).buffer;
}

/** The name and version of the package in `folder`, part of the key of what is prepared from it. */
export function packageOf(folder: string): string {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { name: string; version: string };
  return `${name}@${version}`;
}

/**
 * Earlier keys' files of the same dictionary, untouched for a week (the tests' TypeScript and the
 * built server prepare under different keys at the same time, so a fresh one is never removed).
 */
function removeStale(folder: string, name: string) {
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
  for (const entry of fs.readdirSync(folder)) {
    const file = path.join(folder, entry);
    if (entry.startsWith(`${name}-`) && fs.statSync(file).mtimeMs < weekAgo) fs.rmSync(file, { force: true });
  }
}

function cacheFolder(): string {
  // The node_modules folder that holds the dictionaries' packages.
  return path.join(path.dirname(path.dirname(require.resolve('kuromoji/package.json'))), '.cache', 'renkei-search');
}
