/**
 * The workflow's run-end notifications (`notify`, dsl-v1 §10): for each entry, which ends it hears
 * (failed, success, cancelled, any), the webhook URL and an optional signing secret. Values are
 * shown as written in the YAML; every change is one edit through the DSL edit API.
 */
import { useDoc } from '../document/context';
import { CommitInput } from '../inspector/CommitInput';
import { NOTIFY_ENDS, toggleOn } from './notify-on';
import { asText, rawField } from './raw-workflow';
import { useWorkflowEdit } from './useWorkflowEdit';

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});

const NEW_ENTRY: Raw = { on: ['failed'], webhook: { url: 'https://hooks.example.com/weft' } };

export function NotificationsSection() {
  const doc = useDoc((s) => s.doc);
  useDoc((s) => s.text); // the document is edited in place: re-read on every change
  const edit = useWorkflowEdit();
  const raw = rawField(doc, 'notify');
  const entries = Array.isArray(raw) ? raw.map(obj) : [];
  return (
    <section className="wf-section" aria-label="Notifications">
      <h3>Notifications</h3>
      <p className="muted">
        When a run ends, POST a signed JSON notice to a URL (retried; failures are listed under Schedules →
        Dead letters).
      </p>
      {entries.map((n, i) => {
        const on = Array.isArray(n.on) ? n.on.map(String) : [];
        const hook = obj(n.webhook);
        return (
          <fieldset className="wf-row" key={i} aria-label={`Notification ${i + 1}`}>
            <legend>notify</legend>
            <div className="notify-on" role="group" aria-label="When the run">
              <span>when the run</span>
              {NOTIFY_ENDS.map(([status, label]) => (
                <label key={status} className="checkbox">
                  <input
                    type="checkbox"
                    checked={on.includes(status)}
                    onChange={(e) => edit.set(['notify', i, 'on'], toggleOn(on, status, e.target.checked))}
                  />
                  {label}
                </label>
              ))}
            </div>
            <label>
              webhook URL
              <CommitInput
                aria-label="Notification URL"
                value={asText(hook.url)}
                placeholder="https://hooks.example.com/weft"
                onCommit={(v) => edit.set(['notify', i, 'webhook', 'url'], v.trim())}
              />
            </label>
            <label>
              secret
              <CommitInput
                aria-label="Notification secret"
                placeholder="${{ secrets.NOTIFY_SECRET }}"
                value={asText(hook.secret)}
                onCommit={(v) =>
                  edit.set(['notify', i, 'webhook', 'secret'], v.trim() === '' ? undefined : v.trim())
                }
              />
            </label>
            <button
              type="button"
              className="danger"
              aria-label={`Remove notification ${i + 1}`}
              onClick={() =>
                edit.set(['notify'], entries.length > 1 ? entries.filter((_, j) => j !== i) : undefined)
              }
            >
              Remove
            </button>
          </fieldset>
        );
      })}
      <div className="add-row">
        <button
          type="button"
          onClick={() =>
            entries.length === 0
              ? edit.set(['notify'], [NEW_ENTRY])
              : edit.set(['notify', entries.length], NEW_ENTRY)
          }
        >
          Add notification
        </button>
      </div>
    </section>
  );
}
