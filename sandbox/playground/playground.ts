/**
 * Starts the Microsoft 365 Agents Playground (the devDependency's `agentsplayground` binary) against the
 * bot, offline: no browser launch, no telemetry, the sandbox's mock tenant. Stopped by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const PLAYGROUND_CONFIG = join(import.meta.dirname, '.m365agentsplayground.yml');
/** The mock tenant of the playground config: the bot only accepts activities from it. */
export const PLAYGROUND_TENANT_ID = '11111111-1111-1111-1111-111111111111';

export interface Playground {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Resolve when `port` on loopback is free; reject naming the port otherwise. */
export const ensurePortFree = (port: number, what: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(new Error(`port ${port} (${what}) is in use: stop whatever listens there first`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });

const waitForPing = async (url: string, child: ChildProcess, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`agentsplayground exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/_debug/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`agentsplayground did not answer on ${url} within ${timeoutMs} ms`);
};

export const startPlayground = async (o: {
  readonly botUrl: string;
  readonly port: number;
}): Promise<Playground> => {
  await ensurePortFree(o.port, 'Agents Playground');
  const bin = join(import.meta.dirname, '../../node_modules/.bin/agentsplayground');
  const child = spawn(
    bin,
    [
      '--app-endpoint',
      `${o.botUrl}/api/messages`,
      '--port',
      String(o.port),
      '--channel-id',
      'msteams',
      '--disable-telemetry',
    ],
    {
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: PLAYGROUND_CONFIG,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.resume();
  child.stderr?.resume();
  const url = `http://127.0.0.1:${o.port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.pid === undefined) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        // Already gone (Ctrl-C in a terminal signals the whole process group): nothing to stop.
        resolve();
      }
    });
  try {
    await waitForPing(url, child, 20_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, pid: child.pid!, stop };
};
