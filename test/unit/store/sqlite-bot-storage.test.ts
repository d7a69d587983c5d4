import { describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../../../connectors/store/create-storage.ts';

describe('SQLite botbuilder Storage', () => {
  const open = () => createSqliteStorage(':memory:').botStorage;

  it('reads what it wrote, with an eTag, and nothing for unknown keys', async () => {
    const storage = open();
    await storage.write({ conv1: { topic: 'link', n: 1 } });
    const read = await storage.read(['conv1', 'missing']);
    expect(Object.keys(read)).toEqual(['conv1']);
    expect(read['conv1']).toMatchObject({ topic: 'link', n: 1 });
    expect(typeof read['conv1']?.eTag).toBe('string');
  });

  it('writes with the current eTag, refuses a stale one, and * always wins', async () => {
    const storage = open();
    await storage.write({ k: { v: 1 } });
    const first = (await storage.read(['k']))['k']!;
    await storage.write({ k: { ...first, v: 2 } });
    await expect(storage.write({ k: { ...first, v: 3 } })).rejects.toMatchObject({ code: 'STORE.CONFLICT' });
    expect((await storage.read(['k']))['k']?.['v']).toBe(2);
    await storage.write({ k: { v: 4, eTag: '*' } });
    expect((await storage.read(['k']))['k']?.['v']).toBe(4);
  });

  it('saves a turn all or nothing', async () => {
    const storage = open();
    await storage.write({ a: { v: 1 } });
    const a = (await storage.read(['a']))['a']!;
    await storage.write({ a: { ...a, v: 2 } });
    await expect(storage.write({ b: { v: 1 }, a: { ...a, v: 3 } })).rejects.toThrow();
    expect(await storage.read(['b'])).toEqual({});
  });

  it('deletes', async () => {
    const storage = open();
    await storage.write({ a: { v: 1 } });
    await storage.delete(['a', 'never']);
    expect(await storage.read(['a'])).toEqual({});
  });
});
