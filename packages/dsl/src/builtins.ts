import type { BlockCatalog, BlockInfo, JsonSchema } from './catalog';
import { BUILTIN_NAMES, isBuiltinName } from './builtin-names';
import { hasTemplate } from './template';
import { DURATION_PATTERN } from './units';

const durationSchema: JsonSchema = {
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: DURATION_PATTERN },
  ],
  description: 'e.g. 30s, 5m, 1h30m, or milliseconds',
};

function builtin(
  info: Omit<BlockInfo, 'version' | 'builtin' | 'inputs'> & { inputs: JsonSchema },
): BlockInfo {
  return {
    ...info,
    version: 'builtin',
    builtin: true,
    inputs: { type: 'object', additionalProperties: false, ...info.inputs },
  };
}

const BUILTINS: readonly BlockInfo[] = [
  builtin({
    name: 'if',
    title: 'If',
    description: 'Branch on a condition: downstream steps need `<id>.then` or `<id>.else`.',
    category: 'logic',
    icon: 'git-branch',
    inputs: {
      properties: {
        condition: { type: ['string', 'boolean'], description: 'An expression (${{ }} optional).' },
      },
      required: ['condition'],
    },
    output: { type: 'object', properties: { value: {} } },
    ports: ['then', 'else'],
  }),
  builtin({
    name: 'switch',
    title: 'Switch',
    description: 'Route to the port named like the first case equal to `value`, else `default`.',
    category: 'logic',
    icon: 'split',
    inputs: {
      properties: {
        value: { description: 'The value to compare (use ${{ }} for an expression).' },
        cases: {
          type: 'array',
          minItems: 1,
          items: { type: ['string', 'number', 'boolean'] },
          description: 'Case values; each names a port.',
        },
      },
      required: ['value', 'cases'],
    },
    output: { type: 'object', properties: { value: {} } },
    ports: ['default'],
  }),
  builtin({
    name: 'transform',
    title: 'Transform',
    description: 'Compute a value with a JSONata expression over the run’s data.',
    category: 'data',
    icon: 'wand',
    inputs: {
      properties: {
        expression: { type: 'string', description: 'JSONata text (no ${{ }} needed).' },
        input: { description: 'Extra data, as `input`.' },
      },
      required: ['expression'],
    },
  }),
  builtin({
    name: 'code',
    title: 'Code',
    description:
      'Run a JavaScript module in a sandbox: its default export takes `input` and returns the output.',
    category: 'data',
    icon: 'code',
    inputs: {
      properties: {
        source: { type: 'string', description: 'export default (input) => …' },
        input: { description: 'Passed to the default export.' },
      },
      required: ['source'],
    },
  }),
  builtin({
    name: 'wait',
    title: 'Wait',
    description: 'Pause the run for a duration or until a time (durable across restarts).',
    category: 'flow',
    icon: 'clock',
    inputs: {
      properties: {
        duration: durationSchema,
        until: { type: 'string', description: 'ISO 8601 time, e.g. 2030-01-01T08:00:00Z.' },
      },
      oneOf: [{ required: ['duration'] }, { required: ['until'] }],
    },
  }),
  builtin({
    name: 'approval',
    title: 'Approval',
    description: 'Wait until a person approves or rejects: ports `approved`, `rejected`.',
    category: 'flow',
    icon: 'user-check',
    inputs: {
      properties: {
        message: { type: 'string' },
        approvers: {
          type: 'array',
          items: { type: 'string' },
          description: 'Who may decide (default anyone).',
        },
      },
      required: ['message'],
    },
    output: {
      type: 'object',
      properties: {
        approved: { type: 'boolean' },
        by: { type: 'string' },
        comment: { type: 'string' },
        at: { type: 'string' },
      },
    },
    ports: ['approved', 'rejected'],
  }),
  builtin({
    name: 'workflow',
    title: 'Sub-workflow',
    description: 'Run another workflow as a child run; the output is its outputs.',
    category: 'flow',
    icon: 'workflow',
    inputs: {
      properties: {
        id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'The child workflow’s id.' },
        inputs: { type: 'object', description: 'The child’s inputs.' },
      },
      required: ['id'],
    },
  }),
  builtin({
    name: 'fail',
    title: 'Fail',
    description: 'Always fail the step with a message.',
    category: 'flow',
    icon: 'x-octagon',
    inputs: {
      properties: {
        message: { type: 'string' },
        code: { type: 'string', description: 'Error code (default BLOCK_ERROR).' },
      },
      required: ['message'],
    },
  }),
];

/** What a `uses` value asks for. */
export type ParsedUses =
  | { ok: true; kind: 'builtin'; name: string }
  | { ok: true; kind: 'block'; name: string; major: number; version?: string }
  | { ok: false; message: string };

