import { expect } from 'vitest';
import type { TemplateCase } from '../harness';
import { githubError, slackOk } from './replies';

const push = {
  ref: 'refs/heads/main',
  repository: { full_name: 'weft/weft' },
  pusher: { name: 'ada' },
  commits: [{ id: 'a1' }, { id: 'b2' }],
};

const paymentSucceeded = {
  id: 'evt_1',
  type: 'payment_intent.succeeded',
  data: { object: { id: 'pi_1', amount_received: 4990, currency: 'eur' } },
};

const pulls = [
  { number: 12, title: 'Add dark theme', merged_at: '2024-06-01T10:00:00Z', labels: [{ name: 'feature' }] },
  { number: 13, title: 'Fix crash on save', merged_at: '2024-06-02T10:00:00Z', labels: [{ name: 'bug' }] },
  { number: 14, title: 'Closed without merge', merged_at: null, labels: [] },
  { number: 15, title: 'Bump deps', merged_at: '2024-06-03T10:00:00Z', labels: [] },
];

export const apiCases: TemplateCase[] = [
  {
    template: 'github-to-chat',
    name: 'a push is summarised and posted to the chat hook',
    path: 'happy',
    inputs: (base) => ({ chatUrl: `${base}/services/T1/B1/abc` }),
    trigger: { body: push, headers: { 'x-github-event': 'push' } },
    routes: { 'POST /services/T1/B1/abc': () => slackOk },
    expect: {
      status: 'SUCCESS',
      outputs: { text: 'ada pushed 2 commit(s) to weft/weft' },
      steps: { summary: 'SUCCESS', post: 'SUCCESS' },
      requests: (reqs) =>
        expect(reqs.map((r) => r.body)).toEqual([{ text: 'ada pushed 2 commit(s) to weft/weft' }]),
    },
  },
  {
    template: 'github-to-chat',
    name: 'the chat hook keeps answering 500: retried, then the run fails',
    path: 'failure',
    inputs: (base) => ({ chatUrl: `${base}/services/T1/B1/abc` }),
    trigger: { body: push },
    routes: { 'POST /services/T1/B1/abc': () => ({ status: 500, body: 'internal_error' }) },
    expect: {
      status: 'FAILED',
      steps: { summary: 'SUCCESS', post: { status: 'FAILED', code: 'HTTP_ERROR', attempts: 3 } },
      requests: (reqs) => expect(reqs).toHaveLength(3),
    },
  },
  {
    template: 'stripe-to-ledger',
    name: 'a succeeded payment is booked as a credit with the event id as idempotency key',
    path: 'happy',
    inputs: (base) => ({ ledgerUrl: `${base}/api` }),
    secrets: { LEDGER_TOKEN: 'ledger-test-token' },
    trigger: { body: paymentSucceeded, headers: { 'stripe-signature': 't=1,v1=checked-by-the-server' } },
    routes: { 'POST /api/entries': () => ({ status: 201, body: { id: 'le_1' } }) },
    expect: {
      status: 'SUCCESS',
      outputs: { event: 'payment_intent.succeeded', booked: true, entryId: 'le_1' },
      steps: { kind: 'SUCCESS', credit: 'SUCCESS', debit: 'SKIPPED', book: 'SUCCESS' },
      requests: (reqs) => {
        expect(reqs).toHaveLength(1);
        expect(reqs[0]?.headers['idempotency-key']).toBe('evt_1');
        expect(reqs[0]?.headers.authorization).toBe('Bearer ledger-test-token');
        expect(reqs[0]?.body).toEqual({
          eventId: 'evt_1',
          side: 'credit',
          amount: 49.9,
          currency: 'EUR',
          reference: 'pi_1',
        });
      },
    },
  },
  {
    template: 'stripe-to-ledger',
    name: 'an event type it does not book is ignored',
    path: 'happy',
    inputs: (base) => ({ ledgerUrl: `${base}/api` }),
    secrets: { LEDGER_TOKEN: 'ledger-test-token' },
    trigger: { body: { id: 'evt_2', type: 'customer.created', data: { object: {} } } },
    expect: {
      status: 'SUCCESS',
      outputs: { event: 'customer.created', booked: false, entryId: null },
      steps: { kind: 'SUCCESS', credit: 'SKIPPED', debit: 'SKIPPED', book: 'SKIPPED' },
      requests: (reqs) => expect(reqs).toEqual([]),
    },
  },
  {
    template: 'stripe-to-ledger',
    name: 'the ledger refuses the entry (422): no retry, the run fails',
    path: 'failure',
    inputs: (base) => ({ ledgerUrl: `${base}/api` }),
    secrets: { LEDGER_TOKEN: 'ledger-test-token' },
    trigger: {
      body: {
        id: 'evt_3',
        type: 'charge.refunded',
        data: { object: { id: 'ch_1', amount_refunded: 1000, currency: 'usd' } },
      },
    },
    routes: { 'POST /api/entries': () => ({ status: 422, body: { error: 'account closed' } }) },
    expect: {
      status: 'FAILED',
      steps: {
        kind: 'SUCCESS',
        credit: 'SKIPPED',
        debit: 'SUCCESS',
        book: { status: 'FAILED', code: 'HTTP_ERROR', attempts: 1 },
      },
    },
  },
  {
    template: 'api-proxy',
    name: 'a known email answers the reshaped contact',
    path: 'happy',
    inputs: (base) => ({ email: 'Ada@Example.com', crmUrl: base }),
    secrets: { CRM_TOKEN: 'crm-test' },
    routes: {
      'GET /v1/contacts': (req) => ({
        body: {
          data:
            req.query.email === 'ada@example.com'
              ? [
                  {
                    id: 7,
                    first_name: 'Ada',
                    last_name: 'Lovelace',
                    company: { name: 'Analytical Engines' },
                    created_at: '2021-03-01',
                    internal_score: 99,
                  },
                ]
              : [],
        },
      }),
    },
    expect: {
      status: 'SUCCESS',
      outputs: {
        contact: { name: 'Ada Lovelace', company: 'Analytical Engines', customerSince: '2021-03-01' },
      },
      steps: { valid: 'SUCCESS', refuse: 'SKIPPED', lookup: 'SUCCESS', shape: 'SUCCESS' },
      requests: (reqs) => expect(reqs[0]?.headers.authorization).toBe('Bearer crm-test'),
    },
  },
  {
    template: 'api-proxy',
    name: 'a malformed email is refused before the CRM is called',
    path: 'failure',
    inputs: (base) => ({ email: 'not-an-email', crmUrl: base }),
    secrets: { CRM_TOKEN: 'crm-test' },
    expect: {
      status: 'FAILED',
      steps: {
        valid: 'SUCCESS',
        refuse: { status: 'FAILED', code: 'INVALID_INPUT' },
        lookup: 'SKIPPED',
        shape: 'SKIPPED',
      },
      requests: (reqs) => expect(reqs).toEqual([]),
    },
  },
  {
    template: 'release-notes',
    name: 'merged pull requests become grouped Markdown notes in the chat',
    path: 'happy',
    inputs: (base) => ({ repo: 'weft/weft', githubUrl: base, chatUrl: `${base}/hook` }),
    secrets: { GITHUB_TOKEN: 'ghp_test' },
    routes: {
      'GET /repos/weft/weft/pulls': () => ({ body: pulls }),
      'POST /hook': () => slackOk,
    },
    expect: {
      status: 'SUCCESS',
      outputs: {
        merged: 3,
        markdown:
          '*Release notes for weft/weft*\n\n*Features*\n- Add dark theme (#12)\n\n*Fixes*\n- Fix crash on save (#13)\n\n*Other*\n- Bump deps (#15)',
      },
      steps: { pulls: 'SUCCESS', notes: 'SUCCESS', post: 'SUCCESS' },
      requests: (reqs) => {
        expect(reqs[0]?.query).toEqual({ state: 'closed', base: 'main', per_page: '100' });
        expect(reqs[0]?.headers.authorization).toBe('Bearer ghp_test');
      },
    },
  },
  {
    template: 'release-notes',
    name: 'an unknown repository (404) fails without a retry',
    path: 'failure',
    inputs: (base) => ({ repo: 'weft/nope', githubUrl: base, chatUrl: `${base}/hook` }),
    secrets: { GITHUB_TOKEN: 'ghp_test' },
    routes: { 'GET /repos/weft/nope/pulls': () => githubError(404, 'Not Found') },
    expect: {
      status: 'FAILED',
      steps: {
        pulls: { status: 'FAILED', code: 'HTTP_ERROR', attempts: 1 },
        notes: 'CANCELLED',
        post: 'CANCELLED',
      },
    },
  },
];
