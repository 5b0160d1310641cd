import type { GraphGateway } from './graph/graph-gateway';
import { matchColumn, type GraphColumn } from './schema/column-resolver';
import { LISTS, type ColumnSpec, type ListSpec } from './schema/list-specs';
import { sitePath } from './sharepoint-site';

export interface ProvisionStep {
  /** One line for the operator, in Japanese. */
  summary: string;
  apply(): Promise<void>;
}

interface GraphList {
  id: string;
  name: string;
  displayName: string;
}

/** The columnDefinition Graph creates for a spec column (text, note, number, boolean, dates). */
export function columnDefinition(column: ColumnSpec): Record<string, unknown> {
  const typed: Record<ColumnSpec['type'], Record<string, unknown>> = {
    text: { text: { allowMultipleLines: false, maxLength: 255 } },
    note: { text: { allowMultipleLines: true, textType: 'plain', linesForEditing: 6 } },
    number: { number: {} },
    boolean: { boolean: {} },
    dateOnly: { dateTime: { format: 'dateOnly' } },
    dateTime: { dateTime: { format: 'dateTime' } },
  };
  return {
    name: column.name,
    displayName: column.displayName,
    ...typed[column.type],
    ...(column.indexed ? { indexed: true } : {}),
    ...(column.unique ? { enforceUniqueValues: true } : {}),
    ...(column.hidden ? { hidden: true } : {}),
  };
}

/**
 * What provisioning would change on the site: lists to create, columns to add, indexes to
 * build. Computed from what Graph reports now, so a second run after a complete one is empty.
 */
export async function planProvisioning(graph: GraphGateway, siteUrl: string): Promise<ProvisionStep[]> {
  const site = await graph.get<{ id: string }>(`${sitePath(siteUrl)}?$select=id`);
  const lists = await graph.getAll<GraphList>(`/sites/${site.id}/lists?$select=id,name,displayName`);
  const steps: ProvisionStep[] = [];
  for (const spec of Object.values(LISTS) as ListSpec[]) {
    const existing = lists.find((l) => l.name === spec.name) ?? lists.find((l) => l.displayName === spec.displayName);
    if (!existing) {
      steps.push(createListStep(graph, site.id, spec));
      continue;
    }
    const columns = await graph.getAll<GraphColumn>(`/sites/${site.id}/lists/${existing.id}/columns`);
    for (const column of spec.columns) {
      const found = matchColumn(columns, column);
      const listPath = `/sites/${site.id}/lists/${existing.id}`;
      if (!found) {
        steps.push({
          summary: `＋ 「${spec.displayName}」に列「${column.displayName}」(${column.name}) を追加`,
          apply: async () => void (await graph.post(`${listPath}/columns`, columnDefinition(column))),
        });
      } else if ((column.indexed && !found.indexed) || (column.unique && !found.enforceUniqueValues)) {
        const change = { indexed: true, ...(column.unique ? { enforceUniqueValues: true } : {}) };
        steps.push({
          summary: `＋ 「${spec.displayName}」の列「${column.displayName}」に${column.unique ? '一意の' : ''}索引を作成`,
          apply: async () => void (await graph.patch(`${listPath}/columns/${found.id}`, change)),
        });
      }
    }
  }
  return steps;
}

function createListStep(graph: GraphGateway, siteId: string, spec: ListSpec): ProvisionStep {
  return {
    summary: `＋ ${spec.template === 'documentLibrary' ? 'ライブラリ' : 'リスト'}「${spec.displayName}」を作成（列 ${spec.columns.map((c) => c.displayName).join('・')}）`,
    async apply() {
      const list = await graph.post<GraphList>(`/sites/${siteId}/lists`, {
        displayName: spec.displayName,
        description: spec.description,
        list: { template: spec.template },
      });
      // One column at a time: an index or uniqueness rule the tenant refuses names its column.
      for (const column of spec.columns) await graph.post(`/sites/${siteId}/lists/${list.id}/columns`, columnDefinition(column));
    },
  };
}
