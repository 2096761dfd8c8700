/** Answers shaped as the real APIs document them, for the stand-in's routes. */
import type { StandInReply } from '../stand-in';

/** OpenAI `POST /v1/chat/completions` (also what Azure, Ollama, vLLM and LM Studio answer). */
export function chatCompletion(content: string, totalTokens = 42): StandInReply {
  return {
    body: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: totalTokens - 10, completion_tokens: 10, total_tokens: totalTokens },
    },
  };
}

/** OpenAI's error envelope, e.g. 401 invalid_api_key. */
export function openAiError(status: number, message: string, code: string): StandInReply {
  return { status, body: { error: { message, type: 'invalid_request_error', param: null, code } } };
}

/** OpenAI `POST /v1/moderations`. */
export function moderation(flagged: string[]): StandInReply {
  const all = ['harassment', 'hate', 'self-harm', 'sexual', 'violence'];
  return {
    body: {
      id: 'modr-test',
      model: 'omni-moderation-latest',
      results: [
        {
          flagged: flagged.length > 0,
          categories: Object.fromEntries(all.map((c) => [c, flagged.includes(c)])),
          category_scores: Object.fromEntries(all.map((c) => [c, flagged.includes(c) ? 0.91 : 0.01])),
        },
      ],
    },
  };
}

/** Slack-style incoming webhooks answer a plain `ok`. */
export const slackOk: StandInReply = { body: 'ok' };

/** GitHub's error body. */
export function githubError(status: number, message: string): StandInReply {
  return { status, body: { message, documentation_url: 'https://docs.github.com/rest' } };
}
