// Key Vault holds every secret. The app reads its own through Key Vault references with its managed identity, and
// may read those alone (rbac.bicep grants it each one); the PostgreSQL password is for people, never the app.
param location string
param tags object
param name string

@secure()
param geminiApiKey string

@secure()
param jwtSigningKey string

@secure()
param jwtPreviousSigningKey string

@secure()
param postgresAdminPassword string

@secure()
@description('What claims the first admin over HTTP (POST /admin/bootstrap/) while no admin exists.')
param adminBootstrapToken string

@description('Optional: a person who may read the secrets (the deploying user).')
param operatorPrincipalId string

@description('True: reached only through a private endpoint, public network access disabled.')
param usePrivateNetworking bool

@description('Without private networking: the only address ranges (CIDR) let through the firewall.')
param allowedCidrs string[]

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

@export()
@description('The secrets the app reads, by what they hold: its settings reference these (appsettings.bicep), and its identity may read these and no other (rbac.bicep).')
var appSecretNames = {
  geminiApiKey: 'gemini-api-key'
  jwtSigningKey: 'jwt-signing-key'
  jwtPreviousSigningKey: 'jwt-previous-signing-key'
  adminBootstrapToken: 'admin-bootstrap-token'
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    // A deleted vault or secret can be recovered for 7 days and cannot be purged before: nobody, a stolen
    // deployment identity included, can destroy the signing keys for good. Once on, this cannot be turned off.
    enablePurgeProtection: true
    publicNetworkAccess: usePrivateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      // No "trusted Microsoft services" bypass: the app reads secrets through the private endpoint or a listed range.
      defaultAction: 'Deny'
      bypass: 'None'
      ipRules: map(usePrivateNetworking ? [] : allowedCidrs, cidr => { value: cidr })
    }
  }
}

resource geminiSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: appSecretNames.geminiApiKey
  properties: { value: geminiApiKey }
}

resource signingKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: appSecretNames.jwtSigningKey
  properties: { value: jwtSigningKey }
}

resource previousSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: appSecretNames.jwtPreviousSigningKey
  // Key Vault refuses an empty secret; a single space reads as "no previous key" to the app.
  properties: { value: empty(jwtPreviousSigningKey) ? ' ' : jwtPreviousSigningKey }
}

resource bootstrapTokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: appSecretNames.adminBootstrapToken
  properties: { value: adminBootstrapToken }
}

resource postgresPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'postgres-admin-password'
  properties: { value: postgresAdminPassword }
}

resource operatorAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: operatorPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
