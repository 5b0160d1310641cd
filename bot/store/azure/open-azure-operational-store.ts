import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { AzureOperationalStore, type AzureOperationalStoreOptions } from './azure-operational-store';

/** Where the tables are and how to sign in (config.ts reads it from AZURE_STORAGE_* and AZURE_CLIENT_ID). */
export interface AzureTableConnection {
  /** Local Azurite or a key/SAS connection string; wins when set. */
  connectionString?: string;
  /** e.g. https://<account>.table.core.windows.net, used with Entra ID when no connection string is set. */
  accountUrl?: string;
  /** A user-assigned managed identity; without it, DefaultAzureCredential (system-assigned identity, az login…). */
  managedIdentityClientId?: string;
  tablePrefix?: string;
}

/**
 * Opens the operational store in Azure Table Storage: a connection string when there is one, else the account URL
 * with a managed identity (production: no secret to keep; the identity needs the
 * "Storage Table Data Contributor" role on the account).
 */
export async function openAzureOperationalStore(
  connection: AzureTableConnection,
  options: AzureOperationalStoreOptions = {},
): Promise<AzureOperationalStore> {
  const { connectionString, accountUrl, managedIdentityClientId, tablePrefix } = connection;
  if (connectionString) return AzureOperationalStore.open({ connectionString }, tablePrefix, options);
  if (!accountUrl) throw new Error('Azure Table Storage: set a connection string or an account URL');
  const credential: TokenCredential = managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: managedIdentityClientId })
    : new DefaultAzureCredential();
  return AzureOperationalStore.open({ accountUrl, credential }, tablePrefix, options);
}
