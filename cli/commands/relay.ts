import { invalidInput } from '../../core/errors.ts';
import { runRelayAgent } from '../../relay/run-agent.ts';
import { standaloneSimulatorRunner } from '../../sandbox/entra-connect/standalone.ts';
import { EXIT, type Command } from '../command.ts';

export const relayCommand: Command = {
  name: 'relay',
  summary: 'Run the relay agent (on the Entra Connect server): hardmatch relay serve',
  usage: `Usage: hardmatch relay serve

Starts the relay agent in the foreground with its HM_RELAY_* configuration (docs/relay-agent.md):
an authenticated API that runs only the allow-listed Entra Connect operations. Stops on Ctrl+C.
Same as the 'hardmatch-relay' command.

  HM_RELAY_MODE=simulator   answer from the Entra Connect simulator (no server needed, for trying out)

Exit status: 0 started, 2 bad configuration (the bad keys are named).

Examples:
  HM_RELAY_KEY=... hardmatch relay serve
  HM_RELAY_MODE=simulator HM_RELAY_KEY=... hardmatch relay serve`,
  options: {},
  async run(args, ctx) {
    if (args.positionals.length !== 1 || args.positionals[0] !== 'serve')
      throw invalidInput("expected 'serve' (try 'hardmatch relay --help')");
    // The CLI is for trying out too: it offers the sandbox's simulator, which the agent cannot load itself.
    const agent = await runRelayAgent(ctx.env, { simulator: standaloneSimulatorRunner });
    ctx.out(`hardmatch relay agent listening on ${agent.url} (Ctrl+C to stop)`);
    return EXIT.ok;
  },
};
