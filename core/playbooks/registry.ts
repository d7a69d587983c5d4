/**
 * The playbooks, in the order the automatic choice tries them: the first whose `appliesTo` holds for the
 * facts is taken (none holds: the users are already linked, nothing to do). Playbooks without
 * `appliesTo` (clearing the ImmutableID, the two undos) are never chosen automatically.
 *
 * To add a playbook: write one module in this folder exporting a `Playbook` (name, title, label,
 * appliesTo if it is chosen automatically, build, checks, outcome, undoable, undo - shared step
 * builders are in steps.ts), add its tests in test/unit/core/, and add it to this list at the place
 * its precedence calls for. Nothing else names it: cards, dialogs and the job runner ask index.ts.
 */
import { clearImmutableId } from './clear-immutable-id.ts';
import { createAdAccount } from './create-ad-account.ts';
import { deletedHolder } from './deleted-holder.ts';
import { hardMatch } from './hard-match.ts';
import { syncedDuplicate } from './synced-duplicate.ts';
import type { Playbook, PlaybookName } from './types.ts';
import { undoChanges } from './undo-changes.ts';
import { unlink } from './unlink.ts';

export const PLAYBOOKS: readonly Playbook[] = [
  createAdAccount,
  syncedDuplicate,
  deletedHolder,
  hardMatch,
  clearImmutableId,
  undoChanges,
  unlink,
];

/** The playbook named `name`; null for an unknown name (or null). */
export const findPlaybook = (name: PlaybookName | null): Playbook | null =>
  PLAYBOOKS.find((p) => p.name === name) ?? null;
