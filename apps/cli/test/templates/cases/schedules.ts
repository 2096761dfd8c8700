import { expect } from 'vitest';
import type { TemplateCase } from '../harness';

export const scheduleCases: TemplateCase[] = [
  {
    template: 'uptime-check',
    name: 'the page answers 200: no alert',
    path: 'happy',
    inputs: (base) => ({ url: `${base}/`, alertUrl: `${base}/alerts` }),
    routes: { 'GET /': () => ({ body: '<html>ok</html>' }) },
    expect: {
      status: 'SUCCESS',
      outputs: { up: true, status: 200 },
      steps: { fetch: 'SUCCESS', down: 'SUCCESS', alert: 'SKIPPED' },
    },
  },
  {
    template: 'uptime-check',
    name: 'the page answers 503: an alert is posted',
    path: 'failure',
    inputs: (base) => ({ url: `${base}/`, alertUrl: `${base}/alerts` }),
    routes: {
      'GET /': () => ({ status: 503, body: 'maintenance' }),
      'POST /alerts': () => ({ body: 'ok' }),
    },
    expect: {
      status: 'SUCCESS',
      outputs: { up: false, status: 503 },
      steps: { fetch: 'SUCCESS', down: 'SUCCESS', alert: 'SUCCESS' },
      requests: (reqs) =>
        expect(reqs.find((r) => r.path === '/alerts')?.body).toEqual({
          text: expect.stringContaining('is down: status 503') as unknown,
        }),
    },
  },
];
