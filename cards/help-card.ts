import template from './templates/help.json' with { type: 'json' };
import { renderTemplate, type AdaptiveCardJson } from './render.ts';

/** One line of the help card: how to type a command and what it does. */
export interface HelpLine {
  readonly usage: string;
  readonly description: string;
}

/**
 * The help card: the commands (from the command table), and `notice` saying why it is shown (unknown
 * command, bad arguments) or empty.
 */
export const renderHelpCard = (commands: readonly HelpLine[], notice = ''): AdaptiveCardJson =>
  renderTemplate(template, {
    intro:
      'I repair the link between on-premises Active Directory users and Microsoft Entra ID users. Type a command:',
    notice,
    commands,
    footer: 'In a channel, @mention me first. Nothing is changed without a reviewed plan.',
  });
