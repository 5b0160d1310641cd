// App Service on Linux running the server (Node 24 LTS from a zip deploy, or the container image),
// as the user-assigned managed identity: HTTPS only, TLS 1.2 or later, Always On, health check on
// /healthz, FTP off, one instance (the SQLite store in /home/data is not shared between instances).

@description('Name of the App Service plan.')
param planName string

@description('Name of the web app (its default host name is <name>.azurewebsites.net).')
param siteName string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Plan SKU with Always On: B1 or higher (P0v3 recommended in production).')
param skuName string

@description('Runtime for code deployment, e.g. NODE|24-lts.')
param nodeRuntime string

@description('Container image (registry/name:tag) instead of code deployment; empty: code deployment.')
param containerImage string

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the managed identity (pulls the container image from a registry).')
param identityClientId string

@description('App settings (name → value); secrets only as Key Vault references.')
param appSettings object

@description('Log Analytics workspace that receives the HTTP, console and platform logs.')
param logAnalyticsWorkspaceId string

var isContainer = !empty(containerImage)

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: 1
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: siteName
  location: location
  tags: tags
  kind: isContainer ? 'app,linux,container' : 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: isContainer ? 'DOCKER|${containerImage}' : nodeRuntime
      appCommandLine: isContainer ? '' : 'node dist/bot/main.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      webSocketsEnabled: false
      numberOfWorkers: 1
      acrUseManagedIdentityCreds: isContainer
      acrUserManagedIdentityID: isContainer ? identityClientId : null
    }
  }
}

// Replaces every app setting on each deployment: change settings in the parameter files, not the portal.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, isContainer ? {
    WEBSITES_PORT: '3978'
  } : {
    ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
  })
}

resource noFtp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [for category in [
      'AppServiceHTTPLogs'
      'AppServiceConsoleLogs'
      'AppServicePlatformLogs'
    ]: {
      category: category
      enabled: true
    }]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostName
