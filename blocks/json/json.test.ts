/**
 * json@1 against published vectors: RFC 6902 appendix A (every example that JSON can express),
 * cases from the json-patch-tests suite, RFC 6901 section 5 and 6, and JSON Schema keywords as the
 * 2020-12 validation specification describes them.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBlock } from '@weft/block-sdk';
import type { LoadedBlock } from '@weft/block-sdk';

const dir = fileURLToPath(new URL('.', import.meta.url));
let block: LoadedBlock;

beforeAll(async () => {
  block = await loadBlock(dir);
}, 180_000);
afterAll(async () => {
  await block.close();
});

type Out = Record<string, unknown>;

async function call(input: Record<string, unknown>): Promise<Out> {
  const r = await block.call(input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.output as Out;
}

async function failure(input: Record<string, unknown>): Promise<{ code: string; message: string }> {
  const r = await block.call(input);
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.output)}`);
  return r.error;
}

interface PatchCase {
  name: string;
  doc: unknown;
  patch: unknown[];
  expected?: unknown;
  error?: RegExp;
}

// RFC 6902 appendix A. A.13 (an operation object with two "op" members) cannot be expressed once
// the workflow's YAML/JSON has been parsed into a value, so it is not a case here.
const RFC6902: PatchCase[] = [
  {
    name: 'A.1 adding an object member',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz', value: 'qux' }],
    expected: { baz: 'qux', foo: 'bar' },
  },
  {
    name: 'A.2 adding an array element',
    doc: { foo: ['bar', 'baz'] },
    patch: [{ op: 'add', path: '/foo/1', value: 'qux' }],
    expected: { foo: ['bar', 'qux', 'baz'] },
  },
  {
    name: 'A.3 removing an object member',
    doc: { baz: 'qux', foo: 'bar' },
    patch: [{ op: 'remove', path: '/baz' }],
    expected: { foo: 'bar' },
  },
  {
    name: 'A.4 removing an array element',
    doc: { foo: ['bar', 'qux', 'baz'] },
    patch: [{ op: 'remove', path: '/foo/1' }],
    expected: { foo: ['bar', 'baz'] },
  },
  {
    name: 'A.5 replacing a value',
    doc: { baz: 'qux', foo: 'bar' },
    patch: [{ op: 'replace', path: '/baz', value: 'boo' }],
    expected: { baz: 'boo', foo: 'bar' },
  },
  {
    name: 'A.6 moving a value',
    doc: { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    patch: [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    expected: { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  },
  {
    name: 'A.7 moving an array element',
    doc: { foo: ['all', 'grass', 'cows', 'eat'] },
    patch: [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
    expected: { foo: ['all', 'cows', 'eat', 'grass'] },
  },
  {
    name: 'A.8 testing a value: success',
    doc: { baz: 'qux', foo: ['a', 2, 'c'] },
    patch: [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    expected: { baz: 'qux', foo: ['a', 2, 'c'] },
  },
  {
    name: 'A.9 testing a value: error',
    doc: { baz: 'qux' },
    patch: [{ op: 'test', path: '/baz', value: 'bar' }],
    error: /patch operation 0 \(test "\/baz"\): test failed/,
  },
  {
    name: 'A.10 adding a nested member object',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/child', value: { grandchild: {} } }],
    expected: { foo: 'bar', child: { grandchild: {} } },
  },
  {
    name: 'A.11 ignoring unrecognized elements',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
    expected: { foo: 'bar', baz: 'qux' },
  },
  {
    name: 'A.12 adding to a nonexistent target',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz/bat', value: 'qux' }],
    error: /there is no member "\/baz"/,
  },
  {
    name: 'A.14 ~ escape ordering',
    doc: { '/': 9, '~1': 10 },
    patch: [{ op: 'test', path: '/~01', value: 10 }],
    expected: { '/': 9, '~1': 10 },
  },
  {
    name: 'A.15 comparing strings and numbers',
    doc: { '/': 9, '~1': 10 },
    patch: [{ op: 'test', path: '/~01', value: '10' }],
    error: /test failed/,
  },
  {
    name: 'A.16 adding an array value',
    doc: { foo: ['bar'] },
    patch: [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
    expected: { foo: ['bar', ['abc', 'def']] },
  },
];

// From json-patch-tests (tests.json), by their comments.
const SUITE: PatchCase[] = [
  { name: 'empty patch', doc: { foo: 1 }, patch: [], expected: { foo: 1 } },
  {
    name: 'replacing the root',
    doc: { foo: 1 },
    patch: [{ op: 'add', path: '', value: { baz: 'qux' } }],
    expected: { baz: 'qux' },
  },
  {
    name: 'add into the root array',
    doc: [],
    patch: [{ op: 'add', path: '/0', value: 'foo' }],
    expected: ['foo'],
  },
  {
    name: 'add with a null value',
    doc: { foo: 1 },
    patch: [{ op: 'add', path: '/bar', value: null }],
    expected: { foo: 1, bar: null },
  },
  {
    name: 'test against a null value',
    doc: { foo: null },
    patch: [{ op: 'test', path: '/foo', value: null }],
    expected: { foo: null },
  },
  {
    name: 'object comparison ignores member order',
    doc: { foo: { foo: 1, bar: 2 } },
    patch: [{ op: 'test', path: '/foo', value: { bar: 2, foo: 1 } }],
    expected: { foo: { foo: 1, bar: 2 } },
  },
  {
    name: 'add at the end of an array by index',
    doc: { foo: [1, 2] },
    patch: [{ op: 'add', path: '/foo/2', value: 3 }],
    expected: { foo: [1, 2, 3] },
  },
  {
    name: 'add past the end of an array',
    doc: { bar: [1, 2] },
    patch: [{ op: 'add', path: '/bar/8', value: '5' }],
    error: /out of range/,
  },
  {
    name: 'add at a negative index',
    doc: { bar: [1, 2] },
    patch: [{ op: 'add', path: '/bar/-1', value: '5' }],
    error: /not an array index/,
  },
  {
    name: 'an index with a leading zero',
    doc: { foo: [1, 2] },
    patch: [{ op: 'add', path: '/foo/01', value: 3 }],
    error: /not an array index/,
  },
  {
    name: 'remove a missing member',
    doc: { foo: 1 },
    patch: [{ op: 'remove', path: '/bar' }],
    error: /there is no member "\/bar"/,
  },
  {
    name: 'replace a missing member',
    doc: {},
    patch: [{ op: 'replace', path: '/foo', value: 1 }],
    error: /no value at "\/foo"/,
  },
  {
    name: 'replace an array item',
    doc: { foo: [1, 2, 3] },
    patch: [{ op: 'replace', path: '/foo/1', value: 'x' }],
    expected: { foo: [1, 'x', 3] },
  },
  {
    name: 'copy a nested value',
    doc: { foo: { bar: [1] } },
    patch: [{ op: 'copy', from: '/foo/bar', path: '/baz' }],
    expected: { foo: { bar: [1] }, baz: [1] },
  },
  {
    name: 'move to the same place',
    doc: { foo: 1 },
    patch: [{ op: 'move', from: '/foo', path: '/foo' }],
    expected: { foo: 1 },
  },
  {
    name: 'move a value into its own child',
    doc: { foo: { bar: 1 } },
    patch: [{ op: 'move', from: '/foo', path: '/foo/bar/x' }],
    error: /cannot be moved into itself/,
  },
  {
    name: 'unknown op',
    doc: { foo: 1 },
    patch: [{ op: 'spam', path: '/foo', value: 1 }],
    error: /unknown op "spam"/,
  },
  { name: 'missing value for add', doc: {}, patch: [{ op: 'add', path: '/a' }], error: /no "value"/ },
  { name: 'missing from for move', doc: { a: 1 }, patch: [{ op: 'move', path: '/b' }], error: /no "from"/ },
  {
    name: 'the whole patch fails when a later operation fails',
    doc: { foo: 1 },
    patch: [
      { op: 'add', path: '/bar', value: 2 },
      { op: 'test', path: '/foo', value: 2 },
    ],
    error: /patch operation 1 \(test "\/foo"\)/,
  },
];

describe('json@1 patch (RFC 6902)', () => {
  it.each([...RFC6902, ...SUITE].map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    if (c.error) {
      const e = await failure({ op: 'patch', document: c.doc, patch: c.patch });
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toMatch(c.error);
    } else {
      expect(await call({ op: 'patch', document: c.doc, patch: c.patch })).toEqual({ value: c.expected });
    }
  });
});

// RFC 6901 section 5 and (URI fragment form) section 6.
const DOC = {
  foo: ['bar', 'baz'],
  '': 0,
  'a/b': 1,
  'c%d': 2,
  'e^f': 3,
  'g|h': 4,
  'i\\j': 5,
  'k"l': 6,
  ' ': 7,
  'm~n': 8,
};
const RFC6901: Array<[string, unknown]> = [
  ['', DOC],
  ['/foo', ['bar', 'baz']],
  ['/foo/0', 'bar'],
  ['/', 0],
  ['/a~1b', 1],
  ['/c%d', 2],
  ['/e^f', 3],
  ['/g|h', 4],
  ['/i\\j', 5],
  ['/k"l', 6],
  ['/ ', 7],
  ['/m~0n', 8],
  ['#', DOC],
  ['#/foo', ['bar', 'baz']],
  ['#/foo/0', 'bar'],
  ['#/', 0],
  ['#/a~1b', 1],
  ['#/c%25d', 2],
  ['#/e%5Ef', 3],
  ['#/g%7Ch', 4],
  ['#/i%5Cj', 5],
  ['#/k%22l', 6],
  ['#/%20', 7],
  ['#/m~0n', 8],
];

describe('json@1 pointer (RFC 6901)', () => {
  it.each(RFC6901)('get %j', async (pointer, expected) => {
    expect(await call({ op: 'get', document: DOC, pointer })).toEqual({ value: expected, found: true });
  });

  it('reports a missing value as not found', async () => {
    expect(await call({ op: 'get', document: DOC, pointer: '/foo/2' })).toEqual({
      value: null,
      found: false,
    });
    expect(await call({ op: 'get', document: DOC, pointer: '/nope/x' })).toEqual({
      value: null,
      found: false,
    });
  });

  it('refuses a malformed pointer', async () => {
    expect((await failure({ op: 'get', document: DOC, pointer: 'foo' })).message).toMatch(
      /must be empty or start/,
    );
    expect((await failure({ op: 'get', document: DOC, pointer: '/a~2' })).message).toMatch(
      /followed by 0 or 1/,
    );
  });

  it('sets members and array items, appends with "-", and leaves the rest alone', async () => {
    const doc = { a: { b: [1, 2] }, c: 'x' };
    expect(await call({ op: 'set', document: doc, pointer: '/a/b/0', value: 9 })).toEqual({
      value: { a: { b: [9, 2] }, c: 'x' },
    });
    expect(await call({ op: 'set', document: doc, pointer: '/a/b/-', value: { z: null } })).toEqual({
      value: { a: { b: [1, 2, { z: null }] }, c: 'x' },
    });
    expect(await call({ op: 'set', document: doc, pointer: '/a/new~1key', value: null })).toEqual({
      value: { a: { b: [1, 2], 'new/key': null }, c: 'x' },
    });
    expect(await call({ op: 'remove', document: doc, pointer: '/c' })).toEqual({
      value: { a: { b: [1, 2] } },
    });
    expect((await failure({ op: 'set', document: doc, pointer: '/missing/x', value: 1 })).message).toBe(
      'set "/missing/x": there is no member "/missing"',
    );
  });
});

async function validate(schema: unknown, document: unknown): Promise<{ valid: boolean; errors: Out[] }> {
  return (await call({ op: 'validate', schema, document })) as { valid: boolean; errors: Out[] };
}

describe('json@1 validate (JSON Schema 2020-12 subset)', () => {
  const person = {
    type: 'object',
    required: ['name', 'age'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 3 },
      age: { type: 'integer', minimum: 0, exclusiveMaximum: 150 },
      email: { type: 'string', pattern: '^[^@]+@[^@]+$' },
      tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, maxItems: 3 },
    },
  };

  it('accepts a valid document', async () => {
    expect(await validate(person, { name: 'Ada', age: 36, email: 'a@b', tags: ['x'] })).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('reports each failed keyword with the path into the document', async () => {
    const r = await validate(person, {
      name: 'Adaline',
      age: 36.5,
      email: 'nope',
      tags: ['x', 'x'],
      extra: 1,
    });
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => [e.path, e.keyword])).toEqual([
      ['/name', 'maxLength'],
      ['/age', 'type'],
      ['/email', 'pattern'],
      ['/tags', 'uniqueItems'],
      ['', 'additionalProperties'],
    ]);
    const missing = await validate(person, {});
    expect(missing.errors.map((e) => e.message)).toEqual([
      'must have the property "name"',
      'must have the property "age"',
    ]);
  });

  it('counts string length in code points, and 1.0 is an integer', async () => {
    expect((await validate({ maxLength: 2 }, '😀😀')).valid).toBe(true);
    expect((await validate({ maxLength: 1 }, '😀😀')).valid).toBe(false);
    expect((await validate({ type: 'integer' }, 1.0)).valid).toBe(true);
    expect((await validate({ multipleOf: 0.01 }, 19.99)).valid).toBe(true);
    expect((await validate({ multipleOf: 0.01 }, 19.995)).valid).toBe(false);
  });

  it('applies combinators, conditionals and $ref into $defs', async () => {
    const schema = {
      $defs: {
        node: {
          type: 'object',
          properties: {
            value: { type: 'number' },
            next: { oneOf: [{ type: 'null' }, { $ref: '#/$defs/node' }] },
          },
          required: ['value'],
        },
      },
      $ref: '#/$defs/node',
    };
    expect((await validate(schema, { value: 1, next: { value: 2, next: null } })).valid).toBe(true);
    const bad = await validate(schema, { value: 1, next: { value: 'two', next: null } });
    expect(bad.errors.map((e) => [e.path, e.keyword])).toEqual([['/next', 'oneOf']]);

    const conditional = {
      if: { properties: { country: { const: 'US' } } },
      then: { properties: { zip: { pattern: '^\\d{5}$' } } },
      else: { properties: { zip: { pattern: '^[A-Z0-9 ]+$' } } },
    };
    expect((await validate(conditional, { country: 'US', zip: '12345' })).valid).toBe(true);
    expect((await validate(conditional, { country: 'US', zip: 'AB1 2CD' })).valid).toBe(false);
    expect((await validate(conditional, { country: 'UK', zip: 'AB1 2CD' })).valid).toBe(true);
    expect((await validate({ not: { type: 'string' } }, 'x')).errors[0]?.keyword).toBe('not');
    expect((await validate({ anyOf: [{ type: 'string' }, { minimum: 3 }] }, 2)).valid).toBe(false);
    expect((await validate({ anyOf: [{ type: 'string' }, { minimum: 3 }] }, 4)).valid).toBe(true);
    expect((await validate({ allOf: [{ minimum: 1 }, { maximum: 2 }] }, 3)).errors[0]?.keyword).toBe(
      'maximum',
    );
  });

  it('checks arrays with prefixItems, items and contains', async () => {
    const tuple = { prefixItems: [{ type: 'string' }, { type: 'number' }], items: false };
    expect((await validate(tuple, ['a', 1])).valid).toBe(true);
    expect((await validate(tuple, ['a', 1, true])).errors).toEqual([
      { path: '/2', keyword: 'false', message: 'no value is allowed here' },
    ]);
    const contains = { contains: { type: 'number' }, minContains: 2, maxContains: 3 };
    expect((await validate(contains, [1, 'a', 2])).valid).toBe(true);
    expect((await validate(contains, [1, 'a'])).errors[0]?.keyword).toBe('minContains');
    expect((await validate(contains, [1, 2, 3, 4])).errors[0]?.keyword).toBe('maxContains');
    expect((await validate({ contains: { const: 'x' } }, ['y'])).errors[0]?.keyword).toBe('contains');
  });

  it('checks object keywords: patternProperties, propertyNames, dependentRequired, enum', async () => {
    const schema = {
      patternProperties: { '^x-': { type: 'string' } },
      additionalProperties: { type: 'number' },
      propertyNames: { maxLength: 5 },
      dependentRequired: { card: ['cvc'] },
      minProperties: 1,
    };
    expect((await validate(schema, { 'x-a': 'ok', n: 1 })).valid).toBe(true);
    const r = await validate(schema, { 'x-a': 1, toolong: 2, card: 3 });
    expect(r.errors.map((e) => [e.path, e.keyword])).toEqual([
      ['', 'dependentRequired'],
      ['/x-a', 'type'],
      ['', 'propertyNames'],
    ]);
    expect((await validate({ enum: [1, 'a', { b: [null] }] }, { b: [null] })).valid).toBe(true);
    expect((await validate({ enum: [1, 'a'] }, '1')).valid).toBe(false);
    expect((await validate(false, 1)).valid).toBe(false);
    expect((await validate(true, 1)).valid).toBe(true);
  });

  it('refuses a schema it cannot apply instead of passing everything', async () => {
    expect(
      (await failure({ op: 'validate', schema: { $ref: 'https://x/y.json' }, document: 1 })).message,
    ).toMatch(/only "\$ref" to a JSON Pointer/);
    expect(
      (await failure({ op: 'validate', schema: { $ref: '#/$defs/none' }, document: 1 })).message,
    ).toMatch(/does not point into the schema/);
    expect((await failure({ op: 'validate', schema: { $ref: '#' }, document: 1 })).message).toMatch(
      /too deeply/,
    );
    expect((await failure({ op: 'validate', schema: { pattern: '(' }, document: 'x' })).message).toMatch(
      /invalid pattern/,
    );
  });
});
