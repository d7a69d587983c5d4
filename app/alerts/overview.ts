/**
 * What is open: `alerts` in chat and `hardmatch alerts` on the command line. Reads only - the open
 * alerts through the state index (not the history) and the muted kinds.
 */
import type { AlertRecord, Mute } from '../../core/alerts/lifecycle.ts';
import type { AlertKind, AlertSettings } from '../../core/alerts/types.ts';
import type { AlertsRepository, Mutes } from '../repositories/alerts.ts';

export interface AlertsOverview {
  /** null: the watcher is off. */
  readonly settings: AlertSettings | null;
  readonly open: readonly { readonly record: AlertRecord; readonly mute: Mute | null }[];
  readonly mutes: readonly { readonly kind: AlertKind; readonly mute: Mute }[];
}

export const alertsOverview = async (
  alerts: AlertsRepository,
  settings: AlertSettings | null,
): Promise<AlertsOverview> => {
  const [open, mutes]: [AlertRecord[], Mutes] = await Promise.all([alerts.open(), alerts.mutes()]);
  return {
    settings,
    // Critical first, then the oldest.
    open: open
      .map((record) => ({ record, mute: mutes[record.kind] ?? null }))
      .sort((a, b) =>
        a.record.value.severity === b.record.value.severity
          ? 0
          : a.record.value.severity === 'critical'
            ? -1
            : 1,
      ),
    mutes: Object.entries(mutes).map(([kind, mute]) => ({ kind: kind as AlertKind, mute })),
  };
};
