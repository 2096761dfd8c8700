/**
 * A block's icon. Manifests name an icon (`globe`, `git-branch`, …); these are drawn as small
 * inline SVGs so that they look the same on every machine, fonts or not. Unknown names fall back
 * to the block's initial.
 */
import { memo, type ReactNode } from 'react';

const ICONS: Record<string, ReactNode> = {
  globe: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18" />
    </>
  ),
  'git-branch': (
    <>
      <circle cx="6" cy="5" r="2" />
      <circle cx="6" cy="19" r="2" />
      <circle cx="18" cy="7" r="2" />
      <path d="M6 7v10M18 9c0 5-12 3-12 8" />
    </>
  ),
  split: <path d="M4 12h6l4-6h6M10 12l4 6h6M4 12" />,
  wand: <path d="M4 20 16 8M14 4v3M18 6h3M19 10v3M12 6h-3" />,
  code: <path d="m8 7-5 5 5 5M16 7l5 5-5 5" />,
  clock: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </>
  ),
  'user-check': (
    <>
      <circle cx="9" cy="8" r="4" />
      <path d="M2 21c0-4 3-6 7-6s7 2 7 6M16 11l2 2 4-4" />
    </>
  ),
  workflow: (
    <>
      <rect x="3" y="3" width="7" height="7" rx="1" />
      <rect x="14" y="14" width="7" height="7" rx="1" />
      <path d="M10 6.5h4a3 3 0 0 1 3 3V14" />
    </>
  ),
  'x-octagon': (
    <>
      <path d="M8 3h8l5 5v8l-5 5H8l-5-5V8z" />
      <path d="m9 9 6 6M15 9l-6 6" />
    </>
  ),
  table: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="1" />
      <path d="M3 10h18M3 15h18M10 4v16" />
    </>
  ),
  key: (
    <>
      <circle cx="8" cy="15" r="4" />
      <path d="m11 12 9-9M17 6l3 3" />
    </>
  ),
  type: <path d="M5 6V4h14v2M12 4v16M9 20h6" />,
};
const ALIASES: Record<string, string> = {
  http: 'globe',
  if: 'git-branch',
  switch: 'split',
  transform: 'wand',
  wait: 'clock',
  approval: 'user-check',
  fail: 'x-octagon',
  csv: 'table',
  crypto: 'key',
  text: 'type',
  lock: 'key',
};

export const BlockIcon = memo(function BlockIcon({ icon, name }: { icon: string; name: string }) {
  const shape = ICONS[icon] ?? ICONS[ALIASES[icon] ?? ''] ?? ICONS[ALIASES[name.split('@')[0] ?? ''] ?? ''];
  return (
    <span className="block-icon" aria-hidden="true">
      {shape ? (
        <svg
          viewBox="0 0 24 24"
          width="15"
          height="15"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          {shape}
        </svg>
      ) : (
        name.slice(0, 1).toUpperCase()
      )}
    </span>
  );
});
