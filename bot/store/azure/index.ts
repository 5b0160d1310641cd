export { AzureOperationalStore, type AzureOperationalStoreOptions, type JournalRecovery } from './azure-operational-store';
export { azureOperationalStoreFromEnvironment, type AzureOperationalEnvironment } from './from-environment';
export { DEFAULT_TABLE_PREFIX, type AzureTablesAuth } from './table-clients';
