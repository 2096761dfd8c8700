import { expect } from 'vitest';
import type { TemplateCase } from '../harness';
import type { Routes } from '../stand-in';

function deployApi(final: 'healthy' | 'unhealthy'): Routes {
  let polls = 0;
  return {
    'POST /v1/services/checkout/deployments': () => ({
      status: 201,
      body: { id: 'dep_7', version: '2.4.1', previousVersion: '2.4.0' },
    }),
    'GET /v1/services/checkout/deployments/dep_7/health': () =>
      ++polls < 2
        ? { body: { status: 'starting' } }
        : { body: { status: final, reason: final === 'healthy' ? null : '5xx rate 38%' } },
    'POST /v1/services/checkout/rollback': () => ({ status: 202, body: { id: 'dep_8', version: '2.4.0' } }),
  };
}

const inputs = (base: string) => ({
  service: 'checkout',
  version: '2.4.1',
  environment: 'staging',
  deployUrl: base,
});

export const opsCases: TemplateCase[] = [
  {
    template: 'deploy-with-approval',
    name: 'staging: deployed, healthy on the second poll, no rollback',
    path: 'happy',
    inputs,
    secrets: { DEPLOY_TOKEN: 'deploy-test-token' },
    routes: deployApi('healthy'),
    expect: {
      status: 'SUCCESS',
      outputs: { deployment: 'dep_7', version: '2.4.1', health: 'healthy' },
      steps: {
        production: 'SUCCESS',
        approve: 'SKIPPED',
        deploy: 'SUCCESS',
        health: 'SUCCESS',
        healthy: 'SUCCESS',
        rollback: 'SKIPPED',
        rolledBack: 'SKIPPED',
      },
      requests: (reqs) => expect(reqs.filter((r) => r.path.endsWith('/health'))).toHaveLength(2),
    },
  },
  {
    template: 'deploy-with-approval',
    name: 'unhealthy: rolled back to the previous version, the run fails saying so',
    path: 'failure',
    inputs,
    secrets: { DEPLOY_TOKEN: 'deploy-test-token' },
    routes: deployApi('unhealthy'),
    expect: {
      status: 'FAILED',
      steps: {
        production: 'SUCCESS',
        approve: 'SKIPPED',
        deploy: 'SUCCESS',
        health: 'SUCCESS',
        healthy: 'SUCCESS',
        rollback: 'SUCCESS',
        rolledBack: { status: 'FAILED', code: 'BLOCK_ERROR' },
      },
      requests: (reqs) =>
        expect(reqs.find((r) => r.path.endsWith('/rollback'))?.body).toEqual({ to: '2.4.0' }),
    },
  },
  {
    template: 'deploy-with-approval',
    name: 'production waits for an approval before anything is deployed',
    path: 'failure',
    inputs: (base) => ({ ...inputs(base), environment: 'production' }),
    secrets: { DEPLOY_TOKEN: 'deploy-test-token' },
    routes: deployApi('healthy'),
    expect: {
      status: 'CANCELLED',
      steps: {
        production: 'SUCCESS',
        approve: 'CANCELLED',
        deploy: 'CANCELLED',
        health: 'CANCELLED',
        healthy: 'CANCELLED',
        rollback: 'CANCELLED',
        rolledBack: 'CANCELLED',
      },
      requests: (reqs) => expect(reqs).toEqual([]),
    },
  },
];
