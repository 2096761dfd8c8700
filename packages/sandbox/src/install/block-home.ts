/**
 * The blocks of one Weft installation: the standard blocks (read-only folders) plus the blocks
 * installed into `<dataDir>/blocks`, under one live `BlockRegistry` that is swapped in place when a
 * block is installed or removed, so the server's catalog and runner see it without a restart.
 */
import { join } from 'node:path';
import { BlockRegistry, loadBlocks } from '../registry';
import type { BlockManifest } from '../manifest';
import type { BlockBundle } from './bundle';
import { InstalledBlocks, wasmSha256 } from './installed';
import type { InstallResult, InstalledBlock, VerifyReport } from './installed';
import type { Signer } from './check';
import { TrustStore } from './trust';

export interface BlockHomeOptions {
  /** Folders of standard blocks (read-only). */
  blocksDir: string | readonly string[];
  /** The data dir: installed blocks go to `<dataDir>/blocks`, trusted keys to `<dataDir>/trusted-keys.json`. */
  dataDir: string;
  /** Refuse blocks that are not signed by a trusted key. */
  requireSignature: boolean;
}

/** One block as `weft block list` and the admin page show it. */
export interface BlockEntry {
  name: string;
  version: string;
  title: string;
  description: string;
  icon: string;
  origin: 'standard' | 'installed';
  /** sha256 of the wasm; null when the wasm is missing (a standard block not built yet). */
  sha256: string | null;
  signer: Signer | null;
  capabilities: { network: boolean; sql?: boolean; storage?: boolean };
  limits: { memoryBytes?: number; timeoutMs?: number; maxOutputBytes?: number };
  source?: string;
  installedAt?: string;
}

export class BlockHome {
  readonly installed: InstalledBlocks;
  readonly trust: TrustStore;
  readonly registry: BlockRegistry;
  /** Installed blocks that failed their check at the last reload (never loaded). */
  refused: VerifyReport[] = [];
  private standard: BlockManifest[] = [];

  constructor(readonly opts: BlockHomeOptions) {
    this.installed = new InstalledBlocks(join(opts.dataDir, 'blocks'));
    this.trust = new TrustStore(join(opts.dataDir, 'trusted-keys.json'));
    this.registry = new BlockRegistry(this.collect());
  }

  /** Reads the standard and installed blocks again and swaps them into the live registry. */
  reload(): void {
    this.registry.replace(this.collect());
  }

  list(): BlockEntry[] {
    const installed = new Map(this.installed.list().map((b) => [`${b.name}@${b.version}`, b]));
    const out: BlockEntry[] = [];
    for (const m of this.registry.manifests()) {
      const rec = installed.get(`${m.name}@${m.version}`);
      out.push(rec ? fromRecord(rec, m.icon) : fromManifest(m));
    }
    return out.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  }

  install(bundle: BlockBundle, source: string): InstallResult {
    const r = this.installed.install(bundle, {
      trusted: this.trust.list(),
      requireSignature: this.opts.requireSignature,
      source,
      existing: (name, version) => {
        const m = this.standard.find((s) => s.name === name && s.version === version);
        return m ? (wasmSha256(m) ?? '') : undefined;
      },
    });
    if (r.ok && !r.already) this.reload();
    return r;
  }

  remove(name: string, version?: string): InstalledBlock[] {
    const gone = this.installed.remove(name, version);
    if (gone.length > 0) this.reload();
    return gone;
  }

  verify(): VerifyReport[] {
    return this.installed.verify({
      trusted: this.trust.list(),
      requireSignature: this.opts.requireSignature,
    });
  }

  private collect(): BlockManifest[] {
    this.standard = [...loadBlocks(this.opts.blocksDir).manifests()];
    const { manifests, refused } = this.installed.manifests({
      trusted: this.trust.list(),
      requireSignature: this.opts.requireSignature,
    });
    this.refused = refused;
    return [...this.standard, ...manifests];
  }
}

function fromRecord(rec: InstalledBlock, icon: string): BlockEntry {
  return {
    name: rec.name,
    version: rec.version,
    title: rec.title,
    description: rec.description,
    icon,
    origin: 'installed',
    sha256: rec.sha256,
    signer: rec.signer,
    capabilities: rec.capabilities,
    limits: rec.limits,
    source: rec.source,
    installedAt: rec.installedAt,
  };
}

function fromManifest(m: BlockManifest): BlockEntry {
  return {
    name: m.name,
    version: m.version,
    title: m.title,
    description: m.description,
    icon: m.icon,
    origin: 'standard',
    sha256: wasmSha256(m) ?? null,
    signer: null,
    capabilities: { ...m.capabilities },
    limits: { ...m.limits },
  };
}
