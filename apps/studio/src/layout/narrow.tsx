/** Small screens: below 768 px the editor is replaced by a read-only view; runs and approvals still work. */
import { useSyncExternalStore } from 'react';
import { href } from '../app/router';
import { useDoc } from '../document/context';
import { NARROW } from './pane-sizes';
import './narrow.css';

export { NARROW };

const subscribe = (cb: () => void): (() => void) => {
  window.addEventListener('resize', cb);
  return () => window.removeEventListener('resize', cb);
};

export function useWindowWidth(): number {
  return useSyncExternalStore(subscribe, () => window.innerWidth);
}

export function NarrowEditor({ workflowId }: { workflowId: string | null }) {
  const wf = useDoc((s) => s.workflow);
  return (
    <main className="page narrow-editor" aria-label="Workflow">
      <p>
        <a href={href({ page: 'workflows' })} className="brand">
          Weft
        </a>
      </p>
      <h1>{wf?.name ?? wf?.id ?? 'Workflow'}</h1>
      <p role="note">
        Editing needs a wider screen (768 px or more). Here you can read the workflow and follow its runs, and
        approve the ones that wait for you.
      </p>
      {workflowId && (
        <p>
          <a className="button" href={href({ page: 'runs', workflowId })}>
            Runs of this workflow
          </a>
        </p>
      )}
      {wf && (
        <ol className="narrow-steps">
          {wf.steps.map((s) => (
            <li key={s.id}>
              <code>{s.id}</code> <span className="muted">{s.uses}</span>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
