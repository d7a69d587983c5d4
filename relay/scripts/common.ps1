# Shared helpers, dot-sourced by every operation script. Fixed text: nothing a caller sends is ever
# part of a script. Parameters arrive as ONE JSON document on stdin and are read as data.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

function Read-HmParams {
  $text = [Console]::In.ReadToEnd()
  if ([string]::IsNullOrWhiteSpace($text)) { return [pscustomobject]@{} }
  return ($text | ConvertFrom-Json)
}

# One JSON line on stdout is the whole answer; the agent reads the last line.
function Write-HmResult($Value) {
  [Console]::Out.WriteLine((ConvertTo-Json -InputObject @{ ok = $true; result = $Value } -Depth 10 -Compress))
}

# kind: busy | staging | refused | failed (mapped to RELAY.* codes by the agent).
function Write-HmError([string]$Kind, [string]$Message, [string]$Type = '') {
  [Console]::Out.WriteLine((ConvertTo-Json -InputObject @{ ok = $false; error = @{ kind = $Kind; message = $Message; type = $Type } } -Compress))
  exit 3
}

function ConvertTo-HmDate($Value) {
  if ($null -eq $Value) { return $null }
  return ([datetime]$Value).ToUniversalTime().ToString('o')
}

function ConvertTo-HmScheduler($s) {
  $policy = $null
  if ($null -ne $s.NextSyncCyclePolicyType -and "$($s.NextSyncCyclePolicyType)" -ne 'Unspecified') { $policy = "$($s.NextSyncCyclePolicyType)" }
  $interval = $null
  if ($null -ne $s.CurrentlyEffectiveSyncCycleInterval) { $interval = [int]([timespan]$s.CurrentlyEffectiveSyncCycleInterval).TotalMinutes }
  return @{
    syncCycleEnabled = [bool]$s.SyncCycleEnabled
    syncCycleInProgress = [bool]$s.SyncCycleInProgress
    stagingModeEnabled = [bool]$s.StagingModeEnabled
    schedulerSuspended = [bool]$s.SchedulerSuspended
    maintenanceEnabled = [bool]$s.MaintenanceEnabled
    nextSyncCyclePolicyType = $policy
    nextSyncCycleStartTimeInUtc = (ConvertTo-HmDate $s.NextSyncCycleStartTimeInUTC)
    currentlyEffectiveSyncCycleIntervalMinutes = $interval
  }
}

# Runs an operation body; an uncaught cmdlet error becomes a 'busy' or 'failed' answer, never a crash.
function Invoke-HmOperation([scriptblock]$Body) {
  try {
    Import-Module ADSync
    & $Body
  } catch {
    $ex = $_.Exception
    if ($ex.Message -match 'is busy') { Write-HmError 'busy' $ex.Message $ex.GetType().FullName }
    Write-HmError 'failed' $ex.Message $ex.GetType().FullName
  }
}
