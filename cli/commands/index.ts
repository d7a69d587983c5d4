// The CLI's commands, in the order `hardmatch --help` lists them. A new command: one file, one line here.
import type { Command } from '../command.ts';
import { convertCommand } from './convert.ts';
import { auditCommand } from './audit.ts';
import { alertsCommand } from './alerts.ts';
import { adUserCommand } from './ad-user.ts';
import { planCommand } from './plan.ts';
import { syncCommand } from './sync.ts';
import { relayCommand } from './relay.ts';
import { cloudUserCommand } from './cloud-user.ts';
import { holdersCommand } from './holders.ts';
import { errorsCommand } from './errors.ts';
import { tenantCommand } from './tenant.ts';
import { doctorCommand } from './doctor.ts';

export const commands: readonly Command[] = [
  convertCommand,
  auditCommand,
  alertsCommand,
  adUserCommand,
  planCommand,
  syncCommand,
  relayCommand,
  cloudUserCommand,
  holdersCommand,
  errorsCommand,
  tenantCommand,
  doctorCommand,
];
