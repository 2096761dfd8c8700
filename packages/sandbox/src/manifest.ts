/**
 * `blocks/<name>/block.yaml`: the manifest contract of DESIGN.md ("Block manifest"), parsed and
 * checked with errors that name the file and the field.
 */
import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { JsonSchema } from '@weft/dsl';
import { parseSemver } from './semver';
import { parseBytes, parseDuration } from '@weft/dsl';
import { compileCheck } from './schema';

export interface BlockLimits {
  /** Cap of the block's linear memory (and of Extism's host-side memory for it), bytes. */
  memoryBytes?: number;
  timeoutMs?: number;
  maxOutputBytes?: number;
}

export interface BlockManifest {
  name: string;
  version: string;
  title: string;
  description: string;
  category: string;
  icon: string;
  /** Absolute path of the module. */
  wasm: string;
  /** Exported function to call (default `run`). */
  entry: string;
  inputs: JsonSchema;
  output?: JsonSchema;
  ports?: readonly string[];
  /**
   * What the block may ask the host for, all denied by default: `network` (weft_http), `sql`
   * (weft_sql: connections the workflow names), `storage` (weft_storage: the workflow's own store).
   */
  capabilities: { network: boolean; sql: boolean; storage: boolean };
  limits: BlockLimits;
  /** The manifest file this came from. */
  file: string;
}

/** Names that `uses` gives to engine built-ins (dsl-v1 §7); a block may not take them. */
export const BUILTIN_NAMES: ReadonlySet<string> = new Set([
  'if',
  'switch',
  'transform',
  'code',
  'wait',
  'approval',
  'workflow',
  'fail',
]);

const NAME = /^[a-z][a-z0-9-]*$/;
const PORT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** One problem found in a manifest. */
export interface ManifestProblem {
  file: string;
  field: string;
  message: string;
}

export type ManifestResult =
  { ok: true; manifest: BlockManifest } | { ok: false; problems: ManifestProblem[] };

/**
 * Parses and checks a manifest's text. `file` is used in messages and to resolve `wasm`
 * (relative to the manifest's folder).
 */
export interface ParseManifestOptions {
  /**
   * Compile `inputs` / `output` with Ajv to reject a malformed schema here (default true: installs and
   * tests). `loadBlocks` passes false: compiling every manifest's schemas was a third of a `weft run`
   * (most blocks go unused); a block's inputs schema is compiled on its first call instead, and a
   * malformed one fails that call with BLOCK_ERROR naming the manifest.
   */
  compileSchemas?: boolean;
}

