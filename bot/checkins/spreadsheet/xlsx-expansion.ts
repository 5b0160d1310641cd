import { inflateRawSync } from 'node:zlib';

/**
 * An .xlsx is a zip of XML, and XML compresses about a hundredfold: a 4 MB file can hold a
 * million rows. So the zip is measured first: each entry is inflated with a cap (never trusting
 * the sizes the zip declares), and a workbook whose parts add up to more than MAX_EXPANDED_BYTES
 * is refused before its sheet is read (xlsx-rows.ts). A real 施策一覧 or roster expands to a few
 * megabytes.
 */
export const MAX_EXPANDED_BYTES = 16 * 1024 * 1024;
/** More parts than any workbook has (sheets, styles, images…): a zip of tiny entries is not one either. */
export const MAX_ENTRIES = 2_000;

export type ExpansionProblem = { kind: 'too-large'; bytes: number } | { kind: 'not-a-zip'; reason: string };

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** One part of the zip, still compressed. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated: the only methods workbooks use. */
  method: number;
  data: Buffer;
}

/** Undefined when the workbook is within the limits; else why not. Uses at most MAX_EXPANDED_BYTES of memory. */
export function xlsxExpansionProblem(bytes: Uint8Array): ExpansionProblem | undefined {
  const listed = zipEntries(bytes);
  if (!Array.isArray(listed)) return listed;
  let expanded = 0;
  for (const entry of listed) {
    const room = MAX_EXPANDED_BYTES - expanded;
    try {
      expanded += inflateEntry(entry, Math.max(1, room)).length;
    } catch (error) {
      if (error instanceof EntryTooLarge) return { kind: 'too-large', bytes: MAX_EXPANDED_BYTES + 1 };
      return { kind: 'not-a-zip', reason: (error as Error).message };
    }
    if (expanded > MAX_EXPANDED_BYTES) return { kind: 'too-large', bytes: expanded };
  }
  return undefined;
}

/** The parts the central directory lists, or why it cannot be read. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | ExpansionProblem {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfCentralDirectory(zip);
  if (end < 0) return { kind: 'not-a-zip', reason: 'no end of central directory' };
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) return { kind: 'not-a-zip', reason: 'ZIP64 archives are not workbooks' };
  if (count > MAX_ENTRIES) return { kind: 'not-a-zip', reason: `${count} parts` };
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY)
      return { kind: 'not-a-zip', reason: 'damaged central directory' };
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, Math.min(zip.length, at + 46 + nameLength));
    const localHeader = zip.readUInt32LE(at + 42);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (localHeader + 30 > zip.length || zip.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER)
      return { kind: 'not-a-zip', reason: 'damaged entry' };
    if (method !== 0 && method !== 8) return { kind: 'not-a-zip', reason: `compression method ${method}` };
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    entries.push({ name, method, data: zip.subarray(dataStart, dataStart + compressedSize) });
  }
  return entries;
}

/** Thrown by inflateEntry when the part would inflate past its cap. */
export class EntryTooLarge extends Error {}

/** The part's bytes, inflated with a cap (the sizes the zip declares are not trusted); throws EntryTooLarge past it. */
export function inflateEntry(entry: ZipEntry, maxBytes: number): Buffer {
  if (entry.method === 0) {
    if (entry.data.length > maxBytes) throw new EntryTooLarge(entry.name);
    return entry.data;
  }
  try {
    // The cap makes zlib stop (RangeError) as soon as the entry would pass it.
    return inflateRawSync(entry.data, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
      throw new EntryTooLarge(entry.name);
    throw new Error(`damaged compressed data (${(error as Error).message})`, { cause: error });
  }
}

/** The end record sits in the last 22 bytes plus a comment of up to 64 KB. */
function findEndOfCentralDirectory(zip: Buffer): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  return -1;
}
