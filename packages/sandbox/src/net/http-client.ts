/**
 * The host side of `weft_http`: checks every hop against the permissions, resolves DNS itself,
 * checks every address, connects to exactly the address it checked (so a second DNS answer cannot
 * slip through), follows redirects itself, and bounds time and response size.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { formatIp, parseIp } from './ip';
import type { Ip } from './ip';
import { checkTarget, deniedBy } from './policy';
import type { HostEntry, Target } from './policy';

/** The request a block sends (ABI.md, `weft_http`). */
export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  bodyBase64?: string;
  timeoutMs?: number;
}

export type HttpErrorCode = 'PERMISSION_DENIED' | 'HTTP_ERROR' | 'TIMEOUT' | 'LIMIT_EXCEEDED';

export type HttpResponse =
  | { ok: true; status: number; headers: Record<string, string>; body: string; bodyBase64?: string }
  | { ok: false; error: { code: HttpErrorCode; message: string } };

export type Resolver = (host: string) => Promise<string[]>;

export interface HttpPolicy {
  /** The step's effective `permissions.network`. */
  entries: readonly HostEntry[];
  /** Server policy: when set, a host must match this list too. */
  serverAllow?: readonly HostEntry[];
  /** Server policy: hosts and addresses never reachable. */
  serverDeny: readonly HostEntry[];
  resolve: Resolver;
  maxResponseBytes: number;
  maxRedirects: number;
  /** Absolute time (ms since epoch) after which the step is out of time. */
  deadline: number;
  signal: AbortSignal;
}

export const defaultResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

class Refusal extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const DROP_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** Performs one block HTTP request under a policy. Never throws; failures are `{ ok: false }`. */
export async function blockFetch(req: HttpRequest, policy: HttpPolicy): Promise<HttpResponse> {
  try {
    return await fetchFollowing(req, policy);
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: { code: err.code, message: err.message } };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'HTTP_ERROR', message } };
  }
}

async function fetchFollowing(req: HttpRequest, policy: HttpPolicy): Promise<HttpResponse> {
  if (typeof req !== 'object' || req === null || typeof req.url !== 'string')
    throw new Refusal('HTTP_ERROR', 'weft_http: the request needs a "url" string');
  let method = (req.method ?? 'GET').toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new Refusal('HTTP_ERROR', `weft_http: invalid method "${req.method}"`);
  let body: Buffer | undefined =
    req.bodyBase64 !== undefined
      ? Buffer.from(req.bodyBase64, 'base64')
      : req.body !== undefined
        ? Buffer.from(String(req.body))
        : undefined;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    if (!DROP_HEADERS.has(k.toLowerCase())) headers[k.toLowerCase()] = String(v);
  }
  const perRequest =
    typeof req.timeoutMs === 'number' && req.timeoutMs > 0 ? Date.now() + req.timeoutMs : Infinity;
  const deadline = Math.min(policy.deadline, perRequest);
  let url = parseUrl(req.url);
  for (let hop = 0; ; hop++) {
    const address = await checkUrl(url, policy, hop > 0 ? ' (redirect target)' : '');
    const res = await send({ url, address, method, headers, body, deadline, policy });
    const location = res.status >= 300 && res.status < 400 && res.status !== 304 ? res.location : undefined;
    if (location === undefined) return res.response;
    if (hop >= policy.maxRedirects)
      throw new Refusal(
        'HTTP_ERROR',
        `too many redirects (more than ${policy.maxRedirects}), last to ${location}`,
      );
    const next = parseUrl(location, url);
    if (next.origin !== url.origin) for (const h of CREDENTIAL_HEADERS) delete headers[h];
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      delete headers['content-type'];
    }
    url = next;
  }
}

