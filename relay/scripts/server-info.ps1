# The Entra Connect version (Get-ADSyncGlobalSettings, reference/entra-connect.md) and this server's clock.
. "$PSScriptRoot\common.ps1"
Invoke-HmOperation {
  $version = $null
  $parameter = (Get-ADSyncGlobalSettings).Parameters | Where-Object { $_.Name -eq 'Microsoft.Synchronize.ServerConfigurationVersion' }
  if ($null -ne $parameter -and -not [string]::IsNullOrWhiteSpace("$($parameter.Value)")) { $version = "$($parameter.Value)" }
  Write-HmResult @{ connectVersion = $version; serverTimeUtc = [DateTime]::UtcNow.ToString('o') }
}
