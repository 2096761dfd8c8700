import { resolve } from 'node:path';
import { parseWorkflow } from '@weft/dsl';
import { Engine, SystemClock, type RunEvent, type RunId, type StepRecord } from '@weft/engine';
import { openStore, isStoreError, type WeftStore } from '@weft/store';
import { SandboxRunner, type SqlConnectionSpec } from '@weft/sandbox';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { loadRegistry } from '../catalog';
import { checkLocalLocks } from '../blocks/lock-check';
import { formatDiagnostic } from '../diagnostics';
import { CliError, ExitCode, exitCodeFor, usageError } from '../exit-codes';
import { readTextFile, type CliIo } from '../io';
import { SiblingWorkflows, staticChildIds } from '../local-workflows';
import { runInputsFromFlags } from '../run-inputs';
import { triggerFromFile } from '../run-trigger';
import { envSecrets } from '../secrets-env';
import { ProgressPrinter } from '../progress';
import { debugOptionsFromFlags } from '../debug/break-flags';
import type { Terminal } from '../debug/terminal';
import { RUN_FLAGS, endRunEarly } from './run-early';

export const runCommand: Command = {
  name: 'run',
  help: `Usage: weft run <file> [--input name=value]… [--input-file inputs.json] [--json] [--db URL]
                [--break STEP[=CONDITION]]… [--step]

Runs the workflow in this process (no server needed). Child workflows (uses: workflow) are
taken from the other YAML files in the same folder; secrets.NAME is read from the environment
variable WEFT_SECRET_NAME and masked as *** in everything printed.

Options:
  --input name=value      a run input (repeatable); read as the input's declared type
  --input-file FILE       a JSON object of inputs (--input flags win over it)
  --trigger-file FILE     a sample webhook delivery, {"body": …, "headers": {…}, "query": {…}},
                          seen by the workflow as trigger.body etc. (default: a manual run)
  --json                  print one JSON document: { runId, status, outputs, steps }
  --db URL                where the run is recorded: sqlite:PATH, sqlite::memory: (default),
                          or postgres://user@host:port/db
  --blocks DIR            load blocks from DIR instead of the repository's blocks/
  --break STEP[=COND]     pause before STEP (repeatable); with =COND only when the JSONata
                          condition over the step's resolved inputs and the run holds
                          (e.g. --break 'send=amount > 100'); needs a terminal
  --step                  pause before every step (step mode); needs a terminal
  -h, --help              show this help

Without --json, a line per step is printed as it ends (status and duration), then the outputs.
At a pause, the step's resolved inputs are printed and a command is read:
  c continue · s step (pause before the next step) · k skip [output JSON] ·
  e edit input [JSON on one line; nothing: open $EDITOR] and continue · q quit (cancel the run)
Exit codes: 0 run SUCCESS, 1 run FAILED or CANCELLED, 2 usage error or bad input (no run is
created), 3 invalid workflow, 4 cannot open the database.`,
  async run(args, io) {
    try {
      return await runFile(args, io);
    } finally {
      await endRunEarly();
    }
  },
};

