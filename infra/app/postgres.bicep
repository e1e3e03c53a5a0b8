// Azure Database for PostgreSQL flexible server, burstable: the state every instance of the app shares.
param location string
param tags object
param name string

@secure()
param administratorPassword string

@description('True: reached only through a private endpoint, public network access disabled.')
param usePrivateNetworking bool

@description('Without private networking: the only address ranges (CIDR) let through the firewall.')
param allowedCidrs string[]

var databaseName = 'chatbot'

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard_B1ms'
    tier: 'Burstable'
  }
  properties: {
    version: '16'
    administratorLogin: 'chatbotadmin'
    administratorLoginPassword: administratorPassword
    storage: { storageSizeGB: 32 }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: 'Disabled' }
    network: {
      publicNetworkAccess: usePrivateNetworking ? 'Disabled' : 'Enabled'
    }
    authConfig: {
      // The app signs in with its managed identity; the password login stays for break-glass administration.
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Enabled'
      tenantId: subscription().tenantId
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// No rule lets in "all Azure services" (0.0.0.0): that would admit every tenant's Azure resources. Without private
// networking only the listed ranges get through; one at a time, because the server refuses concurrent changes.
@batchSize(1)
resource allowedRanges 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = [
  for (cidr, i) in (usePrivateNetworking ? [] : allowedCidrs): {
    parent: server
    name: 'allowed-range-${i}'
    properties: {
      startIpAddress: parseCidr(cidr).network
      endIpAddress: parseCidr(cidr).broadcast
    }
  }
]

output id string = server.id
output name string = server.name
output host string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
