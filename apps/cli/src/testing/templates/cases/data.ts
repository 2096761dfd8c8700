import { expect } from 'vitest';
import type { TemplateCase } from '../harness';
import type { Routes } from '../stand-in';

const orders = (page: number) =>
  [1, 2].map((n) => ({
    id: `o-${page}-${n}`,
    total: page * 10 + n + 0.5,
    status: n === 1 ? 'paid' : 'refunded',
  }));

let nextContact = 0;

export const dataCases: TemplateCase[] = [
  {
    template: 'csv-to-api',
    name: 'clean rows are created, the one without an email is skipped',
    path: 'happy',
    inputs: (base) => ({ crmUrl: base }),
    secrets: { CRM_TOKEN: 'crm-test' },
    routes: {
      'POST /v1/contacts': (req) => ({
        status: 201,
        body: { id: `c-${(req.body as { email: string }).email}`, seq: nextContact++ },
      }),
    },
    expect: {
      status: 'SUCCESS',
      outputs: { imported: 2, skipped: 1, ids: ['c-ada@example.com', 'c-grace@example.com'] },
      steps: { parse: 'SUCCESS', clean: 'SUCCESS', create: 'SUCCESS' },
      requests: (reqs) =>
        expect(reqs.map((r) => r.body)).toEqual(
          expect.arrayContaining([
            { name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' },
            { name: 'Grace Hopper', email: 'grace@example.com', plan: 'team' },
          ]),
        ),
    },
  },
  {
    template: 'csv-to-api',
    name: 'the API rejects a row (400): the import fails with its message',
    path: 'failure',
    inputs: (base) => ({ crmUrl: base }),
    secrets: { CRM_TOKEN: 'crm-test' },
    routes: {
      'POST /v1/contacts': (req) =>
        (req.body as { plan: string }).plan === 'team'
          ? { status: 400, body: { error: 'unknown plan "team"' } }
          : { status: 201, body: { id: 'c-1' } },
    },
    expect: {
      status: 'FAILED',
      steps: { parse: 'SUCCESS', clean: 'SUCCESS', create: { status: 'FAILED', code: 'HTTP_ERROR' } },
    },
  },
  {
    template: 'paginate-report',
    name: 'three pages become one report',
    path: 'happy',
    inputs: (base) => ({ shopUrl: base, perPage: 2 }),
    secrets: { SHOP_TOKEN: 'shop-test' },
    routes: {
      'GET /v1/orders': (req) => {
        const page = Number(req.query.page);
        return { body: { page, per_page: 2, total_pages: 3, data: orders(page) } };
      },
    },
    expect: {
      status: 'SUCCESS',
      outputs: {
        report: { pages: 3, orders: 6, revenue: 132, byStatus: { paid: 3, refunded: 3 } },
      },
      steps: { first: 'SUCCESS', rest: 'SUCCESS', report: 'SUCCESS' },
      requests: (reqs) => expect(reqs.map((r) => r.query.page).sort()).toEqual(['1', '2', '3']),
    },
  },
  {
    template: 'paginate-report',
    name: 'page 2 keeps failing: the report is not built',
    path: 'failure',
    inputs: (base) => ({ shopUrl: base, perPage: 2 }),
    secrets: { SHOP_TOKEN: 'shop-test' },
    routes: {
      'GET /v1/orders': (req) =>
        req.query.page === '2'
          ? { status: 503, body: { error: 'overloaded' } }
          : { body: { total_pages: 2, data: orders(Number(req.query.page)) } },
    },
    expect: {
      status: 'FAILED',
      steps: { first: 'SUCCESS', rest: { status: 'FAILED', code: 'HTTP_ERROR' }, report: 'CANCELLED' },
    },
  },
  {
    template: 'poll-async-job',
    name: 'the job runs, is done on the second poll, and its CSV is read',
    path: 'happy',
    inputs: (base) => ({ warehouseUrl: base, table: 'customers' }),
    secrets: { WAREHOUSE_TOKEN: 'wh-test' },
    routes: ((): Routes => {
      let polls = 0;
      return {
        'POST /v2/exports': () => ({ status: 202, body: { id: 'exp_9', state: 'queued' } }),
        'GET /v2/exports/exp_9': (_req, _p, base) => {
          polls++;
          return polls < 2
            ? { body: { id: 'exp_9', state: 'running' } }
            : { body: { id: 'exp_9', state: 'done', url: `${base}/files/exp_9.csv` } };
        },
        'GET /files/exp_9.csv': () => ({ body: 'id,name\n1,Ada\n2,Grace\n3,Linus\n' }),
      };
    })(),
    expect: {
      status: 'SUCCESS',
      outputs: { exportId: 'exp_9', rows: 3 },
      steps: {
        start: 'SUCCESS',
        poll: 'SUCCESS',
        ready: 'SUCCESS',
        jobFailed: 'SKIPPED',
        download: 'SUCCESS',
        rows: 'SUCCESS',
      },
      requests: (reqs) => expect(reqs.filter((r) => r.path === '/v2/exports/exp_9')).toHaveLength(2),
    },
  },
  {
    template: 'poll-async-job',
    name: 'the job fails on the server: the run fails with its reason',
    path: 'failure',
    inputs: (base) => ({ warehouseUrl: base, table: 'customers' }),
    secrets: { WAREHOUSE_TOKEN: 'wh-test' },
    routes: {
      'POST /v2/exports': () => ({ status: 202, body: { id: 'exp_10', state: 'queued' } }),
      'GET /v2/exports/exp_10': () => ({
        body: { id: 'exp_10', state: 'failed', error: 'table customers is locked' },
      }),
    },
    expect: {
      status: 'FAILED',
      steps: {
        start: 'SUCCESS',
        poll: 'SUCCESS',
        ready: 'SUCCESS',
        jobFailed: { status: 'FAILED', code: 'BLOCK_ERROR' },
        download: 'SKIPPED',
        rows: 'SKIPPED',
      },
    },
  },
  {
    template: 'dedupe-merge',
    name: 'two lists are merged by normalised email',
    path: 'happy',
    inputs: (base) => ({ crmUrl: `${base}/crm`, billingUrl: `${base}/billing` }),
    secrets: { CRM_TOKEN: 'crm-test', BILLING_TOKEN: 'billing-test' },
    routes: {
      'GET /crm/v1/contacts': () => ({
        body: {
          data: [
            { name: 'Ada Lovelace', email: 'ADA@example.com ' },
            { name: 'Grace Hopper', email: 'grace@example.com' },
          ],
        },
      }),
      'GET /billing/v1/customers': () => ({
        body: {
          data: [
            { email: 'ada@example.com', plan: 'pro' },
            { email: 'linus@example.com', name: 'Linus', plan: 'free' },
          ],
        },
      }),
    },
    expect: {
      status: 'SUCCESS',
      outputs: {
        customers: [
          { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'pro', sources: ['crm', 'billing'] },
          { email: 'grace@example.com', name: 'Grace Hopper', plan: null, sources: ['crm'] },
          { email: 'linus@example.com', name: 'Linus', plan: 'free', sources: ['billing'] },
        ],
        both: 1,
        onlyCrm: 1,
        onlyBilling: 1,
      },
      steps: { crm: 'SUCCESS', billing: 'SUCCESS', merge: 'SUCCESS' },
    },
  },
  {
    template: 'dedupe-merge',
    name: 'billing is down: nothing is merged',
    path: 'failure',
    inputs: (base) => ({ crmUrl: `${base}/crm`, billingUrl: `${base}/billing` }),
    secrets: { CRM_TOKEN: 'crm-test', BILLING_TOKEN: 'billing-test' },
    routes: {
      'GET /crm/v1/contacts': () => ({ body: { data: [] } }),
      'GET /billing/v1/customers': () => ({ status: 503, body: { error: 'maintenance' } }),
    },
    expect: {
      status: 'FAILED',
      steps: {
        crm: 'SUCCESS',
        billing: { status: 'FAILED', code: 'HTTP_ERROR', attempts: 2 },
        merge: 'CANCELLED',
      },
    },
  },
];
