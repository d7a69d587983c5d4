/**
 * botframework-connector prints every refused token to the console (`console.error(err)`, and the
 * signing key's PEM for a bad signature): multi-line output outside the structured log, once per
 * unauthenticated request. What a library prints while the edge handles one request is caught here and
 * becomes one structured debug line of that request instead; the edge logs the refusal itself, once.
 * Scoped with AsyncLocalStorage, so output from anything else in the process reaches the console as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';

export type ConsoleSink = (level: 'error' | 'warn', text: string) => void;

const scope = new AsyncLocalStorage<ConsoleSink>();
let installed = false;

const install = (): void => {
  if (installed) return;
  installed = true;
  for (const level of ['error', 'warn'] as const) {
    // The one place the console is touched in bot/: to take library output off it.
    // eslint-disable-next-line no-console
    const original = console[level].bind(console);
    // eslint-disable-next-line no-console
    console[level] = (...args: unknown[]) => {
      const sink = scope.getStore();
      if (sink === undefined) original(...args);
      else sink(level, format(...args));
    };
  }
};

/** Runs `fn`; what libraries print to console.error / console.warn meanwhile goes to `sink`. */
export const withLibraryConsole = <T>(sink: ConsoleSink, fn: () => Promise<T>): Promise<T> => {
  install();
  return scope.run(sink, fn);
};

/** The first line of library output, without the stack: enough to recognise it in the log. */
export const firstLine = (text: string): string => (text.split('\n', 1)[0] ?? '').slice(0, 300);
