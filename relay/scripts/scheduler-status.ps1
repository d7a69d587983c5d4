# Get-ADSyncScheduler -> SchedulerStatus
. "$PSScriptRoot\common.ps1"
Invoke-HmOperation { Write-HmResult (ConvertTo-HmScheduler (Get-ADSyncScheduler)) }
