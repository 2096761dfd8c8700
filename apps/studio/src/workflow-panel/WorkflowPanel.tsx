/**
 * The workflow panel: everything outside the steps, as forms — name, description, concurrency,
 * inputs, outputs, triggers, notifications, permissions and variables. Shown in the inspector when no step is
 * selected. Every field writes through the DSL edit API, so comments and untouched lines stay.
 */
import { SHORTCUTS } from '../canvas/useCanvasShortcuts';
import { useDoc } from '../document/context';
import { GeneralSection } from './GeneralSection';
import { InputsSection } from './InputsSection';
import { NotificationsSection } from './NotificationsSection';
import { OutputsSection } from './OutputsSection';
import { PermissionsSection } from './PermissionsSection';
import { TriggersSection } from './TriggersSection';
import { VarsSection } from './VarsSection';
import './workflow-panel.css';

export function WorkflowPanel() {
  const wf = useDoc((s) => s.workflow);
  const count = useDoc((s) => s.diagnostics.length);
  const unchecked = useDoc((s) => s.diagnosed === null && s.checking);
  const stale = useDoc((s) => s.stale);
  return (
    <div className="workflow-panel" role="region" aria-label="Workflow">
      <h2>Workflow</h2>
      <p className="muted">
        {wf ? `${wf.steps.length} step(s)` : 'No valid workflow yet.'} ·{' '}
        {unchecked ? 'checking' : count === 0 ? 'no problems' : `${count} problem(s)`}. Select a step to edit
        it.
      </p>
      {wf && !stale ? (
        <>
          <GeneralSection />
          <InputsSection />
          <OutputsSection />
          <TriggersSection />
          <NotificationsSection />
          <PermissionsSection />
          <VarsSection />
        </>
      ) : (
        <p className="field-error">Fix the YAML to edit the workflow here.</p>
      )}
      <details className="shortcuts-box">
        <summary>Keyboard shortcuts</summary>
        <dl className="shortcuts">
          {SHORTCUTS.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  );
}
