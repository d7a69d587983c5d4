# How Entra Connect signs in to Entra ID, read-only (Learn: entra/identity/hybrid/connect/authenticate-application-id):
# Get-ADSyncEntraConnectorCredential returns ConnectorIdentityType (Application | ServiceAccount) and, for an
# application, a user name {AppID}@tenant.onmicrosoft.com. Its other property names are UNCONFIRMED, so each is
# found defensively and a value not found is null. A bring-your-own certificate sits in LocalMachine\My, where
# its NotAfter can be read; a certificate managed by Entra Connect sits in the ADSync account's CURRENT_USER
# store, which this agent cannot read - for it, Entra Connect's own events are the signal: 1011 (70 % of the
# lifetime used) and 1012 (expired) in the Application log, emitted at each scheduler run.
. "$PSScriptRoot\common.ps1"
Invoke-HmOperation {
  $identity = $null; $appId = $null; $notAfter = $null; $thumb = $null; $sha = $null
  $c = Get-ADSyncEntraConnectorCredential
  if ($null -ne $c) {
    $t = "$($c.ConnectorIdentityType)"
    if ($t -eq 'Application' -or $t -eq 'ServiceAccount') { $identity = $t }
    foreach ($prop in $c.PSObject.Properties) {
      $v = "$($prop.Value)"
      if ($null -eq $appId -and $v -match '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})@') { $appId = $Matches[1].ToLowerInvariant() }
      if ($null -eq $thumb -and $prop.Name -match 'Thumbprint' -and $v -match '^[0-9a-fA-F]{40}$') { $thumb = $v.ToUpperInvariant() }
      if ($null -eq $sha -and $prop.Name -match 'SHA256' -and $v -match '^[0-9a-fA-F]{64}$') { $sha = $v.ToUpperInvariant() }
    }
  }
  if ($identity -eq 'Application' -and ($null -ne $thumb -or $null -ne $sha)) {
    $hasher = [System.Security.Cryptography.SHA256]::Create()
    foreach ($cert in @(Get-ChildItem Cert:\LocalMachine\My -ErrorAction SilentlyContinue)) {
      $certSha = ($hasher.ComputeHash($cert.GetRawCertData()) | ForEach-Object ToString X2) -join ''
      if ($cert.Thumbprint -eq $thumb -or $certSha -eq $sha) { $notAfter = $cert.NotAfter.ToUniversalTime().ToString('o'); break }
    }
  }
  $eventLogRead = $true; $event = $null
  try {
    $found = @(Get-WinEvent -FilterHashtable @{ LogName = 'Application'; Id = 1011, 1012; StartTime = (Get-Date).AddDays(-1) } -MaxEvents 20 -ErrorAction Stop |
      Where-Object { $_.ProviderName -match 'Directory Synchronization|ADSync|Entra Connect' } | Select-Object -First 1)
    if ($found.Count -gt 0) { $event = @{ id = [int]$found[0].Id; timeUtc = $found[0].TimeCreated.ToUniversalTime().ToString('o') } }
  } catch {
    # "No events were found" is the normal answer; anything else means the log could not be read.
    if ($_.FullyQualifiedErrorId -notmatch 'NoMatchingEventsFound') { $eventLogRead = $false }
  }
  Write-HmResult @{ identityType = $identity; applicationId = $appId; certificateNotAfter = $notAfter; eventLogRead = $eventLogRead; lastCertificateEvent = $event }
}
