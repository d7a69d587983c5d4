/**
 * Rendering: an Adaptive Card JSON template (pasteable into the Designer) plus data gives a card.
 * adaptivecards-templating is used here and nowhere else; templates are imported once as JSON modules.
 */
import { Template } from 'adaptivecards-templating';
import { plainTextCard } from './plain-text.ts';
import { DATASETS, VERBS } from './verbs.ts';

/** The one schema version every card uses: Teams supports it and Data.Query type-ahead needs it. */
export const CARD_VERSION = '1.5';

/** A rendered Adaptive Card, ready for CardFactory.adaptiveCard. */
export interface AdaptiveCardJson {
  readonly type: 'AdaptiveCard';
  readonly version: string;
  readonly [key: string]: unknown;
}

/**
 * Shown wherever a value is unknown or empty: a binding to a missing value would print `${...}`, and a
 * lone '-' would render as a markdown bullet.
 */
export const NONE = '(none)';

/** Bindings every template may use: `${verbs.x}` and `${datasets.x}` keep verbs in one place. */
const common = { verbs: VERBS, datasets: DATASETS };

/**
 * Expand a template with data. The data must define every bound value (use NONE, not undefined). Every
 * text of the result is shown as text, not markdown (plain-text.ts): it may carry what someone typed.
 */
export const renderTemplate = (template: object, data: object): AdaptiveCardJson => {
  const card = new Template(template).expand({ $root: { ...common, ...data } }) as AdaptiveCardJson;
  if (card.type !== 'AdaptiveCard') throw new Error('template did not produce an AdaptiveCard');
  return plainTextCard(card);
};

/** A value for a card: the text, or NONE when null/blank. */
export const show = (value: string | null | undefined): string =>
  value === null || value === undefined || value.trim() === '' ? NONE : value;

/**
 * Long lists are cut to `limit` and say how many were left out ("and 37 more"), never silently.
 */
export const summarise = <T>(
  items: readonly T[],
  limit: number,
): { readonly shown: readonly T[]; readonly more: number; readonly moreText: string } => {
  const shown = items.slice(0, limit);
  const more = items.length - shown.length;
  return { shown, more, moreText: more > 0 ? `and ${more} more` : '' };
};
