/**
 * The SharePoint state behind the Graph test server: sites, lists (generic lists and document
 * libraries with their drive), columns, items and files, kept in memory. It enforces what
 * SharePoint enforces (internal column names, read-only and unknown fields, unique values,
 * If-Match) and throws GraphError for the rest of the server to send. It knows nothing of HTTP.
 *
 * Every change to an item takes the list's next change sequence number, and the list keeps, in
 * sequence order, the last change of each item (deletions included): a delta token is just a
 * sequence number, so delta costs one scan however many tokens are out.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { GraphError, invalidRequest, itemNotFound, nameAlreadyExists, preconditionFailed } from './graph-errors';
import { encodeInternalName, uniqueName } from './sharepoint-names';

export type ColumnKind = 'text' | 'number' | 'dateTime' | 'boolean' | 'choice';

export interface Column {
  id: string;
  /** Internal name: what fields and $filter use. Never changes. */
  name: string;
  displayName: string;
  description: string;
  kind: ColumnKind;
  /** The type facet as Graph shows it (text: {maxLength...}, choice: {choices...}). */
  facet: Record<string, unknown>;
  indexed: boolean;
  enforceUniqueValues: boolean;
  hidden: boolean;
  required: boolean;
  readOnly: boolean;
  columnGroup: string;
}

export interface Identity {
  user: { displayName: string; email?: string };
}

export interface StoredFile {
  driveItemId: string;
  bytes: Buffer;
  mimeType: string;
}

export interface Item {
  id: string;
  uniqueId: string;
  /** SharePoint's item version: the N of the eTag "{GUID},N"; 1 when created. */
  version: number;
  createdDateTime: string;
  lastModifiedDateTime: string;
  createdBy: Identity;
  lastModifiedBy: Identity;
  /** Column values by internal name (Title, custom columns, FileLeafRef), null-free. */
  values: Record<string, unknown>;
  file?: StoredFile;
}

export interface DriveRecord {
  id: string;
  rootId: string;
  list: ListRecord;
}

export interface ListRecord {
  id: string;
  name: string;
  displayName: string;
  description: string;
  template: 'genericList' | 'documentLibrary';
  createdDateTime: string;
  lastModifiedDateTime: string;
  site: SiteRecord;
  columns: Column[];
  items: Map<string, Item>;
  nextItemId: number;
  changeSeq: number;
  /** Item id → sequence number of its last change, in sequence order (re-inserted on change). */
  changes: Map<string, { seq: number; deleted: boolean }>;
  /** Bumped by expireDeltaTokens: tokens of an older epoch answer 410. */
  tokenEpoch: number;
  drive?: DriveRecord;
}

export interface SiteRecord {
  /** "hostname,{site collection GUID},{web GUID}" as Graph writes site ids. */
  id: string;
  hostname: string;
  /** Server-relative path, e.g. /sites/kikaku. */
  path: string;
  name: string;
  displayName: string;
  webUrl: string;
  siteGuid: string;
  webGuid: string;
  createdDateTime: string;
  lists: ListRecord[];
}

export interface ColumnInput {
  name?: unknown;
  displayName?: unknown;
  description?: unknown;
  indexed?: unknown;
  enforceUniqueValues?: unknown;
  hidden?: unknown;
  required?: unknown;
  [facet: string]: unknown;
}

export const APP_IDENTITY: Identity = { user: { displayName: 'SharePoint App' } };

const FACETS: Record<string, ColumnKind> = { text: 'text', number: 'number', dateTime: 'dateTime', boolean: 'boolean', choice: 'choice' };
const UNSUPPORTED_FACETS = [
  'calculated',
  'currency',
  'geolocation',
  'hyperlinkOrPicture',
  'lookup',
  'personOrGroup',
  'term',
  'thumbnail',
  'contentApprovalStatus',
];

/** ISO time to the second, as SharePoint reports it. */
export const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

