# Invoke-ADSyncSingleObjectSync for ONE DN. The DN is read from the stdin JSON and bound as a parameter
# value: it is never parsed as PowerShell.
. "$PSScriptRoot\common.ps1"
$p = Read-HmParams
Invoke-HmOperation {
  Import-Module "$env:ProgramFiles\Microsoft Azure AD Sync\Bin\ADSyncDiagnostics\ADSyncDiagnostics.psm1"
  $s = Get-ADSyncScheduler
  if ($s.SyncCycleInProgress) { Write-HmError 'busy' 'A sync cycle is in progress; single-object sync waits for it to end.' }
  $dn = [string]$p.distinguishedName
  $json = Invoke-ADSyncSingleObjectSync -DistinguishedName $dn -NoHtmlReport
  Write-HmResult @{ distinguishedName = $dn; raw = ($json | Out-String | ConvertFrom-Json) }
}
