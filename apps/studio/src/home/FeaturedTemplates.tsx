/** What a server without workflows shows: a few highlighted templates to start from, instead of an empty table. */
import { useTemplates } from '../api/queries';
import { href } from '../app/router';
import { useDenied } from '../auth/session';
import { TemplateCard } from '../gallery/TemplateCard';
import { useUseTemplate } from '../gallery/useUseTemplate';
import '../gallery/gallery.css';

const SHOWN = 6;

export function FeaturedTemplates() {
  const list = useTemplates();
  const { use, busy, error } = useUseTemplate();
  const denied = useDenied('editor');
  const all = list.data ?? [];
  const featured = all.filter((t) => t.featured);
  const shown = (featured.length > 0 ? featured : all).slice(0, SHOWN);
  return (
    <section aria-label="Featured templates" className="featured">
      <h2>No workflow yet: start from one of these</h2>
      <p className="muted">
        Each template is a complete, tested workflow. Use one to get your own copy, then fill in what its
        checklist asks. <a href={href({ page: 'templates' })}>See all templates</a>
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {list.error && <p className="muted">Cannot load the templates: {list.error}</p>}
      <div className="template-grid" role="list" aria-label="Template cards">
        {shown.map((t) => (
          <div role="listitem" key={t.id}>
            <TemplateCard template={t} busy={busy === t.id} denied={denied} onUse={() => void use(t.id)} />
          </div>
        ))}
      </div>
    </section>
  );
}
