/**
 * The JSON Graph sends for each resource (site, list, columnDefinition, listItem, fieldValueSet,
 * drive, driveItem), built from the model. Properties Graph leaves out when empty are left out.
 */
import { type Column, type DriveRecord, eTagOf, type Item, itemWebUrl, type ListRecord, listWebUrl, type SiteRecord } from './site-model';

export function siteJson(site: SiteRecord): Record<string, unknown> {
  return {
    id: site.id,
    name: site.name,
    displayName: site.displayName,
    webUrl: site.webUrl,
    createdDateTime: site.createdDateTime,
    lastModifiedDateTime: site.createdDateTime,
    siteCollection: { hostname: site.hostname },
  };
}

export function listJson(list: ListRecord): Record<string, unknown> {
  return {
    '@odata.etag': `"${list.id},${list.columns.length}"`,
    id: list.id,
    name: list.name,
    displayName: list.displayName,
    description: list.description,
    webUrl: listWebUrl(list),
    createdDateTime: list.createdDateTime,
    lastModifiedDateTime: list.lastModifiedDateTime,
    eTag: `"${list.id},${list.columns.length}"`,
    parentReference: { siteId: list.site.id },
    list: { template: list.template, hidden: false, contentTypesEnabled: false },
  };
}

export function columnJson(column: Column): Record<string, unknown> {
  return {
    id: column.id,
    name: column.name,
    displayName: column.displayName,
    description: column.description,
    columnGroup: column.columnGroup,
    enforceUniqueValues: column.enforceUniqueValues,
    hidden: column.hidden,
    indexed: column.indexed,
    readOnly: column.readOnly,
    required: column.required,
    [column.kind]: { ...column.facet },
  };
}

/** fields of an item: @odata.etag, id, SharePoint's system fields, then the columns that have values. */
export function fieldsJson(list: ListRecord, item: Item, select?: string[]): Record<string, unknown> {
  const all: Record<string, unknown> = {
    '@odata.etag': eTagOf(item),
    id: item.id,
    ContentType: list.template === 'documentLibrary' ? 'Document' : 'Item',
    Created: item.createdDateTime,
    Modified: item.lastModifiedDateTime,
    AuthorLookupId: '1',
    EditorLookupId: '1',
    _UIVersionString: `${item.version}.0`,
    Attachments: false,
    ...item.values,
  };
  if (item.file) all.FileSizeDisplay = String(item.file.bytes.length);
  if (!select) return all;
  const kept: Record<string, unknown> = { '@odata.etag': all['@odata.etag'], id: all.id };
  for (const name of select) if (name in all) kept[name] = all[name];
  return kept;
}

export interface ItemShape {
  /** Expand fields (with an optional select of field names). */
  fields?: { select?: string[] };
  /** $select of listItem properties. */
  select?: string[];
}

export function listItemJson(list: ListRecord, item: Item, shape: ItemShape = {}): Record<string, unknown> {
  const eTag = eTagOf(item);
  const all: Record<string, unknown> = {
    '@odata.etag': eTag,
    id: item.id,
    eTag,
    createdDateTime: item.createdDateTime,
    lastModifiedDateTime: item.lastModifiedDateTime,
    webUrl: itemWebUrl(list, item),
    createdBy: item.createdBy,
    lastModifiedBy: item.lastModifiedBy,
    parentReference: { id: list.id, siteId: list.site.id },
    contentType: {
      id: list.template === 'documentLibrary' ? '0x0101' : '0x01',
      name: list.template === 'documentLibrary' ? 'Document' : 'Item',
    },
  };
  if (list.template === 'documentLibrary') {
    all.sharepointIds = {
      listId: list.id,
      listItemId: item.id,
      listItemUniqueId: item.uniqueId.toLowerCase(),
      siteId: list.site.siteGuid,
      siteUrl: list.site.webUrl,
      webId: list.site.webGuid,
    };
  }
  let out = all;
  if (shape.select) {
    out = { '@odata.etag': eTag };
    for (const name of shape.select) if (name in all) out[name] = all[name];
  }
  if (shape.fields || shape.select?.includes('fields')) out.fields = fieldsJson(list, item, shape.fields?.select);
  return out;
}

export function driveJson(drive: DriveRecord): Record<string, unknown> {
  const list = drive.list;
  return {
    id: drive.id,
    driveType: 'documentLibrary',
    name: list.displayName,
    description: list.description,
    webUrl: listWebUrl(list),
    createdDateTime: list.createdDateTime,
    lastModifiedDateTime: list.lastModifiedDateTime,
    createdBy: { user: { displayName: 'System Account' } },
    owner: { group: { displayName: `${list.site.displayName} Owners` } },
  };
}

export function driveItemJson(drive: DriveRecord, item: Item): Record<string, unknown> {
  const file = item.file!;
  const list = drive.list;
  return {
    '@odata.etag': eTagOf(item),
    id: file.driveItemId,
    name: item.values.FileLeafRef,
    size: file.bytes.length,
    webUrl: itemWebUrl(list, item),
    eTag: eTagOf(item),
    cTag: `"c:{${item.uniqueId}},${item.version}"`,
    createdDateTime: item.createdDateTime,
    lastModifiedDateTime: item.lastModifiedDateTime,
    createdBy: item.createdBy,
    lastModifiedBy: item.lastModifiedBy,
    file: { mimeType: file.mimeType },
    fileSystemInfo: { createdDateTime: item.createdDateTime, lastModifiedDateTime: item.lastModifiedDateTime },
    parentReference: {
      driveType: 'documentLibrary',
      driveId: drive.id,
      id: drive.rootId,
      name: list.displayName,
      path: `/drives/${drive.id}/root:`,
      siteId: list.site.id,
    },
    sharepointIds: {
      listId: list.id,
      listItemId: item.id,
      listItemUniqueId: item.uniqueId.toLowerCase(),
      siteId: list.site.siteGuid,
      siteUrl: list.site.webUrl,
      webId: list.site.webGuid,
    },
  };
}
