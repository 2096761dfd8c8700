/**
 * The shape of a weft/v1 file, defined once: `validate` checks documents with it and
 * `workflowJsonSchema()` is generated from it.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { BUILTIN_NAMES } from '../builtin-names';
import { cronProblem } from './cron';
import {
  anyValue,
  boolean,
  deref,
  duration,
  expression,
  fail,
  integer,
  list,
  number,
  object,
  oneOrList,
  record,
  refine,
  string,
  variants,
  type Shape,
} from './shape';
import { galleryShape } from './gallery-shape';

export const WORKFLOW_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';
export const STEP_ID_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,62}$';
export const NEED_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z0-9_-]+)?$';
export const USES_PATTERN =
  '^[a-z][a-z0-9-]*(/[a-z][a-z0-9-]*)?@(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*))?$';
export const WEBHOOK_PATH_PATTERN = '^/?[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$';
export const INPUT_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;
export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** True when `value` has the JSON type an input declares. */
export function fitsInputType(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    default:
      return false;
  }
}

const knownZones = new Map<string, boolean>();

/** True when the runtime knows the zone; true as well where `Intl` is missing (checked again at run time). */
function isTimeZone(tz: string): boolean {
  const DTF = (globalThis as { Intl?: typeof Intl }).Intl?.DateTimeFormat;
  if (!DTF) return true;
  let known = knownZones.get(tz);
  if (known === undefined) {
    try {
      new DTF('en-US', { timeZone: tz });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size > 1000) knownZones.clear();
    knownZones.set(tz, known);
  }
  return known;
}

const timezone = refine(
  string({ description: 'IANA time zone, e.g. Europe/Paris (default UTC)' }),
  (node, path, ctx) => {
    const tz = (deref(node, ctx) as { value: string }).value;
    return isTimeZone(tz)
      ? true
      : fail(
          ctx,
          deref(node, ctx),
          path,
          `${ctx.label(path)} ${JSON.stringify(tz)} is not an IANA time zone (such as Europe/Paris or UTC)`,
        );
  },
);

const cron = refine(
  string({
    description: 'cron expression with 5 fields (minute hour day month weekday) or 6 (seconds first)',
  }),
  (node, path, ctx) => {
    const n = deref(node, ctx);
    const problem = cronProblem((n as { value: string }).value);
    return problem
      ? fail(
          ctx,
          n,
          path,
          `${ctx.label(path)} ${JSON.stringify((n as { value: string }).value)} is not a valid cron expression: ${problem}`,
        )
      : true;
  },
);

const retry = object(
  {
    attempts: integer({
      min: 1,
      max: 100,
      description: 'Tries in all, the first one included (1 = no retry).',
    }),
    backoff: string({
      enum: ['fixed', 'linear', 'exponential'],
      description: 'How the delay grows between tries (default exponential).',
    }),
    delay: duration({ description: 'Base delay between tries (default 1s).' }),
    maxDelay: duration({ description: 'Upper bound of one delay.' }),
    jitter: boolean({ description: 'Spread each delay at random in [d/2, d] (default false).' }),
  },
  { required: ['attempts'], description: 'Retry policy of a step.' },
);

const permissions = object(
  {
    network: list(string({ minLength: 1 }), {
      description: 'Hosts blocks may reach: api.example.com, *.example.com, 10.0.0.0/8, host:port.',
    }),
    sql: list(string({ minLength: 1 }), {
      description: 'SQL connections (declared by the server) the sql block may use, by name.',
    }),
  },
  { description: 'Deny by default; a step may only narrow the workflow’s permissions.' },
);

