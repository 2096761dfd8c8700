// SHA-1 (FIPS 180-4) and MD5 (RFC 1321). Both are broken for collision resistance; they are here
// for interoperability (checksums, legacy signatures), and docs/blocks.md says so.
import { mdPad } from './sha2';

export function sha1(data: Uint8Array): Uint8Array {
  const m = mdPad(data, 64, 8, false);
  let h0: u32 = 0x67452301,
    h1: u32 = 0xefcdab89,
    h2: u32 = 0x98badcfe,
    h3: u32 = 0x10325476,
    h4: u32 = 0xc3d2e1f0;
  const w = new StaticArray<u32>(80);
  for (let off = 0; off < m.length; off += 64) {
    for (let t = 0; t < 16; t++) {
      const j = off + t * 4;
      w[t] = ((<u32>m[j]) << 24) | ((<u32>m[j + 1]) << 16) | ((<u32>m[j + 2]) << 8) | (<u32>m[j + 3]);
    }
    for (let t = 16; t < 80; t++) w[t] = rotl<u32>(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    let a = h0,
      b = h1,
      c = h2,
      d = h3,
      e = h4;
    for (let t = 0; t < 80; t++) {
      let f: u32, k: u32;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const tmp = rotl<u32>(a, 5) + f + e + k + w[t];
      e = d;
      d = c;
      c = rotl<u32>(b, 30);
      b = a;
      a = tmp;
    }
    h0 += a;
    h1 += b;
    h2 += c;
    h3 += d;
    h4 += e;
  }
  const out = new Uint8Array(20);
  const hs: u32[] = [h0, h1, h2, h3, h4];
  for (let i = 0; i < 5; i++) {
    out[i * 4] = <u8>(hs[i] >>> 24);
    out[i * 4 + 1] = <u8>(hs[i] >>> 16);
    out[i * 4 + 2] = <u8>(hs[i] >>> 8);
    out[i * 4 + 3] = <u8>hs[i];
  }
  return out;
}

const MD5_S: StaticArray<u32> = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9,
  14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15,
  21, 6, 10, 15, 21,
];

// K[i] = floor(abs(sin(i + 1)) * 2^32), computed once.
const MD5_K = new StaticArray<u32>(64);
for (let i = 0; i < 64; i++)
  MD5_K[i] = <u32>(<u64>Math.floor(Math.abs(Math.sin(<f64>(i + 1))) * 4294967296.0));

export function md5(data: Uint8Array): Uint8Array {
  const m = mdPad(data, 64, 8, true);
  let a0: u32 = 0x67452301,
    b0: u32 = 0xefcdab89,
    c0: u32 = 0x98badcfe,
    d0: u32 = 0x10325476;
  const w = new StaticArray<u32>(16);
  for (let off = 0; off < m.length; off += 64) {
    for (let t = 0; t < 16; t++) {
      const j = off + t * 4;
      w[t] = (<u32>m[j]) | ((<u32>m[j + 1]) << 8) | ((<u32>m[j + 2]) << 16) | ((<u32>m[j + 3]) << 24);
    }
    let a = a0,
      b = b0,
      c = c0,
      d = d0;
    for (let i = 0; i < 64; i++) {
      let f: u32;
      let g: i32;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const tmp = d;
      d = c;
      c = b;
      b = b + rotl<u32>(a + f + MD5_K[i] + w[g], MD5_S[i]);
      a = tmp;
    }
    a0 += a;
    b0 += b;
    c0 += c;
    d0 += d;
  }
  const out = new Uint8Array(16);
  const hs: u32[] = [a0, b0, c0, d0];
  for (let i = 0; i < 4; i++) {
    out[i * 4] = <u8>hs[i];
    out[i * 4 + 1] = <u8>(hs[i] >>> 8);
    out[i * 4 + 2] = <u8>(hs[i] >>> 16);
    out[i * 4 + 3] = <u8>(hs[i] >>> 24);
  }
  return out;
}
