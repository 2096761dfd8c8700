/**
 * "What to fill": shown in the editor of a workflow made from a template (its `x-gallery` card):
 * the secrets to set (a link to the secrets page), the hosts to allow (to the permissions form),
 * save, and a first run with the sample inputs. Every line ticks as soon as it is true.
 */
import { useMemo, useState } from 'react';
import { href } from '../app/router';
import { useDoc, useDocumentStore } from '../document/context';
import { rawField } from '../workflow-panel/raw-workflow';
import { templateChecklist, type ChecklistItem } from './checklist';
import { setReturnTo } from './return-to';
import { useServerFacts } from './useChecklistFacts';
import './checklist.css';

const hiddenKey = (id: string) => `weft.studio.checklist.hidden.${id}`;

function isHidden(id: string): boolean {
  try {
    return localStorage.getItem(hiddenKey(id)) === '1';
  } catch {
    return false;
  }
}

/** Shows the workflow panel's permissions form and puts the cursor in its "Allow host" field. */
function openPermissions(select: (ids: string[]) => void): void {
  select([]);
  requestAnimationFrame(() => {
    const section = document.querySelector<HTMLElement>(
      '[aria-label="Inspector"] [aria-label="Permissions"]',
    );
    section?.scrollIntoView({ block: 'center' });
    section?.querySelector<HTMLInputElement>('input[aria-label="Allow host"]')?.focus();
  });
}

export function TemplateChecklist({ workflowId, onRun }: { workflowId: string; onRun: () => void }) {
  const store = useDocumentStore();
  const text = useDoc((s) => s.text);
  const doc = useDoc((s) => s.doc);
  const allowedHosts = useDoc((s) => s.workflow?.permissions.network);
  const inputs = useDoc((s) => s.workflow?.inputs);
  const saved = useDoc((s) => s.text === s.savedText);
  const { secrets, succeeded } = useServerFacts(workflowId);
  const [hidden, setHidden] = useState(() => isHidden(workflowId));
  // `text` so that an edit of the card in the YAML re-reads it.
  const gallery = useMemo(() => rawField(doc, 'x-gallery'), [doc, text]);
  const items = useMemo(
    () =>
      templateChecklist({
        gallery,
        allowedHosts: allowedHosts ?? [],
        inputs: inputs ?? {},
        secrets,
        saved,
        succeeded,
      }),
    [gallery, allowedHosts, inputs, secrets, saved, succeeded],
  );
  if (!items) return null;
  const done = items.filter((i) => i.done).length;
  if (hidden)
    return (
      <button
        type="button"
        className="checklist-show"
        onClick={() => {
          localStorage.removeItem(hiddenKey(workflowId));
          setHidden(false);
        }}
      >
        Show the checklist ({done}/{items.length})
      </button>
    );
  return (
    <section className="checklist" aria-label="Checklist">
      <header>
        <h2>Before the first run</h2>
        <span className="checklist-count" aria-label="Progress">
          {done}/{items.length}
        </span>
        <button
          type="button"
          className="checklist-hide"
          aria-label="Hide the checklist"
          title="Hide the checklist"
          onClick={() => {
            localStorage.setItem(hiddenKey(workflowId), '1');
            setHidden(true);
          }}
        >
          ✕
        </button>
      </header>
      <ul>
        {items.map((item) => (
          <li key={item.key} className={item.done ? 'done' : undefined} aria-label={label(item)}>
            <span className="tick" aria-hidden="true">
              {item.done ? '✓' : '○'}
            </span>
            <span className="checklist-text">
              <span className="sr-only">{item.done ? 'Done: ' : 'To do: '}</span>
              <Line
                item={item}
                workflowId={workflowId}
                onRun={onRun}
                onPermissions={() => openPermissions((ids) => store.getState().select(ids))}
              />
            </span>
          </li>
        ))}
      </ul>
      {done === items.length && <p className="checklist-all">All set: the workflow is ready.</p>}
    </section>
  );
}

function label(item: ChecklistItem): string {
  switch (item.kind) {
    case 'secret':
      return `Secret ${item.name}`;
    case 'host':
      return `Host ${item.host}`;
    case 'save':
      return 'Save';
    case 'run':
      return 'Run';
  }
}

function Line({
  item,
  workflowId,
  onRun,
  onPermissions,
}: {
  item: ChecklistItem;
  workflowId: string;
  onRun: () => void;
  onPermissions: () => void;
}) {
  switch (item.kind) {
    case 'secret':
      return (
        <>
          Set the secret <code>{item.name}</code>
          {!item.done && (
            <>
              {' '}
              <a
                href={href({ page: 'secrets' })}
                onClick={() =>
                  setReturnTo({
                    hash: href({ page: 'editor', workflowId }),
                    label: workflowId,
                    secret: item.name,
                  })
                }
              >
                on the secrets page
              </a>
            </>
          )}
        </>
      );
    case 'host':
      return (
        <>
          Allow <code>{item.host}</code>
          {item.source === 'input' && <span className="muted"> (an input points there)</span>}
          {!item.done && (
            <>
              {' '}
              <button type="button" className="link" onClick={onPermissions}>
                in the permissions form
              </button>
            </>
          )}
        </>
      );
    case 'save':
      return <>{item.done ? 'Saved' : 'Save your changes (Ctrl+S)'}</>;
    case 'run':
      return (
        <>
          Run it once
          {item.samples.length > 0 && (
            <span className="muted"> (the Run form starts with sample {item.samples.join(', ')})</span>
          )}
          {!item.done && (
            <>
              {' '}
              <button type="button" className="link" onClick={onRun}>
                Run…
              </button>
            </>
          )}
        </>
      );
  }
}
