// An Azure OpenAI account with one model deployment, which the app reaches with its managed identity: keys are
// disabled on the account, so there is no key to store or leak. Deployed only when deployAzureOpenAI is true.
param location string
param tags object
param name string

@description('The function app\'s managed identity, given "Cognitive Services OpenAI User" on this account only.')
param principalId string

@description('The model to deploy, and the deployment\'s name.')
param modelName string

param modelVersion string

@description('Thousands of tokens a minute the deployment may use.')
param capacity int

var cognitiveServicesOpenAiUser = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: name
    // Entra ID only: the app signs in as its identity.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: modelName
  sku: {
    name: 'GlobalStandard'
    capacity: capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
  }
}

resource appUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, cognitiveServicesOpenAiUser)
  scope: account
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesOpenAiUser)
  }
}

output endpoint string = account.properties.endpoint
output deploymentName string = deployment.name
