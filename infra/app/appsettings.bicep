// The function app's settings, applied after its identity has been granted its roles (rbac.bicep), so Key Vault
// references resolve from the first start. Every secret is a Key Vault reference; nothing secret is written here.
// This replaces the whole set.
import { appSecretNames } from 'keyvault.bicep'

param functionAppName string
param storageAccountName string

@description('The blob service of the app\'s storage account, and the private container for attachments in it.')
param blobEndpoint string
param attachmentsContainerName string
param applicationInsightsName string
param keyVaultUri string
param postgresHost string
param postgresDatabase string
param geminiModel string

@description('Models a session may choose; empty leaves the app\'s own list.')
param geminiAllowedModels string[]

param geminiMaxOutputTokens int

@description('Tokens a user may spend per UTC day; 0 for no quota.')
param dailyTokenQuota int

@description('The Azure OpenAI account the templates deployed; empty when none.')
param azureOpenAIEndpoint string = ''

@description('Its deployment, offered as a model with that id and made the default.')
param azureOpenAIModel string = ''

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var secret = {
  geminiApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${appSecretNames.geminiApiKey})'
  jwtSigningKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${appSecretNames.jwtSigningKey})'
  jwtPreviousSigningKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${appSecretNames.jwtPreviousSigningKey})'
  adminBootstrapToken: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${appSecretNames.adminBootstrapToken})'
}

// The app binds a list from numbered keys (GeminiOptions.AllowedModels): Gemini__AllowedModels__0, __1, …
var allowedModelSettings = toObject(
  range(0, length(geminiAllowedModels)),
  i => 'Gemini__AllowedModels__${i}',
  i => geminiAllowedModels[i]
)

// No ApiKey: the app signs in to Azure OpenAI as its managed identity (Models:0 in docs/operations.md).
var azureOpenAISettings = empty(azureOpenAIEndpoint) ? {} : {
  Models__0__Id: azureOpenAIModel
  Models__0__Provider: 'AzureOpenAI'
  Models__0__Endpoint: azureOpenAIEndpoint
  Models__0__Deployment: azureOpenAIModel
  Models__0__Vision: 'true'
  Chat__DefaultModel: azureOpenAIModel
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(allowedModelSettings, azureOpenAISettings, {
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    AZURE_FUNCTIONS_ENVIRONMENT: 'Production'
    Gemini__ApiKey: secret.geminiApiKey
    Gemini__Model: geminiModel
    // Cost bounds from the first start: the longest answer, and each user's tokens per day.
    Gemini__MaxOutputTokens: string(geminiMaxOutputTokens)
    Quota__DailyTokens: string(dailyTokenQuota)
    Jwt__SigningKey: secret.jwtSigningKey
    Jwt__PreviousSigningKey: secret.jwtPreviousSigningKey
    Jwt__Issuer: 'https://${functionAppName}.azurewebsites.net'
    Jwt__Audience: 'chatbot-api'
    // Claims the first admin over HTTP while none exists (infra/README.md, "The first admin").
    Admin__BootstrapToken: secret.adminBootstrapToken
    // Attachments in a private container of the app's own storage, reached as its identity (Storage Blob Data Owner on
    // the account, rbac.bicep): every instance sees the same files, and nothing is public.
    Attachments__Store: 'AzureBlob'
    Attachments__BlobServiceUri: blobEndpoint
    Attachments__BlobContainer: attachmentsContainerName
    Database__Provider: 'PostgreSQL'
    Database__UseEntraAuthentication: 'true'
    // No password: the app signs in as its managed identity, whose PostgreSQL role is named after the app. That role
    // is a regular one, which the database's Entra administrator creates once (infra/README.md).
    // VerifyFull checks the server's certificate chain and that it names this host, not only that TLS is on.
    ConnectionStrings__Chatbot: 'Host=${postgresHost};Database=${postgresDatabase};Username=${functionAppName};Ssl Mode=VerifyFull'
  })
}
