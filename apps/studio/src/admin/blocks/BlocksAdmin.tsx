/**
 * Admin → Blocks: every block with version, sha256, signer and capabilities; install a `.tgz`
 * (made by `weft block pack`) after seeing what it asks for; remove; verify.
 */
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../api/hooks';
import { useBlockCalls } from '../../api/ops-calls';
import type { BlockList, BlockPreview } from '../../api/router-types';
import { href } from '../../app/router';
import { useDenied } from '../../auth/session';
import { SessionMenu } from '../../auth/SessionMenu';
import { fileBase64, mib, ms } from './block-files';

interface Pending {
  file: string;
  archive: string;
  preview: BlockPreview;
}

export function BlocksAdmin() {
  const denied = useDenied('admin');
  const blocks = useBlockCalls();
  const [list, setList] = useState<BlockList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);

  const reload = useCallback(() => {
    blocks.list().then(setList, (e: unknown) => setError(`Cannot list the blocks: ${errorText(e)}`));
  }, [blocks]);
  useEffect(reload, [reload]);

  const choose = async (file: File | undefined) => {
    setDone(null);
    setError(null);
    setPending(null);
    if (!file) return;
    try {
      const archive = await fileBase64(file);
      setPending({
        file: file.name,
        archive,
        preview: await blocks.inspect(archive, `upload:${file.name}`),
      });
    } catch (e) {
      setError(errorText(e));
    }
  };

  const install = async () => {
    if (!pending) return;
    try {
      const r = await blocks.install(pending.archive, `upload:${pending.file}`);
      setDone(
        r.already
          ? `${r.block.name}@${r.block.version} is already installed with the same bytes.`
          : `Installed ${r.block.name}@${r.block.version}. It is in the palette now.`,
      );
      setPending(null);
      reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const remove = async (name: string, version: string) => {
    try {
      await blocks.remove(name, version);
      setDone(`Removed ${name}@${version}.`);
      reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const verify = async () => {
    try {
      const { results } = await blocks.verify();
      const bad = results.filter((r) => !r.ok);
      setDone(
        bad.length === 0
          ? `Verified ${results.length} installed block${results.length === 1 ? '' : 's'}: all intact.`
          : null,
      );
      setError(bad.length ? bad.map((b) => b.problem).join('\n') : null);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const p = pending?.preview;
  return (
    <main className="page" aria-label="Blocks">
      <header className="page-head">
        <a href={href({ page: 'workflows' })} className="brand">
          Weft
        </a>
        <h1>Blocks</h1>
        <div className="spacer" />
        <a className="button" href={href({ page: 'workflows' })}>
          Workflows
        </a>
        <SessionMenu />
      </header>
      <p className="muted">
        Blocks run as WebAssembly in the sandbox. Install a <code>.tgz</code> made by{' '}
        <code>weft block pack</code>; a version, once installed, never changes.
        {list?.requireSignatures ? ' This server installs only blocks signed by a trusted key.' : ''}
      </p>
      <section className="block-install" aria-label="Install a block">
        <label>
          Block archive (.tgz)
          <input
            type="file"
            accept=".tgz,application/gzip"
            disabled={denied !== null}
            title={denied ?? undefined}
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </label>
        <button type="button" onClick={() => void verify()} disabled={denied !== null}>
          Verify installed blocks
        </button>
      </section>
      {p && (
        <section className="block-preview" role="region" aria-label="Block to install">
          <h2>
            {p.name}@{p.version} — {p.title}
          </h2>
          <p>{p.description}</p>
          <dl>
            <dt>SHA-256</dt>
            <dd>
              <code>{p.sha256}</code>
            </dd>
            <dt>Signed by</dt>
            <dd>{p.signedBy ?? 'unsigned'}</dd>
            <dt>Network</dt>
            <dd>{p.capabilities.network ? 'yes — hosts a workflow lists in permissions.network' : 'no'}</dd>
            <dt>SQL</dt>
            <dd>{p.capabilities.sql ? 'yes — connections a workflow lists in permissions.sql' : 'no'}</dd>
            <dt>Storage</dt>
            <dd>{p.capabilities.storage ? 'yes — the workflow’s own object store' : 'no'}</dd>
            <dt>Memory</dt>
            <dd>{mib(p.limits.memoryBytes)}</dd>
            <dt>Timeout</dt>
            <dd>{ms(p.limits.timeoutMs)}</dd>
          </dl>
          {p.problem ? (
            <p className="field-error" role="alert">
              {p.problem}
            </p>
          ) : (
            <button type="button" className="primary" onClick={() => void install()}>
              Install {p.name}@{p.version}
            </button>
          )}
          <button type="button" onClick={() => setPending(null)}>
            Cancel
          </button>
        </section>
      )}
      {error && (
        <p className="field-error" role="alert" style={{ whiteSpace: 'pre-wrap' }}>
          {error}
        </p>
      )}
      {done && <p role="status">{done}</p>}
      <table className="secrets blocks-table">
        <thead>
          <tr>
            <th>Block</th>
            <th>Version</th>
            <th>Origin</th>
            <th>SHA-256</th>
            <th>Signer</th>
            <th>Capabilities</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(list?.blocks ?? []).map((b) => (
            <tr key={`${b.name}@${b.version}`} data-block={`${b.name}@${b.version}`}>
              <td>
                <strong>{b.name}</strong> <span className="muted">{b.title}</span>
              </td>
              <td>{b.version}</td>
              <td>{b.origin}</td>
              <td>
                <code title={b.sha256 ?? ''}>{b.sha256 ? `${b.sha256.slice(0, 16)}…` : 'not built'}</code>
              </td>
              <td>
                {b.signer
                  ? (b.signer.name ?? `key ${b.signer.keyId} (untrusted)`)
                  : b.origin === 'standard'
                    ? '—'
                    : 'unsigned'}
              </td>
              <td>
                {b.capabilities.network ? 'network' : 'no network'}
                {b.capabilities.sql ? ' · sql' : ''}
                {b.capabilities.storage ? ' · storage' : ''} · {mib(b.limits.memoryBytes)} ·{' '}
                {ms(b.limits.timeoutMs)}
              </td>
              <td>
                {b.origin === 'installed' && (
                  <button
                    type="button"
                    disabled={denied !== null}
                    onClick={() => void remove(b.name, b.version)}
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
