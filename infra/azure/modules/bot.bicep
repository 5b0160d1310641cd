// The Azure Bot resource with the Microsoft Teams channel. Its messaging endpoint is the server's
// /api/messages; the bot identity is the managed identity (UserAssignedMSI) or a single-tenant
// Entra app (SingleTenant, with its secret in Key Vault).

@description('Resource name of the bot (4-42 letters, digits, - and _).')
@minLength(4)
@maxLength(42)
param name string

@description('Name shown in the Azure portal.')
@maxLength(42)
param displayName string

@description('F0 (free) or S1. Messages on the Teams channel are free on both.')
@allowed([
  'F0'
  'S1'
])
param sku string

@description('https://<public host>/api/messages')
param endpoint string

@description('How the bot authenticates.')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param appType string

@description('The bot\'s app id: the managed identity\'s client id, or the Entra app id.')
param appId string

@description('The Entra tenant the bot belongs to.')
param tenantId string

@description('Resource id of the managed identity (used with UserAssignedMSI).')
param identityId string

@description('Tags for every resource.')
param tags object

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: appId
    msaAppType: appType
    msaAppTenantId: tenantId
    msaAppMSIResourceId: appType == 'UserAssignedMSI' ? identityId : null
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output name string = bot.name
output endpoint string = bot.properties.endpoint
