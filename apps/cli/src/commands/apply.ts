import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { hashYaml } from '@weft/api';
import { combineCatalogs, parseWorkflow } from '@weft/dsl';
import { checkServerLocks, listCatalog } from '../blocks/lock-check';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { loadCatalog } from '../catalog';
import { formatDiagnostic } from '../diagnostics';
import { ExitCode, usageError } from '../exit-codes';
import { readTextFile } from '../io';
import { call, connect, SERVER_HELP, serverFlags } from '../server-client';

type Action = 'create' | 'update' | 'unchanged' | 'delete';
interface PlanItem {
  action: Action;
  id: string;
  file?: string;
  version?: number;
}

const MARK: Record<Action, string> = { create: '+', update: '~', unchanged: '=', delete: '-' };

export const applyCommand: Command = {
  name: 'apply',
  help: `Usage: weft apply <dir|files…> [--server URL] [--dry-run] [--prune] [--message TEXT] [--json]

Validates every workflow file (a folder is searched for *.yaml and *.yml), then prints and
carries out a plan: + create, ~ update (a new version), = unchanged, - delete (with --prune).
Running it again with the same files changes nothing. Nothing is applied if any file is invalid.

Options:
  --dry-run      print the plan, change nothing
  --prune        delete workflows on the server that no file defines
  --message TEXT version message (default: "weft apply")
${SERVER_HELP}

Exit codes: 0 ok, 2 usage error, 3 an invalid file (nothing applied), 4 server unreachable.`,
  async run(args, io) {
    const { values, positionals } = parseFlags('apply', args, {
      ...serverFlags,
      'dry-run': { type: 'boolean' },
      prune: { type: 'boolean' },
      message: { type: 'string' },
    });
    if (positionals.length === 0)
      throw usageError('weft apply: give a folder or workflow files\nrun "weft apply --help" for usage');
    const conn = connect('apply', io, values);
    const files = positionals.flatMap((p) => workflowFiles(p));
    if (files.length === 0)
      throw usageError(`weft apply: no .yaml or .yml files in ${positionals.join(', ')}`);

    // The server's blocks (installed ones included) first, then the repository's.
    const served = await call('apply', conn, (c) => c.catalog.list.query());
    const catalog = combineCatalogs(listCatalog(served), await loadCatalog(io));
    const local = new Map<string, { file: string; yaml: string }>();
    let invalid = false;
    for (const file of files) {
      const read = readTextFile(file);
      if (!read.ok) throw usageError(`weft apply: ${read.message}`);
      const parsed = parseWorkflow(read.text, { catalog });
      if (!parsed.workflow) {
        invalid = true;
        for (const d of parsed.diagnostics) io.stderr(`${formatDiagnostic(file, d)}\n`);
        continue;
      }
      const other = local.get(parsed.workflow.id);
      if (other) {
        invalid = true;
        io.stderr(`${file}: error: workflow id '${parsed.workflow.id}' is also defined in ${other.file}\n`);
        continue;
      }
      local.set(parsed.workflow.id, { file, yaml: read.text });
    }
    if (!invalid) {
      const lockProblems = await checkServerLocks(conn, [...local.values()]);
      for (const p of lockProblems) io.stderr(`weft apply: ${p}\n`);
      invalid = lockProblems.length > 0;
    }
    if (invalid) {
      io.stderr('weft apply: nothing was applied\n');
      return ExitCode.INVALID;
    }

    const remote = await call('apply', conn, (c) => c.workflows.list.query());
    const byId = new Map(remote.map((w) => [w.id, w]));
    const plan: PlanItem[] = [];
    for (const [id, { file, yaml }] of [...local].sort(([a], [b]) => a.localeCompare(b))) {
      const existing = byId.get(id);
      if (!existing) plan.push({ action: 'create', id, file });
      else if (existing.latestHash !== hashYaml(yaml))
        plan.push({ action: 'update', id, file, version: existing.latestVersion });
      else plan.push({ action: 'unchanged', id, file, version: existing.latestVersion });
    }
    if (values.prune)
      for (const w of remote)
        if (!local.has(w.id)) plan.push({ action: 'delete', id: w.id, version: w.latestVersion });

    if (!values['dry-run']) {
      const message = values.message ?? 'weft apply';
      for (const item of plan) {
        if (item.action === 'create' || item.action === 'update') {
          const yaml = (local.get(item.id) as { yaml: string }).yaml;
          const saved = await call('apply', conn, (c) => c.workflows.save.mutate({ yaml, message }));
          item.version = saved.version;
        } else if (item.action === 'delete') {
          await call('apply', conn, (c) => c.workflows.delete.mutate({ id: item.id }));
        }
      }
    }
    const count = (a: Action): number => plan.filter((p) => p.action === a).length;
    if (values.json) {
      io.stdout(`${JSON.stringify({ dryRun: Boolean(values['dry-run']), plan }, null, 2)}\n`);
    } else {
      for (const p of plan)
        io.stdout(
          `${MARK[p.action]} ${p.action.padEnd(9)} ${p.id}${p.version !== undefined && p.action !== 'delete' ? ` (version ${p.version})` : ''}\n`,
        );
      const summary = `${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged, ${count('delete')} to delete`;
      io.stdout(
        values['dry-run']
          ? `plan: ${summary} (dry run: nothing changed)\n`
          : `applied: ${summary.replace(/ to /g, ' ')}\n`,
      );
    }
    return ExitCode.OK;
  },
};

/** A file as given, or the workflow files under a folder (hidden folders and node_modules skipped). */
function workflowFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw usageError(`weft apply: cannot read ${path}: no such file or folder`);
  }
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = join(path, name);
    if (statSync(full).isDirectory()) out.push(...workflowFiles(full));
    else if (['.yaml', '.yml'].includes(extname(name)) && isWorkflowFile(full)) out.push(full);
  }
  return out;
}

/** In a folder, only weft/v1 files are workflows (config files and CI files live there too). */
function isWorkflowFile(file: string): boolean {
  const read = readTextFile(file);
  return read.ok && /^apiVersion:\s*["']?weft\//m.test(read.text);
}
