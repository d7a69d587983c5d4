/** The type-ahead data sets of the link card's pickers (Data.Query), as choices the card shows. */
import type { AppContext } from '../app/context.ts';
import { searchAdUsers, searchCloudUsers } from '../app/pickers.ts';
import { adChoice, cloudChoice, type PickerChoice } from '../cards/link-card.ts';
import { DATASETS } from '../cards/verbs.ts';
import { SearchContext } from './card-data.ts';
import type { Turn } from './turn.ts';

export interface Search {
  readonly dataset: string;
  /** `data`: the card's other inputs, unchecked (the AD user chosen so far ranks the cloud users). */
  readonly run: (
    ctx: AppContext,
    turn: Turn,
    query: string,
    count: number,
    data: unknown,
  ) => Promise<PickerChoice[]>;
}

export const SEARCHES: readonly Search[] = [
  {
    dataset: DATASETS.adUsers,
    run: async (ctx, _turn, query, count) => (await searchAdUsers(ctx, query, count)).map(adChoice),
  },
  {
    dataset: DATASETS.cloudUsers,
    run: async (ctx, turn, query, count, data) => {
      const chosen = SearchContext.safeParse(data);
      const partner =
        (chosen.success ? chosen.data.adUser : undefined) ??
        (await ctx.sessions.get(turn.conversationId))?.adGuid ??
        null;
      return (await searchCloudUsers(ctx, query, count, partner)).map(cloudChoice);
    },
  },
];
