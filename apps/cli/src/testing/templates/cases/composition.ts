import { expect } from 'vitest';
import type { TemplateCase } from '../harness';
import type { Routes } from '../stand-in';

const companyRoute: Routes = {
  'GET /enrich/v1/companies/find': (req) =>
    req.query.domain === 'example.com'
      ? { body: { name: 'Example Inc', metrics: { employees: 120 }, category: { industry: 'Software' } } }
      : { status: 404, body: { error: 'not found' } },
};

const fanOutRoutes = (support: Routes[string]): Routes => ({
  ...companyRoute,
  'GET /crm/v1/contacts': () => ({ body: { data: [{ name: 'Ada Lovelace' }] } }),
  'GET /billing/v1/customers': () => ({ body: { data: [{ plan: 'pro', mrr: 99 }] } }),
  'GET /support/api/v2/tickets': support,
});

const fanOutInputs = (base: string) => ({
  email: 'ada@example.com',
  crmUrl: `${base}/crm`,
  billingUrl: `${base}/billing`,
  supportUrl: `${base}/support`,
  enrichUrl: `${base}/enrich`,
});

const tokens = {
  CRM_TOKEN: 'crm-test-token',
  BILLING_TOKEN: 'billing-test-token',
  SUPPORT_TOKEN: 'support-test-token',
  ENRICH_API_KEY: 'enrich-test-key',
};

export const compositionCases: TemplateCase[] = [
  {
    template: 'enrich-company',
    name: 'a known domain answers a company card',
    path: 'happy',
    inputs: (base) => ({ domain: 'Example.com', enrichUrl: `${base}/enrich` }),
    secrets: { ENRICH_API_KEY: 'enrich-test-key' },
    routes: companyRoute,
    expect: {
      status: 'SUCCESS',
      outputs: { name: 'Example Inc', employees: 120, industry: 'Software' },
      steps: { lookup: 'SUCCESS' },
    },
  },
  {
    template: 'enrich-company',
    name: 'an unknown domain (404) fails',
    path: 'failure',
    inputs: (base) => ({ domain: 'nobody.test', enrichUrl: `${base}/enrich` }),
    secrets: { ENRICH_API_KEY: 'enrich-test-key' },
    routes: companyRoute,
    expect: { status: 'FAILED', steps: { lookup: { status: 'FAILED', code: 'HTTP_ERROR', attempts: 1 } } },
  },
  {
    template: 'customer-360',
    name: 'four branches fan out and one step joins them',
    path: 'happy',
    inputs: fanOutInputs,
    secrets: tokens,
    routes: fanOutRoutes(() => ({ body: { tickets: [{ id: 1 }, { id: 2 }] } })),
    expect: {
      status: 'SUCCESS',
      outputs: {
        profile: {
          email: 'ada@example.com',
          name: 'Ada Lovelace',
          plan: 'pro',
          mrr: 99,
          openTickets: 2,
          company: 'Example Inc',
          employees: 120,
        },
      },
      steps: {
        crm: 'SUCCESS',
        billing: 'SUCCESS',
        support: 'SUCCESS',
        company: 'SUCCESS',
        profile: 'SUCCESS',
      },
      requests: (reqs) =>
        expect(reqs.find((r) => r.path.startsWith('/enrich'))?.query.domain).toBe('example.com'),
    },
  },
  {
    template: 'customer-360',
    name: 'one branch fails: the join does not run',
    path: 'failure',
    inputs: fanOutInputs,
    secrets: tokens,
    routes: fanOutRoutes(() => ({ status: 500, body: 'oops' })),
    expect: {
      status: 'FAILED',
      steps: {
        crm: 'SUCCESS',
        billing: 'SUCCESS',
        support: { status: 'FAILED', code: 'HTTP_ERROR' },
        company: /^(SUCCESS|CANCELLED)$/ as unknown as string,
        profile: 'CANCELLED',
      },
    },
  },
];
