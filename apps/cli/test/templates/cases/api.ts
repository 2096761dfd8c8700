import { expect } from 'vitest';
import type { TemplateCase } from '../harness';

const push = {
  ref: 'refs/heads/main',
  repository: { full_name: 'weft/weft' },
  pusher: { name: 'ada' },
  commits: [{ id: 'a1' }, { id: 'b2' }],
};

export const apiCases: TemplateCase[] = [
  {
    template: 'github-to-chat',
    name: 'a push is summarised and posted to the chat hook',
    path: 'happy',
    inputs: (base) => ({ chatUrl: `${base}/services/T1/B1/abc` }),
    trigger: { body: push, headers: { 'x-github-event': 'push' } },
    routes: { 'POST /services/T1/B1/abc': () => ({ body: 'ok' }) },
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
];
