# Restart-Service ADSync: the usual fix for "Password Hash Synchronization heartbeat was skipped".
# Refused while a cycle runs, since the restart would abort it.
. "$PSScriptRoot\common.ps1"
Invoke-HmOperation {
  $s = Get-ADSyncScheduler
  if ($s.SyncCycleInProgress) { Write-HmError 'busy' 'A sync cycle is in progress; restart the service when it ends.' }
  Restart-Service -Name 'ADSync'
  Write-HmResult @{ restarted = $true }
}
