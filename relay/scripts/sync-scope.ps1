# OU filtering of every AD connector (ContainerInclusionList / ContainerExclusionList) and the group filter.
. "$PSScriptRoot\common.ps1"
Invoke-HmOperation {
  $inc = @(); $exc = @(); $group = $null
  foreach ($c in @(Get-ADSyncConnector | Where-Object { $_.ConnectorTypeName -eq 'AD' })) {
    foreach ($part in @($c.Partitions)) {
      $inc += @($part.ConnectorPartitionScope.ContainerInclusionList)
      $exc += @($part.ConnectorPartitionScope.ContainerExclusionList)
    }
    $g = @($c.GlobalParameters | Where-Object { $_.Name -eq 'Connector.GroupFilteringGroupDn' })
    if ($g.Count -gt 0 -and -not [string]::IsNullOrEmpty($g[0].Value)) { $group = "$($g[0].Value)" }
  }
  Write-HmResult @{ inclusions = @($inc | Where-Object { $_ }); exclusions = @($exc | Where-Object { $_ }); groupFilteringGroupDn = $group }
}
