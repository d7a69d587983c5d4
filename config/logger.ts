/**
 * The one logger (pino). Secrets never reach it: known secret-bearing keys are redacted wherever they
 * appear, so a careless `log.info({ config })` still prints no password or key; and a URL's user:password
 * is cut out of every message, field and error (configuration refuses such URLs, but a library's error
 * text may carry one).
 */
import { pino, type Logger } from 'pino';

export const REDACTED_KEYS = [
  'password',
  'bindPassword',
  'clientSecret',
  'appPassword',
  'key',
  'sharedKey',
  'token',
  'authorization',
  'accessToken',
  'connectionString',
  'unicodePwd',
];

/** `scheme://user:password@host` -> `scheme://[redacted]@host`. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

export const withoutUrlCredentials = (text: string): string => text.replace(URL_CREDENTIALS, '$1[redacted]@');

const scrub = (value: unknown, depth = 0): unknown => {
  if (typeof value === 'string') return value.includes('@') ? withoutUrlCredentials(value) : value;
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  // Errors, dates, buffers: left to pino's serializers (the err serializer scrubs its own output).
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
};

const redactPaths = REDACTED_KEYS.flatMap((k) => [
  k,
  `*.${k}`,
  `*.*.${k}`,
  `headers.${k}`,
  `req.headers.${k}`,
]);

/**
 * `destination`: a file to append JSON lines to instead of stdout (the relay agent's HM_RELAY_LOG_FILE,
 * since a Windows service has no console), by path (its folder is created if missing) or as an open
 * file descriptor.
 */
export const createLogger = (
  options: { level?: string; name?: string; destination?: string | number } = {},
): Logger => {
  const settings = {
    name: options.name ?? 'hardmatch',
    level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      err: (e: Error) => {
        const out = pino.stdSerializers.err(e);
        return { ...out, message: scrub(out.message), stack: scrub(out.stack) };
      },
    },
    formatters: { log: (object: Record<string, unknown>) => scrub(object) as Record<string, unknown> },
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => scrub(a)),
        );
      },
    },
  };
  return options.destination === undefined
    ? pino(settings)
    : pino(
        settings,
        pino.destination({
          dest: options.destination,
          ...(typeof options.destination === 'string' ? { mkdir: true } : {}),
          sync: false,
        }),
      );
};

export type { Logger };
