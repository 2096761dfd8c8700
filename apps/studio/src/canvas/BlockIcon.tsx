/** A block's icon: manifests name an icon (`globe`, `git-branch`…) or give an emoji directly. */
import { memo } from 'react';

const GLYPHS: Record<string, string> = {
  globe: '🌐', wand: '✨', 'user-check': '✔', 'x-octagon': '✖', http: '🌐', 'git-branch': '⑂', branch: '⑂', if: '⑂', split: '⑂', switch: '☰', list: '☰',
  shuffle: '⇄', transform: 'ƒ', function: 'ƒ', code: '{}', braces: '{}', clock: '⏱', timer: '⏱', wait: '⏱',
  check: '✔', 'check-circle': '✔', approval: '✔', workflow: '⧉', layers: '⧉', x: '✖', 'x-circle': '✖', fail: '✖',
  table: '▦', csv: '▦', lock: '🔒', key: '🔑', crypto: '🔑', type: 'T', text: 'T', hash: '#',
};

export const BlockIcon = memo(function BlockIcon({ icon, name }: { icon: string; name: string }) {
  const glyph = GLYPHS[icon] ?? GLYPHS[name] ?? ([...icon].length <= 2 ? icon : name.slice(0, 1).toUpperCase());
  return (
    <span className="block-icon" aria-hidden="true">
      {glyph}
    </span>
  );
});
