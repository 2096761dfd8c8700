import { expect } from 'vitest';
import type { TemplateCase } from '../harness';

export const reliabilityCases: TemplateCase[] = [
  {
    template: 'retry-backoff',
    name: 'two 503s then a 201: succeeds on the third attempt with one idempotency key',
    path: 'happy',
    inputs: (base) => ({ partnerUrl: base, orderId: 'A-1' }),
    secrets: { PARTNER_API_KEY: 'pk-test' },
    routes: (() => {
      let calls = 0;
      return {
        'POST /v1/orders/A-1/shipments': () =>
          ++calls < 3 ? { status: 503, body: { error: 'busy' } } : { status: 201, body: { id: 'shp_1' } },
      };
    })(),
    expect: {
      status: 'SUCCESS',
      outputs: { shipmentId: 'shp_1', attempts: 3 },
      steps: { notify: { status: 'SUCCESS', attempts: 3 } },
      requests: (reqs) => {
        expect(reqs).toHaveLength(3);
        expect(new Set(reqs.map((r) => r.headers['idempotency-key'])).size).toBe(1);
        expect(reqs[0]?.headers['x-api-key']).toBe('pk-test');
      },
    },
  },
  {
    template: 'retry-backoff',
    name: 'a 400 is not worth retrying: fails on the first attempt',
    path: 'failure',
    inputs: (base) => ({ partnerUrl: base, orderId: 'A-2' }),
    secrets: { PARTNER_API_KEY: 'pk-test' },
    routes: { 'POST /v1/orders/A-2/shipments': () => ({ status: 400, body: { error: 'unknown carrier' } }) },
    expect: {
      status: 'FAILED',
      steps: { notify: { status: 'FAILED', code: 'HTTP_ERROR', attempts: 1 } },
      requests: (reqs) => expect(reqs).toHaveLength(1),
    },
  },
  {
    template: 'fallback-on-error',
    name: 'the primary answers: no fallback',
    path: 'happy',
    inputs: (base) => ({ primaryUrl: `${base}/p`, fallbackUrl: `${base}/f` }),
    routes: { 'GET /p/latest': () => ({ body: { base: 'EUR', rates: { USD: 1.08 } } }) },
    expect: {
      status: 'SUCCESS',
      outputs: { rate: 1.08, source: 'primary' },
      steps: { primary: 'SUCCESS', fallback: 'SKIPPED', rate: 'SUCCESS' },
    },
  },
  {
    template: 'fallback-on-error',
    name: 'the primary fails: the error path asks the fallback and the run still succeeds',
    path: 'failure',
    inputs: (base) => ({ primaryUrl: `${base}/p`, fallbackUrl: `${base}/f` }),
    routes: {
      'GET /p/latest': () => ({ status: 500, body: 'down' }),
      'GET /f/v6/latest/EUR': () => ({ body: { result: 'success', base_code: 'EUR', rates: { USD: 1.07 } } }),
    },
    expect: {
      status: 'SUCCESS',
      outputs: { rate: 1.07, source: 'fallback' },
      steps: { primary: { status: 'FAILED', code: 'HTTP_ERROR' }, fallback: 'SUCCESS', rate: 'SUCCESS' },
    },
  },
  {
    template: 'fallback-on-error',
    name: 'both providers fail: the run fails',
    path: 'failure',
    inputs: (base) => ({ primaryUrl: `${base}/p`, fallbackUrl: `${base}/f` }),
    routes: {
      'GET /p/latest': () => ({ status: 500, body: 'down' }),
      'GET /f/v6/latest/EUR': () => ({ status: 500, body: 'down too' }),
    },
    expect: {
      status: 'FAILED',
      steps: {
        primary: { status: 'FAILED', code: 'HTTP_ERROR' },
        fallback: { status: 'FAILED', code: 'HTTP_ERROR' },
        rate: 'CANCELLED',
      },
    },
  },
  {
    template: 'compensation',
    name: 'reserve and charge succeed: nothing to undo',
    path: 'happy',
    inputs: (base) => ({ shopUrl: base }),
    secrets: { SHOP_TOKEN: 'shop-test' },
    routes: {
      'POST /v1/inventory/reservations': () => ({ status: 201, body: { id: 'res_1' } }),
      'POST /v1/payments': () => ({ status: 201, body: { id: 'pay_1' } }),
    },
    expect: {
      status: 'SUCCESS',
      outputs: { reservation: 'res_1', payment: 'pay_1' },
      steps: { reserve: 'SUCCESS', charge: 'SUCCESS', release: 'SKIPPED', undone: 'SKIPPED' },
      requests: (reqs) => expect(reqs.some((r) => r.method === 'DELETE')).toBe(false),
    },
  },
  {
    template: 'compensation',
    name: 'the card is declined (402): the reservation is released and the run fails saying so',
    path: 'failure',
    inputs: (base) => ({ shopUrl: base }),
    secrets: { SHOP_TOKEN: 'shop-test' },
    routes: {
      'POST /v1/inventory/reservations': () => ({ status: 201, body: { id: 'res_2' } }),
      'POST /v1/payments': () => ({ status: 402, body: { error: 'card_declined' } }),
      'DELETE /v1/inventory/reservations/:id': () => ({ status: 204 }),
    },
    expect: {
      status: 'FAILED',
      steps: {
        reserve: 'SUCCESS',
        charge: { status: 'FAILED', code: 'HTTP_ERROR' },
        release: 'SUCCESS',
        undone: { status: 'FAILED', code: 'BLOCK_ERROR' },
      },
      requests: (reqs) =>
        expect(reqs.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
          '/v1/inventory/reservations/res_2',
        ]),
    },
  },
];
