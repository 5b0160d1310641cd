// 本庁・区役所 連携アプリ — the Azure resources of one environment, in one resource group:
//   user-assigned managed identity (the bot's identity and the app's), Key Vault (RBAC),
//   storage account (operational state: outbox, conversation references, audit log), Log Analytics + Application Insights
//   with alert rules and an e-mail action group (docs/operations.md),
//   App Service on Linux (the server), Azure Bot with the Microsoft Teams channel.
// Deploy: az deployment group create -g <rg> -f infra/azure/main.bicep -p @infra/azure/parameters.prod.json
// (see infra/README.md and docs/deploy.md). No secret is a parameter: secrets live in Key Vault.

targetScope = 'resourceGroup'

@description('Prefix of every resource name: starts with a letter; lower-case letters, digits and hyphens, e.g. renkei-prod.')
@minLength(3)
@maxLength(20)
param resourceBaseName string

@description('Azure region, e.g. japaneast.')
param location string = resourceGroup().location

@description('dev or prod (tags and naming only).')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Public host name without https:// (e.g. renkei.city.example.lg.jp), also in the Teams manifest and the tab\'s api:// URI. Empty: <resourceBaseName>-web.azurewebsites.net.')
param publicHostname string = ''

@description('UserAssignedMSI (recommended: the managed identity created here is the bot, no secret) or SingleTenant (an Entra app; its secret MicrosoftAppPassword in Key Vault).')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAppType string = 'UserAssignedMSI'

@description('SingleTenant only: the bot\'s Entra app (client) id. Leave empty with UserAssignedMSI.')
param botAppId string = ''

@description('The city\'s Entra tenant id (MicrosoftAppTenantId).')
@minLength(36)
@maxLength(36)
param tenantId string = subscription().tenantId

@description('The tab\'s Entra app (client) id (TAB_APP_ID, Teams SSO).')
@minLength(36)
@maxLength(36)
param tabAppId string

@description('https URL of the SharePoint site (SHAREPOINT_SITE_URL).')
@minLength(9)
param sharePointSiteUrl string

@description('Teams channel id (19:…@thread.tacv2) for the PMO\'s roll-ups; empty: the PMO members\' personal chats.')
param pmoChannelId string = ''

@description('TEAMS_APP_CATALOG_ID: the app\'s id in the tenant\'s app catalog (not the manifest id); with it the app is installed for people and teams the bot cannot reach yet. Needs TeamsAppInstallation.ReadWriteSelfForUser.All and ReadWriteSelfForTeam.All for the managed identity (docs/deployment.md). Empty: no installation.')
param teamsAppCatalogId string = ''

@description('ENTRA_ROLE_MAP: Entra app roles (or group ids) to the app\'s roles.')
param entraRoleMap string = 'Renkei.PMO=pmo,Renkei.Admin=admin'

@description('App Service plan SKU (B1 or higher for Always On).')
param appServicePlanSku string = 'P0v3'

@description('Linux runtime for code deployment.')
param nodeRuntime string = 'NODE|24-lts'

@description('Container image (e.g. myregistry.azurecr.io/renkei:1.0.0) instead of code deployment; empty: code deployment.')
param containerImage string = ''

@description('Azure Bot SKU.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Display name of the Azure Bot resource.')
@maxLength(42)
param botDisplayName string

@description('Read the tab\'s マニュアル list as the signed-in person (on-behalf-of); needs the secret TabAppClientSecret in Key Vault.')
param tabOnBehalfOf bool = false

@description('Optional: a subnet id for a private endpoint to the storage account\'s tables; public access is then turned off (the App Service needs VNet integration).')
param storagePrivateEndpointSubnetId string = ''

@description('Storage replication: Standard_LRS or Standard_ZRS.')
param storageSku string = 'Standard_ZRS'

@description('Days the logs are kept.')
param logRetentionInDays int = 90

@description('Object id of the administrator (user or group) allowed to set Key Vault secrets; empty: none.')
param deployerPrincipalId string = ''

@description('E-mail address that receives the operations alerts (docs/operations.md); empty: alerts are raised without e-mail.')
param alertEmail string = ''

@description('Graph throttled answers (429/503/504) within 15 minutes that raise the Graph throttling alert.')
param graphThrottleAlertThreshold int = 20

