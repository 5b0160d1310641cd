// The user-assigned managed identity the app runs as: it is the bot (MicrosoftAppType=UserAssignedMSI),
// reads Key Vault secrets, and will reach Azure Storage and Microsoft Graph without a password.

@description('Name of the managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
output tenantId string = identity.properties.tenantId
