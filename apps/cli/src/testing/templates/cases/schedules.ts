import { expect } from 'vitest';
import type { TemplateCase } from '../harness';
import { githubError, slackOk } from './replies';

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

const issues = [
  { number: 7, title: 'Crash on empty CSV', user: { login: 'ada' } },
  { number: 9, title: 'Bump deps', user: { login: 'bot' }, pull_request: { url: 'x' } },
  { number: 8, title: 'Docs: webhooks', user: { login: 'grace' } },
];

export const moreScheduleCases: TemplateCase[] = [
  {
    template: 'daily-digest',
    name: 'open issues (pull requests left out) are posted as a digest',
    path: 'happy',
    inputs: (base) => ({ repo: 'weft/weft', githubUrl: base, chatUrl: `${base}/hook` }),
    secrets: { GITHUB_TOKEN: 'ghp_test' },
    routes: { 'GET /repos/weft/weft/issues': () => ({ body: issues }), 'POST /hook': () => slackOk },
    expect: {
      status: 'SUCCESS',
      outputs: { posted: true, count: 2 },
      steps: { issues: 'SUCCESS', any: 'SUCCESS', digest: 'SUCCESS', post: 'SUCCESS' },
      requests: (reqs) =>
        expect(reqs.find((r) => r.path === '/hook')?.body).toEqual({
          text: '*Open issues in weft/weft*\n• #7 Crash on empty CSV (ada)\n• #8 Docs: webhooks (grace)',
        }),
    },
  },
  {
    template: 'daily-digest',
    name: 'a quiet day posts nothing',
    path: 'happy',
    inputs: (base) => ({ repo: 'weft/weft', githubUrl: base, chatUrl: `${base}/hook` }),
    secrets: { GITHUB_TOKEN: 'ghp_test' },
    routes: { 'GET /repos/weft/weft/issues': () => ({ body: [] }) },
    expect: {
      status: 'SUCCESS',
      outputs: { posted: false, count: 0 },
      steps: { issues: 'SUCCESS', any: 'SUCCESS', digest: 'SKIPPED', post: 'SKIPPED' },
    },
  },
  {
    template: 'daily-digest',
    name: 'a revoked token (401) fails at once',
    path: 'failure',
    inputs: (base) => ({ repo: 'weft/weft', githubUrl: base, chatUrl: `${base}/hook` }),
    secrets: { GITHUB_TOKEN: 'ghp_revoked' },
    routes: { 'GET /repos/weft/weft/issues': () => githubError(401, 'Bad credentials') },
    expect: {
      status: 'FAILED',
      steps: {
        issues: { status: 'FAILED', code: 'HTTP_ERROR', attempts: 1 },
        any: 'CANCELLED',
        digest: 'CANCELLED',
        post: 'CANCELLED',
      },
    },
  },
  {
    template: 'scheduled-cleanup',
    name: 'every expired session is deleted',
    path: 'happy',
    inputs: (base) => ({ adminUrl: base }),
    secrets: { ADMIN_API_TOKEN: 'admin-test' },
    routes: {
      'GET /v1/sessions': () => ({ body: { sessions: [{ id: 's1' }, { id: 's2' }, { id: 's3' }] } }),
      'DELETE /v1/sessions/:id': () => ({ status: 204 }),
    },
    expect: {
      status: 'SUCCESS',
      outputs: { deleted: 3 },
      steps: { stale: 'SUCCESS', remove: 'SUCCESS' },
      requests: (reqs) => {
        expect(reqs[0]?.query).toEqual({ status: 'expired', older_than_days: '30' });
        expect(
          reqs
            .filter((r) => r.method === 'DELETE')
            .map((r) => r.path)
            .sort(),
        ).toEqual(['/v1/sessions/s1', '/v1/sessions/s2', '/v1/sessions/s3']);
      },
    },
  },
  {
    template: 'scheduled-cleanup',
    name: 'a delete is forbidden (403): the cleanup fails',
    path: 'failure',
    inputs: (base) => ({ adminUrl: base }),
    secrets: { ADMIN_API_TOKEN: 'admin-test' },
    routes: {
      'GET /v1/sessions': () => ({ body: { sessions: [{ id: 's1' }] } }),
      'DELETE /v1/sessions/:id': () => ({ status: 403, body: { error: 'forbidden' } }),
    },
    expect: {
      status: 'FAILED',
      steps: { stale: 'SUCCESS', remove: { status: 'FAILED', code: 'HTTP_ERROR' } },
    },
  },
];
