import type {
  InputSpec,
  InputType,
  Need,
  NotifyOn,
  NotifyTarget,
  Permissions,
  RetryPolicy,
  Step,
  StepDefaults,
  Trigger,
  WebhookSignature,
  Workflow,
} from '../model';
import { unwrapExpression } from '../template';
import { parseDuration } from '../units';
import { splitNeed } from './steps-index';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const ms = (v: unknown): number | undefined => (v === undefined ? undefined : parseDuration(v));
const expr = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : unwrapExpression(String(v)).trim();

function retry(v: unknown): RetryPolicy | undefined {
  if (v === undefined) return undefined;
  const r = obj(v);
  const policy: RetryPolicy = {
    attempts: typeof r['attempts'] === 'number' ? r['attempts'] : 1,
    backoff: (str(r['backoff']) as RetryPolicy['backoff'] | undefined) ?? 'exponential',
    delayMs: ms(r['delay']) ?? 1000,
    jitter: r['jitter'] === true,
  };
  const maxDelay = ms(r['maxDelay']);
  if (maxDelay !== undefined) policy.maxDelayMs = maxDelay;
  return policy;
}

function permissions(v: unknown): Permissions | undefined {
  if (v === undefined) return undefined;
  const net = obj(v)['network'];
  const sql = obj(v)['sql'];
  const strings = (x: unknown[]): string[] => x.filter((h): h is string => typeof h === 'string');
  return {
    network: Array.isArray(net) ? strings(net) : [],
    ...(Array.isArray(sql) ? { sql: strings(sql) } : {}),
  };
}

function needs(v: unknown): Need[] {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list.filter((n): n is string => typeof n === 'string').map((n) => splitNeed(n));
}

export function buildStep(v: unknown): Step {
  const s = obj(v);
  const out: Step = {
    id: String(s['id']),
    uses: String(s['uses']),
    with: obj(s['with']),
    needs: needs(s['needs']),
    join: (str(s['join']) as Step['join'] | undefined) ?? 'all',
    onError: (str(s['onError']) as Step['onError'] | undefined) ?? 'fail',
  };
  const name = str(s['name']);
  if (name !== undefined) out.name = name;
  const description = str(s['description']);
  if (description !== undefined) out.description = description;
  const cond = expr(s['if']);
  if (cond !== undefined) out.if = cond;
  const foreach = expr(s['foreach']);
  if (foreach !== undefined) out.foreach = foreach;
  if (typeof s['concurrency'] === 'number') out.concurrency = s['concurrency'];
  if (s['repeat'] !== undefined) {
    const r = obj(s['repeat']);
    out.repeat = { until: expr(r['until']) ?? 'true', max: typeof r['max'] === 'number' ? r['max'] : 1 };
    const delay = ms(r['delay']);
    if (delay !== undefined) out.repeat.delayMs = delay;
  }
  const rp = retry(s['retry']);
  if (rp) out.retry = rp;
  const timeout = ms(s['timeout']);
  if (timeout !== undefined) out.timeoutMs = timeout;
  const perms = permissions(s['permissions']);
  if (perms) out.permissions = perms;
  return out;
}

function trigger(v: unknown): Trigger {
  const t = obj(v);
  if ('cron' in t) {
    const tz = str(t['timezone']);
    return tz === undefined
      ? { type: 'cron', cron: String(t['cron']) }
      : { type: 'cron', cron: String(t['cron']), timezone: tz };
  }
  if ('interval' in t) return { type: 'interval', intervalMs: ms(t['interval']) ?? 0 };
  const w = obj(t['webhook']);
  const hook: Extract<Trigger, { type: 'webhook' }> = {
    type: 'webhook',
    path: String(w['path']).replace(/^\//, ''),
    method: str(w['method']) ?? 'POST',
    mode: str(w['mode']) === 'sync' ? 'sync' : 'async',
  };
  const secret = str(w['secret']);
  if (secret !== undefined) hook.secret = secret;
  const signature = str(w['signature']) as WebhookSignature | undefined;
  if (signature !== undefined) hook.signature = signature;
  else if (secret !== undefined) hook.signature = 'hmac-sha256';
  return hook;
}

function notifyTarget(v: unknown): NotifyTarget {
  const n = obj(v);
  const hook = obj(n['webhook']);
  const secret = str(hook['secret']);
  return {
    on: Array.isArray(n['on']) ? n['on'].map((x) => String(x) as NotifyOn) : [],
    webhook: { url: String(hook['url']), ...(secret !== undefined ? { secret } : {}) },
  };
}

function input(v: unknown): InputSpec {
  const i = obj(v);
  const spec: InputSpec = { type: String(i['type']) as InputType, required: i['required'] === true };
  if ('default' in i) spec.default = i['default'];
  const d = str(i['description']);
  if (d !== undefined) spec.description = d;
  if (Array.isArray(i['enum'])) spec.enum = i['enum'];
  return spec;
}

/** The typed model of a document that passed validation. */
export function buildWorkflow(value: unknown): Workflow {
  const w = obj(value);
  const defaults: StepDefaults = {};
  const d = obj(w['defaults']);
  const dt = ms(d['timeout']);
  if (dt !== undefined) defaults.timeoutMs = dt;
  const dr = retry(d['retry']);
  if (dr) defaults.retry = dr;
  const layout: Record<string, readonly [number, number]> = {};
  for (const [k, p] of Object.entries(obj(w['layout'])))
    if (Array.isArray(p)) layout[k] = [Number(p[0]), Number(p[1])];
  const wf: Workflow = {
    apiVersion: 'weft/v1',
    kind: 'Workflow',
    id: String(w['id']),
    tags: Array.isArray(w['tags']) ? w['tags'].map(String) : [],
    enabled: w['enabled'] !== false,
    inputs: Object.fromEntries(Object.entries(obj(w['inputs'])).map(([k, v]) => [k, input(v)])),
    vars: obj(w['vars']),
    permissions: permissions(w['permissions']) ?? { network: [] },
    triggers: Array.isArray(w['triggers']) ? w['triggers'].map(trigger) : [],
    defaults,
    failFast: w['failFast'] !== false,
    steps: Array.isArray(w['steps']) ? w['steps'].map(buildStep) : [],
    outputs: obj(w['outputs']),
    layout,
  };
  const name = str(w['name']);
  if (name !== undefined) wf.name = name;
  const description = str(w['description']);
  if (description !== undefined) wf.description = description;
  if (typeof w['concurrency'] === 'number') wf.concurrency = w['concurrency'];
  if (Array.isArray(w['notify'])) wf.notify = w['notify'].map(notifyTarget);
  return wf;
}
