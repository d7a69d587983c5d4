/** A parsed command to the dialog that answers it. */
import { renderHelpCard } from '../cards/help-card.ts';
import type { Command } from './commands.ts';
import type { DialogDeps, TurnInfo } from './deps.ts';
import { startLink, type Step } from './link.ts';
import { statusCard } from './status.ts';
import { convertCard, syncErrorsCard, syncStatusCard } from './sync.ts';

export const runCommand = async (deps: DialogDeps, turn: TurnInfo, command: Command): Promise<Step> => {
  switch (command.kind) {
    case 'help':
      return { card: renderHelpCard() };
    case 'unknown':
      return { card: renderHelpCard(command.reason) };
    case 'link':
      return startLink(deps, turn, command);
    case 'status':
      return { card: await statusCard(deps, turn, command.user) };
    case 'errors':
      return { card: await syncErrorsCard(deps) };
    case 'sync-status':
      return { card: await syncStatusCard(deps, turn) };
    case 'convert':
      return { card: convertCard(command.value) };
  }
};
