/**
 * Digests and ed25519 signatures of a block: the signature covers the block's name, version and the
 * sha256 of its manifest and of its wasm (the "signed statement"), so any changed byte breaks it.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';

export const sha256 = (bytes: Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex');

/** What a signature covers. */
export interface SignedStatement {
  name: string;
  version: string;
  manifestSha256: string;
  wasmSha256: string;
}

/** The exact bytes that are signed: one line, fixed key order. */
export function statementBytes(s: SignedStatement): Buffer {
  return Buffer.from(
    `weft-block-v1\n${JSON.stringify({ name: s.name, version: s.version, manifestSha256: s.manifestSha256, wasmSha256: s.wasmSha256 })}`,
  );
}

export interface BlockSignature {
  alg: 'ed25519';
  /** First 16 hex digits of the sha256 of the public key (SPKI DER). */
  keyId: string;
  /** The signer's public key, PEM (SPKI). Trust comes from the trust store, not from this field. */
  publicKey: string;
  /** base64 */
  value: string;
}

export type KeyResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Normalizes a public key (PEM, or base64 of the SPKI DER) to PEM; also accepts a private key and derives it. */
export function publicKeyPem(text: string): KeyResult<{ pem: string; keyId: string }> {
  const t = text.trim();
  try {
    const key = t.includes('PRIVATE KEY')
      ? createPublicKey(createPrivateKey(t))
      : t.startsWith('-----')
        ? createPublicKey(t)
        : createPublicKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519')
      return { ok: false, message: `the key is ${key.asymmetricKeyType ?? 'unknown'}, not ed25519` };
    const pem = key.export({ type: 'spki', format: 'pem' }).toString();
    return { ok: true, value: { pem, keyId: keyIdOf(pem) } };
  } catch (e) {
    return { ok: false, message: `not an ed25519 public key (PEM or base64 SPKI): ${(e as Error).message}` };
  }
}

export function keyIdOf(publicPem: string): string {
  const der = createPublicKey(publicPem).export({ type: 'spki', format: 'der' });
  return sha256(der).slice(0, 16);
}

/** A new ed25519 key pair, both PEM. */
export function generateSigningKey(): { privateKey: string; publicKey: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: pub,
    keyId: keyIdOf(pub),
  };
}

/** Signs a statement with a PEM private key. */
export function signStatement(privatePem: string, s: SignedStatement): KeyResult<BlockSignature> {
  let key;
  try {
    key = createPrivateKey(privatePem);
  } catch (e) {
    return { ok: false, message: `not a private key (PEM): ${(e as Error).message}` };
  }
  if (key.asymmetricKeyType !== 'ed25519')
    return { ok: false, message: `the key is ${key.asymmetricKeyType ?? 'unknown'}, not ed25519` };
  const pub = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  const value = sign(null, statementBytes(s), key).toString('base64');
  return { ok: true, value: { alg: 'ed25519', keyId: keyIdOf(pub), publicKey: pub, value } };
}

/** True when `sig` is a valid signature of `s` by the key it names. */
export function signatureValid(sig: BlockSignature, s: SignedStatement): boolean {
  try {
    if (keyIdOf(sig.publicKey) !== sig.keyId) return false;
    return verify(null, statementBytes(s), createPublicKey(sig.publicKey), Buffer.from(sig.value, 'base64'));
  } catch {
    return false;
  }
}
