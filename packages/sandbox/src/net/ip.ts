/**
 * IP addresses as bytes: parsing (v4, v6, v4-in-v6), CIDR matching, and which ranges are "special"
 * (private, loopback, link-local, …) so that reaching them needs an explicit permission entry.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface Ip {
  family: 4 | 6;
  bytes: Uint8Array;
}

export function parseIp(text: string): Ip | undefined {
  const t = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4(t)) return { family: 4, bytes: Uint8Array.from(t.split('.').map(Number)) };
  if (!isIPv6(t)) return undefined;
  const zoneless = t.split('%')[0] ?? t;
  let head = zoneless;
  let tail4: number[] = [];
  const lastColon = head.lastIndexOf(':');
  const last = head.slice(lastColon + 1);
  if (last.includes('.')) {
    tail4 = last.split('.').map(Number);
    head = `${head.slice(0, lastColon + 1)}0:0`;
  }
  const [left = '', right] = head.split('::');
  const l = left ? left.split(':') : [];
  const r = right !== undefined && right !== '' ? right.split(':') : [];
  const fill = right === undefined ? 0 : 8 - l.length - r.length;
  const words = [...l, ...Array<string>(fill).fill('0'), ...r].map((w) => parseInt(w, 16));
  if (words.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 0xff;
  });
  if (tail4.length === 4) bytes.set(tail4, 12);
  return { family: 6, bytes };
}

export function formatIp(ip: Ip): string {
  if (ip.family === 4) return [...ip.bytes].join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0));
  // Compress the longest run of two or more zero words (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

export interface Cidr {
  ip: Ip;
  prefix: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const p = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(p)) return undefined;
  const prefix = Number(p);
  if (prefix > ip.bytes.length * 8) return undefined;
  return { ip, prefix };
}

/** The IPv4 address carried inside an IPv6 one (mapped, compatible, NAT64, 6to4), if any. */
export function embeddedV4(ip: Ip): Ip | undefined {
  if (ip.family !== 6) return undefined;
  const b = ip.bytes;
  const zeros = (from: number, to: number): boolean => b.subarray(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated)
  if (
    zeros(0, 10) &&
    ((b[10] === 0xff && b[11] === 0xff) ||
      (b[10] === 0 && b[11] === 0 && !zeros(12, 16) && !(zeros(12, 15) && b[15] === 1)))
  ) {
    return { family: 4, bytes: b.slice(12, 16) };
  }
  // 64:ff9b::a.b.c.d (NAT64)
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12))
    return { family: 4, bytes: b.slice(12, 16) };
  // 2002:AABB:CCDD::/48 (6to4)
  if (b[0] === 0x20 && b[1] === 0x02) return { family: 4, bytes: b.slice(2, 6) };
  return undefined;
}

export function inCidr(ip: Ip, cidr: Cidr): boolean {
  const target = ip.family === cidr.ip.family ? ip : cidr.ip.family === 4 ? embeddedV4(ip) : undefined;
  if (!target) return false;
  let bits = cidr.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((target.bytes[i] ?? 0) & mask) !== ((cidr.ip.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

export function sameIp(a: Ip, b: Ip): boolean {
  const x = a.family === b.family ? a : (embeddedV4(a) ?? a);
  const y = a.family === b.family ? b : (embeddedV4(b) ?? b);
  return x.family === y.family && x.bytes.every((v, i) => v === y.bytes[i]);
}

const SPECIAL: readonly [string, string][] = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared (carrier-grade NAT)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['100::/64', 'discard'],
  ['2001::/32', 'Teredo'],
  ['2001:db8::/32', 'documentation'],
  ['fc00::/7', 'unique local (private)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local'],
  ['ff00::/8', 'multicast'],
];
const SPECIAL_CIDRS = SPECIAL.map(([c, kind]) => ({ cidr: parseCidr(c) as Cidr, kind }));

/**
 * Why an address is not a plain public one (`loopback`, `private`, `link-local`…), or undefined
 * for a public address. An IPv6 address carrying an IPv4 one is judged by the IPv4 address.
 */
export function specialKind(ip: Ip): string | undefined {
  const v4 = embeddedV4(ip);
  if (v4) return specialKind(v4) ?? undefined;
  return SPECIAL_CIDRS.find((s) => inCidr(ip, s.cidr))?.kind;
}
