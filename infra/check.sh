#!/usr/bin/env bash
# Builds and lints the Bicep templates; any warning fails the check. The Bicep CLI comes from NuGet
# (Azure.Bicep.CommandLine.linux-x64) into .tools/, once.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.49.2
bicep=".tools/nuget/azure.bicep.commandline.linux-x64/$version/tools/bicep"

if [ ! -x "$bicep" ]; then
  restore=$(mktemp -d)
  cat >"$restore/bicep.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$version]" /></ItemGroup>
</Project>
PROJECT
  dotnet restore "$restore/bicep.csproj" --packages "$PWD/.tools/nuget" --verbosity quiet
  rm -rf "$restore"
  chmod +x "$bicep"
fi

template=$(mktemp)
trap 'rm -f "$template"' EXIT

# Bicep prints diagnostics on stderr and still exits 0 for warnings: any output at all is a failure here.
diagnostics=$({ "$bicep" build infra/main.bicep --stdout >"$template"; "$bicep" lint infra/main.bicep; } 2>&1) || {
  echo "$diagnostics"
  exit 1
}
if [ -n "$diagnostics" ]; then
  echo "$diagnostics"
  echo "Bicep reported warnings; they are errors here." >&2
  exit 1
fi
# A PostgreSQL firewall rule from 0.0.0.0 admits every Azure service of every tenant; the templates never write one.
if grep -q '"startIpAddress": "0.0.0.0"' "$template"; then
  echo "infra/main.bicep declares a 0.0.0.0 (\"all Azure services\") firewall rule." >&2
  exit 1
fi
echo "Bicep: infra/main.bicep builds and lints clean ($("$bicep" --version))"
