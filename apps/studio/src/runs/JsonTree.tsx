/** A collapsible JSON tree for step inputs, outputs, errors and logs. */
import { useState } from 'react';

export function JsonTree({ value, label, depth = 0 }: { value: unknown; label?: string; depth?: number }) {
  const [open, setOpen] = useState(depth < 2);
  const isObj = value !== null && typeof value === 'object';
  if (!isObj) {
    return (
      <div className="json-leaf">
        {label !== undefined && <span className="json-key">{label}: </span>}
        <span className={`json-${value === null ? 'null' : typeof value}`}>
          {JSON.stringify(value) ?? 'undefined'}
        </span>
      </div>
    );
  }
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value as Record<string, unknown>);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <div className="json-node">
      <button type="button" className="json-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {label !== undefined && <span className="json-key">{label}</span>}{' '}
        <span className="muted">{summary}</span>
      </button>
      {open && (
        <div className="json-children">
          {entries.map(([k, v]) => (
            <JsonTree key={k} label={k} value={v} depth={depth + 1} />
          ))}
        </div>
      )}
    </div>
  );
}
