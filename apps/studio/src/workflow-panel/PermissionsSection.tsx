/** `permissions.network`: the hosts the workflow's network blocks may reach (deny by default). */
import { useDoc } from '../document/context';
import { AddRow } from './AddRow';
import { useWorkflowEdit } from './useWorkflowEdit';

export function PermissionsSection() {
  const hosts = useDoc((s) => s.workflow?.permissions.network);
  const edit = useWorkflowEdit();
  const list = hosts ?? [];
  const write = (next: readonly string[]) =>
    edit.set(['permissions', 'network'], next.length > 0 ? [...next] : undefined);
  return (
    <section className="wf-section" aria-label="Permissions">
      <h3>Permissions</h3>
      <p className="muted">Hosts that network blocks (http, …) may reach. Nothing else is allowed.</p>
      <ul className="host-list" aria-label="Allowed hosts">
        {list.map((h) => (
          <li key={h}>
            <code>{h}</code>{' '}
            <button
              type="button"
              aria-label={`Remove host ${h}`}
              onClick={() => write(list.filter((x) => x !== h))}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <AddRow
        label="Allow host"
        placeholder="api.example.com or *.example.com"
        onAdd={(host) => {
          if (/\s|\/\//.test(host)) return `Write a host name, e.g. api.example.com (not “${host}”).`;
          if (list.includes(host)) return `${host} is already allowed.`;
          return write([...list, host]) ? null : 'Could not add the host.';
        }}
      />
    </section>
  );
}
