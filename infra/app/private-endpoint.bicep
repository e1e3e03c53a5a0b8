// A private endpoint that gives one service (the PostgreSQL server, the key vault) an address inside the virtual
// network, and registers that address in the service's private DNS zone so its usual name resolves to it.
param location string
param tags object
param name string
param subnetId string

@description('The resource reached through the endpoint.')
param serviceId string

@description('Which of the resource\'s services: postgresqlServer, vault.')
param groupId string

@description('The service\'s private DNS zone (network.bicep), in this resource group.')
param privateDnsZoneName string

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' existing = {
  name: privateDnsZoneName
}

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: { id: subnetId }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: serviceId
          groupIds: [groupId]
        }
      }
    ]
  }
}

resource dnsRecords 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: groupId
        properties: { privateDnsZoneId: zone.id }
      }
    ]
  }
}
