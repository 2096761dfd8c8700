// crypto@1: hash, hmac, base64encode, base64decode, uuid (dsl-v1.md "Standard blocks").
import {
  Block,
  Input,
  Result,
  Json,
  fail,
  ok,
  utf8Encode,
  utf8Decode,
  isValidUtf8,
  toHex,
  base64Encode,
  base64Decode,
} from '@weft/block-sdk/assembly';
import { sha256, sha512 } from './sha2';
import { sha1, md5 } from './sha1-md5';

export function run(): i32 {
  return Block.run(handle);
}

const OPS = ['hash', 'hmac', 'base64encode', 'base64decode', 'uuid'];
const ALGORITHMS = ['sha256', 'sha1', 'sha512', 'md5'];
const ENCODINGS = ['hex', 'base64'];
const INPUT_ENCODINGS = ['utf8', 'hex', 'base64'];

function digest(algorithm: string, data: Uint8Array): Uint8Array {
  if (algorithm == 'sha1') return sha1(data);
  if (algorithm == 'sha512') return sha512(data);
  if (algorithm == 'md5') return md5(data);
  return sha256(data);
}

/** HMAC (RFC 2104) over any of the digests. */
function hmac(algorithm: string, key: Uint8Array, data: Uint8Array): Uint8Array {
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

/** Text to bytes per `utf8` (default), `hex` or `base64`; null (and a rejected input) when malformed. */
function decodeInput(input: Input, name: string, text: string, encoding: string): Uint8Array {
  if (encoding == 'base64') {
    const d = base64Decode(text);
    if (!d.ok) input.reject('`' + name + '` is not base64: ' + d.error);
    return d.bytes;
  }
  if (encoding == 'hex') {
    const clean = text.replaceAll(' ', '');
    if (clean.length % 2 != 0) {
      input.reject('`' + name + '` is not hex: odd number of digits');
      return new Uint8Array(0);
    }
    const out = new Uint8Array(clean.length / 2);
    for (let i = 0; i < out.length; i++) {
      const hi = hexDigit(clean.charCodeAt(i * 2));
      const lo = hexDigit(clean.charCodeAt(i * 2 + 1));
      if (hi < 0 || lo < 0) {
        input.reject('`' + name + '` is not hex: bad digit at position ' + (i * 2).toString());
        return new Uint8Array(0);
      }
      out[i] = <u8>((hi << 4) | lo);
    }
    return out;
  }
  return utf8Encode(text);
}

function hexDigit(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 87;
  if (c >= 0x41 && c <= 0x46) return c - 55;
  return -1;
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
  const seed =
    'weft-uuid\n' +
    c.idempotencyKey +
    '\n' +
    c.runId +
    '\n' +
    c.stepId +
    '\n' +
    c.attempt.toString() +
    '\n' +
    salt;
  const b = sha256(utf8Encode(seed));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = toHex(b.subarray(0, 16));
  return (
    h.substring(0, 8) +
    '-' +
    h.substring(8, 12) +
    '-' +
    h.substring(12, 16) +
    '-' +
    h.substring(16, 20) +
    '-' +
    h.substring(20, 32)
  );
}

function handle(input: Input): Result {
  const op = input.choice('op', OPS, 'hash');
  if (!input.has('op')) input.reject('`op` is required: one of ' + OPS.join(', '));
  const algorithm = input.choice('algorithm', ALGORITHMS, 'sha256');
  const encoding = input.choice('encoding', ENCODINGS, 'hex');
  const needsData = op != 'uuid';
  const data = needsData ? input.requireString('data') : input.string('data');
  const key = op == 'hmac' ? input.requireString('key') : '';
  // Optional extensions to dsl-v1's interface: binary data and keys given as hex or base64.
  const dataEncoding = input.choice('dataEncoding', INPUT_ENCODINGS, 'utf8');
  const keyEncoding = input.choice('keyEncoding', INPUT_ENCODINGS, 'utf8');
  const dataBytes =
    op == 'hash' || op == 'hmac' || op == 'base64encode'
      ? decodeInput(input, 'data', data, dataEncoding)
      : new Uint8Array(0);
  const keyBytes = op == 'hmac' ? decodeInput(input, 'key', key, keyEncoding) : new Uint8Array(0);
  const bad = input.invalid();
  if (bad != null) return bad;

  let value: string;
  if (op == 'hash') value = encode(digest(algorithm, dataBytes), encoding);
  else if (op == 'hmac') value = encode(hmac(algorithm, keyBytes, dataBytes), encoding);
  else if (op == 'base64encode') value = base64Encode(dataBytes);
  else if (op == 'base64decode') {
    const decoded = base64Decode(data);
    if (!decoded.ok) return fail('INVALID_INPUT', '`data` is not base64: ' + decoded.error);
    if (!isValidUtf8(decoded.bytes))
      return fail('INVALID_INPUT', '`data` decodes to bytes that are not UTF-8 text');
    value = utf8Decode(decoded.bytes);
  } else value = uuidFor(input, data);
  return ok(Json.Obj().setString('value', value));
}
