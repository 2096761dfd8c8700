/**
 * Installed blocks: `<dataDir>/blocks/<name>@<version>/` holding the block's files as packed and
 * `.install.json` (sha256 of the wasm and the manifest, signer, source, time). A version, once
 * installed, is immutable: the same version with other bytes is refused.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseManifest } from '../manifest';
import type { BlockManifest } from '../manifest';
import { compareSemver, parseSemver } from '../semver';
import { bundleFromFolder, DIGEST_FILE } from './bundle';
import type { BlockBundle } from './bundle';
import { checkBundle } from './check';
import type { Signer } from './check';
import { sha256 } from './digest';
import type { TrustedKey } from './trust';

export interface InstalledBlock {
  name: string;
  version: string;
  /** sha256 of the wasm (what weft.lock pins). */
  sha256: string;
  manifestSha256: string;
  signer: Signer | null;
  /** Where it was installed from, as the person gave it. */
  source: string;
  installedAt: string;
  capabilities: { network: boolean; sql?: boolean; storage?: boolean };
  limits: { memoryBytes?: number; timeoutMs?: number; maxOutputBytes?: number };
  title: string;
  description: string;
}

export interface VerifyReport {
  name: string;
  version: string;
  ok: boolean;
  problem?: string;
}

export type InstallResult =
  | { ok: true; block: InstalledBlock; already: boolean }
  | { ok: false; code: 'CONFLICT' | 'REFUSED' | 'INVALID'; message: string };

const RECORD = '.install.json';

export class InstalledBlocks {
  constructor(readonly root: string) {}

  /** Every installed block's record, by name then version. */
  list(): InstalledBlock[] {
    if (!existsSync(this.root)) return [];
    const out: InstalledBlock[] = [];
    for (const folder of readdirSync(this.root)) {
      const rec = this.record(folder);
      if (rec) out.push(rec);
    }
    return out.sort((a, b) => a.name.localeCompare(b.name) || cmpVersion(a.version, b.version));
  }

  /**
   * Installs a checked bundle. `existing` tells the sha256 of a block of the same name@version that
   * is already known outside this folder (e.g. a standard block), to keep versions immutable there too.
   */
  install(
    b: BlockBundle,
    opts: {
      trusted: readonly TrustedKey[];
      requireSignature: boolean;
      source: string;
      existing?: (name: string, version: string) => string | undefined;
      now?: Date;
    },
  ): InstallResult {
    const id = `${b.name}@${b.version}`;
    const checked = checkBundle(b, opts);
    if (!checked.ok) return { ok: false, code: 'REFUSED', message: checked.message };
    const prior = this.record(id);
    const other = prior?.sha256 ?? opts.existing?.(b.name, b.version);
    if (other !== undefined) {
      if (other === b.wasmSha256 && (!prior || prior.manifestSha256 === b.manifestSha256)) {
        if (prior) return { ok: true, block: prior, already: true };
      }
      if (prior || other !== b.wasmSha256)
        return {
          ok: false,
          code: 'CONFLICT',
          message: `block ${id} is already installed with other bytes (sha256 ${other.slice(0, 12)}…, this one ${b.wasmSha256.slice(0, 12)}…): versions are immutable; bump \`version\` in block.yaml`,
        };
      return {
        ok: false,
        code: 'CONFLICT',
        message: `block ${id} is already a standard block of this server`,
      };
    }
    const m = b.manifest;
    const rec: InstalledBlock = {
      name: b.name,
      version: b.version,
      sha256: b.wasmSha256,
      manifestSha256: b.manifestSha256,
      signer: checked.signer ?? null,
      source: opts.source,
      installedAt: (opts.now ?? new Date()).toISOString(),
      capabilities: { ...m.capabilities },
      limits: { ...m.limits },
      title: m.title,
      description: m.description,
    };
    mkdirSync(this.root, { recursive: true });
    const tmp = join(this.root, `.tmp-${id}-${process.pid}-${Date.now()}`);
    rmSync(tmp, { recursive: true, force: true });
    const write = (rel: string, data: Buffer | string): void => {
      mkdirSync(dirname(join(tmp, rel)), { recursive: true });
      writeFileSync(join(tmp, rel), data, { mode: 0o444 });
    };
    write('block.yaml', b.manifestText);
    write(b.wasmPath, b.wasm);
    if (b.digest) write(DIGEST_FILE, `${JSON.stringify(b.digest, null, 2)}\n`);
    for (const [f, data] of b.extras) write(f, data);
    write(RECORD, `${JSON.stringify(rec, null, 2)}\n`);
    try {
      renameSync(tmp, join(this.root, id));
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      return {
        ok: false,
        code: 'CONFLICT',
        message: `block ${id}: could not install: ${(e as Error).message}`,
      };
    }
    return { ok: true, block: rec, already: false };
  }

