/**
 * The ImmutableID is held by a soft-deleted user (guide 002): left in the recycle bin, the sync would
 * restore it instead of linking the chosen user. Delete it permanently (irreversible), then hard match.
 */
import type { Playbook } from './types.ts';
import { linkDraft, needsLink } from './hard-match.ts';
import { LINKING } from './match-common.ts';
import { hardDelete } from './steps.ts';

export const deletedHolder: Playbook = {
  ...LINKING,
  name: 'deleted-holder',
  title: 'Remove the deleted user holding the ImmutableID, then hard match',
  appliesTo: (facts) => needsLink(facts) && facts.cloud.holders.deleted.length > 0,
  build: ({ facts }) => {
    const link = linkDraft(facts, facts.cloud.holders.deleted.map(hardDelete));
    if (link.steps.length === 0) return link;
    return {
      ...link,
      summary: `A deleted user holds the ImmutableID: delete it permanently, then: ${link.summary}`,
    };
  },
};
