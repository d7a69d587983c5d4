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

export const createLogger = (options: { level?: string; name?: string } = {}): Logger =>
  pino({
    name: options.name ?? 'hardmatch',
    level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
    redact: { paths: redactPaths, censor: '[redacted]' },
  });

export type { Logger };
