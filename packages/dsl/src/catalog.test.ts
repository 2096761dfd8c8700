import { describe, expect, it } from 'vitest';
import { builtinCatalog, combineCatalogs, createCatalog, parseUses, portsOf } from './builtins';
import { testBlocks, testCatalog } from './__fixtures__/test-catalog';
import { BUILTIN_NAMES } from './builtin-names';

describe('block catalog', () => {
  it('has every built-in of dsl-v1 §7 with a schema, title, category, icon', () => {
    const names = builtinCatalog()
      .list()
      .map((b) => b.name);
    expect(names.sort()).toEqual([...BUILTIN_NAMES].sort());
    for (const b of builtinCatalog().list()) {
      expect(b.builtin).toBe(true);
      expect(b.title && b.category && b.icon).toBeTruthy();
      expect(b.inputs['type']).toBe('object');
    }
    expect(builtinCatalog().resolve('if')?.ports).toEqual(['then', 'else']);
    expect(builtinCatalog().resolve('approval')?.ports).toEqual(['approved', 'rejected']);
  });

  it('parses uses values', () => {
    expect(parseUses('if')).toEqual({ ok: true, kind: 'builtin', name: 'if' });
    expect(parseUses('http@1')).toEqual({ ok: true, kind: 'block', name: 'http', major: 1 });
    expect(parseUses('acme/pdf@2.10.3')).toEqual({
      ok: true,
      kind: 'block',
      name: 'acme/pdf',
      major: 2,
      version: '2.10.3',
    });
    expect(parseUses('http')).toMatchObject({
      ok: false,
      message: expect.stringContaining('http@1') as string,
    });
    expect(parseUses('Http@1').ok).toBe(false);
    expect(parseUses('http@01').ok).toBe(false);
  });

  it('resolves name@major to the highest version of that major, name@x.y.z exactly', () => {
    expect(testBlocks.resolve('http@1')?.version).toBe('1.4.2');
    expect(testBlocks.resolve('http@2')?.version).toBe('2.0.0');
    expect(testBlocks.resolve('http@1.0.0')?.version).toBe('1.0.0');
    expect(testBlocks.resolve('http@1.1.0')).toBeUndefined();
    expect(testBlocks.resolve('http@3')).toBeUndefined();
    expect(testBlocks.resolve('if')).toBeUndefined();
    expect(testCatalog.resolve('if')?.builtin).toBe(true);
  });

  it('combines catalogs: first match wins, list keeps one entry per name', () => {
    const override = createCatalog([{ ...testBlocks.resolve('http@1')!, version: '1.9.0', title: 'Mine' }]);
    const c = combineCatalogs(override, testCatalog);
    expect(c.resolve('http@1')?.title).toBe('Mine');
    expect(c.resolve('http@2')?.version).toBe('2.0.0');
    expect(c.list().filter((b) => b.name === 'http')).toHaveLength(1);
  });

  it('switch ports are its cases plus default', () => {
    const sw = builtinCatalog().resolve('switch')!;
    expect(portsOf(sw, { value: 1, cases: ['a', 2, true] })).toEqual(['a', '2', 'true', 'default']);
    expect(portsOf(sw, undefined)).toEqual(['default']);
    expect(portsOf(builtinCatalog().resolve('transform')!, {})).toBeUndefined();
  });
});
