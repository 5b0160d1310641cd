import type { GraphGateway } from '../graph/graph-gateway';
import type { ColumnSpec, ListSpec } from './list-specs';

export interface GraphColumn {
  id: string;
  name: string;
  displayName: string;
  indexed?: boolean;
  enforceUniqueValues?: boolean;
}

/**
 * Finds each spec column among a list's columns: by its API name first (what provisioning
 * created), then by its Japanese display name (a column an administrator made by hand gets an
 * encoded internal name such as _x6240__x7ba1__x8ab2_, which only the columns endpoint knows).
 */
export function matchColumn(columns: GraphColumn[], spec: ColumnSpec): GraphColumn | undefined {
  return columns.find((c) => c.name === spec.name) ?? columns.find((c) => c.displayName === spec.displayName);
}

/** A list as the store uses it: its id and the internal name of each spec column. */
export interface ResolvedList {
  spec: ListSpec;
  id: string;
  /** Spec column name → the list's internal column name. */
  names: Map<string, string>;
  indexed: Set<string>;
}

export class ListNotProvisionedError extends Error {
  constructor(detail: string) {
    super(
      `SharePoint の準備ができていません: ${detail}。npm run provision:sharepoint -- --site <URL> を実行してください (run provisioning)`,
    );
    this.name = 'ListNotProvisionedError';
  }
}

export async function resolveList(graph: GraphGateway, siteId: string, spec: ListSpec): Promise<ResolvedList> {
  const lists = await graph.getAll<{ id: string; name: string; displayName: string }>(`/sites/${siteId}/lists?$select=id,name,displayName`);
  const list = lists.find((l) => l.name === spec.name) ?? lists.find((l) => l.displayName === spec.displayName);
  if (!list) throw new ListNotProvisionedError(`リスト「${spec.displayName}」(${spec.name}) がありません`);
  const columns = await graph.getAll<GraphColumn>(`/sites/${siteId}/lists/${list.id}/columns`);
  const names = new Map<string, string>();
  const indexed = new Set<string>();
  for (const column of spec.columns) {
    const found = matchColumn(columns, column);
    if (!found) throw new ListNotProvisionedError(`「${spec.displayName}」に列「${column.displayName}」(${column.name}) がありません`);
    names.set(column.name, found.name);
    if (found.indexed) indexed.add(column.name);
  }
  return { spec, id: list.id, names, indexed };
}
