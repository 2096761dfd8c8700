// crypto@1: hash, hmac, base64encode, base64decode, uuid (dsl-v1.md "Standard blocks").
import { Block, Input, Result, Json, fail, ok, utf8Encode, utf8Decode, isValidUtf8, toHex, base64Encode, base64Decode } from '@weft/block-sdk/assembly';
import { sha256, sha512 } from './sha2';
import { sha1, md5 } from './sha1-md5';

export function run(): i32 {
  return Block.run(handle);
}

const OPS = ['hash', 'hmac', 'base64encode', 'base64decode', 'uuid'];
const ALGORITHMS = ['sha256', 'sha1', 'sha512', 'md5'];
const ENCODINGS = ['hex', 'base64'];

function digest(algorithm: string, data: Uint8Array): Uint8Array {
  if (algorithm == 'sha1') return sha1(data);
  if (algorithm == 'sha512') return sha512(data);
  if (algorithm == 'md5') return md5(data);
  return sha256(data);
}

/** HMAC (RFC 2104) over any of the digests. */
export function hmac(algorithm: string, key: Uint8Array, data: Uint8Array): Uint8Array {
  const blockSize = algorithm == 'sha512' ? 128 : 64;
  let k = key.length > blockSize ? digest(algorithm, key) : key;
  const ipad = new Uint8Array(blockSize + data.length);
  const opadKey = new Uint8Array(blockSize);
  for (let i = 0; i < blockSize; i++) {
    const b = i < k.length ? k[i] : 0;
    ipad[i] = b ^ 0x36;
    opadKey[i] = b ^ 0x5c;
  }
  ipad.set(data, blockSize);
  const inner = digest(algorithm, ipad);
  const outer = new Uint8Array(blockSize + inner.length);
  outer.set(opadKey);
  outer.set(inner, blockSize);
  return digest(algorithm, outer);
}

function encode(bytes: Uint8Array, encoding: string): string {
  return encoding == 'base64' ? base64Encode(bytes) : toHex(bytes);
}

/**
 * A version 4 UUID. Blocks get no ambient randomness, so the 122 random bits are SHA-256 of the
 * step's idempotency key (unique per run, step, item and attempt) and `data`: distinct steps get
 * distinct ids, and a replay of the same attempt gets the same id.
 */
function uuidFor(input: Input, salt: string): string {
  const c = input.context;
  const seed = 'weft-uuid\n' + c.idempotencyKey + '\n' + c.runId + '\n' + c.stepId + '\n' + c.attempt.toString() + '\n' + salt;
  const b = sha256(utf8Encode(seed));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = toHex(b.subarray(0, 16));
  return h.substring(0, 8) + '-' + h.substring(8, 12) + '-' + h.substring(12, 16) + '-' + h.substring(16, 20) + '-' + h.substring(20, 32);
}

function handle(input: Input): Result {
  const op = input.choice('op', OPS, 'hash');
  if (!input.has('op')) input.reject('`op` is required: one of ' + OPS.join(', '));
  const algorithm = input.choice('algorithm', ALGORITHMS, 'sha256');
  const encoding = input.choice('encoding', ENCODINGS, 'hex');
  const needsData = op != 'uuid';
  const data = needsData ? input.requireString('data') : input.string('data');
  const key = op == 'hmac' ? input.requireString('key') : '';
  const bad = input.invalid();
  if (bad != null) return bad;

  let value: string;
  if (op == 'hash') value = encode(digest(algorithm, utf8Encode(data)), encoding);
  else if (op == 'hmac') value = encode(hmac(algorithm, utf8Encode(key), utf8Encode(data)), encoding);
  else if (op == 'base64encode') value = base64Encode(utf8Encode(data));
  else if (op == 'base64decode') {
    const decoded = base64Decode(data);
    if (!decoded.ok) return fail('INVALID_INPUT', '`data` is not base64: ' + decoded.error);
    if (!isValidUtf8(decoded.bytes)) return fail('INVALID_INPUT', '`data` decodes to bytes that are not UTF-8 text');
    value = utf8Decode(decoded.bytes);
  } else value = uuidFor(input, data);
  return ok(Json.Obj().setString('value', value));
}
