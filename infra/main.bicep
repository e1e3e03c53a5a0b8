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

@description('Object id of the deploying user, given read access to Key Vault secrets for operations, and the PostgreSQL Microsoft Entra administrator unless postgresEntraAdminObjectId names another.')
param principalId string = ''

@description('Name of the PostgreSQL Microsoft Entra administrator: a user\'s user principal name (you@example.com), or a group\'s or service principal\'s display name. The app is not an administrator: this principal creates the app\'s database role once (infra/README.md).')
param postgresEntraAdminName string

@description('Object id of the PostgreSQL Microsoft Entra administrator; empty: principalId, the deploying user.')
param postgresEntraAdminObjectId string = ''

@allowed(['User', 'Group', 'ServicePrincipal'])
@description('What the PostgreSQL Microsoft Entra administrator is.')
param postgresEntraAdminType string = 'User'

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
@description('Token that makes a signed-in user the first admin (POST /admin/bootstrap/) while no admin exists, stored in Key Vault. Empty: the one generated for this deployment (infra/README.md says how to read it).')
param adminBootstrapToken string = ''

// newGuid() may only be a parameter's default, so the generated token is one: two GUIDs, 244 random bits, new at
// each deployment (the token matters only until the first admin exists). Not in main.parameters.json: never set it.
@secure()
@description('Leave unset: the bootstrap token generated for this deployment, used when adminBootstrapToken is empty.')
param generatedBootstrapToken string = '${newGuid()}${newGuid()}'

@secure()
@description('Password of the PostgreSQL administrator login (a break-glass login; the app signs in with its managed identity).')
param postgresAdminPassword string

@description('Gemini model the app uses.')
param geminiModel string = 'gemini-2.5-flash'

@description('Models a session may choose, comma-separated (the default model is always allowed). Empty: the app\'s own list, which includes gemini-2.5-pro.')
param geminiAllowedModels string = 'gemini-2.5-flash'

@minValue(1)
@description('Most tokens Gemini may write in one answer (a thinking model\'s thoughts count too).')
param geminiMaxOutputTokens int = 8192

@minValue(0)
@description('Tokens (prompt plus answer) a user may spend per UTC day; 0 for no quota.')
param dailyTokenQuota int = 200000

@description('True: the app joins a virtual network and reaches PostgreSQL and Key Vault only through private endpoints, their public access disabled (about 16 USD a month more). False: both stay public behind firewalls that admit only publicAccessAllowedIpRanges.')
param usePrivateNetworking bool = true

@description('Only without private networking: comma-separated IPv4 ranges (CIDR, or single addresses) let through the PostgreSQL and Key Vault firewalls. 0.0.0.0 ranges are dropped: "all Azure services" is never let in.')
param publicAccessAllowedIpRanges string = ''

@minValue(1)
@maxValue(1000)
@description('Most instances the function app may scale out to. Each keeps its own database connection pool, and a Burstable B1ms server accepts about 50 connections.')
param maximumInstanceCount int = 10

@description('True: deploy an Azure OpenAI account with one model deployment, give the app\'s identity "Cognitive Services OpenAI User" on it, and make that model the default (docs/operations.md, "Model providers").')
param deployAzureOpenAI bool = false

@description('Only with deployAzureOpenAI: the model to deploy, also its deployment\'s name and its id in the app.')
param azureOpenAIModel string = 'gpt-4o-mini'

@description('Only with deployAzureOpenAI: the model\'s version.')
param azureOpenAIModelVersion string = '2024-07-18'

@minValue(1)
@description('Only with deployAzureOpenAI: thousands of tokens a minute the deployment may use.')
param azureOpenAICapacity int = 10

var abbreviations = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

// Comma lists (so azd can fill them from one environment value) into arrays, blanks dropped.
var allowedModels = filter(map(split(geminiAllowedModels, ','), model => trim(model)), model => !empty(model))
var allowedCidrs = filter(
  map(
    filter(map(split(publicAccessAllowedIpRanges, ','), entry => trim(entry)), entry => !empty(entry)),
    entry => contains(entry, '/') ? entry : '${entry}/32'
  ),
  // 0.0.0.0 in a PostgreSQL firewall means "every Azure service, of every tenant".
  cidr => parseCidr(cidr).network != '0.0.0.0'
)
var privateDnsZones = {
  postgres: 'privatelink.postgres.database.azure.com'
  keyVault: 'privatelink.vaultcore.azure.net'
}

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

