import { describe, expect, it } from 'vitest';
import { hostAllowed, sampleInputTexts, templateChecklist, type ChecklistFacts } from './checklist';

const GALLERY = {
  title: 'Retry',
  description: 'x',
  category: 'Reliability',
  difficulty: 'beginner',
  secrets: ['PARTNER_API_KEY'],
  hosts: ['api.partner.example.com'],
  inputs: { partnerUrl: 'https://api.partner.example.com', orderId: 'A-1001' },
};

const facts = (over: Partial<ChecklistFacts> = {}): ChecklistFacts => ({
  gallery: GALLERY,
  allowedHosts: ['api.partner.example.com'],
  inputs: { partnerUrl: { default: 'https://api.partner.example.com' }, orderId: { required: true } },
  secrets: new Set(),
  saved: true,
  succeeded: false,
  ...over,
});

const state = (items: ReturnType<typeof templateChecklist>) => items?.map((i) => [i.key, i.done]);

describe('templateChecklist', () => {
  it('is null for a workflow not made from a template', () => {
    expect(templateChecklist(facts({ gallery: undefined }))).toBeNull();
  });

  it('lists the secrets, hosts, save and run, ticked by what is there', () => {
    const items = templateChecklist(facts());
    expect(state(items)).toEqual([
      ['secret:PARTNER_API_KEY', false],
      ['host:api.partner.example.com', true],
      ['save', true],
      ['run', false],
    ]);
    expect(items?.at(-1)).toMatchObject({ kind: 'run', samples: ['orderId'] });
  });

  it('ticks a secret once the server has it, and the run once one succeeded', () => {
    const items = templateChecklist(facts({ secrets: new Set(['PARTNER_API_KEY']), succeeded: true }));
    expect(items?.every((i) => i.done)).toBe(true);
  });

  it('asks for the host of an input pointed elsewhere, until it is allowed', () => {
    const inputs = { partnerUrl: { default: 'http://127.0.0.1:4567' }, orderId: { required: true } };
    expect(state(templateChecklist(facts({ inputs })))).toContainEqual(['host:127.0.0.1', false]);
    const allowed = ['api.partner.example.com', '127.0.0.1'];
    expect(state(templateChecklist(facts({ inputs, allowedHosts: allowed })))).toContainEqual([
      'host:127.0.0.1',
      true,
    ]);
  });

  it('does not tick secrets while their names are unknown, nor unsaved work', () => {
    const items = templateChecklist(facts({ secrets: null, saved: false }));
    expect(state(items)).toContainEqual(['secret:PARTNER_API_KEY', false]);
    expect(state(items)).toContainEqual(['save', false]);
  });
});

describe('hostAllowed', () => {
  it('matches a host exactly or under a wildcard, ignoring case and a port', () => {
    expect(hostAllowed('api.example.com', ['API.example.com'])).toBe(true);
    expect(hostAllowed('api.example.com', ['*.example.com'])).toBe(true);
    expect(hostAllowed('example.com', ['*.example.com'])).toBe(false);
    expect(hostAllowed('127.0.0.1', ['127.0.0.1:8080'])).toBe(true);
    expect(hostAllowed('evil.com', ['example.com'])).toBe(false);
  });
});

describe('sampleInputTexts', () => {
  it('gives strings bare and the rest as JSON', () => {
    expect(sampleInputTexts({ inputs: { a: 'x', b: [1, 2], c: 3 } }, ['a', 'b', 'd'])).toEqual({
      a: 'x',
      b: '[1,2]',
    });
  });
});
