# Start-ADSyncSyncCycle -PolicyType Delta. A cycle already running is JOINED, not an error: the running
# cycle will pick up the caller's change (or the next scheduled one will), and the caller waits for idle.
. "$PSScriptRoot\common.ps1"
Invoke-HmOperation {
  $s = Get-ADSyncScheduler
  if ($s.StagingModeEnabled) { Write-HmError 'staging' 'The Entra Connect server is in staging mode: a sync exports nothing.' }
  if ($s.SyncCycleInProgress) { Write-HmResult @{ started = $false; joined = $true }; return }
  try {
    $r = Start-ADSyncSyncCycle -PolicyType Delta
  } catch {
    # Lost the race with the scheduler between the check and the start: join that cycle.
    if ($_.Exception.Message -match 'is busy') { Write-HmResult @{ started = $false; joined = $true }; return }
    throw
  }
  if ("$($r.Result)" -ne 'Success') { Write-HmError 'failed' "Start-ADSyncSyncCycle returned $($r.Result)" }
  Write-HmResult @{ started = $true; joined = $false }
}
