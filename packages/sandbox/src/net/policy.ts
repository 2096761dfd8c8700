/**
 * Network permissions: does a host (and the addresses it resolved to) fit a list of entries —
 * `api.github.com`, `*.example.com`, `127.0.0.1`, `10.0.0.0/8`, `[::1]:8080`, `host:port`, `*`?
 *
 * Private, loopback, link-local and other special addresses are reachable only through an IP or CIDR
 * entry that covers them (or the name `localhost` for loopback): a name entry alone never lets a
 * DNS answer point a block at an internal address (DNS rebinding).
 */
import { formatIp, inCidr, parseCidr, parseIp, sameIp, specialKind } from './ip';
import type { Cidr, Ip } from './ip';

export type HostEntry =
  | { kind: 'any'; raw: string }
  | { kind: 'host'; raw: string; host: string; port?: number }
  | { kind: 'wildcard'; raw: string; suffix: string; port?: number }
  | { kind: 'ip'; raw: string; ip: Ip; port?: number }
  | { kind: 'cidr'; raw: string; cidr: Cidr };

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$/;

/** Parses one entry; undefined when it is not a host pattern (such an entry matches nothing). */
export function parseEntry(raw: string): HostEntry | undefined {
  let text = raw.trim().toLowerCase();
  if (text === '*') return { kind: 'any', raw };
  let port: number | undefined;
  if (text.includes('://')) {
    try {
      const u = new URL(text);
      text = u.hostname;
      if (u.port) port = Number(u.port);
    } catch {
      return undefined;
    }
  } else if (text.startsWith('[')) {
    const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
    if (!m) return undefined;
    text = m[1] ?? '';
    if (m[2]) port = Number(m[2]);
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const [h, p] = text.split(':');
    if (!p || !/^\d{1,5}$/.test(p)) return undefined;
    text = h ?? '';
    port = Number(p);
  }
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  text = text.replace(/^\[|\]$/g, '');
  if (text.includes('/')) {
    const cidr = parseCidr(text);
    return cidr && port === undefined ? { kind: 'cidr', raw, cidr } : undefined;
  }
  const ip = parseIp(text);
  if (ip) return withPort({ kind: 'ip', raw, ip }, port);
  if (text.startsWith('*.')) {
    const suffix = text.slice(2).replace(/\.$/, '');
    return HOSTNAME.test(suffix) ? withPort({ kind: 'wildcard', raw, suffix }, port) : undefined;
  }
  const host = text.replace(/\.$/, '');
  return HOSTNAME.test(host) ? withPort({ kind: 'host', raw, host }, port) : undefined;
}

function withPort(
  e: Extract<HostEntry, { kind: 'ip' | 'host' | 'wildcard' }>,
  port: number | undefined,
): HostEntry {
  if (port !== undefined) e.port = port;
  return e;
}

export function parseEntries(list: readonly string[]): HostEntry[] {
  return list.map(parseEntry).filter((e): e is HostEntry => e !== undefined);
}

/** A target: the URL's host (lower case, no brackets, no trailing dot) and port. */
export interface Target {
  host: string;
  port: number;
}

function portOk(e: { port?: number }, port: number): boolean {
  return e.port === undefined || e.port === port;
}

/** Whether an entry names this host (by name, or by IP/CIDR when the host is an IP literal). */
function namesHost(e: HostEntry, t: Target, literal: Ip | undefined): boolean {
  switch (e.kind) {
    case 'any':
      return true;
    case 'host':
      return !literal && e.host === t.host && portOk(e, t.port);
    case 'wildcard':
      return !literal && t.host.endsWith(`.${e.suffix}`) && portOk(e, t.port);
    case 'ip':
      return literal !== undefined && sameIp(literal, e.ip) && portOk(e, t.port);
    case 'cidr':
      return literal !== undefined && inCidr(literal, e.cidr);
  }
}

/** Whether an IP or CIDR entry covers this address explicitly. */
function coversAddress(e: HostEntry, addr: Ip, port: number): boolean {
  if (e.kind === 'ip') return sameIp(addr, e.ip) && portOk(e, port);
  if (e.kind === 'cidr') return inCidr(addr, e.cidr);
  return false;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks a target and the addresses its name resolved to (for an IP literal: that address) against
 * one list of entries: some entry must name the host (a name, a wildcard, or for an IP literal an IP
 * or CIDR entry), and every special address needs an entry that covers it. `listName` is how the
 * message refers to the list.
 */
export function checkTarget(
  entries: readonly HostEntry[],
  t: Target,
  addrs: readonly Ip[],
  listName: string,
): Verdict {
  const literal = parseIp(t.host);
  const shown = literal?.family === 6 ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
  if (!entries.some((e) => namesHost(e, t, literal)))
    return { ok: false, reason: `host ${shown} is not allowed by ${listName}` };
  for (const a of addrs) {
    const kind = specialKind(a);
    if (!kind) continue;
    const explicit =
      entries.some((e) => coversAddress(e, a, t.port)) ||
      (kind === 'loopback' &&
        t.host === 'localhost' &&
        entries.some((e) => e.kind === 'host' && e.host === 'localhost' && portOk(e, t.port)));
    if (!explicit) {
      const via = literal ? '' : ` (${t.host} resolved to ${formatIp(a)})`;
      return {
        ok: false,
        reason: `host ${shown} is a ${kind} address${via}; reaching it needs an explicit IP or CIDR entry in ${listName}`,
      };
    }
  }
  return { ok: true };
}

/** Whether any deny entry names the host or covers one of its addresses. */
export function deniedBy(
  entries: readonly HostEntry[],
  t: Target,
  addrs: readonly Ip[],
): HostEntry | undefined {
  const literal = parseIp(t.host);
  return entries.find((e) => namesHost(e, t, literal) || addrs.some((a) => coversAddress(e, a, t.port)));
}
