/**
 * The kinds of value a setting can have, shared by the bot's and the CLI's schema (config.ts) and the
 * relay agent's (relay/config.ts), so every key of every entry point is read by the same strict rules:
 * - numbers are decimal digits and nothing else: `0x10`, `" "`, `1e-9`, `+5` and `10abc` are refused
 *   (zod's coerce read `" "` as 0, which turned the `sync now` rate limit off);
 * - URLs have an allowed scheme, carry no user:password (it would end up in logs), and are https unless
 *   they point at loopback;
 * - DNs parse as RFC 4514, ids are GUIDs, files exist and can be read before anything starts.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseDn } from '../connectors/ldap/dn.ts';

export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A whole number in [min, max], written in plain decimal digits. */
export const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `must be a whole number from ${min} to ${max} (decimal digits only)`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** A decimal number in [min, max] (`1.5`, not `1e-9` or `.5`). */
export const decimal = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}(?:\.\d{1,6})?$/, `must be a number from ${min} to ${max}, like 24 or 0.5`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const logLevel = z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` });

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const guid = z.string().regex(GUID, 'must be a GUID, like 00000000-0000-0000-0000-000000000000');

const HOST_NAME =
  /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** An Entra tenant: its id, or one of its domain names (contoso.onmicrosoft.com). */
export const tenant = z.string().refine((v) => GUID.test(v) || (HOST_NAME.test(v) && v.includes('.')), {
  message: 'must be the tenant id (a GUID) or a domain name of the tenant',
});

/** An address or host name to listen on; `[::1]` is read as `::1`. */
export const listenHost = z
  .string()
  .transform((v) => v.replace(/^\[(.*)\]$/, '$1'))
  .refine((v) => isIP(v) !== 0 || HOST_NAME.test(v), {
    message: 'must be an IP address (127.0.0.1, ::1, 0.0.0.0) or a host name',
  });

/** 127.0.0.0/8, ::1 and localhost. */
export const isLoopbackHostname = (host: string): boolean => {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
};

export interface UrlRules {
  /** Schemes allowed anywhere, e.g. ['https:']. */
  readonly secure: readonly string[];
  /** Schemes allowed only for loopback hosts (the sandbox's simulators), e.g. ['http:']. */
  readonly loopbackOnly?: readonly string[];
  /** Whether a path is allowed after the host (RELAY_URL names a hybrid connection). */
  readonly path?: boolean;
}

/** Why `value` is not a URL these rules accept, or null. The message never repeats the URL. */
export const urlProblem = (value: string, rules: UrlRules): string | null => {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return 'must be a URL, like https://host';
  }
  const all = [...rules.secure, ...(rules.loopbackOnly ?? [])];
  if (!all.includes(u.protocol)) return `must start with ${all.map((s) => `${s}//`).join(' or ')}`;
  if (u.username !== '' || u.password !== '')
    return 'must not contain a user name or password (user:pass@): credentials have their own settings';
  if (u.hostname === '') return 'must name a host';
  if (!rules.secure.includes(u.protocol) && !isLoopbackHostname(u.hostname))
    return `${rules.secure.map((s) => `${s}//`).join(' or ')} is required for a host that is not loopback`;
  if (u.search !== '' || u.hash !== '') return 'must not have a query or fragment';
  if (rules.path !== true && u.pathname !== '/' && u.pathname !== '') return 'must not have a path';
  return null;
};

export const url = (rules: UrlRules) =>
  z.string().superRefine((v, ctx) => {
    const problem = urlProblem(v, rules);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A distinguished name (RFC 4514), e.g. OU=Parking,DC=corp,DC=example. */
export const dn = z.string().refine(
  (v) => {
    try {
      return parseDn(v).length > 0;
    } catch {
      return false;
    }
  },
  { message: 'must be a distinguished name, like OU=Parking,DC=corp,DC=example' },
);

/** A file that exists and this process can read (a certificate, a CA, a key). */
export const readableFile = z.string().superRefine((v, ctx) => {
  try {
    if (!statSync(v).isFile()) return ctx.addIssue({ code: 'custom', message: `${v} is not a file` });
    accessSync(v, constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    ctx.addIssue({
      code: 'custom',
      message: code === 'ENOENT' ? `${v} does not exist` : `${v} cannot be read (${code ?? 'error'})`,
    });
  }
});

/**
 * A file this process can create or append to: an existing file must be writable; otherwise its
 * nearest existing folder must be (the missing folders are created at start).
 */
export const writableFile = z.string().superRefine((v, ctx) => {
  const path = resolve(v);
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st !== undefined) {
      if (!st.isFile()) return ctx.addIssue({ code: 'custom', message: `${v} is not a file (a folder?)` });
      return accessSync(path, constants.W_OK);
    }
    let dir = dirname(path);
    while (statSync(dir, { throwIfNoEntry: false }) === undefined && dirname(dir) !== dir) dir = dirname(dir);
    if (!statSync(dir).isDirectory())
      return ctx.addIssue({ code: 'custom', message: `${dir} is not a folder` });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    ctx.addIssue({
      code: 'custom',
      message: `${v} cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    });
  }
});

/** zod issues as `KEY: what is wrong`, one per bad key. */
export const problemsOf = (issues: readonly z.core.$ZodIssue[]): string[] =>
  issues.map((i) => `${i.path.join('.')}: ${i.message}`);

/** A Teams conversation id (a channel's is `19:...@thread.tacv2`; a group chat's `19:...@thread.v2`). */
export const conversationId = z
  .string()
  .regex(/^[^\s]{3,512}$/, 'a Teams conversation id, like 19:...@thread.tacv2');

/** AD's simple bind takes a DN, a UPN (svc@corp.example) or a down-level name (CORP\svc). */
export const bindName = z
  .string()
  .refine((v) => dn.safeParse(v).success || /^[^\s@\\]+@[^\s@]+$/.test(v) || /^[^\s\\]+\\[^\s\\]+$/.test(v), {
    message: 'must be a DN (CN=svc,OU=...), a UPN (svc@corp.example) or DOMAIN\\name',
  });
