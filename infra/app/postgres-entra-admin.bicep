// Makes a principal a Microsoft Entra administrator of the server: whoever administers the database (the deploying
// user by default, or a group). Never the app: it signs in as a regular role this administrator creates once and
// grants what the app needs (infra/README.md), so a compromised app cannot create roles or read other databases.
param serverName string

@description('Object id of the administrator.')
param objectId string

@description('Its name: a user\'s user principal name, or a group\'s or service principal\'s display name.')
param principalName string

@allowed(['User', 'Group', 'ServicePrincipal'])
param principalType string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' existing = {
  name: serverName
}

resource administrator 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: objectId
  properties: {
    principalName: principalName
    principalType: principalType
    tenantId: subscription().tenantId
  }
}
