import { expect } from 'vitest';
import type { TemplateCase } from '../harness';
import { chatCompletion, openAiError } from './replies';

const key = { OPENAI_API_KEY: 'sk-test' };

export const aiCases: TemplateCase[] = [
  {
    template: 'ai-summarise',
    name: 'the model answers a summary',
    path: 'happy',
    inputs: (base) => ({ aiUrl: `${base}/v1` }),
    secrets: key,
    routes: {
      'POST /v1/chat/completions': () => chatCompletion('  - Durable DAGs\n- Sandboxed blocks \n', 57),
    },
    expect: {
      status: 'SUCCESS',
      outputs: { summary: '- Durable DAGs\n- Sandboxed blocks', tokens: 57 },
      steps: { complete: 'SUCCESS' },
      requests: (reqs) => {
        expect(reqs[0]?.headers.authorization).toBe('Bearer sk-test');
        expect(reqs[0]?.body).toMatchObject({
          model: 'gpt-4o-mini',
          messages: [{ role: 'system' }, { role: 'user' }],
        });
      },
    },
  },
  {
    template: 'ai-summarise',
    name: 'a wrong API key (401) fails at once',
    path: 'failure',
    inputs: (base) => ({ aiUrl: `${base}/v1` }),
    secrets: { OPENAI_API_KEY: 'sk-wrong' },
    routes: {
      'POST /v1/chat/completions': () => openAiError(401, 'Incorrect API key provided', 'invalid_api_key'),
    },
    expect: { status: 'FAILED', steps: { complete: { status: 'FAILED', code: 'HTTP_ERROR', attempts: 1 } } },
  },
  {
    template: 'ai-classify-route',
    name: 'a confident answer files the ticket in that queue',
    path: 'happy',
    inputs: (base) => ({ aiUrl: `${base}/v1`, helpdeskUrl: base }),
    secrets: { ...key, HELPDESK_TOKEN: 'hd-test' },
    routes: {
      'POST /v1/chat/completions': () => chatCompletion('{"category": "billing", "confidence": 0.93}'),
      'POST /api/queues/:queue/tickets': (_r, p) => ({ status: 201, body: { id: `T-${p.queue}-1` } }),
    },
    expect: {
      status: 'SUCCESS',
      outputs: { category: 'billing', confidence: 0.93, ticketId: 'T-billing-1' },
      steps: { classify: 'SUCCESS', label: 'SUCCESS', sure: 'SUCCESS', review: 'SKIPPED', file: 'SUCCESS' },
    },
  },
  {
    template: 'ai-classify-route',
    name: 'an unsure answer waits for a person (a local run cannot approve: cancelled)',
    path: 'failure',
    inputs: (base) => ({ aiUrl: `${base}/v1`, helpdeskUrl: base }),
    secrets: { ...key, HELPDESK_TOKEN: 'hd-test' },
    routes: { 'POST /v1/chat/completions': () => chatCompletion('{"category": "bug", "confidence": 0.41}') },
    expect: {
      status: 'CANCELLED',
      steps: {
        classify: 'SUCCESS',
        label: 'SUCCESS',
        sure: 'SUCCESS',
        review: 'CANCELLED',
        file: 'CANCELLED',
      },
      requests: (reqs) => expect(reqs.some((r) => r.path.includes('/queues/'))).toBe(false),
    },
  },
  {
    template: 'ai-classify-route',
    name: 'an answer that is not the asked JSON fails the label step',
    path: 'failure',
    inputs: (base) => ({ aiUrl: `${base}/v1`, helpdeskUrl: base }),
    secrets: { ...key, HELPDESK_TOKEN: 'hd-test' },
    routes: {
      'POST /v1/chat/completions': () => chatCompletion('{"category": "weather", "confidence": "high"}'),
    },
    expect: {
      status: 'FAILED',
      steps: {
        classify: 'SUCCESS',
        label: { status: 'FAILED', code: 'EXPRESSION_ERROR' },
        sure: 'CANCELLED',
        review: 'CANCELLED',
        file: 'CANCELLED',
      },
    },
  },
  {
    template: 'ai-extract-fields',
    name: 'all four fields are found',
    path: 'happy',
    inputs: (base) => ({ aiUrl: `${base}/v1` }),
    secrets: key,
    routes: {
      'POST /v1/chat/completions': () =>
        chatCompletion('{"vendor": "Acme GmbH", "total": 1250, "currency": "EUR", "dueDate": "2024-07-31"}'),
    },
    expect: {
      status: 'SUCCESS',
      outputs: { invoice: { vendor: 'Acme GmbH', total: 1250, currency: 'EUR', dueDate: '2024-07-31' } },
      steps: {
        extract: 'SUCCESS',
        fields: 'SUCCESS',
        missing: 'SUCCESS',
        complete: 'SUCCESS',
        incomplete: 'SKIPPED',
      },
    },
  },
  {
    template: 'ai-extract-fields',
    name: 'a missing total and due date fail the run, naming them',
    path: 'failure',
    inputs: (base) => ({ aiUrl: `${base}/v1` }),
    secrets: key,
    routes: {
      'POST /v1/chat/completions': () =>
        chatCompletion('{"vendor": "Acme GmbH", "total": null, "currency": "EUR"}'),
    },
    expect: {
      status: 'FAILED',
      steps: {
        extract: 'SUCCESS',
        fields: 'SUCCESS',
        missing: 'SUCCESS',
        complete: 'SUCCESS',
        incomplete: { status: 'FAILED', code: 'INVALID_INPUT' },
      },
    },
  },
  {
    template: 'ai-fanout',
    name: 'every document is summarised, in input order',
    path: 'happy',
    inputs: (base) => ({
      aiUrl: `${base}/v1`,
      documents: [1, 2, 3, 4, 5].map((n) => ({ id: `d${n}`, text: `text ${n}` })),
    }),
    secrets: key,
    routes: {
      'POST /v1/chat/completions': (req) => {
        const text = (req.body as { messages: { content: string }[] }).messages[1]?.content ?? '';
        return chatCompletion(`summary of ${text}`);
      },
    },
    expect: {
      status: 'SUCCESS',
      outputs: { summaries: [1, 2, 3, 4, 5].map((n) => ({ id: `d${n}`, summary: `summary of text ${n}` })) },
      steps: { summarise: 'SUCCESS', collect: 'SUCCESS' },
      requests: (reqs) => expect(reqs).toHaveLength(5),
    },
  },
  {
    template: 'ai-fanout',
    name: 'one document is refused (400): the step fails',
    path: 'failure',
    inputs: (base) => ({
      aiUrl: `${base}/v1`,
      documents: [
        { id: 'd1', text: 'fine' },
        { id: 'd2', text: 'too long' },
      ],
    }),
    secrets: key,
    routes: {
      'POST /v1/chat/completions': (req) =>
        (req.body as { messages: { content: string }[] }).messages[1]?.content === 'too long'
          ? openAiError(400, 'maximum context length exceeded', 'context_length_exceeded')
          : chatCompletion('ok'),
    },
    expect: {
      status: 'FAILED',
      steps: { summarise: { status: 'FAILED', code: 'HTTP_ERROR' }, collect: 'CANCELLED' },
    },
  },
];