module network 'app/network.bicep' = if (usePrivateNetworking) {
  name: 'network'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbreviations.networkVirtualNetworks}${resourceToken}'
    privateDnsZoneNames: [privateDnsZones.postgres, privateDnsZones.keyVault]
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
    adminBootstrapToken: empty(adminBootstrapToken) ? generatedBootstrapToken : adminBootstrapToken
    operatorPrincipalId: principalId
    usePrivateNetworking: usePrivateNetworking
    allowedCidrs: allowedCidrs
  }
}

module keyVaultEndpoint 'app/private-endpoint.bicep' = if (usePrivateNetworking) {
  name: 'keyvault-private-endpoint'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbreviations.networkPrivateEndpoints}${abbreviations.keyVaultVaults}${resourceToken}'
    subnetId: network!.outputs.privateEndpointSubnetId
    serviceId: keyVault.outputs.id
    groupId: 'vault'
    privateDnsZoneName: privateDnsZones.keyVault
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
    usePrivateNetworking: usePrivateNetworking
    allowedCidrs: allowedCidrs
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
    virtualNetworkSubnetId: usePrivateNetworking ? network!.outputs.appSubnetId : ''
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

module openAI 'app/openai.bicep' = if (deployAzureOpenAI) {
  name: 'openai'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: '${abbreviations.cognitiveServicesAccounts}${resourceToken}'
    principalId: api.outputs.principalId
    modelName: azureOpenAIModel
    modelVersion: azureOpenAIModelVersion
    capacity: azureOpenAICapacity
  }
}

module databaseAdministrator 'app/postgres-entra-admin.bicep' = {
  name: 'postgres-entra-admin'
  scope: resourceGroup
  params: {
    serverName: postgres.outputs.name
    objectId: empty(postgresEntraAdminObjectId) ? principalId : postgresEntraAdminObjectId
    principalName: postgresEntraAdminName
    principalType: postgresEntraAdminType
  }
}

module postgresEndpoint 'app/private-endpoint.bicep' = if (usePrivateNetworking) {
  name: 'postgres-private-endpoint'
  scope: resourceGroup
  // After the administrator: the server refuses a second change while one is in progress.
  dependsOn: [databaseAdministrator]
  params: {
    location: location
    tags: tags
    name: '${abbreviations.networkPrivateEndpoints}${abbreviations.dBforPostgreSQLServers}${resourceToken}'
    subnetId: network!.outputs.privateEndpointSubnetId
    serviceId: postgres.outputs.id
    groupId: 'postgresqlServer'
    privateDnsZoneName: privateDnsZones.postgres
  }
}

module settings 'app/appsettings.bicep' = {
  name: 'appsettings'
  scope: resourceGroup
  // Applied once the app can reach what its settings name: its roles and the private endpoints. Its database role is
  // created by the administrator after the first deployment (infra/README.md); until then the app cannot sign in.
  dependsOn: [access, keyVaultEndpoint, postgresEndpoint]
  params: {
    functionAppName: functionAppName
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    attachmentsContainerName: storage.outputs.attachmentsContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultUri: keyVault.outputs.uri
    postgresHost: postgres.outputs.host
    postgresDatabase: postgres.outputs.databaseName
    geminiModel: geminiModel
    geminiAllowedModels: allowedModels
    geminiMaxOutputTokens: geminiMaxOutputTokens
    dailyTokenQuota: dailyTokenQuota
    azureOpenAIEndpoint: deployAzureOpenAI ? openAI!.outputs.endpoint : ''
    azureOpenAIModel: deployAzureOpenAI ? openAI!.outputs.deploymentName : ''
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output API_URL string = api.outputs.url
output AZURE_FUNCTION_APP_NAME string = functionAppName
// The app's identity: its PostgreSQL role is created for this object id (infra/README.md).
output AZURE_FUNCTION_APP_PRINCIPAL_ID string = api.outputs.principalId
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output POSTGRES_HOST string = postgres.outputs.host
