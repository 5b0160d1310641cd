import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';

/** A connection string (local Azurite, or a key/SAS where policy allows), or an account URL with Entra ID (managed identity). */
export type AzureTablesAuth = { connectionString: string } | { accountUrl: string; credential: TokenCredential };

export interface OperationalTables {
  outbox: TableClient;
  conversations: TableClient;
  audit: TableClient;
  journal: TableClient;
  /** The storage account's name (for health details; never the key). */
  account: string;
  prefix: string;
}

export const DEFAULT_TABLE_PREFIX = 'renkei';

function parseConnectionString(connectionString: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) parts.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return parts;
}

/** `https://<account>.table.core.windows.net` or, for the emulator, `http://127.0.0.1:10002/<account>`. */
function accountOfUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (/^\d+\.\d+\.\d+\.\d+$|^localhost$|^\[/.test(parsed.hostname)) return parsed.pathname.split('/').filter(Boolean)[0] ?? parsed.host;
    return parsed.hostname.split('.')[0];
  } catch {
    return 'unknown';
  }
}

function describe(auth: AzureTablesAuth): { account: string; insecure: boolean } {
  if ('accountUrl' in auth) return { account: accountOfUrl(auth.accountUrl), insecure: auth.accountUrl.startsWith('http:') };
  const parts = parseConnectionString(auth.connectionString);
  if (parts.get('usedevelopmentstorage') === 'true') return { account: 'devstoreaccount1', insecure: true };
  const endpoint = parts.get('tableendpoint');
  return {
    account: parts.get('accountname') ?? (endpoint ? accountOfUrl(endpoint) : 'unknown'),
    insecure: endpoint ? endpoint.startsWith('http:') : parts.get('defaultendpointsprotocol') === 'http',
  };
}

export function operationalTables(auth: AzureTablesAuth, prefix = DEFAULT_TABLE_PREFIX): OperationalTables {
  // Table names are [A-Za-z][A-Za-z0-9]{2,62}; the longest suffix is "conversations" (13).
  if (!/^[A-Za-z][A-Za-z0-9]{0,49}$/.test(prefix))
    throw new Error(`invalid table prefix "${prefix}": letters and digits, starting with a letter, at most 50`);
  const { account, insecure } = describe(auth);
  // Plain http only for the emulator; a real account is https.
  const options: TableServiceClientOptions = { allowInsecureConnection: insecure };
  const client = (suffix: string) => {
    const name = `${prefix}${suffix}`;
    return 'connectionString' in auth
      ? TableClient.fromConnectionString(auth.connectionString, name, options)
      : new TableClient(auth.accountUrl, name, auth.credential, options);
  };
  return {
    outbox: client('outbox'),
    conversations: client('conversations'),
    audit: client('audit'),
    journal: client('journal'),
    account,
    prefix,
  };
}

export const allTables = (tables: OperationalTables): TableClient[] => [tables.outbox, tables.conversations, tables.audit, tables.journal];
