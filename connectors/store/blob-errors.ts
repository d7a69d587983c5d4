/**
 * Azure Storage's answers, translated: a failed precondition (412) or an existing blob (409) on a
 * conditional write means another writer won - STORE.CONFLICT; network failures, throttling (503) and
 * server errors are STORE.UNAVAILABLE (retryable); 403 is a configuration problem worth naming.
 */
import { DomainError, isDomainError } from '../../core/errors.ts';
import { conflict } from './keys.ts';

interface StorageFailure {
  readonly statusCode?: number;
  readonly code?: string;
  readonly request?: { readonly requestId?: string };
  readonly response?: { readonly headers?: { get(name: string): string | undefined } };
}

export const statusOf = (e: unknown): number | undefined =>
  typeof e === 'object' && e !== null ? (e as StorageFailure).statusCode : undefined;

const requestIdOf = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null
    ? (e as StorageFailure).response?.headers?.get('x-ms-request-id')
    : undefined;

/** Map an exception from @azure/storage-blob for `operation` on `key`. */
export const blobError = (operation: string, key: string, e: unknown): DomainError => {
  if (isDomainError(e)) return e;
  const status = statusOf(e);
  if (status === 409 || status === 412) return conflict(key, 'another writer got there first');
  const requestId = requestIdOf(e);
  if (status === 403 || status === 401)
    return new DomainError(
      'STORE.UNAVAILABLE',
      `Azure Storage refused to ${operation}: check AZURE_STORAGE_CONNECTION_STRING and its permissions.`,
      { cause: e, requestId, details: { operation, status } },
    );
  return new DomainError(
    'STORE.UNAVAILABLE',
    `Azure Storage could not ${operation}. Try again in a moment.`,
    {
      cause: e,
      requestId,
      retryable: true,
      details: { operation, status: status ?? null, code: (e as StorageFailure | null)?.code ?? null },
    },
  );
};
