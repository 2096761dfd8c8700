import { describe, expect, it } from 'vitest';
import { formatIp, parseIp, specialKind } from './ip';
import type { Ip } from './ip';
import { checkTarget, deniedBy, parseEntries, parseEntry } from './policy';

const ip = (s: string): Ip => {
  const r = parseIp(s);
  if (!r) throw new Error(`bad ip ${s}`);
  return r;
};
const allowed = (entries: string[], host: string, port: number, addrs: string[] = []) =>
  checkTarget(
    parseEntries(entries),
    { host, port },
    addrs.length ? addrs.map(ip) : parseIp(host) ? [ip(host)] : [],
    'permissions.network',
  ).ok;

describe('permission entries', () => {
  it('parses every documented form', () => {
    expect(parseEntry('api.github.com')).toMatchObject({ kind: 'host', host: 'api.github.com' });
    expect(parseEntry('API.GitHub.com.')).toMatchObject({ kind: 'host', host: 'api.github.com' });
    expect(parseEntry('*.example.com')).toMatchObject({ kind: 'wildcard', suffix: 'example.com' });
    expect(parseEntry('localhost:8080')).toMatchObject({ kind: 'host', host: 'localhost', port: 8080 });
    expect(parseEntry('10.0.0.0/8')).toMatchObject({ kind: 'cidr' });
    expect(parseEntry('[::1]:3000')).toMatchObject({ kind: 'ip', port: 3000 });
    expect(parseEntry('::1')).toMatchObject({ kind: 'ip' });
    expect(parseEntry('fc00::/7')).toMatchObject({ kind: 'cidr' });
    expect(parseEntry('https://hooks.example.com:8443/x')).toMatchObject({
      kind: 'host',
      host: 'hooks.example.com',
      port: 8443,
    });
    expect(parseEntry('*')).toMatchObject({ kind: 'any' });
  });

  it('ignores entries that are not host patterns', () => {
    for (const bad of ['', 'a b', 'host:notaport', 'host:70000', '10.0.0.0/40', '*.', 'exa mple.com'])
      expect(parseEntry(bad)).toBeUndefined();
  });
});

describe('checking a target', () => {
  it('matches names, wildcards and ports', () => {
    expect(allowed(['api.github.com'], 'api.github.com', 443, ['140.82.112.5'])).toBe(true);
    expect(allowed(['api.github.com'], 'github.com', 443, ['140.82.112.4'])).toBe(false);
    expect(allowed(['*.example.com'], 'a.b.example.com', 443, ['93.184.216.34'])).toBe(true);
    expect(allowed(['*.example.com'], 'example.com', 443, ['93.184.216.34'])).toBe(false);
    expect(allowed(['*.example.com'], 'evilexample.com', 443, ['93.184.216.34'])).toBe(false);
    expect(allowed(['api.example.com:8443'], 'api.example.com', 8443, ['93.184.216.34'])).toBe(true);
    expect(allowed(['api.example.com:8443'], 'api.example.com', 443, ['93.184.216.34'])).toBe(false);
  });

  it('needs an explicit IP or CIDR entry for special addresses', () => {
    expect(allowed(['*'], '127.0.0.1', 80)).toBe(false);
    expect(allowed(['127.0.0.1'], '127.0.0.1', 80)).toBe(true);
    expect(allowed(['127.0.0.0/8'], '127.0.0.9', 80)).toBe(true);
    expect(allowed(['127.0.0.1:8080'], '127.0.0.1', 9090)).toBe(false);
    expect(allowed(['*'], '169.254.169.254', 80)).toBe(false);
    expect(allowed(['*'], '::ffff:169.254.169.254', 80)).toBe(false);
    expect(allowed(['169.254.0.0/16'], '::ffff:169.254.169.254', 80)).toBe(true);
    expect(allowed(['*'], '::1', 80)).toBe(false);
    expect(allowed(['::1'], '::1', 80)).toBe(true);
    // A name entry never unlocks a private address its DNS points to…
    expect(allowed(['db.internal'], 'db.internal', 5432, ['10.1.2.3'])).toBe(false);
    expect(allowed(['db.internal', '10.0.0.0/8'], 'db.internal', 5432, ['10.1.2.3'])).toBe(true);
    // …except `localhost` for loopback.
    expect(allowed(['localhost'], 'localhost', 3000, ['127.0.0.1', '::1'])).toBe(true);
    expect(allowed(['localhost'], 'localhost', 3000, ['10.0.0.1'])).toBe(false);
  });

  it('checks every resolved address and names the bad one', () => {
    const v = checkTarget(
      parseEntries(['svc.example.com']),
      { host: 'svc.example.com', port: 443 },
      [ip('93.184.216.34'), ip('192.168.1.10')],
      'permissions.network',
    );
    expect(v).toEqual({ ok: false, reason: expect.stringContaining('resolved to 192.168.1.10') });
  });

  it('applies deny lists to names and addresses', () => {
    const deny = parseEntries(['*.corp.example', '100.64.0.0/10']);
    expect(deniedBy(deny, { host: 'git.corp.example', port: 443 }, [ip('8.8.8.8')])?.raw).toBe(
      '*.corp.example',
    );
    expect(deniedBy(deny, { host: 'cdn.example.org', port: 443 }, [ip('100.64.1.1')])?.raw).toBe(
      '100.64.0.0/10',
    );
    expect(deniedBy(deny, { host: 'cdn.example.org', port: 443 }, [ip('8.8.8.8')])).toBeUndefined();
  });
});

describe('IP addresses', () => {
  it('classifies special ranges, including IPv4 inside IPv6', () => {
    expect(specialKind(ip('8.8.8.8'))).toBeUndefined();
    expect(specialKind(ip('2606:4700::1111'))).toBeUndefined();
    expect(specialKind(ip('10.1.1.1'))).toBe('private');
    expect(specialKind(ip('172.31.0.1'))).toBe('private');
    expect(specialKind(ip('172.32.0.1'))).toBeUndefined();
    expect(specialKind(ip('0.0.0.0'))).toBe('unspecified');
    expect(specialKind(ip('::'))).toBe('unspecified');
    expect(specialKind(ip('fd12::1'))).toBe('unique local (private)');
    expect(specialKind(ip('fe80::1%eth0'))).toBe('link-local');
    expect(specialKind(ip('::ffff:10.0.0.1'))).toBe('private');
    expect(specialKind(ip('64:ff9b::7f00:1'))).toBe('loopback');
    expect(specialKind(ip('2002:7f00:1::'))).toBe('loopback');
  });

  it('formats addresses for messages', () => {
    expect(formatIp(ip('::1'))).toBe('::1');
    expect(formatIp(ip('fe80:0:0:0:1:0:0:1'))).toBe('fe80::1:0:0:1');
    expect(formatIp(ip('2001:db8::'))).toBe('2001:db8::');
    expect(formatIp(ip('1.2.3.4'))).toBe('1.2.3.4');
  });
});
