import { expect } from 'vitest';
import type { TemplateCase } from '../harness';
import { moderation } from './replies';

export const humanCases: TemplateCase[] = [
  {
    template: 'expense-approval',
    name: 'a small expense is approved automatically',
    path: 'happy',
    inputs: () => ({ amount: 100, requester: 'Ada' }),
    expect: {
      status: 'SUCCESS',
      outputs: { approved: true, by: 'auto' },
      steps: { large: 'SUCCESS', review: 'SKIPPED', decision: 'SUCCESS' },
    },
  },
  {
    template: 'expense-approval',
    name: 'a large expense waits for a person; a local run cannot approve and is cancelled',
    path: 'failure',
    inputs: () => ({ amount: 900, requester: 'Ada' }),
    expect: {
      status: 'CANCELLED',
      steps: { large: 'SUCCESS', review: 'CANCELLED', decision: 'CANCELLED' },
    },
  },
];

export const moderationCases: TemplateCase[] = [
  {
    template: 'content-moderation',
    name: 'a clean post is published at once',
    path: 'happy',
    inputs: (base) => ({ aiUrl: `${base}/v1`, cmsUrl: base }),
    secrets: { OPENAI_API_KEY: 'sk-test', CMS_TOKEN: 'cms-test' },
    routes: {
      'POST /v1/moderations': () => moderation([]),
      'POST /api/posts': () => ({ status: 201, body: { id: 'post-1' } }),
    },
    expect: {
      status: 'SUCCESS',
      outputs: { published: true, postId: 'post-1' },
      steps: { moderate: 'SUCCESS', flagged: 'SUCCESS', review: 'SKIPPED', publish: 'SUCCESS' },
    },
  },
  {
    template: 'content-moderation',
    name: 'a flagged post waits for a moderator (a local run cannot approve: cancelled)',
    path: 'failure',
    inputs: (base) => ({ aiUrl: `${base}/v1`, cmsUrl: base }),
    secrets: { OPENAI_API_KEY: 'sk-test', CMS_TOKEN: 'cms-test' },
    routes: { 'POST /v1/moderations': () => moderation(['harassment']) },
    expect: {
      status: 'CANCELLED',
      steps: { moderate: 'SUCCESS', flagged: 'SUCCESS', review: 'CANCELLED', publish: 'CANCELLED' },
      requests: (reqs) => expect(reqs.some((r) => r.path === '/api/posts')).toBe(false),
    },
  },
  {
    template: 'content-moderation',
    name: 'the CMS is down: publishing fails',
    path: 'failure',
    inputs: (base) => ({ aiUrl: `${base}/v1`, cmsUrl: base }),
    secrets: { OPENAI_API_KEY: 'sk-test', CMS_TOKEN: 'cms-test' },
    routes: {
      'POST /v1/moderations': () => moderation([]),
      'POST /api/posts': () => ({ status: 502, body: 'bad gateway' }),
    },
    expect: {
      status: 'FAILED',
      steps: {
        moderate: 'SUCCESS',
        flagged: 'SUCCESS',
        review: 'SKIPPED',
        publish: { status: 'FAILED', code: 'HTTP_ERROR' },
      },
    },
  },
];
