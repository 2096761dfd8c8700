import { describe, expect, it } from 'vitest';
import { miniLayout } from './mini-layout';

describe('miniLayout', () => {
  it('puts a step one column right of its furthest need', () => {
    const l = miniLayout([
      { id: 'a', uses: 'transform', needs: [] },
      { id: 'b', uses: 'if', needs: ['a'] },
      { id: 'c', uses: 'http@1', needs: ['b.true'] },
      { id: 'd', uses: 'transform', needs: ['a', 'c'] },
    ]);
    expect(l.nodes.map((n) => [n.id, n.col, n.row])).toEqual([
      ['a', 0, 0],
      ['b', 1, 0],
      ['c', 2, 0],
      ['d', 3, 0],
    ]);
    expect(l.edges).toEqual([
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'a', to: 'd' },
      { from: 'c', to: 'd' },
    ]);
    expect([l.cols, l.rows]).toEqual([4, 1]);
  });

  it('stacks parallel steps in rows and draws one edge per pair of steps', () => {
    const l = miniLayout([
      { id: 'gate', uses: 'approval', needs: [] },
      { id: 'yes', uses: 'transform', needs: ['gate.approved'] },
      { id: 'no', uses: 'transform', needs: ['gate.rejected'] },
      { id: 'end', uses: 'transform', needs: ['yes', 'no', 'no'] },
    ]);
    expect(l.nodes.find((n) => n.id === 'no')).toMatchObject({ col: 1, row: 1 });
    expect(l.edges.filter((e) => e.to === 'end')).toHaveLength(2);
    expect([l.cols, l.rows]).toEqual([3, 2]);
  });

  it('ignores unknown needs and survives a cycle', () => {
    const l = miniLayout([
      { id: 'a', uses: 'transform', needs: ['b', 'ghost'] },
      { id: 'b', uses: 'transform', needs: ['a'] },
    ]);
    expect(l.nodes).toHaveLength(2);
    expect(l.edges).toHaveLength(2);
    expect(miniLayout([])).toEqual({ nodes: [], edges: [], cols: 0, rows: 0 });
  });
});
