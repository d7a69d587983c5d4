// The CLI's commands, in the order `hardmatch --help` lists them. A new command: one file, one line here.
import type { Command } from '../command.ts';
import { convertCommand } from './convert.ts';
import { auditCommand } from './audit.ts';
import { adUserCommand } from './ad-user.ts';
import { syncCommand } from './sync.ts';
import { relayCommand } from './relay.ts';

export const commands: readonly Command[] = [
  convertCommand,
  auditCommand,
  adUserCommand,
  syncCommand,
  relayCommand,
];