  /** Removes one version, or every version of a name. Returns what was removed. */
  remove(name: string, version?: string): InstalledBlock[] {
    const gone = this.list().filter(
      (b) => b.name === name && (version === undefined || b.version === version),
    );
    for (const b of gone) rmSync(join(this.root, `${b.name}@${b.version}`), { recursive: true, force: true });
    return gone;
  }

  /** Re-checks every installed block's bytes against its record and its signature. */
  verify(opts: { trusted: readonly TrustedKey[]; requireSignature: boolean }): VerifyReport[] {
    return this.list().map((rec) => {
      const problem = this.problem(rec, opts);
      return {
        name: rec.name,
        version: rec.version,
        ok: problem === undefined,
        ...(problem ? { problem } : {}),
      };
    });
  }

  /**
   * The manifests of installed blocks whose bytes still match their record; the others are
   * reported in `refused` (a tampered block is never loaded).
   */
  manifests(opts: { trusted: readonly TrustedKey[]; requireSignature: boolean }): {
    manifests: BlockManifest[];
    refused: VerifyReport[];
  } {
    const manifests: BlockManifest[] = [];
    const refused: VerifyReport[] = [];
    for (const rec of this.list()) {
      const problem = this.problem(rec, opts);
      if (problem) {
        refused.push({ name: rec.name, version: rec.version, ok: false, problem });
        continue;
      }
      const file = join(this.root, `${rec.name}@${rec.version}`, 'block.yaml');
      // Checked in full when installed; its schemas compile on first use (see ParseManifestOptions).
      const r = parseManifest(readFileSync(file, 'utf8'), file, { compileSchemas: false });
      if (r.ok) manifests.push(r.manifest);
    }
    return { manifests, refused };
  }

  private problem(
    rec: InstalledBlock,
    opts: { trusted: readonly TrustedKey[]; requireSignature: boolean },
  ): string | undefined {
    const id = `${rec.name}@${rec.version}`;
    const r = bundleFromFolder(join(this.root, id));
    if (!r.ok) return `block ${id}: ${r.message}`;
    const b = r.bundle;
    if (b.wasmSha256 !== rec.sha256)
      return `block ${id}: tampered: ${b.wasmPath} has sha256 ${b.wasmSha256}, installed as ${rec.sha256}`;
    if (b.manifestSha256 !== rec.manifestSha256)
      return `block ${id}: tampered: block.yaml has sha256 ${b.manifestSha256}, installed as ${rec.manifestSha256}`;
    const c = checkBundle(b, opts);
    return c.ok ? undefined : c.message;
  }

  private record(folder: string): InstalledBlock | undefined {
    const file = join(this.root, folder, RECORD);
    if (folder.startsWith('.') || !existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as InstalledBlock;
    } catch {
      return undefined;
    }
  }
}

/** sha256 of a manifest's wasm file, or undefined when it cannot be read. */
export function wasmSha256(m: BlockManifest): string | undefined {
  try {
    return sha256(readFileSync(m.wasm));
  } catch {
    return undefined;
  }
}

function cmpVersion(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  return x && y ? compareSemver(x, y) : a.localeCompare(b);
}
