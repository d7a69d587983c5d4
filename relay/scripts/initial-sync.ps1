# Start-ADSyncSyncCycle -PolicyType Initial: only with confirm=true, never while a cycle runs.
. "$PSScriptRoot\common.ps1"
$p = Read-HmParams
Invoke-HmOperation {
  if ($p.confirm -ne $true) { Write-HmError 'refused' 'An initial sync needs an explicit confirmation.' }
  $s = Get-ADSyncScheduler
  if ($s.SyncCycleInProgress) { Write-HmError 'busy' 'A sync cycle is in progress; try the initial sync when it ends.' }
  $r = Start-ADSyncSyncCycle -PolicyType Initial
  if ("$($r.Result)" -ne 'Success') { Write-HmError 'failed' "Start-ADSyncSyncCycle returned $($r.Result)" }
  Write-HmResult @{ started = $true }
}
