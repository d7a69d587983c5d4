/**
 * How the bot authenticates Bot Framework requests. Production: JWT validation for one app id in one
 * tenant. The sandbox: an unauthenticated local mode (the Agents Playground sends no token), which must be
 * impossible to enable by accident: explicit HM_LOCAL_MODE=true, a loopback BOT_HOST, and no app id.
 */
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { DomainError } from '../core/errors.ts';
import type { Env } from '../config/config.ts';

export type BotAuth =
  | { readonly mode: 'local'; readonly host: string; readonly tenantId: string | null }
  | {
      readonly mode: 'authenticated';
      readonly host: string;
      readonly appId: string;
      readonly tenantId: string;
      readonly options: ConfigurationBotFrameworkAuthenticationOptions;
    };

/** 127.0.0.0/8, ::1 and localhost: the only addresses local mode may listen on. */
export const isLoopbackHost = (host: string): boolean => {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
};

const refuse = (problem: string): DomainError =>
  new DomainError('CONFIG.INVALID', `Configuration is invalid: ${problem}`, {
    details: { problems: [problem] },
  });

type BotEnv = Pick<
  Env,
  | 'BOT_HOST'
  | 'HM_LOCAL_MODE'
  | 'MICROSOFT_APP_ID'
  | 'MICROSOFT_APP_PASSWORD'
  | 'MICROSOFT_APP_TENANT_ID'
  | 'MICROSOFT_APP_TYPE'
>;

/** Decide the mode from the environment, refusing every unsafe or incomplete combination with a reason. */
export const resolveBotAuth = (env: BotEnv): BotAuth => {
  if (env.HM_LOCAL_MODE) {
    if (env.MICROSOFT_APP_ID !== undefined)
      throw refuse(
        'HM_LOCAL_MODE=true cannot be combined with MICROSOFT_APP_ID: local mode turns authentication off. Unset one of them.',
      );
    if (!isLoopbackHost(env.BOT_HOST))
      throw refuse(
        `HM_LOCAL_MODE=true only listens on loopback (127.0.0.1, ::1, localhost), but BOT_HOST is ${env.BOT_HOST}. Local mode has no authentication.`,
      );
    return { mode: 'local', host: env.BOT_HOST, tenantId: env.MICROSOFT_APP_TENANT_ID ?? null };
  }
  if (env.MICROSOFT_APP_ID === undefined)
    throw refuse(
      'MICROSOFT_APP_ID: required (the Azure Bot app id); for the sandbox without Teams set HM_LOCAL_MODE=true instead.',
    );
  if (env.MICROSOFT_APP_TENANT_ID === undefined)
    throw refuse('MICROSOFT_APP_TENANT_ID: required; the bot is single-tenant and refuses other tenants.');
  if (env.MICROSOFT_APP_TYPE === 'SingleTenant' && env.MICROSOFT_APP_PASSWORD === undefined)
    throw refuse(
      'MICROSOFT_APP_PASSWORD: required for a SingleTenant app (or use MICROSOFT_APP_TYPE=UserAssignedMSI).',
    );
  return {
    mode: 'authenticated',
    host: env.BOT_HOST,
    appId: env.MICROSOFT_APP_ID,
    tenantId: env.MICROSOFT_APP_TENANT_ID,
    options: {
      MicrosoftAppId: env.MICROSOFT_APP_ID,
      MicrosoftAppPassword: env.MICROSOFT_APP_PASSWORD,
      MicrosoftAppTenantId: env.MICROSOFT_APP_TENANT_ID,
      MicrosoftAppType: env.MICROSOFT_APP_TYPE,
    },
  };
};