/**
 * Read a `uses` value: a built-in (`if`), `name@major` or `name@x.y.z`.
 *
 * @example parseUses('http@1') // { ok: true, kind: 'block', name: 'http', major: 1 }
 */
export function parseUses(uses: string): ParsedUses {
  if (isBuiltinName(uses)) return { ok: true, kind: 'builtin', name: uses };
  const m = /^([a-z][a-z0-9-]*(?:\/[a-z][a-z0-9-]*)?)@(0|[1-9]\d*)(?:\.(0|[1-9]\d*)\.(0|[1-9]\d*))?$/.exec(
    uses,
  );
  if (m) {
    const [, name = '', major = '0', minor, patch] = m;
    return minor === undefined
      ? { ok: true, kind: 'block', name, major: Number(major) }
      : { ok: true, kind: 'block', name, major: Number(major), version: `${major}.${minor}.${patch}` };
  }
  if (/^[a-z][a-z0-9-]*$/.test(uses))
    return { ok: false, message: `'${uses}' is not a built-in; a block needs a version, e.g. ${uses}@1` };
  return {
    ok: false,
    message: `'${uses}' is not a block reference; write a built-in (${BUILTIN_NAMES.join(', ')}) or name@major / name@x.y.z`,
  };
}

function semverParts(v: string): [number, number, number] {
  const [a = 0, b = 0, c = 0] = v
    .split(/[.+-]/)
    .slice(0, 3)
    .map((x) => Number(x) || 0);
  return [a, b, c];
}

function compareSemver(a: string, b: string): number {
  const x = semverParts(a);
  const y = semverParts(b);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/**
 * A catalog over a list of blocks (e.g. from `blocks/<name>/block.yaml` manifests).
 * `name@1` resolves to the highest 1.x.y; `name@1.2.3` to exactly that version; a bare name to a built-in.
 */
export function createCatalog(blocks: readonly BlockInfo[]): BlockCatalog {
  const byName = new Map<string, BlockInfo[]>();
  for (const b of blocks)
    byName.set(
      b.name,
      [...(byName.get(b.name) ?? []), b].sort((p, q) => compareSemver(q.version, p.version)),
    );
  return {
    resolve(uses) {
      const p = parseUses(uses);
      if (!p.ok) return undefined;
      const versions = byName.get(p.name) ?? [];
      if (p.kind === 'builtin') return versions.find((b) => b.builtin);
      if (p.version) return versions.find((b) => !b.builtin && b.version === p.version);
      return versions.find((b) => !b.builtin && semverParts(b.version)[0] === p.major);
    },
    list: () => [...byName.values()].map((v) => v[0] as BlockInfo),
  };
}

const builtinCatalogInstance = createCatalog(BUILTINS);

/** The built-in blocks of dsl-v1 §7. */
export function builtinCatalog(): BlockCatalog {
  return builtinCatalogInstance;
}

/** Several catalogs as one: the first that resolves a `uses` wins; `list()` keeps the first of each name. */
export function combineCatalogs(...catalogs: readonly BlockCatalog[]): BlockCatalog {
  return {
    resolve(uses) {
      for (const c of catalogs) {
        const b = c.resolve(uses);
        if (b) return b;
      }
      return undefined;
    },
    list() {
      const seen = new Set<string>();
      return catalogs
        .flatMap((c) => c.list())
        .filter((b) => (seen.has(b.name) ? false : (seen.add(b.name), true)));
    },
  };
}

/**
 * The ports a step of this block can choose, or undefined when the block has none.
 * For `switch` they come from the step's `cases` (as text) plus `default`.
 *
 * @example portsOf(switchBlock, { value: '${{ inputs.kind }}', cases: ['bug', 'feature'] }) // ['bug', 'feature', 'default']
 */
export function portsOf(
  block: BlockInfo,
  stepWith: Record<string, unknown> | undefined,
): readonly string[] | undefined {
  if (block.builtin && block.name === 'switch') {
    const cases = stepWith?.['cases'];
    const names = Array.isArray(cases)
      ? cases.filter((c) => ['string', 'number', 'boolean'].includes(typeof c)).map((c) => String(c))
      : [];
    return [...new Set([...names, 'default'])];
  }
  return block.ports;
}

/** True when a switch step's cases are computed at run time, so its ports cannot be checked statically. */
export function hasDynamicPorts(block: BlockInfo, stepWith: Record<string, unknown> | undefined): boolean {
  if (!(block.builtin && block.name === 'switch')) return false;
  const cases = stepWith?.['cases'];
  return !Array.isArray(cases) || cases.some((c) => typeof c === 'string' && hasTemplate(c));
}
