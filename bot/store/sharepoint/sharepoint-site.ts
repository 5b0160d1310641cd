import type { GraphGateway } from './graph/graph-gateway';
import { LISTS, type ListKey } from './schema/list-specs';
import { resolveList, type ResolvedList } from './schema/column-resolver';

/** `https://contoso.sharepoint.com/sites/renkei` → the Graph path that finds the site. */
export function sitePath(siteUrl: string): string {
  const url = new URL(siteUrl);
  const serverRelative = url.pathname.replace(/\/+$/, '') || '/';
  return `/sites/${url.hostname}:${serverRelative}`;
}

/** The site and its lists, resolved once (ids and column names do not change while running). */
export class SharePointSite {
  private readonly lists = new Map<ListKey, Promise<ResolvedList>>();
  private readonly drives = new Map<ListKey, Promise<string>>();
  private siteId?: Promise<string>;

  constructor(
    readonly graph: GraphGateway,
    readonly siteUrl: string,
  ) {}

  id(): Promise<string> {
    this.siteId ??= this.graph.get<{ id: string }>(`${sitePath(this.siteUrl)}?$select=id`).then((site) => site.id);
    this.siteId.catch(() => (this.siteId = undefined)); // try again next time after an outage
    return this.siteId;
  }

  list(key: ListKey): Promise<ResolvedList> {
    let resolved = this.lists.get(key);
    if (!resolved) {
      resolved = this.id().then((siteId) => resolveList(this.graph, siteId, LISTS[key]));
      resolved.catch(() => this.lists.delete(key));
      this.lists.set(key, resolved);
    }
    return resolved;
  }

  /** The drive behind a document library (to upload files into it). */
  drive(key: ListKey): Promise<string> {
    let drive = this.drives.get(key);
    if (!drive) {
      drive = this.listPath(key)
        .then((path) => this.graph.get<{ id: string }>(`${path}/drive?$select=id`))
        .then((d) => d.id);
      drive.catch(() => this.drives.delete(key));
      this.drives.set(key, drive);
    }
    return drive;
  }

  async listPath(key: ListKey): Promise<string> {
    const [siteId, list] = await Promise.all([this.id(), this.list(key)]);
    return `/sites/${siteId}/lists/${list.id}`;
  }
}
