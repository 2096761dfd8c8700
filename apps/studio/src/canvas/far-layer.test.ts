import { getBezierPath, Position } from '@xyflow/react';
import { describe, expect, it, vi } from 'vitest';
import { boxAt, boxesPath, CurveCache, edgesPath, FAR_BOX, handlesPath } from './far-layer';

describe('the far layer of a large file', () => {
  it('draws one rounded box per step, as one path', () => {
    const d = boxesPath([
      { x: 0, y: 0 },
      { x: 260, y: 120 },
    ]);
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.startsWith(`M${FAR_BOX.radius} 0h${FAR_BOX.width - 2 * FAR_BOX.radius}`)).toBe(true);
    expect(d).toContain(`M${260 + FAR_BOX.radius} 120`);
    expect(boxesPath([])).toBe('');
  });

  it('draws each edge as React Flow does, from the right side of its source to the left of its target', () => {
    const at = new Map([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 260, y: 120 }],
    ]);
    const d = edgesPath(
      [
        { source: 'a', target: 'b' },
        { source: 'a', target: 'gone' },
      ],
      (id) => at.get(id),
    );
    const [expected] = getBezierPath({
      sourceX: 204.5,
      sourceY: 28,
      sourcePosition: Position.Right,
      targetX: 255.5,
      targetY: 148,
      targetPosition: Position.Left,
    });
    expect(d).toBe(expected);
  });

  it("ends an edge at its steps' measured handles where known (a port's handle at its row)", () => {
    const nodes = new Map([
      [
        'a',
        {
          position: { x: 0, y: 0 },
          source: [
            { id: 'out', x: 195.5, y: 23.5, width: 9, height: 9 },
            { id: 'then', x: 195.5, y: 60, width: 9, height: 9 },
          ],
        },
      ],
      ['b', { position: { x: 260, y: 120 }, target: [{ id: 'in', x: -4.5, y: 30, width: 9, height: 9 }] }],
    ]);
    const d = edgesPath([{ source: 'a', target: 'b', sourceHandle: 'then' }], (id) => nodes.get(id));
    const [expected] = getBezierPath({
      sourceX: 204.5,
      sourceY: 64.5,
      sourcePosition: Position.Right,
      targetX: 255.5,
      targetY: 154.5,
      targetPosition: Position.Left,
    });
    expect(d).toBe(expected);
  });

  it('puts the handles at mid-height of each side', () => {
    expect(handlesPath([{ x: 10, y: 20 }], 'in')).toMatch(/^M5\.5 48a/);
    expect(handlesPath([{ x: 10, y: 20 }], 'out')).toMatch(/^M205\.5 48a/);
  });

  it('finds the step whose box is under a point, the one drawn last where boxes overlap', () => {
    const steps = [
      { id: 'a', position: { x: 0, y: 0 } },
      { id: 'b', position: { x: 100, y: 20 } },
    ];
    expect(boxAt(steps, { x: 10, y: 10 })?.id).toBe('a');
    expect(boxAt(steps, { x: 150, y: 30 })?.id).toBe('b');
    expect(boxAt(steps, { x: 250, y: 30 })?.id).toBe('b');
    expect(boxAt(steps, { x: 150, y: 100 })).toBeUndefined();
  });

  it('keeps the curve of an edge whose ends did not move, and makes it again when one did', () => {
    const at = new Map([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 260, y: 120 }],
      ['c', { x: 520, y: 0 }],
    ]);
    const edges = [
      { id: 'a->b', source: 'a', target: 'b' },
      { id: 'b->c', source: 'b', target: 'c' },
    ];
    const curves = new CurveCache();
    const made = (curves as unknown as { curves: Map<string, unknown> }).curves;
    const spy = vi.spyOn(made, 'set');
    const first = edgesPath(edges, (id) => at.get(id), curves);
    expect(first).toBe(edgesPath(edges, (id) => at.get(id)));
    expect(spy).toHaveBeenCalledTimes(2);
    // Drawn again with nothing moved: the same text, no curve made.
    expect(edgesPath(edges, (id) => at.get(id), curves)).toBe(first);
    expect(spy).toHaveBeenCalledTimes(2);
    // c moved: only b->c is made again, and the path is what an uncached draw gives.
    at.set('c', { x: 540, y: 40 });
    const moved = edgesPath(edges, (id) => at.get(id), curves);
    expect(spy).toHaveBeenCalledTimes(3);
    expect(moved).toBe(edgesPath(edges, (id) => at.get(id)));
    expect(moved).not.toBe(first);
  });
});
