import { describe, expect, it } from 'vitest';
import { diffText, type TextReplace } from './text-diff';

function apply(before: string, changes: readonly TextReplace[]): string {
  let out = '';
  let at = 0;
  for (const c of changes) {
    expect(c.start).toBeGreaterThanOrEqual(at);
    expect(c.end).toBeGreaterThanOrEqual(c.start);
    out += before.slice(at, c.start) + c.text;
    at = c.end;
  }
  return out + before.slice(at);
}

/** Steps in chains, with a layout at the end, like the studio bench's 500-step file. */
function bigWorkflow(n: number): string {
  const steps = ['apiVersion: weft/v1', 'kind: Workflow', 'id: big', 'steps:'];
  const layout = ['layout:'];
  for (let i = 0; i < n; i++) {
    steps.push(`  - id: s${i}`, '    uses: transform', `    needs: [s${Math.max(0, i - 1)}]`);
    steps.push('    with:', `      expression: "${i} + 1"`);
    layout.push(`  s${i}: [${(i % 10) * 260}, ${Math.floor(i / 10) * 120}]`);
  }
  return [...steps, ...layout, ''].join('\n');
}

describe('diffText', () => {
  it('finds the smallest replacement between two texts', () => {
    expect(diffText('abcdef', 'abXYef')).toEqual([{ start: 2, end: 4, text: 'XY' }]);
    expect(diffText('same', 'same')).toEqual([]);
    expect(diffText('aaa', 'aaaa')).toEqual([{ start: 3, end: 3, text: 'a' }]);
    expect(diffText('\nx', 'y\nx')).toEqual([{ start: 0, end: 0, text: 'y' }]);
    expect(diffText('a\n', '')).toEqual([{ start: 0, end: 2, text: '' }]);
  });

  it('replaces each changed place on its own, not everything between them', () => {
    const before =
      'steps:\n  - id: a\n  - id: b\n  - id: c\nlayout:\n  a: [0, 0]\n  b: [1, 1]\n  c: [2, 2]\n';
    const after = 'steps:\n  - id: a\n  - id: c\nlayout:\n  a: [0, 0]\n  c: [2, 2]\n';
    const changes = diffText(before, after);
    expect(changes).toEqual([
      { start: before.indexOf('  - id: b'), end: before.indexOf('  - id: c'), text: '' },
      { start: before.indexOf('  b: [1, 1]'), end: before.indexOf('  c: [2, 2]'), text: '' },
    ]);
    expect(apply(before, changes)).toBe(after);
  });

  it('removing a step of a 500-step file touches its own lines and its layout entry', () => {
    const before = bigWorkflow(500);
    const after = before
      .replace(
        '  - id: s16\n    uses: transform\n    needs: [s15]\n    with:\n      expression: "16 + 1"\n',
        '',
      )
      .replace('  s16: [1560, 120]\n', '')
      .replace('needs: [s16]', 'needs: []');
    const changes = diffText(before, after);
    expect(changes).toHaveLength(3);
    expect(changes.reduce((n, c) => n + (c.end - c.start), 0)).toBeLessThan(200);
    expect(apply(before, changes)).toBe(after);
  });

  it('on a 500-step file, replaces only the places that changed, however far apart', () => {
    let seed = 11;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const before = bigWorkflow(500);
    const lines = before.split('\n');
    for (let round = 0; round < 40; round++) {
      const next = [...lines];
      // A few places: a line removed, changed or added, anywhere (a step, a need, a layout entry).
      const places = 1 + Math.floor(random() * 4);
      for (let k = 0; k < places; k++) {
        const at = Math.floor(random() * next.length);
        const what = random();
        if (what < 0.4) next.splice(at, 1);
        else if (what < 0.7) next[at] = `${next[at] ?? ''} # changed ${round}`;
        else next.splice(at, 0, `  - id: new${round}_${k}`);
      }
      const after = next.join('\n');
      const changes = diffText(before, after);
      expect(apply(before, changes)).toBe(after);
      expect(changes.length).toBeLessThanOrEqual(places);
      expect(changes.reduce((n, c) => n + (c.end - c.start) + c.text.length, 0)).toBeLessThan(80 * places);
    }
  });

  it('gives texts that differ everywhere back as they are', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const lines = ['a', 'b', 'c', '', '  - id: x'];
    const text = (n: number) =>
      Array.from({ length: n }, () => lines[Math.floor(random() * lines.length)]).join('\n');
    for (let i = 0; i < 300; i++) {
      const before = text(Math.floor(random() * 12));
      const after = text(Math.floor(random() * 12)) + (random() < 0.5 ? '\n' : '');
      expect(apply(before, diffText(before, after))).toBe(after);
    }
  });

  it('leaves out exactly the common head and tail, however long (compared in stretches)', () => {
    let seed = 11;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    // One line: the replacement is the whole text less the longest common head and tail.
    const text = (n: number) => Array.from({ length: n }, () => (random() < 0.5 ? 'a' : 'b')).join('');
    for (let i = 0; i < 300; i++) {
      const head = text(Math.floor(random() * 1500));
      const tail = text(Math.floor(random() * 1500));
      const before = head + text(Math.floor(random() * 4)) + tail;
      const after = head + text(Math.floor(random() * 4)) + tail;
      let same = 0;
      while (same < Math.min(before.length, after.length) && before[same] === after[same]) same++;
      let back = 0;
      const most = Math.min(before.length, after.length) - same;
      while (back < most && before[before.length - 1 - back] === after[after.length - 1 - back]) back++;
      expect(diffText(before, after)).toEqual(
        before === after
          ? []
          : [{ start: same, end: before.length - back, text: after.slice(same, after.length - back) }],
      );
    }
  });
});
