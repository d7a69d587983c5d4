/**
 * The real runner: one `powershell.exe` per operation with a FIXED script file from relay/scripts/.
 * Parameters travel only as a JSON document on the child's stdin, which the script reads as data
 * (`[Console]::In.ReadToEnd() | ConvertFrom-Json`) and binds to cmdlet parameters - caller text never
 * becomes part of a command line or of script text, so there is nothing to inject into.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';
import { DomainError } from '../core/errors.ts';
import {
  operationResultSchemas,
  type OperationName,
  type OperationParams,
  type OperationResult,
} from './operations.ts';
import type { RunContext, ScriptRunner } from './script-runner.ts';
import { singleObjectResultFrom } from './single-object.ts';

export const SCRIPTS_DIR = join(import.meta.dirname, 'scripts');

export interface PowerShellInvocation {
  readonly command: string;
  readonly args: readonly string[];
  /** The only channel that carries caller-supplied values. */
  readonly stdin: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface PowerShellRunnerOptions {
  readonly powershellPath: string;
  readonly timeoutMs: number;
  readonly scriptsDir?: string;
  /** The parent environment; the agent's own secrets are removed before the child sees it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Builds the command line for one operation. Exported so a test can prove no caller text is in it. */
export const buildInvocation = <N extends OperationName>(
  operation: N,
  params: OperationParams<N>,
  options: PowerShellRunnerOptions,
): PowerShellInvocation => {
  const env = Object.fromEntries(
    Object.entries(options.env ?? process.env).filter(
      (e): e is [string, string] =>
        e[1] !== undefined && !e[0].startsWith('HM_RELAY_') && !e[0].startsWith('RELAY_'),
    ),
  );
  return {
    command: options.powershellPath,
    args: [
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-File',
      join(options.scriptsDir ?? SCRIPTS_DIR, `${operation}.ps1`),
    ],
    stdin: JSON.stringify(params),
    env,
  };
};

const answerSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ kind: z.string(), message: z.string(), type: z.string().optional() }),
  }),
]);

const CODE_BY_KIND = {
  busy: 'RELAY.BUSY',
  staging: 'RELAY.STAGING_MODE',
  refused: 'RELAY.REFUSED',
} as const;

/** Turns the script's last stdout line into a result or the matching DomainError. */
export const interpretOutput = <N extends OperationName>(
  operation: N,
  params: OperationParams<N>,
  stdout: string,
  stderr: string,
  exitCode: number | null,
): OperationResult<N> => {
  const last = stdout.trim().split(/\r?\n/).pop() ?? '';
  let answer;
  try {
    answer = answerSchema.parse(JSON.parse(last));
  } catch {
    throw new DomainError('RELAY.FAILED', `${operation} produced no answer (exit ${exitCode ?? 'signal'})`, {
      details: { stderr: stderr.slice(0, 2000) },
    });
  }
  if (!answer.ok) {
    const code = CODE_BY_KIND[answer.error.kind as keyof typeof CODE_BY_KIND] ?? 'RELAY.FAILED';
    throw new DomainError(code, answer.error.message, { retryable: code === 'RELAY.BUSY' });
  }
  const value =
    operation === 'single-object-sync'
      ? singleObjectResultFrom(
          (params as OperationParams<'single-object-sync'>).distinguishedName,
          (answer.result as { raw?: unknown } | null)?.raw,
        )
      : answer.result;
  // PowerShell 5.1 turns a one-element array into an object; the schema check catches any such surprise.
  const normalised = operation === 'run-results' && !Array.isArray(value) && value !== null ? [value] : value;
  const parsed = operationResultSchemas[operation].safeParse(normalised ?? []);
  if (!parsed.success) throw new DomainError('RELAY.FAILED', `${operation} answered in an unexpected shape`);
  return parsed.data;
};

/** Runs the fixed scripts on the Entra Connect server. */
export class PowerShellRunner implements ScriptRunner {
  readonly #options: PowerShellRunnerOptions;

  constructor(options: PowerShellRunnerOptions) {
    this.#options = options;
  }

  run<N extends OperationName>(
    operation: N,
    params: OperationParams<N>,
    _context: RunContext,
  ): Promise<OperationResult<N>> {
    const inv = buildInvocation(operation, params, this.#options);
    return new Promise((resolve, reject) => {
      const child = spawn(inv.command, [...inv.args], {
        env: inv.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill();
      }, this.#options.timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-8000)));
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(
          new DomainError('RELAY.UNAVAILABLE', `cannot start PowerShell (${inv.command}): ${e.message}`),
        );
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (timedOut) {
          reject(
            new DomainError('RELAY.TIMEOUT', `${operation} did not finish in ${this.#options.timeoutMs} ms`),
          );
          return;
        }
        try {
          resolve(interpretOutput(operation, params, stdout, stderr, code));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(inv.stdin);
    });
  }
}
