import template from './templates/help.json' with { type: 'json' };
import { renderTemplate, type AdaptiveCardJson } from './render.ts';

/**
 * The commands the bot understands, shown on the help card. Placeholders use ‹ › because card markdown
 * drops anything that looks like an HTML tag (`<user>`).
 */
export const COMMANDS: readonly { readonly usage: string; readonly description: string }[] = [
  {
    usage: 'link',
    description: 'Pick an AD user and a cloud user, see every check and the plan. Alias: match.',
  },
  {
    usage: 'link ‹ad user› ‹cloud user›',
    description: 'The same, skipping the pickers (sAMAccountName, UPN, GUID or DN; UPN or object id).',
  },
  {
    usage: 'status ‹user›',
    description: 'Cloud-only or synced, ImmutableID and the AD user it points to, errors, last sync.',
  },
  { usage: 'errors', description: "The tenant's users with sync errors, grouped, each with a Fix button." },
  { usage: 'sync status', description: 'Entra Connect scheduler and the last run results.' },
  { usage: 'sync now', description: 'Start a delta sync now (requesters; at most every few minutes).' },
  { usage: 'audit', description: 'The most recent audit entries: requests, approvals, every write.' },
  {
    usage: 'convert ‹value›',
    description: 'A GUID, ImmutableID, hex bytes or connector-space name in every form.',
  },
  { usage: 'help', description: 'This card.' },
];

/** The help card; `notice` explains why it is shown (unknown command, bad arguments) or is empty. */
export const renderHelpCard = (notice = ''): AdaptiveCardJson =>
  renderTemplate(template, {
    intro:
      'I repair the link between on-premises Active Directory users and Microsoft Entra ID users. Type a command:',
    notice,
    commands: COMMANDS,
    footer: 'In a channel, @mention me first. Nothing is changed without a reviewed plan.',
  });
