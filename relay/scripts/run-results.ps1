# Get-ADSyncRunProfileResult -NumberRequested n -RunStepDetails -> RunProfileResult[] with export errors.
. "$PSScriptRoot\common.ps1"
$p = Read-HmParams
function Get-HmCount($Object, [string[]]$Names) {
  foreach ($n in $Names) { if ($null -ne $Object -and $null -ne $Object.$n) { return [int]$Object.$n } }
  return 0
}
Invoke-HmOperation {
  $results = @(Get-ADSyncRunProfileResult -NumberRequested ([int]$p.count) -RunStepDetails)
  $out = @()
  foreach ($r in $results) {
    $steps = @(); $errors = @()
    foreach ($st in @($r.RunStepResults)) {
      $steps += @{
        stepNumber = [int]$st.StepNumber
        stepResult = "$($st.StepResult)"
        exportFailures = (Get-HmCount $st.ExportCounters @('ExportFailure', 'Failed'))
        importErrors = (Get-HmCount $st @('ConnectorDiscoveryErrorCount', 'ImportErrors'))
      }
      foreach ($e in @($st.ExportErrors)) {
        if ($null -eq $e) { continue }
        $errors += @{ distinguishedName = "$($e.DistinguishedName)"; errorType = "$($e.ErrorType)"; message = "$($e.ErrorMessage)" }
      }
    }
    $out += @{
      connectorName = "$($r.ConnectorName)"; runProfileName = "$($r.RunProfileName)"; result = "$($r.Result)"
      startDate = (ConvertTo-HmDate $r.StartDate); endDate = (ConvertTo-HmDate $r.EndDate)
      steps = $steps; exportErrors = $errors
    }
  }
  Write-HmResult $out
}
