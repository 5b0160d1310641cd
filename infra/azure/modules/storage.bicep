// Storage account for the operational state (outbox, conversation references, audit log) in
// Table Storage, shared by every App Service instance. Identity-based access only: shared keys
// are disabled and the app's managed identity gets Storage Table Data Contributor (and Blob Data
// Contributor for exports). With a subnet id, the tables are reached through a private endpoint
// and public network access is turned off.

@description('Name of the account (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Replication, e.g. Standard_LRS (dev) or Standard_ZRS (prod).')
param skuName string

@description('Principal (object) id of the app\'s managed identity.')
param principalId string

@description('Subnet for a private endpoint to the tables; empty: public endpoint (identity-only access).')
param privateEndpointSubnetId string = ''

var usePrivateEndpoint = !empty(privateEndpointSubnetId)

var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: usePrivateEndpoint ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: usePrivateEndpoint ? 'Deny' : 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 14
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 14
    }
  }
}

resource dataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [
  storageTableDataContributor
  storageBlobDataContributor
]: {
  name: guid(account.id, principalId, role)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource tablePrivateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = if (usePrivateEndpoint) {
  name: '${name}-table-pe'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'table'
        properties: {
          privateLinkServiceId: account.id
          groupIds: [
            'table'
          ]
        }
      }
    ]
  }
}

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output tableEndpoint string = account.properties.primaryEndpoints.table