async function runFile(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseFlags('run', args, RUN_FLAGS);
  if (positionals.length !== 1)
    throw usageError('weft run: give exactly one workflow file\nrun "weft run --help" for usage');
  const file = positionals[0] as string;
  const read = readTextFile(file);
  if (!read.ok) throw usageError(`weft run: ${read.message}`);
  const registry = loadRegistry(values.blocks);
  const parsed = parseWorkflow(read.text, { catalog: registry.catalog });
  if (!parsed.workflow) {
    for (const d of parsed.diagnostics) io.stderr(`${formatDiagnostic(file, d)}\n`);
    return ExitCode.INVALID;
  }
  const lockProblems = checkLocalLocks(file, read.text, registry.registry);
  if (lockProblems.length > 0) {
    for (const p of lockProblems) io.stderr(`weft run: ${p}\n`);
    return ExitCode.INVALID;
  }
  const workflow = parsed.workflow;
  const children = new SiblingWorkflows(file, workflow, registry.catalog);
  for (const { stepId, id } of staticChildIds(workflow)) {
    if (children.has(id)) continue;
    const bad = children.invalid.get(id);
    if (bad) {
      for (const d of bad.diagnostics) io.stderr(`${formatDiagnostic(bad.file, d)}\n`);
      io.stderr(`weft run: step '${stepId}' runs workflow '${id}', whose file ${bad.file} is invalid\n`);
    } else {
      io.stderr(
        `weft run: step '${stepId}' runs workflow '${id}', but no file beside ${file} has id '${id}'\n`,
      );
    }
    return ExitCode.INVALID;
  }
  const debug = debugOptionsFromFlags(values, workflow);
  let terminal: Terminal | undefined;
  if (debug) {
    if (values.json) throw usageError('weft run: --break/--step are interactive and cannot go with --json');
    terminal = io.terminal?.();
    if (!terminal)
      throw usageError(
        'weft run: --break/--step need an interactive terminal (standard input and output must be a TTY); to debug a run from a script, start it on a server (weft serve) and use the API (debug.command)',
      );
  }
  const inputs = runInputsFromFlags(workflow.inputs, values.input ?? [], values['input-file']);
  const trigger = triggerFromFile(values['trigger-file'], new Date());

  const secrets = envSecrets(io.env);
  const connections = await localSqlConnections(io.env, secrets);
  const runner = new SandboxRunner({
    registry: registry.registry,
    sql: { connections },
    // The same store `weft serve` keeps under its default data dir.
    storage: { dir: resolve(io.env.WEFT_DATA_DIR ?? '.weft', 'storage') },
  });
  // The workflow's blocks compile and a worker starts while the store opens (a block's first call
  // would otherwise wait for both); a problem found here is reported by that call as usual.
  const warming = runner
    .warm([...new Set(workflow.steps.map((s) => s.uses))].filter((u) => u.includes('@')))
    .catch(() => []);
  let store: WeftStore;
  try {
    store = await openDb(values.db ?? 'sqlite::memory:');
  } catch (err) {
    await warming;
    await runner.close();
    throw err;
  }
  const engine = new Engine({
    store,
    runner,
    clock: new SystemClock(),
    secrets,
    workflows: children,
  });
  // The engine's timers do not hold the process open; this does, until the run ends.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    engine.start();
    const started = await engine.startRun({
      workflowId: workflow.id,
      workflow,
      inputs,
      trigger,
      ...(debug && { debug }),
    });
    if (!started.ok)
      throw new CliError(`weft run: ${started.error.message}`, exitCodeFor(started.error.code));
    const runId = started.value.runId;
    const progress = values.json
      ? undefined
      : new ProgressPrinter(
          io,
          workflow.steps.map((s) => s.id),
        );
    // Loaded only for --break/--step: `weft run` starts faster without the debugger's modules.
    const debuggerUi =
      debug && terminal
        ? new (await import('../debug/terminal-debugger')).TerminalDebugger({
            engine,
            runId,
            io,
            terminal,
            debug,
          })
        : undefined;
    terminal?.onInterrupt(() => void engine.cancel(runId, 'cli'));
    const unsubscribe = engine.subscribe(runId, 1, (e) => {
      progress?.onEvent(e);
      debuggerUi?.onEvent(e);
      if (isApprovalWait(e)) void refuseApproval(engine, runId, e, io);
    });
    const onSigint = (): void => void engine.cancel(runId, 'cli');
    process.once('SIGINT', onSigint);
    const run = await engine.waitForRun(runId);
    process.off('SIGINT', onSigint);
    unsubscribe();
    debuggerUi?.end();
    const steps = await store.getSteps(runId);
    if (values.json)
      io.stdout(
        `${JSON.stringify(jsonResult(run.id, run.status, run.outputs, steps, run.error), null, 2)}\n`,
      );
    else progress?.finish(run, steps);
    return run.status === 'SUCCESS' ? ExitCode.OK : ExitCode.FAILED;
  } finally {
    terminal?.close();
    clearInterval(keepAlive);
    await engine.stop({ drain: false });
    await runner.close();
    await store.close();
  }
}

async function openDb(url: string): Promise<WeftStore> {
  try {
    return await openStore(url);
  } catch (e) {
    if (isStoreError(e))
      throw new CliError(
        `weft run: ${e.message}`,
        e.code === 'BAD_URL' ? ExitCode.USAGE : ExitCode.UNREACHABLE,
      );
    throw e;
  }
}

function isApprovalWait(e: RunEvent): boolean {
  return e.type === 'step.waiting' && e.data.reason === 'approval';
}

/** A local run has nobody to approve: say so and cancel rather than wait for ever. */
async function refuseApproval(engine: Engine, runId: RunId, e: RunEvent, io: CliIo): Promise<void> {
  io.stderr(
    `weft run: step '${e.stepId}' waits for an approval, which a local run cannot get; run it on a server (weft serve) to approve it. Cancelling.\n`,
  );
  await engine.cancel(runId, 'cli');
}

function jsonResult(
  runId: string,
  status: string,
  outputs: unknown,
  steps: readonly StepRecord[],
  error: unknown,
) {
  return {
    runId,
    status,
    outputs: outputs ?? null,
    error: error ?? null,
    steps: Object.fromEntries(
      steps.map((s) => [
        s.stepId,
        {
          status: s.status,
          attempts: s.attempts,
          output: s.output ?? null,
          error: s.error ? { code: s.error.code, message: s.error.message } : null,
        },
      ]),
    ),
  };
}

/**
 * `WEFT_SQL_CONNECTIONS` as `weft serve` reads it; `secret:NAME` comes from `WEFT_SECRET_NAME`. The
 * server package (its parser) is loaded only when the variable is set: it is most of the CLI's code.
 */
async function localSqlConnections(
  env: Record<string, string | undefined>,
  secrets: { get(name: string): Promise<string | undefined> },
): Promise<SqlConnectionSpec[]> {
  const raw = env.WEFT_SQL_CONNECTIONS;
  if (raw === undefined || raw.trim() === '') return [];
  const { parseSqlConnections } = await import('@weft/server');
  const parsed = parseSqlConnections(raw);
  if (!parsed)
    throw usageError(
      'WEFT_SQL_CONNECTIONS must list NAME=sqlite:PATH, NAME=postgres://… or NAME=secret:SECRET (NAME:readonly=… refuses writes), comma-separated',
    );
  return parsed.map((c) => ({
    name: c.name,
    readOnly: c.readOnly,
    url:
      c.url ??
      (async () => {
        const url = await secrets.get(c.secret ?? '');
        if (url === undefined)
          throw new Error(
            `SQL connection "${c.name}" reads its URL from WEFT_SECRET_${c.secret ?? ''}, which is not set`,
          );
        return url;
      }),
  }));
}
