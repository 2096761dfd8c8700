/**
 * Whether a bundle may be installed: its digest file (if any) matches its bytes, its signature (if
 * any) verifies, and — when signatures are required — it is signed by a trusted key.
 */
import { signatureValid } from './digest';
import type { BlockBundle } from './bundle';
import type { TrustedKey } from './trust';

export interface Signer {
  keyId: string;
  /** The trust store's name for the key; undefined when the key is not trusted. */
  name?: string;
}

export type CheckResult = { ok: true; signer?: Signer } | { ok: false; message: string };

export function checkBundle(
  b: BlockBundle,
  opts: { trusted: readonly TrustedKey[]; requireSignature: boolean },
): CheckResult {
  const id = `${b.name}@${b.version}`;
  const d = b.digest;
  if (d) {
    if (d.name !== b.name || d.version !== b.version)
      return {
        ok: false,
        message: `block ${id} refused: its weft-block.json is for ${d.name}@${d.version} (tampered or mixed up)`,
      };
    if (d.wasmSha256 !== b.wasmSha256)
      return {
        ok: false,
        message: `block ${id} refused: tampered: ${b.wasmPath} has sha256 ${b.wasmSha256}, but the pack recorded ${d.wasmSha256}`,
      };
    if (d.manifestSha256 !== b.manifestSha256)
      return {
        ok: false,
        message: `block ${id} refused: tampered: block.yaml has sha256 ${b.manifestSha256}, but the pack recorded ${d.manifestSha256}`,
      };
  }
  const sig = d?.signature;
  if (sig) {
    if (!signatureValid(sig, b))
      return {
        ok: false,
        message: `block ${id} refused: its signature (key ${sig.keyId}) does not verify: the block was changed after it was signed`,
      };
    const trusted = opts.trusted.find((k) => k.keyId === sig.keyId);
    if (trusted) return { ok: true, signer: { keyId: sig.keyId, name: trusted.name } };
    if (opts.requireSignature)
      return {
        ok: false,
        message: `block ${id} refused: it is signed by key ${sig.keyId}, which is not in the trust store (weft block keys add NAME KEY)`,
      };
    return { ok: true, signer: { keyId: sig.keyId } };
  }
  if (opts.requireSignature)
    return {
      ok: false,
      message: `block ${id} refused: it is unsigned and this server requires signatures from trusted keys (weft block pack --sign KEY)`,
    };
  return { ok: true };
}
