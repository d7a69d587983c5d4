/** What every dialog needs: the ports, the matching settings and a logger. Wired by bot/compose.ts. */
import type { GatherSettings } from '../core/gather.ts';
import type { Clock, CloudDirectory, OnPremDirectory, SyncRelay } from '../core/ports.ts';
import type { Logger } from '../config/logger.ts';

export interface DialogDeps {
  readonly onPrem: OnPremDirectory;
  readonly cloud: CloudDirectory;
  /** null when no relay agent is configured. */
  readonly relay: SyncRelay | null;
  readonly clock: Clock;
  readonly settings: GatherSettings;
  readonly log: Logger;
  /** New session ids (random in production, predictable in tests). */
  readonly newId: () => string;
}

/** Who asked, for the relay's audit and the logs: the turn's correlation id. */
export interface TurnInfo {
  readonly correlationId: string;
}
