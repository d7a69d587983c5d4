import template from './templates/link.json' with { type: 'json' };
import type { CloudUser, OnPremUser } from '../core/models.ts';
import { nameOfCloud, nameOfOnPrem } from './format.ts';
import { renderTemplate, type AdaptiveCardJson } from './render.ts';

/** One type-ahead choice: what the person reads and the id the card sends back. */
export interface PickerChoice {
  readonly title: string;
  readonly value: string;
}

/** AD users are picked by objectGUID: stable across renames and moves, unlike a DN. */
export const adChoice = (u: OnPremUser): PickerChoice => ({
  title: `${nameOfOnPrem(u)} (${[u.samAccountName, u.userPrincipalName].filter((x) => x !== null).join(', ')})`,
  value: u.objectGuid,
});

const cloudTag = (u: CloudUser): string =>
  u.onPremisesSyncEnabled === true
    ? 'synced'
    : u.onPremisesImmutableId !== null
      ? 'has ImmutableID'
      : 'cloud-only';

/** Cloud users are picked by object id. */
export const cloudChoice = (u: CloudUser): PickerChoice => ({
  title: `${nameOfCloud(u)} (${u.userPrincipalName}) - ${cloudTag(u)}`,
  value: u.id,
});

export interface LinkCardView {
  readonly sessionId: string;
  readonly ad: PickerChoice | null;
  readonly cloud: PickerChoice | null;
  /**
   * Static choices shown before anything is typed: the chosen user and suggestions. Clients without
   * Data.Query type-ahead (the Agents Playground) filter these as the person types.
   */
  readonly adSuggestions: readonly PickerChoice[];
  readonly cloudSuggestions: readonly PickerChoice[];
  /** Why the card is shown again (a user not found, a choice missing); empty for none. */
  readonly message: string;
}

const EMPTY: PickerChoice = { title: '', value: '' };

/**
 * What is pre-selected, in words: some clients (the Agents Playground) show a pre-set ChoiceSet value as
 * its raw id rather than the choice's title.
 */
const preselected = (v: LinkCardView): string =>
  v.ad === null && v.cloud === null
    ? ''
    : `Pre-selected: ${v.ad === null ? 'no AD user' : v.ad.title} → ${v.cloud === null ? 'no cloud user' : v.cloud.title}`;

// The chosen user first, then suggestions, without duplicates.
const choicesOf = (chosen: PickerChoice | null, suggestions: readonly PickerChoice[]): PickerChoice[] => {
  const all = chosen === null ? suggestions : [chosen, ...suggestions];
  return all.filter((c, i) => all.findIndex((d) => d.value === c.value) === i);
};

/** The two type-ahead pickers, pre-filled with whatever is already known. */
export const renderLinkCard = (v: LinkCardView): AdaptiveCardJson =>
  renderTemplate(template, {
    sessionId: v.sessionId,
    ad: v.ad ?? EMPTY,
    cloud: v.cloud ?? EMPTY,
    preselected: preselected(v),
    adChoices: choicesOf(v.ad, v.adSuggestions),
    cloudChoices: choicesOf(v.cloud, v.cloudSuggestions),
    message: v.message,
  });