const inputSpec = refine(
  object(
    {
      type: string({ enum: INPUT_TYPES, description: 'JSON type of the input.' }),
      required: boolean({ description: 'A run must give this input (default false).' }),
      default: anyValue({ description: 'Value used when a run does not give one.' }),
      description: string(),
      enum: list(anyValue(), { min: 1, description: 'The only values allowed.' }),
    },
    { required: ['type'], description: 'A workflow input.' },
  ),
  (node, path, ctx) => {
    const map = deref(node, ctx);
    if (!isMap(map)) return true;
    const get = (k: string): unknown => map.get(k, true);
    const type = (get('type') as { value: string }).value;
    let good = true;
    const enumNode = deref(get('enum'), ctx);
    const enumValues = isSeq(enumNode) ? (enumNode.toJSON() as unknown[]) : undefined;
    if (isSeq(enumNode)) {
      enumNode.items.forEach((it, i) => {
        const v = (deref(it, ctx) as { toJSON(): unknown }).toJSON();
        if (!fitsInputType(type, v))
          good = fail(
            ctx,
            it,
            [...path, 'enum', i],
            `${ctx.label([...path, 'enum', i])} ${JSON.stringify(v)} is not of type ${type}`,
          );
      });
    }
    const def = get('default');
    if (def !== undefined) {
      const dn = deref(def, ctx);
      const v = isScalar(dn) || isMap(dn) || isSeq(dn) ? (dn.toJSON() as unknown) : undefined;
      if (!fitsInputType(type, v))
        good = fail(
          ctx,
          dn,
          [...path, 'default'],
          `${ctx.label([...path, 'default'])} ${JSON.stringify(v)} is not of type ${type}`,
        );
      else if (enumValues && !enumValues.some((e) => JSON.stringify(e) === JSON.stringify(v)))
        good = fail(
          ctx,
          dn,
          [...path, 'default'],
          `${ctx.label([...path, 'default'])} ${JSON.stringify(v)} is not one of its enum values`,
        );
    }
    return good;
  },
);

const trigger = variants(
  {
    cron: object({ cron, timezone }, { required: ['cron'], description: 'Run on a schedule.' }),
    interval: object(
      { interval: duration({ description: 'Run every so often, e.g. 15m.' }) },
      { required: ['interval'] },
    ),
    webhook: object(
      {
        webhook: object(
          {
            path: string({
              pattern: WEBHOOK_PATH_PATTERN,
              hint: 'use letters, digits, - _ . ~ and / (served at /hooks/<workflow-id>/<path>)',
              description: 'Served at /hooks/<workflow-id>/<path>.',
            }),
            method: string({ enum: WEBHOOK_METHODS, description: 'HTTP method (default POST).' }),
            secret: string({ minLength: 1, description: 'Signing secret, usually ${{ secrets.NAME }}.' }),
            signature: string({
              enum: ['github', 'stripe', 'hmac-sha256'],
              description: 'How requests are signed (default hmac-sha256 when a secret is set).',
            }),
            mode: string({
              enum: ['async', 'sync'],
              description: 'async answers 202 with the run id; sync waits for the outputs.',
            }),
          },
          { required: ['path'] },
        ),
      },
      { required: ['webhook'], description: 'Run on an HTTP request.' },
    ),
  },
  { noun: 'trigger', description: 'What starts a run (manual runs need no trigger).' },
);

/** The run end statuses a `notify` entry may listen to (`any` = all three). */
export const NOTIFY_ON = ['failed', 'success', 'cancelled', 'any'] as const;

const notify = object(
  {
    on: list(string({ enum: NOTIFY_ON, description: 'A run end status, or any.' }), {
      min: 1,
      description: 'Which run ends send a notice: failed, success, cancelled, any.',
    }),
    webhook: object(
      {
        url: string({
          pattern: '^https?://[^\\s/?#]+[^\\s]*$',
          hint: 'write an http:// or https:// URL',
          description: 'Where the JSON notice is POSTed.',
        }),
        secret: string({
          minLength: 1,
          description: 'Signs the notice (X-Weft-Signature), usually ${{ secrets.NAME }}.',
        }),
      },
      { required: ['url'] },
    ),
  },
  { required: ['on', 'webhook'], description: 'A signed notice when a run ends (dsl-v1 §10).' },
);

