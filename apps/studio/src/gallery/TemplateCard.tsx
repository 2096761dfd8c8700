/** One gallery card: the mini-canvas, title, description, category and what it needs. */
import type { TemplateInfo } from '../api/router-types';
import { href } from '../app/router';
import { MiniCanvas } from './MiniCanvas';

export function TemplateCard({
  template: t,
  onUse,
  busy,
  denied,
}: {
  template: TemplateInfo;
  onUse: () => void;
  busy: boolean;
  denied: string | null;
}) {
  const needs = [
    t.secrets.length > 0 ? `${t.secrets.length} secret${t.secrets.length > 1 ? 's' : ''}` : null,
    t.hosts.length > 0 ? `${t.hosts.length} host${t.hosts.length > 1 ? 's' : ''}` : null,
  ].filter(Boolean);
  return (
    <article className="template-card" aria-label={t.title}>
      <a href={href({ page: 'template', templateId: t.id })} className="template-card-canvas" tabIndex={-1}>
        <MiniCanvas steps={t.steps} label={`Steps of ${t.title}`} />
      </a>
      <h2>
        <a href={href({ page: 'template', templateId: t.id })}>{t.title}</a>
      </h2>
      <p className="template-card-text">{t.description}</p>
      <p className="template-badges">
        <span className="badge">{t.category}</span>
        <span className={`badge difficulty-${t.difficulty}`}>{t.difficulty}</span>
        <span className="muted">
          {t.steps.length} step{t.steps.length === 1 ? '' : 's'}
          {needs.length > 0 ? ` · needs ${needs.join(', ')}` : ' · needs nothing'}
        </span>
      </p>
      <div className="template-card-actions">
        <a
          className="button"
          href={href({ page: 'template', templateId: t.id })}
          aria-label={`Preview ${t.title}`}
        >
          Preview
        </a>
        <button
          type="button"
          className="primary"
          onClick={onUse}
          disabled={busy || denied !== null}
          title={denied ?? undefined}
          aria-label={`Use ${t.title}`}
        >
          {busy ? 'Creating…' : 'Use'}
        </button>
      </div>
    </article>
  );
}