var compactName = toLower(replace(resourceBaseName, '-', ''))
var suffix = uniqueString(resourceGroup().id, resourceBaseName)
var names = {
  identity: '${resourceBaseName}-id'
  plan: '${resourceBaseName}-plan'
  site: '${resourceBaseName}-web'
  bot: '${resourceBaseName}-bot'
  logs: '${resourceBaseName}-log'
  insights: '${resourceBaseName}-appi'
  keyVault: take('${take(compactName, 11)}kv${suffix}', 24)
  storage: take('${take(compactName, 11)}st${suffix}', 24)
}
var hostName = empty(publicHostname) ? '${names.site}.azurewebsites.net' : toLower(publicHostname)
var tags = {
  application: 'honcho-ku-renkei'
  environment: environmentName
}

module identity 'modules/identity.bicep' = {
  name: 'renkei-identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

var botClientId = botAppType == 'UserAssignedMSI' ? identity.outputs.clientId : botAppId

module monitoring 'modules/monitoring.bicep' = {
  name: 'renkei-monitoring'
  params: {
    workspaceName: names.logs
    insightsName: names.insights
    location: location
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'renkei-alerts'
  params: {
    namePrefix: resourceBaseName
    location: location
    insightsId: monitoring.outputs.insightsId
    alertEmail: alertEmail
    graphThrottleThreshold: graphThrottleAlertThreshold
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'renkei-keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    readerPrincipalId: identity.outputs.principalId
    deployerPrincipalId: deployerPrincipalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'renkei-storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    skuName: storageSku
    principalId: identity.outputs.principalId
    privateEndpointSubnetId: storagePrivateEndpointSubnetId
  }
}

// Every setting the server reads (docs/configuration.md). Secrets only as Key Vault references,
// resolved by App Service with the managed identity (keyVaultReferenceIdentity).
var baseSettings = {
  APP_MODE: 'production'
  NODE_ENV: 'production'
  APP_DATA_DIR: '/home/data'
  APP_DEMO_DATA: '0'
  TRUST_X_FORWARDED_FOR: '1'
  PUBLIC_HOSTNAME: hostName
  MicrosoftAppType: botAppType
  MicrosoftAppId: botClientId
  MicrosoftAppTenantId: tenantId
  TAB_APP_ID: tabAppId
  ENTRA_ROLE_MAP: entraRoleMap
  SHAREPOINT_SITE_URL: sharePointSiteUrl
  PMO_CHANNEL_ID: pmoChannelId
  TEAMS_APP_CATALOG_ID: teamsAppCatalogId
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  // Records in SharePoint through Graph with the managed identity (Sites.Selected on the one site).
  GRAPH_USE_MANAGED_IDENTITY: 'true'
  GRAPH_MANAGED_IDENTITY_CLIENT_ID: identity.outputs.clientId
  // Each instance's own search index (a cache rebuilt by delta): local disk, not the shared /home.
  SHAREPOINT_MIRROR_DIR: '/tmp/renkei-sharepoint-mirror'
  // Outbox, conversation references and audit log in Table Storage, so several instances can run.
  AZURE_CLIENT_ID: identity.outputs.clientId
  AZURE_STORAGE_TABLE_ENDPOINT: storage.outputs.tableEndpoint
  WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'true'
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}
var secretSettings = union(botAppType == 'SingleTenant' ? {
  MicrosoftAppPassword: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=MicrosoftAppPassword)'
} : {}, tabOnBehalfOf ? {
  TAB_APP_CLIENT_SECRET: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=TabAppClientSecret)'
} : {})

module app 'modules/appservice.bicep' = {
  name: 'renkei-appservice'
  params: {
    planName: names.plan
    siteName: names.site
    location: location
    tags: tags
    skuName: appServicePlanSku
    nodeRuntime: nodeRuntime
    containerImage: containerImage
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    appSettings: union(baseSettings, secretSettings)
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module bot 'modules/bot.bicep' = {
  name: 'renkei-bot'
  params: {
    name: names.bot
    displayName: botDisplayName
    sku: botSku
    endpoint: 'https://${hostName}/api/messages'
    appType: botAppType
    appId: botClientId
    tenantId: tenantId
    identityId: identity.outputs.id
    tags: tags
  }
}

// Written to the Agents Toolkit environment file by arm/deploy (infra/m365agents.yml) and used by
// `npm run package` (MicrosoftAppId = BOT_ID) and the deploy step.
output AZURE_APP_SERVICE_RESOURCE_ID string = app.outputs.id
output APP_SERVICE_DEFAULT_HOSTNAME string = app.outputs.defaultHostName
output PUBLIC_HOSTNAME string = hostName
output BOT_ID string = botClientId
output BOT_TENANT_ID string = tenantId
output TAB_APP_ID string = tabAppId
output MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output KEY_VAULT_NAME string = keyVault.outputs.name
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
