/**
 * AZURE_STORAGE_CONNECTION_STRING, checked at start instead of by the Azure SDK at the first request
 * (which stopped the bot with a stack trace and no key named): `Key=Value;` pairs with an account name
 * and a base64 key, or a blob endpoint with a SAS, or `UseDevelopmentStorage=true`; any endpoint is
 * https unless it is loopback (Azurite). Messages never repeat the string: it holds the account key.
 */
import { z } from 'zod';
import { isLoopbackHostname, urlProblem } from './fields.ts';

const problemOf = (value: string): string | null => {
  const pairs = new Map<string, string>();
  for (const part of value.split(';').filter((p) => p.trim() !== '')) {
    const at = part.indexOf('=');
    if (at < 1) return 'must be Key=Value pairs separated by ";" (copy it from the storage account)';
    pairs.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  if (pairs.get('usedevelopmentstorage')?.toLowerCase() === 'true') return null;
  const endpoint = pairs.get('blobendpoint');
  if (endpoint !== undefined) {
    const problem = urlProblem(endpoint, { secure: ['https:'], loopbackOnly: ['http:'], path: true });
    if (problem !== null) return `BlobEndpoint ${problem}`;
  }
  const protocol = pairs.get('defaultendpointsprotocol')?.toLowerCase();
  if (protocol !== undefined && protocol !== 'https' && protocol !== 'http')
    return 'DefaultEndpointsProtocol must be https';
  if (protocol === 'http' && (endpoint === undefined || !isLoopbackHostname(new URL(endpoint).hostname)))
    return 'DefaultEndpointsProtocol=http is only for a loopback BlobEndpoint (Azurite)';
  if (pairs.has('sharedaccesssignature')) {
    return endpoint === undefined ? 'a SharedAccessSignature needs a BlobEndpoint' : null;
  }
  const name = pairs.get('accountname');
  const key = pairs.get('accountkey');
  if (name === undefined || !/^[a-z0-9]{3,24}$/.test(name))
    return 'AccountName is missing or not a storage account name';
  if (key === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0)
    return 'AccountKey is missing or not base64';
  return null;
};

export const storageConnectionString = z.string().superRefine((v, ctx) => {
  const problem = problemOf(v);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});
