/**
 * The Store port on Azure Blob Storage for scale-out: one JSON block blob per document under `store/`,
 * with the blob's ETag as the version. Conditional requests do the concurrency control on the server:
 * `If-None-Match: *` to create, `If-Match: <etag>` to replace or delete - so of two bot instances
 * writing the same version, Azure lets exactly one through.
 */
import type { ContainerClient } from '@azure/storage-blob';
import type { Store, Versioned } from '../../core/ports.ts';
import { assertKey, assertPrefix, conflict } from './keys.ts';
import { blobError, statusOf } from './blob-errors.ts';

const DOCS = 'store/';
const LIST_CONCURRENCY = 8;

const download = async <T>(container: ContainerClient, name: string): Promise<Versioned<T> | null> => {
  try {
    const response = await container.getBlockBlobClient(name).download();
    const body = response.readableStreamBody;
    if (body === undefined || response.etag === undefined) throw new Error('download returned no body');
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return { value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T, etag: response.etag };
  } catch (e) {
    if (statusOf(e) === 404) return null;
    throw e;
  }
};

/**
 * A Store in `container` (created by createStorage when absent). Several instances, in several
 * processes or machines, may share one container.
 */
export const createBlobStore = (container: ContainerClient): Store => ({
  async get<T>(key: string) {
    assertKey(key);
    try {
      return await download<T>(container, DOCS + key);
    } catch (e) {
      throw blobError('read a document', key, e);
    }
  },
  async put<T>(key: string, value: T, etag: string | null) {
    assertKey(key);
    const body = JSON.stringify(value);
    try {
      const response = await container.getBlockBlobClient(DOCS + key).upload(body, Buffer.byteLength(body), {
        conditions: etag === null ? { ifNoneMatch: '*' } : { ifMatch: etag },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      if (response.etag === undefined) throw new Error('upload returned no ETag');
      return response.etag;
    } catch (e) {
      // Replacing a version that was deleted meanwhile is a lost race too, not "not found".
      if (etag !== null && statusOf(e) === 404) throw conflict(key, 'it is gone');
      throw blobError('save a document', key, e);
    }
  },
  async delete(key: string, etag?: string) {
    assertKey(key);
    const blob = container.getBlockBlobClient(DOCS + key);
    try {
      if (etag === undefined) await blob.deleteIfExists();
      else await blob.delete({ conditions: { ifMatch: etag } });
    } catch (e) {
      if (statusOf(e) === 404) throw conflict(key, 'it is gone');
      throw blobError('delete a document', key, e);
    }
  },
  async keys(prefix: string) {
    assertPrefix(prefix);
    try {
      // Names only: a listing page carries up to 5,000 names and no document is downloaded.
      const names: string[] = [];
      for await (const item of container.listBlobsFlat({ prefix: DOCS + prefix }))
        names.push(item.name.slice(DOCS.length));
      return names.sort();
    } catch (e) {
      throw blobError('list document keys', prefix, e);
    }
  },
  async list<T>(prefix: string) {
    assertPrefix(prefix);
    try {
      const names: string[] = [];
      for await (const item of container.listBlobsFlat({ prefix: DOCS + prefix })) names.push(item.name);
      names.sort();
      const out: (Versioned<T> & { key: string })[] = [];
      for (let i = 0; i < names.length; i += LIST_CONCURRENCY) {
        const batch = names.slice(i, i + LIST_CONCURRENCY);
        const docs = await Promise.all(batch.map((n) => download<T>(container, n)));
        // A blob deleted between listing and reading is simply no longer there.
        docs.forEach((d, j) => {
          if (d !== null) out.push({ key: batch[j]!.slice(DOCS.length), ...d });
        });
      }
      return out;
    } catch (e) {
      throw blobError('list documents', prefix, e);
    }
  },
});