const guid = () => randomUUID();
/** Drive item ids look like Graph's: "01" + 32 upper-case base32 characters. */
const driveItemId = () =>
  `01${randomBytes(20)
    .toString('base64url')
    .toUpperCase()
    .replace(/[^A-Z2-7]/g, 'Q')
    .slice(0, 32)
    .padEnd(32, 'Q')}`;

export function eTagOf(item: Item): string {
  return `"{${item.uniqueId}},${item.version}"`;
}

/** An If-Match value matches with or without the outer quotes (and W/), case-insensitively. */
function sameETag(sent: string, item: Item): boolean {
  const bare = (value: string) =>
    value
      .trim()
      .replace(/^W\//i, '')
      .replace(/^"(.*)"$/s, '$1')
      .toLowerCase();
  return bare(sent) === bare(eTagOf(item));
}

export function checkIfMatch(item: Item, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  if (ifMatch.trim() === '*') return;
  if (!ifMatch.split(/,(?=\s*(?:W\/)?")/).some((candidate) => sameETag(candidate, item))) throw preconditionFailed(ifMatch, eTagOf(item));
}

const bool = (value: unknown, fallback = false) => (typeof value === 'boolean' ? value : fallback);

function builtInColumn(name: string, displayName: string, kind: ColumnKind, facet: Record<string, unknown>, readOnly: boolean): Column {
  return {
    id: guid(),
    name,
    displayName,
    description: '',
    kind,
    facet,
    indexed: false,
    enforceUniqueValues: false,
    hidden: false,
    required: false,
    readOnly,
    columnGroup: 'Custom Columns',
  };
}

export function listWebUrl(list: ListRecord): string {
  const name = encodeURIComponent(list.name);
  return list.template === 'documentLibrary' ? `${list.site.webUrl}/${name}` : `${list.site.webUrl}/Lists/${name}`;
}

export function itemWebUrl(list: ListRecord, item: Item): string {
  const leaf = item.values.FileLeafRef;
  if (list.template === 'documentLibrary' && typeof leaf === 'string') return `${listWebUrl(list)}/${encodeURIComponent(leaf)}`;
  return `${listWebUrl(list)}/${item.id}_.000`;
}

export class SiteModel {
  readonly sites: SiteRecord[] = [];
  readonly drives = new Map<string, DriveRecord>();

  createSite(hostname: string, serverRelativePath: string, displayName?: string): SiteRecord {
    if (!/^[a-z0-9.-]+$/i.test(hostname)) throw new Error(`createSite: '${hostname}' is not a host name`);
    const path = `/${serverRelativePath.replace(/^\/+|\/+$/g, '')}`;
    if (
      this.sites.some((site) => site.hostname.toLowerCase() === hostname.toLowerCase() && site.path.toLowerCase() === path.toLowerCase())
    ) {
      throw new Error(`createSite: ${hostname}${path} exists`);
    }
    const [siteGuid, webGuid] = [guid(), guid()];
    const name = path.split('/').pop() || hostname;
    const site: SiteRecord = {
      id: `${hostname},${siteGuid},${webGuid}`,
      hostname,
      path,
      name,
      displayName: displayName ?? name,
      webUrl: `https://${hostname}${path === '/' ? '' : encodeURI(path)}`,
      siteGuid,
      webGuid,
      createdDateTime: isoNow(),
      lists: [],
    };
    this.sites.push(site);
    return site;
  }

  /**
   * A new site with the lists and columns of `source` and none of its items: what provisioning the
   * new site the same way would make, without the requests. Ids (site, lists, columns, drives) are new.
   */
  copySite(source: SiteRecord, serverRelativePath: string): SiteRecord {
    const site = this.createSite(source.hostname, serverRelativePath, source.displayName);
    for (const from of source.lists) {
      if (from.items.size > 0) throw new Error(`copySite: list ${from.name} of ${source.webUrl} has items; copy a site before using it`);
      const now = isoNow();
      const list: ListRecord = {
        ...from,
        id: guid(),
        createdDateTime: now,
        lastModifiedDateTime: now,
        site,
        columns: from.columns.map((column) => ({ ...column, id: guid(), facet: structuredClone(column.facet) })),
        items: new Map(),
        nextItemId: 1,
        changeSeq: 0,
        changes: new Map(),
        tokenEpoch: 0,
        drive: undefined,
      };
      if (from.drive) {
        list.drive = { id: `b!${randomBytes(48).toString('base64url')}`, rootId: driveItemId(), list };
        this.drives.set(list.drive.id, list.drive);
      }
      site.lists.push(list);
    }
    return site;
  }

  /** By Graph's composite id (or its GUID parts), or by "hostname:/server-relative-path". */
  findSite(key: string): SiteRecord {
    const lower = key.toLowerCase();
    const colon = lower.indexOf(':');
    const site =
      colon > 0
        ? this.sites.find(
            (s) =>
              s.hostname.toLowerCase() === lower.slice(0, colon) &&
              s.path.toLowerCase() === (lower.slice(colon + 1).replace(/\/+$/, '') || '/'),
          )
        : this.sites.find((s) => s.id.toLowerCase() === lower || `${s.siteGuid},${s.webGuid}` === lower || s.siteGuid === lower);
    if (!site) throw itemNotFound('Requested site could not be found');
    return site;
  }

  /** By GUID (with or without braces), or by the list's name or title, as Graph allows. */
  findList(site: SiteRecord, key: string): ListRecord {
    const lower = key.toLowerCase().replace(/^\{(.*)\}$/, '$1');
    const list =
      site.lists.find((l) => l.id === lower) ??
      site.lists.find((l) => l.name.toLowerCase() === lower || l.displayName.toLowerCase() === lower);
    if (!list) throw itemNotFound(`List '${key}' does not exist at site with URL '${site.webUrl}'.`);
    return list;
  }

  createList(
    site: SiteRecord,
    input: { displayName: string; name?: string; description?: string; template: string; columns?: ColumnInput[] },
  ): ListRecord {
    if (input.template !== 'genericList' && input.template !== 'documentLibrary') {
      throw invalidRequest(`The test server models list templates genericList and documentLibrary, not '${input.template}'.`);
    }
    const name = (input.name ?? input.displayName).replace(/[\s"#%&*:<>?\\/{|}~]/g, '') || 'List';
    const clash = site.lists.find((l) =>
      [l.name.toLowerCase(), l.displayName.toLowerCase()].some(
        (taken) => taken === name.toLowerCase() || taken === input.displayName.toLowerCase(),
      ),
    );
    if (clash)
      throw nameAlreadyExists(
        `A list, survey, discussion board, or document library with the specified title already exists in this Web site.  Please choose another title.`,
      );
    const now = isoNow();
    const list: ListRecord = {
      id: guid(),
      name,
      displayName: input.displayName,
      description: input.description ?? '',
      template: input.template,
      createdDateTime: now,
      lastModifiedDateTime: now,
      site,
      columns: [
        builtInColumn(
          'Title',
          'Title',
          'text',
          { allowMultipleLines: false, appendChangesToExistingText: false, linesForEditing: 0, maxLength: 255 },
          false,
        ),
        builtInColumn('ID', 'ID', 'number', {}, true),
        builtInColumn('Created', 'Created', 'dateTime', { displayAs: 'default', format: 'dateTime' }, true),
        builtInColumn('Modified', 'Modified', 'dateTime', { displayAs: 'default', format: 'dateTime' }, true),
      ],
      items: new Map(),
      nextItemId: 1,
      changeSeq: 0,
      changes: new Map(),
      tokenEpoch: 0,
    };
    if (list.template === 'documentLibrary') {
      list.columns.push(builtInColumn('FileLeafRef', 'Name', 'text', { allowMultipleLines: false, maxLength: 255 }, true));
      const drive: DriveRecord = { id: `b!${randomBytes(48).toString('base64url')}`, rootId: driveItemId(), list };
      list.drive = drive;
    }
    // Columns given with the list are created with it: validate them all before keeping the list.
    for (const column of input.columns ?? []) this.addColumn(list, column);
    site.lists.push(list);
    if (list.drive) this.drives.set(list.drive.id, list.drive);
    return list;
  }

  findColumn(list: ListRecord, id: string): Column {
    const column = list.columns.find((c) => c.id === id.toLowerCase());
    if (!column) throw itemNotFound(`Column '${id}' does not exist. It may have been deleted by another user.`);
    return column;
  }

  /** A column by internal name, or undefined. */
  column(list: ListRecord, name: string): Column | undefined {
    return list.columns.find((c) => c.name === name);
  }

  /**
   * POST /columns, or an admin in the UI (`byHand`: the internal name is derived from the display
   * name, SharePoint-encoded). Exactly one type facet; enforceUniqueValues needs indexed.
   */
  addColumn(list: ListRecord, input: ColumnInput, byHand = false): Column {
    const facets = Object.keys(input).filter((key) => key in FACETS || UNSUPPORTED_FACETS.includes(key));
    const unsupported = facets.find((key) => UNSUPPORTED_FACETS.includes(key));
    if (unsupported) throw invalidRequest(`The test server does not model '${unsupported}' columns.`);
    if (facets.length > 1) throw invalidRequest(`A column has one type; this one names ${facets.join(', ')}.`);
    const kind: ColumnKind = facets.length ? FACETS[facets[0]] : 'text';
    const displayName = typeof input.displayName === 'string' ? input.displayName : typeof input.name === 'string' ? input.name : undefined;
    if (!displayName) throw invalidRequest('A column needs a name or a displayName.');
    const taken = (name: string) => list.columns.some((c) => c.name.toLowerCase() === name.toLowerCase());
    let name: string;
    if (byHand || typeof input.name !== 'string') {
      name = uniqueName(encodeInternalName(displayName), taken);
    } else {
      name = encodeInternalName(input.name);
      if (taken(name)) throw nameAlreadyExists(`A duplicate field name "${name}" was found.`);
    }
    const indexed = bool(input.indexed);
    const enforceUniqueValues = bool(input.enforceUniqueValues);
    if (enforceUniqueValues && !indexed) throw invalidRequest('The column must be indexed to enforce unique values.');
    const given =
      facets.length && input[facets[0]] && typeof input[facets[0]] === 'object' ? (input[facets[0]] as Record<string, unknown>) : {};
    const defaults: Record<ColumnKind, Record<string, unknown>> = {
      text: { allowMultipleLines: false, appendChangesToExistingText: false, linesForEditing: 0, maxLength: 255 },
      number: { decimalPlaces: 'automatic', displayAs: 'number' },
      dateTime: { displayAs: 'default', format: 'dateTime' },
      boolean: {},
      choice: { allowTextEntry: true, choices: [], displayAs: 'dropDownMenu' },
    };
    const facet = { ...defaults[kind], ...given };
    if (kind === 'text' && facet.allowMultipleLines === true && given.maxLength === undefined) delete facet.maxLength;
    const column: Column = {
      id: guid(),
      name,
      displayName,
      description: typeof input.description === 'string' ? input.description : '',
      kind,
      facet,
      indexed,
      enforceUniqueValues,
      hidden: bool(input.hidden),
      required: bool(input.required),
      readOnly: false,
      columnGroup: 'Custom Columns',
    };
    list.columns.push(column);
    list.lastModifiedDateTime = isoNow();
    return column;
  }

  /** PATCH /columns/{id}: displayName, description, indexed, enforceUniqueValues, hidden, required. */
  updateColumn(list: ListRecord, column: Column, patch: ColumnInput): Column {
    if (patch.name !== undefined && patch.name !== column.name) throw invalidRequest('The internal name of a column cannot be changed.');
    const facets = Object.keys(patch).filter((key) => key in FACETS || UNSUPPORTED_FACETS.includes(key));
    if (facets.some((key) => FACETS[key] !== column.kind)) throw invalidRequest('The type of a column cannot be changed.');
    const indexed = bool(patch.indexed, column.indexed);
    const enforceUniqueValues = bool(patch.enforceUniqueValues, column.enforceUniqueValues);
    if (enforceUniqueValues && !indexed) throw invalidRequest('The column must be indexed to enforce unique values.');
    if (enforceUniqueValues && !column.enforceUniqueValues) {
      const seen = new Set<string>();
      for (const item of list.items.values()) {
        const key = uniqueKey(item.values[column.name]);
        if (key === undefined) continue;
        if (seen.has(key)) throw invalidRequest(`This column cannot enforce unique values: the list already has duplicate values in it.`);
        seen.add(key);
      }
    }
    if (typeof patch.displayName === 'string') column.displayName = patch.displayName;
    if (typeof patch.description === 'string') column.description = patch.description;
    if (facets.length && patch[facets[0]] && typeof patch[facets[0]] === 'object') Object.assign(column.facet, patch[facets[0]]);
    column.indexed = indexed;
    column.enforceUniqueValues = enforceUniqueValues;
    column.hidden = bool(patch.hidden, column.hidden);
    column.required = bool(patch.required, column.required);
    list.lastModifiedDateTime = isoNow();
    return column;
  }

  findItem(list: ListRecord, id: string): Item {
    const item = /^\d+$/.test(id) ? list.items.get(String(Number(id))) : undefined;
    if (!item) throw itemNotFound('The specified list item was not found.');
    return item;
  }

  /** Checks and converts `fields` of a POST/PATCH to stored values (null clears). */
  private fieldValues(list: ListRecord, fields: Record<string, unknown>, allowReadOnly: string[] = []): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (key.startsWith('@odata.')) continue;
      const column = this.column(list, key);
      if (!column) throw invalidRequest(`Field '${key}' is not recognized`);
      if (column.readOnly && !allowReadOnly.includes(key)) throw invalidRequest(`Field '${key}' is read-only`);
      out[key] = value === null ? null : convertValue(column, value);
    }
    return out;
  }

  private checkUnique(list: ListRecord, values: Record<string, unknown>, self?: Item): void {
    for (const column of list.columns) {
      if (!column.enforceUniqueValues) continue;
      const key = uniqueKey(values[column.name]);
      if (key === undefined) continue;
      for (const other of list.items.values()) {
        if (other !== self && uniqueKey(other.values[column.name]) === key) {
          // Graph reports SharePoint's SPDuplicateValuesFoundException as a 409 conflict.
          throw new GraphError(
            409,
            'nameAlreadyExists',
            `The list item could not be added or updated because duplicate values were found in the following field(s) in the list: [${column.name}].`,
          );
        }
      }
    }
  }

  private recordChange(list: ListRecord, id: string, deleted: boolean): void {
    list.changeSeq++;
    list.changes.delete(id);
    list.changes.set(id, { seq: list.changeSeq, deleted });
  }

  createItem(list: ListRecord, fields: Record<string, unknown>, by: Identity = APP_IDENTITY, internal: string[] = []): Item {
    const values = Object.fromEntries(Object.entries(this.fieldValues(list, fields, internal)).filter(([, value]) => value !== null));
    this.checkUnique(list, values);
    const now = isoNow();
    const item: Item = {
      id: String(list.nextItemId++),
      uniqueId: guid().toUpperCase(),
      version: 1,
      createdDateTime: now,
      lastModifiedDateTime: now,
      createdBy: by,
      lastModifiedBy: by,
      values,
    };
    list.items.set(item.id, item);
    this.recordChange(list, item.id, false);
    return item;
  }

  updateItem(list: ListRecord, item: Item, fields: Record<string, unknown>, by: Identity = APP_IDENTITY): Item {
    const changes = this.fieldValues(list, fields);
    const values = { ...item.values };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete values[key];
      else values[key] = value;
    }
    this.checkUnique(list, values, item);
    item.values = values;
    this.touch(list, item, by);
    return item;
  }

  /** A new version of the item: eTag N+1, a new change number. */
  touch(list: ListRecord, item: Item, by: Identity = APP_IDENTITY): void {
    item.version++;
    item.lastModifiedDateTime = isoNow();
    item.lastModifiedBy = by;
    this.recordChange(list, item.id, false);
  }

  deleteItem(list: ListRecord, item: Item): void {
    list.items.delete(item.id);
    this.recordChange(list, item.id, true);
  }

  findDrive(id: string): DriveRecord {
    const drive = this.drives.get(id);
    if (!drive) throw itemNotFound('The drive could not be found.');
    return drive;
  }

  /** The library item holding the file at the root of the drive, by name (case-insensitive) or drive item id. */
  fileItem(drive: DriveRecord, key: { name?: string; driveItemId?: string }): Item | undefined {
    for (const item of drive.list.items.values()) {
      if (!item.file) continue;
      if (key.driveItemId && item.file.driveItemId === key.driveItemId) return item;
      if (key.name && String(item.values.FileLeafRef).toLowerCase() === key.name.toLowerCase()) return item;
    }
    return undefined;
  }

  /** Uploads to the root folder: a new file (and its list item) or new content for an existing one. */
  writeFile(
    drive: DriveRecord,
    name: string,
    bytes: Buffer,
    mimeType: string,
    conflict: 'fail' | 'replace' | 'rename',
  ): { item: Item; created: boolean } {
    if (name.trim() !== name || !name || /["*:<>?\\|/]/.test(name) || name.endsWith('.')) {
      throw invalidRequest(`The file name '${name}' is not valid in SharePoint.`, 'invalidPath');
    }
    let existing = this.fileItem(drive, { name });
    if (existing && conflict === 'fail') throw nameAlreadyExists(`The specified item name already exists. Name: ${name}`);
    if (existing && conflict === 'rename') {
      const dot = name.lastIndexOf('.');
      const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
      for (let n = 1; existing; n++) {
        name = `${stem} ${n}${extension}`;
        existing = this.fileItem(drive, { name });
      }
    }
    if (existing?.file) {
      existing.file = { ...existing.file, bytes, mimeType };
      this.touch(drive.list, existing);
      return { item: existing, created: false };
    }
    const item = this.createItem(drive.list, { FileLeafRef: name }, APP_IDENTITY, ['FileLeafRef']);
    item.file = { driveItemId: driveItemId(), bytes, mimeType };
    return { item, created: true };
  }
}

/** What unique-value enforcement compares: text case-insensitively, as SharePoint does. */
function uniqueKey(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? `s:${value.toLowerCase()}` : `${typeof value}:${JSON.stringify(value)}`;
}

function convertValue(column: Column, value: unknown): unknown {
  const bad = (): never => {
    throw invalidRequest(`Invalid value '${JSON.stringify(value)}' for field '${column.name}' of type ${column.kind}.`);
  };
  switch (column.kind) {
    case 'text':
    case 'choice': {
      if (typeof value !== 'string') return bad();
      const max = typeof column.facet.maxLength === 'number' ? column.facet.maxLength : column.facet.allowMultipleLines ? Infinity : 255;
      if (value.length > max) throw invalidRequest(`The value of field '${column.name}' is longer than its maximum length of ${max}.`);
      return value;
    }
    case 'number': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(number) ? number : bad();
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : bad();
    case 'dateTime': {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) return bad();
      return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
  }
}