export function parseManifest(text: string, file: string, opts: ParseManifestOptions = {}): ManifestResult {
  const compile = opts.compileSchemas ?? true;
  const problems: ManifestProblem[] = [];
  const bad = (field: string, message: string): void => void problems.push({ file, field, message });
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    return {
      ok: false,
      problems: [
        {
          file,
          field: '(yaml)',
          message: `not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
        },
      ],
    };
  }
  if (!isObject(doc))
    return {
      ok: false,
      problems: [{ file, field: '(root)', message: 'must be a mapping of manifest fields' }],
    };

  const str = (field: string, required: boolean, dflt = ''): string => {
    const v = doc[field];
    if (v === undefined || v === null) {
      if (required) bad(field, 'is required');
      return dflt;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      bad(field, `must be a non-empty string (got ${JSON.stringify(v)})`);
      return dflt;
    }
    return v;
  };

  const name = str('name', true);
  if (name && !NAME.test(name))
    bad('name', `must be lower-case letters, digits and dashes, starting with a letter (got "${name}")`);
  if (BUILTIN_NAMES.has(name)) bad('name', `"${name}" is the name of a built-in step`);
  const version = str('version', true);
  if (version && !parseSemver(version))
    bad('version', `must be a semver version like 1.2.0 (got "${version}")`);
  const title = str('title', false, name);
  const description = str('description', false);
  const category = str('category', false, 'other');
  const icon = str('icon', false, 'box');
  const wasmRel = str('wasm', true);
  const entry = str('entry', false, 'run');
  const dir = resolve(file, '..');
  const wasm = wasmRel ? (isAbsolute(wasmRel) ? wasmRel : resolve(dir, wasmRel)) : '';

  const inputs = schemaField(doc, 'inputs', true, bad, compile) ?? { type: 'object' };
  const output = schemaField(doc, 'output', false, bad, compile);

  let ports: string[] | undefined;
  if (doc.ports !== undefined && doc.ports !== null) {
    if (
      !Array.isArray(doc.ports) ||
      doc.ports.length === 0 ||
      !doc.ports.every((p) => typeof p === 'string' && PORT.test(p))
    ) {
      bad('ports', 'must be a non-empty list of port names (letters, digits, _ and -)');
    } else if (new Set(doc.ports).size !== doc.ports.length) {
      bad('ports', 'lists a port twice');
    } else ports = doc.ports as string[];
  }

  const caps = { network: false, sql: false, storage: false };
  if (doc.capabilities !== undefined && doc.capabilities !== null) {
    const c = doc.capabilities;
    if (!isObject(c)) bad('capabilities', 'must be a mapping like { network: true }');
    else
      for (const key of ['network', 'sql', 'storage'] as const) {
        if (c[key] !== undefined && typeof c[key] !== 'boolean')
          bad(`capabilities.${key}`, `must be true or false (got ${JSON.stringify(c[key])})`);
        else caps[key] = c[key] === true;
      }
  }

  const limits: BlockLimits = {};
  if (doc.limits !== undefined && doc.limits !== null) {
    if (!isObject(doc.limits)) bad('limits', 'must be a mapping of memory, timeout and maxOutputBytes');
    else {
      const l = doc.limits;
      if (l.memory !== undefined) {
        limits.memoryBytes = parseBytes(l.memory);
        if (limits.memoryBytes === undefined)
          bad(
            'limits.memory',
            `must be a size like 16MiB or a number of bytes (got ${JSON.stringify(l.memory)})`,
          );
      }
      if (l.timeout !== undefined) {
        const ms = parseDuration(l.timeout);
        limits.timeoutMs = ms !== undefined && ms > 0 ? ms : undefined;
        if (limits.timeoutMs === undefined)
          bad(
            'limits.timeout',
            `must be a duration like 30s or a number of milliseconds (got ${JSON.stringify(l.timeout)})`,
          );
      }
      if (l.maxOutputBytes !== undefined) {
        limits.maxOutputBytes = parseBytes(l.maxOutputBytes);
        if (limits.maxOutputBytes === undefined)
          bad(
            'limits.maxOutputBytes',
            `must be a size like 1MiB or a number of bytes (got ${JSON.stringify(l.maxOutputBytes)})`,
          );
      }
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  const manifest: BlockManifest = {
    name,
    version,
    title,
    description,
    category,
    icon,
    wasm,
    entry,
    inputs,
    capabilities: caps,
    limits,
    file,
  };
  if (output) manifest.output = output;
  if (ports) manifest.ports = ports;
  return { ok: true, manifest };
}

function schemaField(
  doc: Record<string, unknown>,
  field: string,
  required: boolean,
  bad: (f: string, m: string) => void,
  compile: boolean,
): JsonSchema | undefined {
  const v = doc[field];
  if (v === undefined || v === null) {
    if (required) bad(field, "is required (a JSON Schema of the block's `with`)");
    return undefined;
  }
  if (!isObject(v)) {
    bad(field, 'must be a JSON Schema object');
    return undefined;
  }
  if (field === 'inputs' && v.type !== undefined && v.type !== 'object')
    bad('inputs.type', 'must be "object" (`with` is a mapping)');
  try {
    if (compile) compileCheck(v);
  } catch (err) {
    bad(field, `is not a valid JSON Schema: ${err instanceof Error ? err.message : String(err)}`);
  }
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
