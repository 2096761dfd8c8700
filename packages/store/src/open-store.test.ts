import { describe, expect, it } from 'vitest';
import { openStore, parseStoreUrl } from './open-store';

describe('parseStoreUrl', () => {
  it('reads the SQLite forms', () => {
    expect(parseStoreUrl('sqlite:.weft/weft.db')).toEqual({
      kind: 'sqlite',
      path: '.weft/weft.db',
      synchronous: 'NORMAL',
    });
    expect(parseStoreUrl('sqlite:///var/lib/weft.db?synchronous=full')).toEqual({
      kind: 'sqlite',
      path: '/var/lib/weft.db',
      synchronous: 'FULL',
    });
    expect(parseStoreUrl('sqlite::memory:')).toEqual({
      kind: 'sqlite',
      path: ':memory:',
      synchronous: 'NORMAL',
    });
  });

  it('reads the PostgreSQL forms and takes out Weft options', () => {
    expect(parseStoreUrl('postgres://u:p@db:5433/weft?schema=prod&pool=20&sslmode=disable')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://u:p@db:5433/weft?sslmode=disable',
      schema: 'prod',
      poolSize: 20,
    });
    expect(parseStoreUrl('postgresql://db/weft')).toMatchObject({
      kind: 'postgres',
      connectionString: 'postgresql://db/weft',
    });
  });

  it('names what is wrong with a bad URL', () => {
    expect(() => parseStoreUrl('mysql://x')).toThrow(
      /unsupported database URL "mysql:\/\/x"; expected sqlite:PATH/,
    );
    expect(() => parseStoreUrl('sqlite:')).toThrow(/has no file path/);
    expect(() => parseStoreUrl('sqlite:x.db?synchronous=off')).toThrow(
      /synchronous must be NORMAL or FULL, got "off"/,
    );
    expect(() => parseStoreUrl('sqlite:x.db?cache=big')).toThrow(/unknown SQLite option "cache"/);
    expect(() => parseStoreUrl('postgres://db/x?pool=0')).toThrow(/pool must be an integer/);
    expect(() => parseStoreUrl('postgres://')).toThrow(/BAD_URL|not a valid URL|no host/);
    expect(() => parseStoreUrl('weft.db')).toThrow(expect.objectContaining({ code: 'BAD_URL' }));
  });

  it('rejects a bad schema name before connecting', async () => {
    await expect(openStore('postgres://127.0.0.1:1/x?schema=a;drop')).rejects.toMatchObject({
      code: 'BAD_URL',
    });
  });
});
