import { RULING_STATUSES, type Manual, type Ruling } from '../../../rulings/model';
import type { IndexQuery, ManualStore, ManualTextRecord, RulingFilter, RulingStore } from '../../ports';
import type { SqliteManualStore, SqliteRulingStore } from '../../sqlite/repositories/knowledge';
import { byFields } from '../../sort-order';
import { dateOnly, SharePointList, type GraphListItem, type RecordMapping } from '../sharepoint-list';
import type { GraphGateway } from '../graph/graph-gateway';
import type { SharePointSite } from '../sharepoint-site';
import type { UndoLog } from '../../kit/undo-log';

const text = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

/**
 * 判断事例 are plain columns, not JSON, so HQ can correct one in SharePoint itself; the local
 * index picks the change up through delta (ruling-delta-sync.ts).
 */
export const rulingMapping: RecordMapping<Ruling> = {
  key: (r) => r.id,
  toColumns: (r) => ({
    RecordKey: r.id,
    Title: r.title,
    Department: r.department,
    Category: r.category,
    RulingStatus: r.status,
    PublishedAt: r.publishedAt,
    Question: r.question,
    Answer: r.answer,
    LegalBasis: r.legalBasis,
    Tags: r.tags.join('\n'),
    SupersededBy: r.supersededBy ?? '',
    SourceInquiry: r.sourceInquiryNumber ?? '',
  }),
  fromColumns: (f) => {
    const id = text(f.RecordKey);
    if (!id) return undefined;
    const status = (RULING_STATUSES as readonly string[]).includes(text(f.RulingStatus))
      ? (text(f.RulingStatus) as Ruling['status'])
      : 'current';
    const ruling: Ruling = {
      id,
      title: text(f.Title),
      question: text(f.Question),
      answer: text(f.Answer),
      department: text(f.Department),
      category: text(f.Category),
      legalBasis: text(f.LegalBasis),
      tags: text(f.Tags)
        .split('\n')
        .map((t) => t.trim())
        .filter(Boolean),
      publishedAt: dateOnly(f.PublishedAt),
      status,
      supersededBy: text(f.SupersededBy) || null,
    };
    if (text(f.SourceInquiry)) ruling.sourceInquiryNumber = text(f.SourceInquiry);
    return ruling;
  },
};

/** Writes go to the 判断事例 list and, at once, to this instance's search index; reads and search use the index. */
export class SharePointRulingStore implements RulingStore {
  private readonly items: SharePointList<Ruling>;

  constructor(
    site: SharePointSite,
    private readonly index: SqliteRulingStore,
    private readonly undo?: UndoLog,
  ) {
    this.items = new SharePointList(site, 'rulings', rulingMapping, undo);
  }

  async upsert(ruling: Ruling) {
    await this.items.upsert(ruling);
    const previous = await this.index.get(ruling.id);
    await this.index.upsertMany([ruling]);
    this.undo?.record(`index ${ruling.id}`, () => (previous ? this.index.upsertMany([previous]) : this.index.remove([ruling.id])));
  }

  get(id: string) {
    return this.index.get(id);
  }

  list(filter?: RulingFilter, limit?: number) {
    return this.index.list(filter, limit);
  }

  predecessors(id: string) {
    return this.index.predecessors(id);
  }

  facets() {
    return this.index.facets();
  }

  documentFrequencies(tokens: string[]) {
    return this.index.documentFrequencies(tokens);
  }

  matchIndex(query: IndexQuery) {
    return this.index.matchIndex(query);
  }
}

/** A file staff uploaded without a 管理番号 still appears, under its list item id. */
const UNNUMBERED = /^SP-(\d+)$/;

export const manualMapping: RecordMapping<Manual> = {
  key: (m) => m.id,
  toColumns: (m) => ({
    RecordKey: m.id,
    Title: m.title,
    Department: m.department,
    System: m.system,
    ManualVersion: m.version,
    LastRevisedAt: m.lastRevisedAt,
    NextReviewDue: m.nextReviewDue,
    ManualOwnerId: m.ownerId ?? '',
    Summary: m.summary,
    LinkUrl: m.url,
  }),
  fromColumns: (f, item: GraphListItem) => ({
    id: text(f.RecordKey) || `SP-${item.id}`,
    title: text(f.Title) || text(f.FileLeafRef).replace(/\.[^.]+$/, ''),
    department: text(f.Department),
    system: text(f.System),
    version: text(f.ManualVersion),
    lastRevisedAt: dateOnly(f.LastRevisedAt),
    nextReviewDue: dateOnly(f.NextReviewDue),
    ownerId: text(f.ManualOwnerId) || null,
    summary: text(f.Summary),
    url: text(f.LinkUrl) || text(item.webUrl),
  }),
};

/**
 * マニュアル is a document library: a manual is a file with metadata columns. Staff upload the
 * files; an imported manual whose document lives elsewhere becomes an Internet shortcut file
 * (.url) pointing at it, so every manual is one library item either way. The files' text is
 * searched from this instance's index (manual-text-sync.ts keeps it in step).
 */
export class SharePointManualStore implements ManualStore {
  private readonly items: SharePointList<Manual>;

  constructor(
    private readonly site: SharePointSite,
    private readonly texts: SqliteManualStore,
    undo?: UndoLog,
  ) {
    this.items = new SharePointList(site, 'manuals', manualMapping, undo);
  }

  async upsert(manual: Manual) {
    const stored = await this.findStored(manual.id);
    if (stored) {
      await this.items.replace(stored, manual);
      return;
    }
    const fileName = `${manual.id.replace(/[\\/:*?"<>|#%]/g, '_')}.url`;
    const uploaded = await this.site.graph.put<{ sharepointIds: { listItemId: string } }>(
      `/drives/${await this.site.drive('manuals')}/items/root:/${encodeURIComponent(fileName)}:/content`,
      `[InternetShortcut]\r\nURL=${manual.url}\r\n`,
      'text/plain',
    );
    // The new file's item has no key yet (the mapping gives it SP-<id>); its eTag is what the write needs.
    const item = await this.items.getByItemId(uploaded.sharepointIds.listItemId);
    if (!item) throw new Error(`${fileName}: uploaded, but its list item was not found`);
    await this.items.replace(item, manual);
  }

  async get(id: string) {
    return (await this.findStored(id))?.record;
  }

  /** `as`: read as a signed-in person (on-behalf-of), seeing only the files SharePoint lets them see. */
  async list(filter: { department?: string } = {}, as?: GraphGateway) {
    const manuals = (await this.items.query({ Department: filter.department }, as)).map((s) => s.record);
    return manuals.sort(
      byFields(
        (m) => m.department,
        (m) => m.title,
        (m) => m.id,
      ),
    );
  }

  saveText(manualId: string, text: ManualTextRecord) {
    return this.texts.saveText(manualId, text);
  }

  textState(manualId: string) {
    return this.texts.textState(manualId);
  }

  matchText(tokens: string[], limit: number) {
    return this.texts.matchText(tokens, limit);
  }

  keepTextsOf(keep: string[]) {
    return this.texts.keepTextsOf(keep);
  }

  private async findStored(id: string) {
    const unnumbered = UNNUMBERED.exec(id);
    return unnumbered ? this.items.getByItemId(unnumbered[1]) : this.items.find(id);
  }
}