const uses: Shape = {
  json: () => ({
    description: 'The block to run: a built-in (if, switch, transform, …) or name@major / name@x.y.z.',
    anyOf: [{ enum: [...BUILTIN_NAMES] }, { type: 'string', pattern: USES_PATTERN }],
  }),
  check: string().check,
};

const step = object(
  {
    id: string({
      pattern: STEP_ID_PATTERN,
      name: true,
      hint: 'start with a letter or _, then letters, digits or _ (at most 63)',
      description: 'Unique step id, used as steps.<id> in expressions.',
    }),
    name: string({ description: 'Display name.' }),
    description: string(),
    uses,
    with: record(anyValue(), { description: 'The block inputs; strings may hold ${{ }} expressions.' }),
    needs: oneOrList(string({ pattern: NEED_PATTERN, hint: 'write a step id, or id.port' }), {
      description: 'Steps that must finish first: id, or id.port.',
    }),
    join: string({
      enum: ['all', 'any', 'always'],
      description: 'When the step runs, given its needs (default all).',
    }),
    if: expression({ description: 'Run only when this expression is true.' }),
    foreach: expression({ description: 'Run once per item of this array.' }),
    concurrency: integer({ min: 1, description: 'With foreach: items in flight at once (default 1).' }),
    repeat: object(
      { until: expression(), max: integer({ min: 1 }), delay: duration() },
      { required: ['until', 'max'], description: 'Run again until `until` is true, at most `max` times.' },
    ),
    retry,
    timeout: duration({ description: 'Per attempt.' }),
    onError: string({
      enum: ['fail', 'continue'],
      description: 'continue: a failure does not fail the run (default fail).',
    }),
    permissions,
  },
  { required: ['id', 'uses'], description: 'One step of the workflow.' },
);

export const workflowShape: Shape = object(
  {
    apiVersion: string({ enum: ['weft/v1'], code: 'E_VERSION', description: 'Always weft/v1.' }),
    kind: string({ enum: ['Workflow'], code: 'E_VERSION', description: 'Always Workflow.' }),
    id: string({
      pattern: WORKFLOW_ID_PATTERN,
      hint: 'use lowercase letters, digits and -, starting with a letter or digit (at most 63)',
      description: 'Workflow id, used in URLs.',
    }),
    name: string({ description: 'Display name.' }),
    description: string(),
    tags: list(string()),
    enabled: boolean({ description: 'Disabled workflows fire no triggers (default true).' }),
    inputs: record(inputSpec, {
      names: true,
      keyPattern: STEP_ID_PATTERN,
      keyHint: 'start with a letter or _, then letters, digits or _',
    }),
    vars: record(anyValue(), { names: true, description: 'Values for expressions, as vars.<name>.' }),
    permissions,
    triggers: list(trigger),
    defaults: object({ timeout: duration(), retry }, { description: 'Defaults for every step.' }),
    concurrency: integer({ min: 1, description: 'Runs of this workflow RUNNING/WAITING at once.' }),
    failFast: boolean({ description: 'An unhandled failure cancels the rest of the run (default true).' }),
    notify: list(notify, { description: 'Where to send a signed notice when a run ends.' }),
    steps: list(step, { min: 1 }),
    outputs: record(anyValue(), {
      names: true,
      description: 'Run outputs, evaluated when the run succeeds.',
    }),
    layout: record(list(number(), { min: 2, max: 2 }), {
      names: true,
      keyPattern: STEP_ID_PATTERN,
      description: 'Canvas positions [x, y], written by the studio.',
    }),
    'x-gallery': galleryShape,
  },
  {
    required: ['apiVersion', 'kind', 'id', 'steps'],
    requiredCode: { apiVersion: 'E_VERSION', kind: 'E_VERSION' },
  },
);
