// The function app on a Flex Consumption plan: .NET 10 isolated worker, system-assigned identity, every secret
// a Key Vault reference, storage and telemetry reached by identity.
param location string
param tags object
param name string
param planName string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param keyVaultUri string
param postgresHost string
param postgresDatabase string
param geminiModel string
param maximumInstanceCount int

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

var secret = {
  geminiApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/gemini-api-key)'
  jwtSigningKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/jwt-signing-key)'
  jwtPreviousSigningKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/jwt-previous-signing-key)'
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: {
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
      AZURE_FUNCTIONS_ENVIRONMENT: 'Production'
      Gemini__ApiKey: secret.geminiApiKey
      Gemini__Model: geminiModel
      Jwt__SigningKey: secret.jwtSigningKey
      Jwt__PreviousSigningKey: secret.jwtPreviousSigningKey
      Jwt__Issuer: 'https://${name}.azurewebsites.net'
      Jwt__Audience: 'chatbot-api'
      Database__Provider: 'PostgreSQL'
      Database__UseEntraAuthentication: 'true'
      // No password: the app signs in as its managed identity, whose PostgreSQL role is named after the app.
      ConnectionStrings__Chatbot: 'Host=${postgresHost};Database=${postgresDatabase};Username=${name};Ssl Mode=Require'
    }
  }
}

output principalId string = functionApp.identity.principalId
output url string = 'https://${functionApp.properties.defaultHostName}'
