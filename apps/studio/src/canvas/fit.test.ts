import { describe, expect, it } from 'vitest';
import { fitPadding, MINIMAP } from './fit';

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
