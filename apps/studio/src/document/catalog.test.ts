import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '@weft/dsl';
import { groupBlocks } from './catalog';

describe('the palette groups', () => {
  it('orders categories and titles alphabetically, whatever their case', () => {
    const blocks = builtinCatalog().list();
    const groups = groupBlocks(blocks, '');
    const categories = groups.map((g) => g.category);
    const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());
    expect(lower(categories)).toEqual(lower(categories).sort());
    for (const g of groups)
      expect(lower(g.blocks.map((b) => b.title))).toEqual(lower(g.blocks.map((b) => b.title)).sort());
    expect(groups.flatMap((g) => g.blocks)).toHaveLength(blocks.length);
  });

  it('keeps only the blocks a search finds', () => {
    const groups = groupBlocks(builtinCatalog().list(), 'WAIT');
    expect(groups.flatMap((g) => g.blocks.map((b) => b.name))).toContain('wait');
  });
});
