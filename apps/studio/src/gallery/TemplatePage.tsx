/**
 * One template (`#/templates/<id>`): what it does, its workflow drawn, the inputs it takes, the
 * secrets and hosts it needs, its YAML, and "Use this template".
 */
import { useMemo } from 'react';
import { useSecrets, useTemplate } from '../api/queries';
import { PageNav } from '../app/PageNav';
import { href } from '../app/router';
import { useDenied } from '../auth/session';
import { MiniCanvas } from './MiniCanvas';
import { shortValue, templateInputs } from './template-inputs';
import { useUseTemplate } from './useUseTemplate';
import './gallery.css';

export function TemplatePage({ templateId }: { templateId: string }) {
  const t = useTemplate(templateId);
  // Which secrets already exist: a viewer may list names (never values).
  const secrets = useSecrets();
  const { use, busy, error } = useUseTemplate();
  const denied = useDenied('editor');
  const inputs = useMemo(() => (t.data ? templateInputs(t.data.yaml, t.data.inputs) : []), [t.data]);
  const have = new Set((secrets.data ?? []).map((s) => s.name));

  if (t.error)
    return (
      <main className="page" aria-label="Template">
        <PageNav title="Template" current="templates" />
        <p className="page-error" role="alert">
          Cannot open template “{templateId}”: {t.error}.{' '}
          <a href={href({ page: 'templates' })}>All templates</a>
        </p>
      </main>
    );
  if (!t.data) return <p className="loading">Opening…</p>;
  const d = t.data;
  return (
    <main className="page page-wide" aria-label={`Template ${d.title}`}>
      <PageNav title="Templates" current="templates" />
      <p>
        <a href={href({ page: 'templates' })}>← All templates</a>
      </p>
      <div className="template-detail">
        <div className="template-detail-main">
          <h2 className="template-title">{d.title}</h2>
          <p>{d.description}</p>
          <p className="template-badges">
            <span className="badge">{d.category}</span>
            <span className={`badge difficulty-${d.difficulty}`}>{d.difficulty}</span>
            {d.tags.map((tag) => (
              <span key={tag} className="badge badge-tag">
                {tag}
              </span>
            ))}
          </p>
          <div className="template-detail-canvas">
            <MiniCanvas steps={d.steps} label={`Steps of ${d.title}`} wrap={6} />
          </div>
          <section aria-label="YAML">
            <h3>YAML</h3>
            <pre className="template-yaml" tabIndex={0}>
              <code>{d.yaml}</code>
            </pre>
          </section>
        </div>
        <aside className="template-detail-side" aria-label="What it needs">
          <button
            type="button"
            className="primary template-use"
            onClick={() => void use(d.id)}
            disabled={busy !== null || denied !== null}
            title={denied ?? undefined}
          >
            {busy ? 'Creating…' : 'Use this template'}
          </button>
          <p className="muted">
            Creates a new workflow <code>{d.workflowId}</code> (or <code>{d.workflowId}-2</code>… if that id
            is taken) and opens it in the editor.
            {d.triggers.length > 0 && ` Its ${d.triggers.join(', ')} trigger starts switched off.`}
          </p>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <section aria-label="Secrets">
            <h3>Secrets</h3>
            {d.secrets.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <ul className="need-list">
                {d.secrets.map((s) => (
                  <li key={s}>
                    <code>{s}</code>{' '}
                    {secrets.data &&
                      (have.has(s) ? (
                        <span className="ok-text">set</span>
                      ) : (
                        <a href={href({ page: 'secrets' })}>not set yet</a>
                      ))}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-label="Hosts">
            <h3>Hosts it calls</h3>
            {d.hosts.length === 0 ? (
              <p className="muted">None: it needs no network.</p>
            ) : (
              <ul className="need-list">
                {d.hosts.map((h) => (
                  <li key={h}>
                    <code>{h}</code>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-label="Inputs">
            <h3>Inputs</h3>
            {inputs.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <dl className="input-list">
                {inputs.map((i) => (
                  <div key={i.name}>
                    <dt>
                      <code>{i.name}</code> <span className="muted">{i.type}</span>
                      {i.required && <span className="required"> required</span>}
                    </dt>
                    <dd>
                      {i.description && <span>{i.description}. </span>}
                      {i.default !== undefined && (
                        <span className="muted">Default {shortValue(i.default)}. </span>
                      )}
                      {i.sample !== undefined && <span>Sample: {shortValue(i.sample)}</span>}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </section>
          {d.triggers.length > 0 && (
            <section aria-label="Triggers">
              <h3>Triggers</h3>
              <p>{d.triggers.join(', ')}</p>
            </section>
          )}
        </aside>
      </div>
    </main>
  );
}