function parseUrl(text: string, base?: URL): URL {
  let u: URL;
  try {
    u = new URL(text, base);
  } catch {
    throw new Refusal('HTTP_ERROR', `invalid URL "${text}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new Refusal('PERMISSION_DENIED', `URL scheme ${u.protocol} is not allowed (only http and https)`);
  return u;
}

function targetOf(url: URL): Target {
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  return { host, port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80 };
}

const LIST = 'permissions.network';

/** Checks a URL before connecting; returns the one address to connect to. */
async function checkUrl(url: URL, policy: HttpPolicy, note: string): Promise<Ip> {
  const t = targetOf(url);
  const deny = (reason: string): Refusal => new Refusal('PERMISSION_DENIED', `${reason}${note}`);
  // First by name: a host the step may not reach is never even looked up, so a block cannot leak
  // data through DNS queries for names it made up.
  const literal = parseIp(t.host);
  const pre = checkTarget(policy.entries, t, literal ? [literal] : [], LIST);
  // Say where the permission goes, so the person can grant it.
  if (!pre.ok)
    throw deny(`${pre.reason}: add ${t.host} to permissions.network in the workflow (or the step)`);
  let addrs: Ip[];
  if (literal) addrs = [literal];
  else {
    let found: string[];
    try {
      found = await policy.resolve(t.host);
    } catch (err) {
      throw new Refusal(
        'HTTP_ERROR',
        `cannot resolve host ${t.host}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    addrs = found.map((a) => parseIp(a)).filter((a): a is Ip => a !== undefined);
    if (addrs.length === 0) throw new Refusal('HTTP_ERROR', `cannot resolve host ${t.host}: no addresses`);
  }
  const v = checkTarget(policy.entries, t, addrs, LIST);
  if (!v.ok) throw deny(v.reason);
  const denied = deniedBy(policy.serverDeny, t, addrs);
  if (denied) throw deny(`host ${t.host} is denied by the server's network policy (${denied.raw})`);
  if (policy.serverAllow) {
    const s = checkTarget(policy.serverAllow, t, addrs, "the server's network policy");
    if (!s.ok) throw deny(s.reason);
  }
  return addrs[0] as Ip;
}

interface SendArgs {
  url: URL;
  address: Ip;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  deadline: number;
  policy: HttpPolicy;
}

interface Sent {
  status: number;
  location: string | undefined;
  response: HttpResponse;
}

function send(a: SendArgs): Promise<Sent> {
  const { url, address, policy } = a;
  const family = address.family;
  const addrText = formatIp(address);
  // Connect to the address that was checked, whatever DNS would answer now.
  const lookup = ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (opts.all) cb(null, [{ address: addrText, family }]);
    else cb(null, addrText, family);
  }) as unknown as LookupFunction;
  const remaining = a.deadline - Date.now();
  if (remaining <= 0)
    return Promise.reject(new Refusal('TIMEOUT', `HTTP request to ${url.host} ran out of time`));
  return new Promise<Sent>((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const headers = { ...a.headers };
    if (a.body) headers['content-length'] = String(a.body.byteLength);
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const fail = (err: Refusal): void => {
      settle(() => reject(err));
      req.destroy();
    };
    const req = mod.request({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: a.method,
      headers,
      lookup,
      agent: false,
      signal: policy.signal,
    });
    const timer = setTimeout(
      () => fail(new Refusal('TIMEOUT', `HTTP request to ${url.host} timed out`)),
      remaining,
    );
    req.on('error', (err) => {
      if (policy.signal.aborted) fail(new Refusal('TIMEOUT', `HTTP request to ${url.host} was aborted`));
      else fail(new Refusal('HTTP_ERROR', `HTTP request to ${url.host} failed: ${err.message}`));
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
      if (location !== undefined && status >= 300 && status < 400) {
        res.resume();
        settle(() =>
          resolve({
            status,
            location,
            response: { ok: false, error: { code: 'HTTP_ERROR', message: 'redirect' } },
          }),
        );
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.byteLength;
        if (size > policy.maxResponseBytes)
          fail(
            new Refusal(
              'LIMIT_EXCEEDED',
              `HTTP response from ${url.host} is larger than ${policy.maxResponseBytes} bytes`,
            ),
          );
        else chunks.push(c);
      });
      res.on('error', (err) =>
        fail(new Refusal('HTTP_ERROR', `HTTP response from ${url.host} failed: ${err.message}`)),
      );
      res.on('end', () =>
        settle(() =>
          resolve({
            status,
            location: undefined,
            response: toResponse(status, res.headers, Buffer.concat(chunks)),
          }),
        ),
      );
    });
    req.end(a.body);
  });
}

function toResponse(status: number, headers: http.IncomingHttpHeaders, buf: Buffer): HttpResponse {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  try {
    return { ok: true, status, headers: out, body: new TextDecoder('utf-8', { fatal: true }).decode(buf) };
  } catch {
    return { ok: true, status, headers: out, body: '', bodyBase64: buf.toString('base64') };
  }
}
