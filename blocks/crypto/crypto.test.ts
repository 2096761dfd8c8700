import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBlock, testBlock } from '@weft/block-sdk';
import type { BlockCallResult, LoadedBlock } from '@weft/block-sdk';

const dir = fileURLToPath(new URL('.', import.meta.url));
let block: LoadedBlock;

beforeAll(async () => {
  block = await loadBlock(dir);
}, 180_000);
afterAll(async () => {
  await block.close();
});

async function value(input: Record<string, unknown>, context?: Record<string, unknown>): Promise<string> {
  const r: BlockCallResult = await block.call(input, context);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return (r.output as { value: string }).value;
}

const ABC = 'abc';
const MSG448 = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
const MILLION_A = 'a'.repeat(1_000_000);

describe('crypto@1 hash: FIPS 180 examples', () => {
  it.each([
    ['sha1', ABC, 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['sha1', MSG448, '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
    ['sha1', MILLION_A, '34aa973cd4c4daa4f61eeb2bdbad27316534016f'],
    ['sha256', ABC, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['sha256', MSG448, '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['sha256', MILLION_A, 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
    [
      'sha512',
      ABC,
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    ],
    [
      'sha512',
      MSG448,
      '204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445',
    ],
    [
      'sha512',
      MILLION_A,
      'e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b',
    ],
  ])('%s of a %#th vector', async (algorithm, data, digest) => {
    expect(await value({ op: 'hash', algorithm, data })).toBe(digest);
  });

  it('sha256 is the default algorithm and base64 output encodes the same digest', async () => {
    const b64 = await value({ op: 'hash', data: ABC, encoding: 'base64' });
    expect(Buffer.from(b64, 'base64').toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('hashes UTF-8 bytes of the text, at every padding boundary', async () => {
    for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512']) {
      for (const len of [0, 1, 55, 56, 63, 64, 111, 112, 127, 128, 129]) {
        const data = 'é'.repeat(len >> 1) + 'x'.repeat(len & 1);
        expect(await value({ op: 'hash', algorithm, data })).toBe(
          createHash(algorithm).update(data, 'utf8').digest('hex'),
        );
      }
    }
  });
});

describe('crypto@1 hash: RFC 1321 MD5 test suite', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ])('md5(%j)', async (data, digest) => {
    expect(await value({ op: 'hash', algorithm: 'md5', data })).toBe(digest);
  });
});

describe('crypto@1 hmac: RFC 4231 test cases', () => {
  const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');
  const cases = [
    {
      n: 1,
      key: '0b'.repeat(20),
      data: hex('Hi There'),
      sha256: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
      sha512:
        '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
    },
    {
      n: 2,
      key: hex('Jefe'),
      data: hex('what do ya want for nothing?'),
      sha256: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
      sha512:
        '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
    },
    {
      n: 3,
      key: 'aa'.repeat(20),
      data: 'dd'.repeat(50),
      sha256: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
      sha512:
        'fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb',
    },
    {
      n: 4,
      key: '0102030405060708090a0b0c0d0e0f10111213141516171819',
      data: 'cd'.repeat(50),
      sha256: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
      sha512:
        'b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd',
    },
    {
      n: 6,
      key: 'aa'.repeat(131),
      data: hex('Test Using Larger Than Block-Size Key - Hash Key First'),
      sha256: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
      sha512:
        '80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598',
    },
    {
      n: 7,
      key: 'aa'.repeat(131),
      data: hex(
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      sha256: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
      sha512:
        'e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58',
    },
  ];
  it.each(cases)('test case $n', async (c) => {
    for (const algorithm of ['sha256', 'sha512'] as const) {
      const got = await value({
        op: 'hmac',
        algorithm,
        key: c.key,
        keyEncoding: 'hex',
        data: c.data,
        dataEncoding: 'hex',
      });
      expect(got).toBe(c[algorithm]);
    }
  });

  it('test case 5 (output truncated to 128 bits) matches the prefix', async () => {
    const got = await value({
      op: 'hmac',
      algorithm: 'sha256',
      key: '0c'.repeat(20),
      keyEncoding: 'hex',
      data: hex('Test With Truncation'),
      dataEncoding: 'hex',
    });
    expect(got.slice(0, 32)).toBe('a3b6167473100ee06e0c796c2955552b');
  });

  it('takes UTF-8 keys and data by default, and base64 keys', async () => {
    const key = "It's a Secret to Everybody";
    expect(await value({ op: 'hmac', key, data: 'Hello, World!' })).toBe(
      '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
    const b64key = Buffer.from(key).toString('base64');
    expect(await value({ op: 'hmac', key: b64key, keyEncoding: 'base64', data: 'Hello, World!' })).toBe(
      '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });
});

describe('crypto@1 base64: RFC 4648 §10 vectors', () => {
  const vectors = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];
  it.each(vectors)('BASE64(%j) = %j, and back', async (plain, encoded) => {
    expect(await value({ op: 'base64encode', data: plain })).toBe(encoded);
    expect(await value({ op: 'base64decode', data: encoded })).toBe(plain);
  });

  it('decodes unpadded and URL-safe input, and rejects garbage with a clear error', async () => {
    expect(await value({ op: 'base64decode', data: 'Zm9vYg' })).toBe('foob');
    expect(await value({ op: 'base64decode', data: Buffer.from('??>>').toString('base64url') })).toBe('??>>');
    const r = await block.call({ op: 'base64decode', data: 'Zm9v!!' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining("invalid base64 character '!'") },
    });
    const notText = await block.call({ op: 'base64decode', data: '/w==' });
    expect(notText).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('not UTF-8') },
    });
  });
});

describe('crypto@1 uuid', () => {
  const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  it('is a version 4 UUID, distinct per step execution and stable on replay of the same attempt', async () => {
    const ctx = (key: string) => ({ runId: 'run_1', stepId: 'ids', attempt: 1, idempotencyKey: key });
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) ids.add(await value({ op: 'uuid' }, ctx(`run_1:ids:${i}:1`)));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(V4);
    expect(await value({ op: 'uuid' }, ctx('run_1:ids:7:1'))).toBe(
      await value({ op: 'uuid' }, ctx('run_1:ids:7:1')),
    );
  });
});

describe('crypto@1 invalid input', () => {
  it.each([
    [{ algorithm: 'sha256', data: 'x' }, '`op` is required'],
    [{ op: 'encrypt', data: 'x' }, '`op` must be one of'],
    [{ op: 'hash' }, '`data` is required'],
    [{ op: 'hash', data: 42 }, '`data` must be a string'],
    [{ op: 'hash', data: 'x', encoding: 'utf16' }, '`encoding` must be one of hex, base64'],
    [{ op: 'hmac', data: 'x', key: 'abc', keyEncoding: 'hex' }, '`key` is not hex'],
  ])('%j', async (input, message) => {
    const r = await block.call(input);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining(message) },
    });
  });
});

describe('crypto@1 examples', () => {
  it('every case in examples/ passes', async () => {
    const report = await testBlock(dir);
    expect(report.cases.filter((c) => !c.passed)).toEqual([]);
    expect(report.passed).toBeGreaterThan(0);
  });
});
