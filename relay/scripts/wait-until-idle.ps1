# Polls Get-ADSyncScheduler until SyncCycleInProgress is false or timeoutMs passes (bounded by the agent).
. "$PSScriptRoot\common.ps1"
$p = Read-HmParams
Invoke-HmOperation {
  $timeoutMs = [int]$p.timeoutMs
  $pollMs = [int]$p.pollMs
  $watch = [System.Diagnostics.Stopwatch]::StartNew()
  while ($true) {
    $s = Get-ADSyncScheduler
    if (-not $s.SyncCycleInProgress) { Write-HmResult @{ idle = $true; scheduler = (ConvertTo-HmScheduler $s) }; return }
    if ($watch.ElapsedMilliseconds + $pollMs -gt $timeoutMs) { Write-HmResult @{ idle = $false; scheduler = (ConvertTo-HmScheduler $s) }; return }
    Start-Sleep -Milliseconds $pollMs
  }
}
