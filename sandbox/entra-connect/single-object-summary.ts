/**
 * Invoke-ADSyncSingleObjectSync's JSON for one object, shaped like provisioningObjectSummary - which is
 * how Microsoft describes the cmdlet's output (EDD how-to-connect-single-object-sync.md): the scoping,
 * import, synchronization and export steps with their status and what each found.
 */
import type { ExportError, OnPremUser } from '../../core/models.ts';

export interface SingleObjectRun {
  readonly user: OnPremUser;
  readonly inScope: boolean;
  /** The sync engine's outcome for the object ('out-of-scope' when it was not synced). */
  readonly outcome: string;
  readonly error: ExportError | undefined;
  readonly staging: boolean;
}

export const singleObjectSummary = ({ user, inScope, outcome, error, staging }: SingleObjectRun) => {
  const status = (ok: boolean) => (ok ? 'Success' : 'Skipped');
  return {
    sourceIdentity: { id: user.objectGuid, distinguishedName: user.dn },
    provisioningStatusInfo: { status: error === undefined ? (inScope ? 'Success' : 'Skipped') : 'Failure' },
    provisioningSteps: [
      {
        name: 'Scoping - organizational unit',
        provisioningStepType: 'scoping',
        status: status(inScope),
        description: inScope
          ? 'The object is in the sync scope.'
          : "The object's organizational unit is not in the sync scope.",
      },
      {
        name: 'Import from Active Directory',
        provisioningStepType: 'import',
        status: status(inScope),
        description: null,
      },
      {
        name: 'Synchronization',
        provisioningStepType: 'matchingRules',
        status: status(inScope),
        description: inScope ? `Outcome: ${outcome}` : null,
      },
      {
        name: 'Export to Microsoft Entra ID',
        provisioningStepType: 'export',
        status: error !== undefined ? 'Failure' : staging ? 'Skipped' : status(inScope),
        description:
          error !== undefined
            ? `${error.errorType}: ${error.message}`
            : staging
              ? 'Staging mode: nothing exported.'
              : null,
      },
    ],
  };
};
