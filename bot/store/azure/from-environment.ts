import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { AzureOperationalStore, type AzureOperationalStoreOptions } from './azure-operational-store';

export interface AzureOperationalEnvironment {
  /** Local Azurite or a key/SAS connection string; wins when set. */
  connectionString?: string;
  /** e.g. https://<account>.table.core.windows.net, used with Entra ID when no connection string is set. */
  accountUrl?: string;
  /** A user-assigned managed identity; without it, DefaultAzureCredential (system-assigned identity, az login…). */
  managedIdentityClientId?: string;
  tablePrefix?: string;
}

/**
 * Opens the store as configured: a connection string when there is one, else the account URL
 * with a managed identity (production: no secret to keep; the identity needs the
 * "Storage Table Data Contributor" role on the account).
 */
export async function azureOperationalStoreFromEnvironment(
  environment: AzureOperationalEnvironment,
  options: AzureOperationalStoreOptions = {},
): Promise<AzureOperationalStore> {
  const { connectionString, accountUrl, managedIdentityClientId, tablePrefix } = environment;
  if (connectionString) return AzureOperationalStore.open({ connectionString }, tablePrefix, options);
  if (!accountUrl) throw new Error('Azure Table Storage: set a connection string or an account URL');
  const credential: TokenCredential = managedIdentityClientId ? new ManagedIdentityCredential({ clientId: managedIdentityClientId }) : new DefaultAzureCredential();
  return AzureOperationalStore.open({ accountUrl, credential }, tablePrefix, options);
}
