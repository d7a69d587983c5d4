/**
 * Issue 12, findings 7 and 8: every key validated at start by one set of rules (config/fields.ts) -
 * types, ranges, URL schemes, https off loopback, no credentials in URLs, DNs, GUIDs, files that must
 * exist - with the bad key named, its secret never repeated, and good values still read as before.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/config.ts';
import { loadRelayAgentConfig } from '../../../relay/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'hm-config-'));
const readable = join(dir, 'cert.pem');
writeFileSync(readable, '-----BEGIN CERTIFICATE-----\n');
const KEY = 'k'.repeat(40);

/** The message of the CONFIG.INVALID error `f` throws (fails the test when it does not throw). */
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toMatchObject({ code: 'CONFIG.INVALID' });
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('expected CONFIG.INVALID');
};

// [key, bad value, what the message says]; each alone, on top of an otherwise valid environment.
const BOT_CASES: readonly (readonly [string, string, RegExp])[] = [
  ['GRAPH_BASE_URL', 'http://graph.microsoft.com', /https:\/\/ is required for a host that is not loopback/],
  ['GRAPH_BASE_URL', 'file:///etc/passwd', /must start with https:\/\/ or http:\/\//],
  ['GRAPH_BASE_URL', 'javascript:alert(1)', /must start with/],
  ['GRAPH_BASE_URL', 'https://admin:hunter2@graph.microsoft.com', /user name or password/],
  ['GRAPH_BASE_URL', 'https://graph.microsoft.com/v1.0', /must not have a path/],
  ['GRAPH_BASE_URL', 'https://graph.microsoft.com?x=1', /query/],
  ['GRAPH_BASE_URL', 'not a url', /must be a URL/],
  ['GRAPH_AUTHORITY_HOST', 'http://login.microsoftonline.com', /must start with https:\/\//],
  ['GRAPH_AUTHORITY_HOST', 'http://127.0.0.1:8443', /must start with https:\/\//],
  ['RELAY_URL', 'http://relay.corp.example:8787', /https:\/\/ is required/],
  ['RELAY_URL', 'https://bot:s3cret@relay.corp.example', /user name or password/],
  ['RELAY_URL', 'ftp://relay.corp.example', /must start with/],
  ['LDAP_URL', 'ldaps://svc:pw@dc1.corp.example', /user name or password/],
  ['LDAP_URL', 'ldaps://dc1.corp.example:99999', /must be a URL/],
  ['LDAP_URL', 'http://dc1.corp.example', /must start with ldaps:\/\/ or ldap:\/\//],
  ['LDAP_URL', 'ldaps://dc1.corp.example/DC=corp', /path/],
  ['PORT', '0x10', /decimal digits only/],
  ['PORT', ' ', /decimal digits only/],
  ['PORT', '1e3', /decimal digits only/],
  ['PORT', '70000', /at most 65535/],
  ['PORT', '-1', /decimal digits only/],
  ['PORT', '3978abc', /decimal digits only/],
  ['HM_SYNC_NOW_INTERVAL_SECONDS', ' ', /decimal digits only/],
  ['HM_SYNC_NOW_INTERVAL_SECONDS', '0x10', /decimal digits only/],
  ['HM_SYNC_NOW_INTERVAL_SECONDS', '1.5', /decimal digits only/],
  ['HM_SYNC_NOW_INTERVAL_SECONDS', '86401', /at most 86400/],
  ['HM_APPROVAL_TTL_HOURS', '1e-9', /like 24 or 0.5/],
  ['HM_APPROVAL_TTL_HOURS', '0', /at least 0.001/],
  ['HM_APPROVAL_TTL_HOURS', '.5', /like 24 or 0.5/],
  ['HM_APPROVAL_TTL_HOURS', '721', /at most 720/],
  ['HM_APPROVAL_TTL_HOURS', 'Infinity', /like 24 or 0.5/],
  ['HM_EXPIRY_SWEEP_SECONDS', '0', /at least 1/],
  ['GRAPH_MAX_RETRIES', '11', /at most 10/],
  ['GRAPH_MAX_RETRIES', '2.0', /decimal digits only/],
  ['LDAP_TIMEOUT_MS', '50', /at least 100/],
  ['RELAY_TIMEOUT_MS', '1_000', /decimal digits only/],
  ['HM_PARKING_OU', 'not a dn', /distinguished name/],
  ['HM_NEW_USER_OU', 'OU=', /distinguished name/],
  ['LDAP_BASE_DN', 'corp.example', /distinguished name/],
  ['LDAP_BIND_DN', 'svc hardmatch', /a DN .*a UPN/],
  ['HM_REQUESTERS_GROUP_ID', 'helpdesk', /GUID/],
  ['HM_APPROVERS_GROUP_ID', '{1c7a4b63-6e8f-4d2b-8c3a-4f5e6d7c8b92}', /GUID/],
  ['MICROSOFT_APP_ID', 'my-bot', /GUID/],
  ['MICROSOFT_APP_TENANT_ID', 'contoso.onmicrosoft.com', /GUID/],
  ['AZURE_TENANT_ID', 'not a tenant!', /tenant id \(a GUID\) or a domain name/],
  ['AZURE_CLIENT_ID', 'abc', /GUID/],
  ['AZURE_CLIENT_CERTIFICATE_PATH', join(dir, 'missing.pem'), /does not exist/],
  ['LDAP_CA_FILE', dir, /is not a file/],
  ['LOG_LEVEL', 'bogus', /must be one of fatal, error/],
  ['BOT_HOST', 'not a host!', /IP address .* or a host name/],
  ['AZURE_STORAGE_CONNECTION_STRING', 'garbage', /Key=Value pairs/],
  ['AZURE_STORAGE_CONNECTION_STRING', 'AccountName=hm;AccountKey=not base64!', /AccountName|AccountKey/],
  [
    'AZURE_STORAGE_CONNECTION_STRING',
    'BlobEndpoint=http://hm.blob.core.windows.net;SharedAccessSignature=sv=1',
    /BlobEndpoint https:\/\/ is required/,
  ],
  ['AZURE_STORAGE_CONTAINER', 'Bad_Name', /container name/],
  ['HM_SQLITE_PATH', dir, /is not a file/],
  ['GRAPH_USE_MANAGED_IDENTITY', 'maybe', /true or false/],
  ['LDAP_STARTTLS', 'on', /true or false/],
  ['HM_LOCAL_MODE', 'TRUE ', /true or false/],
  ['HM_APPROVERS_CONVERSATION_ID', 'has a space', /Teams conversation id/],
  ['RELAY_AGENT_ID', 'bad id!', /letters, digits/],
  ['RELAY_SAS_KEY_NAME', 'Send Rule', /SAS policy name/],
  ['HM_SOURCE_ANCHOR', 'objectguid', /objectGUID/],
];

describe('the bot and the CLI: every bad value is refused with its key named', () => {
  it.each(BOT_CASES)('%s=%j', (key, value, says) => {
    const message = refusal(() => loadConfig({ [key]: value }));
    expect(message).toMatch(new RegExp(`${key}: `));
    expect(message).toMatch(says);
  });

  it('names every bad key at once', () => {
    const bad = Object.fromEntries(BOT_CASES.map(([k, v]) => [k, v]));
    const message = refusal(() => loadConfig(bad));
    for (const [key] of BOT_CASES) expect(message).toContain(`${key}: `);
  });

  it('never repeats a secret: neither a URL password nor a storage key', () => {
    const message = refusal(() =>
      loadConfig({
        RELAY_URL: 'https://bot:Relay-Pass-123@relay.corp.example',
        GRAPH_BASE_URL: 'https://admin:Graph-Pass-456@graph.microsoft.com',
        AZURE_STORAGE_CONNECTION_STRING:
          'DefaultEndpointsProtocol=ftp;AccountName=hm;AccountKey=S3cretKeyS3cretKey==',
      }),
    );
    for (const secret of ['Relay-Pass-123', 'Graph-Pass-456', 'S3cretKeyS3cretKey'])
      expect(message).not.toContain(secret);
  });

  it('plain ldap:// to a remote DC needs StartTLS: the bind password would cross in clear', () => {
    const ldap = {
      LDAP_BASE_DN: 'DC=corp,DC=example',
      LDAP_BIND_DN: 'svc@corp.example',
      LDAP_BIND_PASSWORD: 'x',
    };
    expect(refusal(() => loadConfig({ ...ldap, LDAP_URL: 'ldap://dc1.corp.example' }))).toMatch(
      /LDAP_URL: ldap:\/\/ to a host that is not loopback/,
    );
    expect(
      loadConfig({ ...ldap, LDAP_URL: 'ldap://dc1.corp.example', LDAP_STARTTLS: 'true' }).ldap?.startTls,
    ).toBe(true);
    expect(loadConfig({ ...ldap, LDAP_URL: 'ldap://127.0.0.13' }).ldap?.url).toBe('ldap://127.0.0.13');
  });

  it('reads good values as before', () => {
    const config = loadConfig({
      GRAPH_BASE_URL: 'https://graph.microsoft.us/',
      GRAPH_AUTHORITY_HOST: 'https://login.microsoftonline.us',
      AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
      AZURE_CLIENT_ID: '11111111-aaaa-4aaa-8aaa-000000000001',
      AZURE_CLIENT_CERTIFICATE_PATH: readable,
      LDAP_URL: 'ldaps://dc1.corp.example:636',
      LDAP_BASE_DN: 'DC=corp,DC=example',
      LDAP_BIND_DN: 'CN=svc-hardmatch,OU=Service Accounts,DC=corp,DC=example',
      LDAP_BIND_PASSWORD: 'pw',
      LDAP_CA_FILE: readable,
      RELAY_URL: 'https://contoso-relay.servicebus.windows.net/hardmatch',
      RELAY_AGENT_ID: 'bot',
      RELAY_KEY: KEY,
      PORT: '3978',
      BOT_HOST: '[::1]',
      HM_APPROVAL_TTL_HOURS: '0.5',
      HM_SYNC_NOW_INTERVAL_SECONDS: '0',
      HM_PARKING_OU: 'OU=Parking,DC=corp,DC=example',
      HM_APPROVERS_CONVERSATION_ID: '19:abc@thread.tacv2',
      AZURE_STORAGE_CONNECTION_STRING:
        'DefaultEndpointsProtocol=https;AccountName=hmstore;AccountKey=c2VjcmV0c2VjcmV0;EndpointSuffix=core.windows.net',
      HM_SQLITE_PATH: join(dir, 'new', 'hm.sqlite'),
    });
    expect(config.env).toMatchObject({
      PORT: 3978,
      BOT_HOST: '::1',
      HM_APPROVAL_TTL_HOURS: 0.5,
      HM_SYNC_NOW_INTERVAL_SECONDS: 0,
    });
    expect(config.graph?.auth.kind).toBe('certificate');
    expect(config.relay?.url).toBe('https://contoso-relay.servicebus.windows.net/hardmatch');
  });
});

const RELAY_CASES: readonly (readonly [string, string, RegExp])[] = [
  ['HM_RELAY_PORT', '0x10', /decimal digits only/],
  ['HM_RELAY_PORT', ' ', /decimal digits only/],
  ['HM_RELAY_PORT', '65536', /at most 65535/],
  ['HM_RELAY_CLOCK_SKEW_SEC', '1e3', /decimal digits only/],
  ['HM_RELAY_MAX_BODY_BYTES', '16k', /decimal digits only/],
  ['HM_RELAY_MAX_CONCURRENT', '0', /at least 1/],
  ['HM_RELAY_SCRIPT_TIMEOUT_MS', '1.5e5', /decimal digits only/],
  ['HM_RELAY_TLS_CERT', join(dir, 'nope.pem'), /does not exist/],
  ['HM_RELAY_LOG_FILE', dir, /is not a file/],
  ['HM_RELAY_NONCE_FILE', dir, /is not a file/],
  ['HM_RELAY_HOST', 'bad host!', /IP address/],
  ['HM_RELAY_HYCO_NAMESPACE', 'contoso.servicebus.windows.net:99999', /at most 65535/],
  ['HM_RELAY_SIM_STAGING', 'y', /true or false/],
  ['LOG_LEVEL', 'bogus', /must be one of/],
  ['HM_RELAY_MODE', 'bash', /powershell/],
];

describe('the relay agent: the same rules', () => {
  it.each(RELAY_CASES)('%s=%j', (key, value, says) => {
    const message = refusal(() => loadRelayAgentConfig({ HM_RELAY_KEY: KEY, [key]: value }));
    expect(message).toMatch(new RegExp(`${key}: `));
    expect(message).toMatch(says);
    expect(message).not.toContain(KEY);
  });

  it('reads [::1] as ::1 and keeps loopback without TLS', () => {
    const c = loadRelayAgentConfig({
      HM_RELAY_KEY: KEY,
      HM_RELAY_HOST: '[::1]',
      HM_RELAY_TLS_CERT: fileURLToPath(import.meta.url),
      HM_RELAY_TLS_KEY: fileURLToPath(import.meta.url),
    });
    expect(c.listener).toMatchObject({ kind: 'direct', host: '::1' });
  });
});
