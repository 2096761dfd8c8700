/**
 * The template gallery (`#/templates`): search, category and tag filters, a card per template with
 * its mini-canvas, "Preview" (the detail page) and "Use" (a new workflow, opened in the editor).
 * Filtering is the server's (`templates.list`), so the studio, the API and the CLI agree on it.
 */
import { useEffect, useMemo, useState } from 'react';
import { GALLERY_CATEGORIES } from '@weft/dsl';
import { useTemplates } from '../api/queries';
import { PageNav } from '../app/PageNav';
import { useDenied } from '../auth/session';
import { TemplateCard } from './TemplateCard';
import { useUseTemplate } from './useUseTemplate';
import './gallery.css';

const FILTERS = 'weft.studio.gallery.filters';

/** The filters of this tab's last visit: back from a template's page, the list is as it was left. */
function storedFilters(): { search: string; category: string; tag: string } {
  try {
    const v = JSON.parse(sessionStorage.getItem(FILTERS) ?? '{}') as Record<string, unknown>;
    const text = (k: string) => (typeof v[k] === 'string' ? v[k] : '');
    return { search: text('search'), category: text('category'), tag: text('tag') };
  } catch {
    return { search: '', category: '', tag: '' };
  }
}

export function GalleryPage() {
  const [initial] = useState(storedFilters);
  const [search, setSearch] = useState(initial.search);
  const [category, setCategory] = useState(initial.category);
  const [tag, setTag] = useState(initial.tag);
  useEffect(() => {
    try {
      sessionStorage.setItem(FILTERS, JSON.stringify({ search, category, tag }));
    } catch {
      // storage off: the filters start empty next time
    }
  }, [search, category, tag]);
  const all = useTemplates();
  const shown = useTemplates({
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(category ? { category } : {}),
    ...(tag ? { tag } : {}),
  });
  const { use, busy, error } = useUseTemplate();
  const denied = useDenied('editor');

  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const t of all.data ?? []) m.set(t.category, (m.get(t.category) ?? 0) + 1);
    return m;
  }, [all.data]);
  const tags = useMemo(() => [...new Set((all.data ?? []).flatMap((t) => t.tags))].sort(), [all.data]);
  const categories = GALLERY_CATEGORIES.filter((c) => counts.has(c));
  const filtered = search.trim() !== '' || category !== '' || tag !== '';

  return (
    <main className="page page-wide" aria-label="Templates">
      <PageNav title="Templates" current="templates" />
      <p className="muted gallery-intro">
        Complete workflows to start from. Each one is tested in CI against stand-ins of the services it calls.
        “Use” makes your own copy under a new id; nothing you have is overwritten.
      </p>
      <div className="gallery-filters">
        <input
          type="search"
          aria-label="Search templates"
          placeholder="Search templates: slack, retry, approval…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <label>
          Tag{' '}
          <select aria-label="Tag" value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">any</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button
            type="button"
            onClick={() => {
              setSearch('');
              setCategory('');
              setTag('');
            }}
          >
            Clear filters
          </button>
        )}
      </div>
      <div className="category-chips" role="group" aria-label="Categories">
        <button type="button" aria-pressed={category === ''} onClick={() => setCategory('')}>
          All <span className="muted">{all.data?.length ?? ''}</span>
        </button>
        {categories.map((c) => (
          <button key={c} type="button" aria-pressed={category === c} onClick={() => setCategory(c)}>
            {c} <span className="muted">{counts.get(c)}</span>
          </button>
        ))}
      </div>
      {(all.error ?? shown.error) && (
        <p className="page-error" role="alert">
          Cannot load the templates: {all.error ?? shown.error}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="muted" aria-live="polite">
        {shown.data ? `${shown.data.length} template${shown.data.length === 1 ? '' : 's'}` : 'Loading…'}
      </p>
      <div className="template-grid" aria-label="Template cards" role="list">
        {(shown.data ?? []).map((t) => (
          <div role="listitem" key={t.id}>
            <TemplateCard template={t} busy={busy === t.id} denied={denied} onUse={() => void use(t.id)} />
          </div>
        ))}
      </div>
      {shown.data?.length === 0 && (
        <p className="muted">No template matches. Try fewer words, or another category.</p>
      )}
    </main>
  );
}
