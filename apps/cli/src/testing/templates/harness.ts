/**
 * Runs a template the way `weft run --json` does (the CLI in this process, the embedded engine, the
 * real WASM blocks and `code` sandbox) against a local stand-in for the services it calls.
 *
 * The templates are copied to a temp folder first (sub-workflows resolve from the files beside), with
 * one change an operator would make too: the stand-in's address (127.0.0.1) is added to each
 * template's `permissions.network`, since loopback is never reachable through a host name.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSeq, parseDocument } from 'yaml';
import { weft } from '../helpers';
import { startStandIn, type Routes, type StandInRequest } from './stand-in';

export interface StepExpectation {
  status: string;
  /** The step's error code, when it failed. */
  code?: string;
  attempts?: number;
}

export interface TemplateCase {
  template: string;
  name: string;
  /** Every template has at least one of each. */
  path: 'happy' | 'failure';
  /** Run inputs; `base` is the stand-in's URL. The template's sample inputs are the starting point. */
  inputs?: (base: string) => Record<string, unknown>;
  /** Secret values (sample ones), given as WEFT_SECRET_<NAME>. */
  secrets?: Record<string, string>;
  /** A webhook delivery (`weft run --trigger-file`). */
  trigger?: { body: unknown; headers?: Record<string, string> };
  routes?: Routes;
  expect: {
    status: 'SUCCESS' | 'FAILED' | 'CANCELLED';
    outputs?: unknown;
    steps: Record<string, string | StepExpectation>;
    /** Assertions on what the stand-in received. */
    requests?: (requests: StandInRequest[]) => void;
  };
}

export interface RunResult {
  code: number;
  stderr: string;
  status: string;
  outputs: unknown;
  steps: Record<
    string,
    { status: string; attempts: number; output: unknown; error: { code: string } | null }
  >;
  requests: StandInRequest[];
}

export const TEMPLATES_DIR = join(import.meta.dirname, '../../../../../templates');

export function templateFiles(): string[] {
  return readdirSync(TEMPLATES_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

/** A copy of templates/ whose templates also allow the stand-in's address. */
export function copyTemplatesForStandIn(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-templates-'));
  for (const f of templateFiles()) {
    const doc = parseDocument(readFileSync(join(TEMPLATES_DIR, f), 'utf8'));
    const net = doc.getIn(['permissions', 'network']);
    if (isSeq(net)) net.add(doc.createNode('127.0.0.1'));
    writeFileSync(join(dir, f), doc.toString());
  }
  return dir;
}

export async function runTemplate(
  dir: string,
  c: TemplateCase,
  sampleInputs: Record<string, unknown>,
): Promise<RunResult> {
  const standIn = await startStandIn();
  try {
    standIn.setRoutes(c.routes ?? {});
    const file = join(dir, `${c.template}.yaml`);
    const work = mkdtempSync(join(tmpdir(), 'weft-case-'));
    const inputsFile = join(work, 'inputs.json');
    writeFileSync(inputsFile, JSON.stringify({ ...sampleInputs, ...c.inputs?.(standIn.url) }));
    const args = ['run', file, '--json', '--input-file', inputsFile];
    if (c.trigger) {
      const triggerFile = join(work, 'trigger.json');
      writeFileSync(triggerFile, JSON.stringify(c.trigger));
      args.push('--trigger-file', triggerFile);
    }
    const env = Object.fromEntries(Object.entries(c.secrets ?? {}).map(([k, v]) => [`WEFT_SECRET_${k}`, v]));
    const r = await weft(args, { env });
    let parsed: Omit<RunResult, 'code' | 'stderr' | 'requests'>;
    try {
      parsed = JSON.parse(r.stdout) as typeof parsed;
    } catch {
      throw new Error(`weft run ${c.template} printed no JSON (exit ${r.code}):\n${r.stderr}`);
    }
    return { ...parsed, code: r.code, stderr: r.stderr, requests: [...standIn.requests] };
  } finally {
    await standIn.close();
  }
}
