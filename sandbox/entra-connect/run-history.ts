/**
 * What Get-ADSyncRunProfileResult lists for one simulated cycle (reference/entra-connect.md): an import
 * and a synchronization on the AD connector, then the export to Entra ID with its export errors and the
 * `completed-export-errors` result when there are any. Newest first, as the cmdlet returns them.
 */
import type { RunProfileResult } from '../../core/models.ts';
import type { CycleReport } from './sync-engine.ts';

export interface CycleRun {
  readonly policy: string;
  readonly started: Date;
  readonly ended: Date;
  /** null: the cycle failed inside (the import shows `stopped-server`). */
  readonly report: CycleReport | null;
  readonly adConnectorName: string;
  readonly aadConnectorName: string;
}

export const cycleRunResults = (run: CycleRun): RunProfileResult[] => {
  const span = { startDate: run.started.toISOString(), endDate: run.ended.toISOString() };
  const errors = run.report?.exportErrors ?? [];
  const step = (exportFailures: number, stepResult = 'success') => [
    { stepNumber: 1, stepResult, exportFailures, importErrors: 0 },
  ];
  const entries: RunProfileResult[] = [
    {
      connectorName: run.adConnectorName,
      runProfileName: `${run.policy} Import`,
      result: run.report === null ? 'stopped-server' : 'success',
      ...span,
      steps: step(0),
      exportErrors: [],
    },
    {
      connectorName: run.adConnectorName,
      runProfileName: `${run.policy} Synchronization`,
      result: 'success',
      ...span,
      steps: step(0),
      exportErrors: [],
    },
    {
      connectorName: run.aadConnectorName,
      runProfileName: 'Export',
      result: errors.length > 0 ? 'completed-export-errors' : 'success',
      ...span,
      steps: step(errors.length, errors.length > 0 ? 'completed-export-errors' : 'success'),
      exportErrors: [...errors],
    },
  ];
  return entries.reverse();
};
