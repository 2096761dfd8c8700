/**
 * The workflow's triggers: cron (with the schedule in words and its next fire times), interval and
 * webhook (path, method, mode, signature, secret). Values are shown as written in the YAML.
 */
import { useMemo, useState } from 'react';
import { useDoc } from '../document/context';
import { CommitInput } from '../inspector/CommitInput';
import { cronPreview, formatFireTime } from './cron-preview';
import { asText, rawField } from './raw-workflow';
import { useWorkflowEdit } from './useWorkflowEdit';

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});

const NEW_TRIGGER: Record<'cron' | 'interval' | 'webhook', Raw> = {
  cron: { cron: '0 8 * * 1-5', timezone: 'UTC' },
  interval: { interval: '15m' },
  webhook: { webhook: { path: 'my-hook', method: 'POST' } },
};

export function TriggersSection() {
  const doc = useDoc((s) => s.doc);
  useDoc((s) => s.text); // the document is edited in place: re-read on every change
  const edit = useWorkflowEdit();
  const raw = rawField(doc, 'triggers');
  const triggers = Array.isArray(raw) ? raw.map(obj) : [];
  const [kind, setKind] = useState<keyof typeof NEW_TRIGGER>('cron');
  return (
    <section className="wf-section" aria-label="Triggers">
      <h3>Triggers</h3>
      {triggers.length === 0 && (
        <p className="muted">No triggers: the workflow runs when started by hand or by the API.</p>
      )}
      {triggers.map((t, i) => (
        <fieldset className="wf-row" key={i} aria-label={`Trigger ${i + 1}`}>
          <legend>
            {'cron' in t ? 'cron' : 'interval' in t ? 'interval' : 'webhook' in t ? 'webhook' : 'trigger'}
          </legend>
          {'cron' in t && <CronFields index={i} trigger={t} />}
          {'interval' in t && (
            <label>
              every
              <CommitInput
                aria-label="Interval"
                value={asText(t.interval)}
                placeholder="15m"
                onCommit={(v) => edit.set(['triggers', i, 'interval'], v.trim())}
              />
            </label>
          )}
          {'webhook' in t && <WebhookFields index={i} hook={obj(t.webhook)} />}
          <button
            type="button"
            className="danger"
            aria-label={`Remove trigger ${i + 1}`}
            onClick={() =>
              edit.set(['triggers'], triggers.length > 1 ? triggers.filter((_, j) => j !== i) : undefined)
            }
          >
            Remove
          </button>
        </fieldset>
      ))}
      <div className="add-row">
        <select
          aria-label="Trigger type"
          value={kind}
          onChange={(e) => setKind(e.target.value as typeof kind)}
        >
          <option value="cron">cron (a schedule)</option>
          <option value="interval">interval (every …)</option>
          <option value="webhook">webhook (an HTTP call)</option>
        </select>
        <button
          type="button"
          onClick={() =>
            triggers.length === 0
              ? edit.set(['triggers'], [NEW_TRIGGER[kind]])
              : edit.set(['triggers', triggers.length], NEW_TRIGGER[kind])
          }
        >
          Add trigger
        </button>
      </div>
    </section>
  );
}

function CronFields({ index, trigger }: { index: number; trigger: Raw }) {
  const edit = useWorkflowEdit();
  const expr = asText(trigger.cron);
  const timezone = typeof trigger.timezone === 'string' ? trigger.timezone : undefined;
  const preview = useMemo(() => cronPreview(expr, timezone, new Date()), [expr, timezone]);
  return (
    <>
      <label>
        schedule
        <CommitInput
          aria-label="Cron expression"
          value={expr}
          onCommit={(v) => edit.set(['triggers', index, 'cron'], v.trim())}
        />
      </label>
      <label>
        timezone
        <CommitInput
          aria-label="Timezone"
          value={timezone ?? ''}
          placeholder="UTC"
          onCommit={(v) => edit.set(['triggers', index, 'timezone'], v.trim() === '' ? undefined : v.trim())}
        />
      </label>
      <div className="cron-preview" aria-label="Schedule preview" role="group">
        {preview.ok ? (
          <>
            <p>
              {preview.words}{' '}
              <span className="muted">
                ({preview.zone}
                {preview.zoneIsLocal ? ', your time zone: the server uses its own' : ''})
              </span>
            </p>
            <p className="muted">Next:</p>
            <ol>
              {preview.next.map((d) => (
                <li key={d.toISOString()}>
                  <time dateTime={d.toISOString()} title={d.toISOString()}>
                    {formatFireTime(d, preview.zone)}
                  </time>
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p className="field-error">{preview.error}</p>
        )}
      </div>
    </>
  );
}

function WebhookFields({ index, hook }: { index: number; hook: Raw }) {
  const edit = useWorkflowEdit();
  const at = (key: string) => ['triggers', index, 'webhook', key] as const;
  const method = typeof hook.method === 'string' ? hook.method : 'POST';
  return (
    <>
      <label>
        path
        <CommitInput
          aria-label="Webhook path"
          value={asText(hook.path)}
          onCommit={(v) => edit.set(at('path'), v.trim())}
        />
      </label>
      <p className="muted">
        Called at <code>/hooks/…/{asText(hook.path)}</code>
      </p>
      <label>
        method
        <select
          aria-label="Webhook method"
          value={method}
          onChange={(e) => edit.set(at('method'), e.target.value)}
        >
          {['POST', 'PUT', 'GET'].map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label>
        mode
        <select
          aria-label="Webhook mode"
          value={typeof hook.mode === 'string' ? hook.mode : 'async'}
          onChange={(e) => edit.set(at('mode'), e.target.value === 'async' ? undefined : e.target.value)}
        >
          <option value="async">async (answer at once)</option>
          <option value="sync">sync (answer with the run's outputs)</option>
        </select>
      </label>
      <label>
        signature
        <select
          aria-label="Webhook signature"
          value={typeof hook.signature === 'string' ? hook.signature : ''}
          onChange={(e) => edit.set(at('signature'), e.target.value === '' ? undefined : e.target.value)}
        >
          <option value="">none</option>
          <option value="github">github</option>
          <option value="stripe">stripe</option>
          <option value="hmac-sha256">hmac-sha256</option>
        </select>
      </label>
      <label>
        secret
        <CommitInput
          aria-label="Webhook secret"
          placeholder="${{ secrets.HOOK_SECRET }}"
          value={asText(hook.secret)}
          onCommit={(v) => edit.set(at('secret'), v.trim() === '' ? undefined : v.trim())}
        />
      </label>
    </>
  );
}
