import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arrayBufferOf, preparedFile } from '../../bot/rulings/search/prepared-cache';

describe("search's prepared dictionaries", () => {
  let folder: string;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'prepared-cache-'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('prepares once, then reads what it kept; another key prepares again', () => {
    const prepare = jest.fn(() => Buffer.from('辞書 v1'));
    expect(preparedFile('dict', 'pkg@1', prepare, folder).toString()).toBe('辞書 v1');
    expect(preparedFile('dict', 'pkg@1', () => Buffer.from('never used'), folder).toString()).toBe('辞書 v1');
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(preparedFile('dict', 'pkg@2', () => Buffer.from('辞書 v2'), folder).toString()).toBe('辞書 v2');
    expect(fs.readdirSync(folder).filter((name) => name.startsWith('dict-'))).toHaveLength(2);
    expect(fs.readdirSync(folder).some((name) => name.endsWith('.partial'))).toBe(false);
  });

  it('serves what it prepared when the folder cannot be written', () => {
    const blocked = path.join(folder, 'a-file');
    fs.writeFileSync(blocked, 'not a folder');
    expect(preparedFile('dict', 'pkg@1', () => Buffer.from('in memory'), blocked).toString()).toBe('in memory');
  });

  it('removes earlier keys untouched for a week, keeps recent ones', () => {
    preparedFile('dict', 'old', () => Buffer.from('old'), folder);
    preparedFile('dict', 'recent', () => Buffer.from('recent'), folder);
    const [old] = fs.readdirSync(folder).filter((name) => fs.readFileSync(path.join(folder, name), 'utf8') === 'old');
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    fs.utimesSync(path.join(folder, old), eightDaysAgo, eightDaysAgo);
    preparedFile('dict', 'new', () => Buffer.from('new'), folder);
    expect(
      fs
        .readdirSync(folder)
        .map((name) => fs.readFileSync(path.join(folder, name), 'utf8'))
        .sort(),
    ).toEqual(['new', 'recent']);
  });

  it('hands out the bytes as an ArrayBuffer of exactly their length', () => {
    const pooled = Buffer.from('abc'); // a slice of Node's shared pool
    expect(Buffer.from(arrayBufferOf(pooled)).toString()).toBe('abc');
    const owned = Buffer.alloc(64 * 1024, 1);
    expect(arrayBufferOf(owned)).toBe(owned.buffer);
  });
});
