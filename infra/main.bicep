// The chatbot API on Azure: a Flex Consumption function app (pay per use, scales to zero) with PostgreSQL for
// state shared by every instance. Deployed with `azd up`; see infra/README.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used in every resource name.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@description('Object id of the deploying user, given read access to Key Vault secrets for operations. Optional.')
param principalId string = ''

@secure()
@description('Google Gemini API key, stored in Key Vault.')
param geminiApiKey string

@secure()
@description('JWT signing key: base64 of at least 32 random bytes (openssl rand -base64 32), stored in Key Vault.')
param jwtSigningKey string

@secure()
@description('The previous JWT signing key while rolling keys; empty otherwise.')
param jwtPreviousSigningKey string = ''

@secure()
@description('Password of the PostgreSQL administrator login (a break-glass login; the app signs in with its managed identity).')
param postgresAdminPassword string

@description('Gemini model the app uses.')
param geminiModel string = 'gemini-2.5-flash'

@minValue(1)
@maxValue(1000)
@description('Most instances the function app may scale out to. Each keeps its own database connection pool, and a Burstable B1ms server accepts about 50 connections.')
param maximumInstanceCount int = 10

var abbreviations = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbreviations.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    workspaceName: '${abbreviations.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbreviations.insightsComponents}${resourceToken}'
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbreviations.storageStorageAccounts}${resourceToken}'
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbreviations.keyVaultVaults}${resourceToken}'
    geminiApiKey: geminiApiKey
    jwtSigningKey: jwtSigningKey
    jwtPreviousSigningKey: jwtPreviousSigningKey
    postgresAdminPassword: postgresAdminPassword
    operatorPrincipalId: principalId
  }
}

var functionAppName = '${abbreviations.webSitesFunctions}${resourceToken}'

module postgres 'app/postgres.bicep' = {
  name: 'postgres'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbreviations.dBforPostgreSQLServers}${resourceToken}'
    administratorPassword: postgresAdminPassword
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: resourceGroup
  params: {
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    name: functionAppName
    planName: '${abbreviations.webServerFarms}${resourceToken}'
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    maximumInstanceCount: maximumInstanceCount
  }
}

module access 'app/rbac.bicep' = {
  name: 'rbac'
  scope: resourceGroup
  params: {
    principalId: api.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module databaseAdministrator 'app/postgres-entra-admin.bicep' = {
  name: 'postgres-entra-admin'
  scope: resourceGroup
  params: {
    serverName: postgres.outputs.name
    principalId: api.outputs.principalId
    principalName: functionAppName
  }
}

module settings 'app/appsettings.bicep' = {
  name: 'appsettings'
  scope: resourceGroup
  dependsOn: [access, databaseAdministrator]
  params: {
    functionAppName: functionAppName
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultUri: keyVault.outputs.uri
    postgresHost: postgres.outputs.host
    postgresDatabase: postgres.outputs.databaseName
    geminiModel: geminiModel
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output API_URL string = api.outputs.url
output AZURE_FUNCTION_APP_NAME string = functionAppName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output POSTGRES_HOST string = postgres.outputs.host
