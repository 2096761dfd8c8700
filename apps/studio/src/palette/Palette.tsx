/** The block palette: searchable, grouped by category; drag a block onto the canvas (or press Enter to add it). */
import { useMemo, useState, type DragEvent } from 'react';
import { BlockIcon } from '../canvas/BlockIcon';
import { BLOCK_DRAG_TYPE } from '../canvas/drag';
import { groupBlocks, usesFor } from '../document/catalog';
import { useDoc, useDocumentStore } from '../document/context';
import { addStep } from '../editor/commands/add-step';

export function Palette() {
  const store = useDocumentStore();
  const catalog = useDoc((s) => s.catalog);
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupBlocks(catalog.list(), query), [catalog, query]);

  const onDragStart = (e: DragEvent, uses: string) => {
    e.dataTransfer.setData(BLOCK_DRAG_TYPE, uses);
    e.dataTransfer.setData('text/plain', uses);
    e.dataTransfer.effectAllowed = 'copy';
  };

  const add = (uses: string) => {
    const s = store.getState();
    const selected = [...s.selectedSteps];
    const r = addStep(store, {
      uses,
      ...(selected.length === 1 && selected[0] ? { needs: [selected[0]] } : {}),
    });
    if (!r.ok) s.notify(r.error);
    else if (r.id) s.select([r.id]);
  };

  return (
    <aside className="palette" aria-label="Blocks">
      <h2>Blocks</h2>
      <input
        type="search"
        placeholder="Search blocks"
        aria-label="Search blocks"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {groups.length === 0 && <p className="muted">No block matches “{query}”.</p>}
      {groups.map((g) => (
        <section key={g.category} aria-label={g.category}>
          <h3>{g.category}</h3>
          <ul>
            {g.blocks.map((b) => {
              const uses = usesFor(b);
              return (
                // The list item stays a list item; the block inside is the button (named by its
                // visible text, title then `uses`, so speech input can say what it reads).
                <li key={b.name}>
                  <div
                    className="palette-block"
                    draggable
                    tabIndex={0}
                    role="button"
                    title={`${b.description}\nDrag onto the canvas, or press Enter to add.`}
                    data-uses={uses}
                    onDragStart={(e) => onDragStart(e, uses)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        add(uses);
                      }
                    }}
                    onDoubleClick={() => add(uses)}
                  >
                    <BlockIcon icon={b.icon} name={b.name} />
                    <span className="palette-title">{b.title}</span> <code>{uses}</code>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </aside>
  );
}
