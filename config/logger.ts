/**
 * The one logger (pino). Secrets never reach it: known secret-bearing keys are redacted wherever they
 * appear, so a careless `log.info({ config })` still prints no password or key.
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

const redactPaths = REDACTED_KEYS.flatMap((k) => [
  k,
  `*.${k}`,
  `*.*.${k}`,
  `headers.${k}`,
  `req.headers.${k}`,
]);

/**
 * `destination`: a file to append JSON lines to instead of stdout (the relay agent's HM_RELAY_LOG_FILE,
 * since a Windows service has no console); its folder is created if missing.
 */
export const createLogger = (
  options: { level?: string; name?: string; destination?: string } = {},
): Logger => {
  const settings = {
    name: options.name ?? 'hardmatch',
    level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
    redact: { paths: redactPaths, censor: '[redacted]' },
  };
  return options.destination === undefined
    ? pino(settings)
    : pino(settings, pino.destination({ dest: options.destination, mkdir: true, sync: false }));
};

export type { Logger };
