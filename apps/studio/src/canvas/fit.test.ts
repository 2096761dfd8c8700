import { describe, expect, it } from 'vitest';
import { estimatedFit, fitPadding, MINIMAP, ZOOM } from './fit';

describe('zoom to fit beside the minimap', () => {
  const viewport = { width: 900, height: 800 };
  it('reserves the minimap room below a wide graph', () => {
    const p = fitPadding({ width: 3000, height: 300 }, viewport);
    expect(p).toMatchObject({ bottom: `${MINIMAP.height + 2 * MINIMAP.margin}px`, right: '40px' });
  });
  it('reserves it to the right of a tall graph', () => {
    const p = fitPadding({ width: 250, height: 4000 }, viewport);
    expect(p).toMatchObject({ right: `${MINIMAP.width + 2 * MINIMAP.margin}px`, bottom: '40px' });
  });
});

describe('the fitted view before measuring', () => {
  const size = { width: 200, height: 72 };
  const viewport = { width: 1000, height: 800 };
  it('is zoom 1 at the origin with nothing to fit (or no room yet)', () => {
    expect(estimatedFit([], size, viewport)).toEqual({ x: 0, y: 0, zoom: 1 });
    expect(estimatedFit([{ x: 10, y: 10 }], size, { width: 0, height: 0 })).toEqual({ x: 0, y: 0, zoom: 1 });
  });
  it('never zooms in past 1 for a small graph', () => {
    expect(estimatedFit([{ x: 0, y: 0 }], size, viewport).zoom).toBe(ZOOM.fitMax);
  });
  it('shows a 500-step grid whole, inside the padding, at the zoom fitView would pick', () => {
    const positions = Array.from({ length: 500 }, (_, i) => ({
      x: (i % 10) * 260,
      y: Math.floor(i / 10) * 120,
    }));
    const v = estimatedFit(positions, size, viewport);
    const right = (9 * 260 + size.width) * v.zoom + v.x;
    const bottom = (49 * 120 + size.height) * v.zoom + v.y;
    expect(v.zoom).toBeGreaterThan(ZOOM.min);
    expect(v.zoom).toBeLessThan(0.3);
    expect(v.x).toBeGreaterThanOrEqual(40 - 1e-9);
    expect(v.y).toBeCloseTo(40, 6);
    expect(right).toBeLessThanOrEqual(viewport.width);
    expect(bottom).toBeCloseTo(viewport.height - 40, 6);
  });
});
