import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStorage, createStorage } from '../../../connectors/store/create-storage.ts';
import { loadConfig } from '../../../config/config.ts';
import { describeRepositoryContract } from '../../contract/repositories.contract.ts';
import { describeStoreContract, type StoreBackend } from '../../contract/store.contract.ts';
import { startAzurite, type Azurite } from './azurite.ts';

const CONTAINER = 'hardmatch-contract';
let azurite: Azurite;

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const container = () =>
  BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(CONTAINER);

const findAuditBlob = async (id: string): Promise<string> => {
  for await (const item of container().listBlobsFlat({ prefix: 'audit/' })) {
    const record = JSON.parse(
      (await container().getBlockBlobClient(item.name).downloadToBuffer()).toString(),
    ) as { id: string };
    if (record.id === id) return item.name;
  }
  throw new Error(`audit record ${id} not found`);
};

const backend: StoreBackend = {
  open: async () => {
    const s = await createBlobStorage(azurite.connectionString, CONTAINER);
    return { store: s.store, audit: s.audit, close: () => s.close() };
  },
  // The log writes each entry with If-None-Match: *; the same conditional write cannot replace it.
  rewriteAuditRecord: async (id) => {
    const name = await findAuditBlob(id);
    const body = JSON.stringify({ forged: true });
    await container()
      .getBlockBlobClient(name)
      .upload(body, body.length, { conditions: { ifNoneMatch: '*' } });
  },
  // Azurite has no immutability policies; in Azure a container policy refuses deletes (deployment notes).
  deleteAuditRecord: null,
};

describeStoreContract('Azure Blob Storage (Azurite)', () => backend);

describe('Azure storage composition', () => {
  it('createStorage(config) with HM_STORE=azure-blob gives a working store', async () => {
    const config = loadConfig({
      HM_STORE: 'azure-blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: 'hardmatch-composed',
    });
    const s = await createStorage(config);
    const etag = await s.store.put('requests/r1', { id: 'r1' }, null);
    expect((await s.store.get('requests/r1'))?.etag).toBe(etag);
    expect(await s.store.keys('requests/')).toEqual(['requests/r1']);
  });

  it('refuses azure-blob without a connection string, naming the key', async () => {
    await expect(createStorage(loadConfig({ HM_STORE: 'azure-blob' }))).rejects.toThrow(
      /AZURE_STORAGE_CONNECTION_STRING/,
    );
  });
});

describeRepositoryContract('Azure Blob Storage (Azurite)', () => backend);
