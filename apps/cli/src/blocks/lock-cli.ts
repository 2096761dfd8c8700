/** `weft block lock [dir]`: writes weft.lock for the blocks the folder's workflows use. */
import { resolve } from 'node:path';
import { parseFlags } from '../args';
import { CliError, ExitCode, usageError } from '../exit-codes';
import type { CliIo } from '../io';
import { blockUses, resolveUses, workflowTexts, writeLock } from './lock';
import type { LockFile } from './lock';
import { openTarget } from './target';

export async function lockCli(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseFlags('block lock', args, {
    server: { type: 'string' },
    token: { type: 'string' },
    'data-dir': { type: 'string' },
    blocks: { type: 'string' },
    json: { type: 'boolean' },
  });
  const dir = resolve(io.cwd, positionals[0] ?? '.');
  const files = workflowTexts(dir);
  if (files.length === 0) throw usageError(`weft block lock: no weft/v1 workflow files in ${dir}`);
  const target = openTarget(io, values);
  const { blocks } = await target.list();
  const lock: LockFile = { lockfileVersion: 1, blocks: {} };
  const missing: string[] = [];
  for (const u of blockUses(files.map((f) => f.text))) {
    const b = resolveUses(u, blocks);
    if (!b?.sha256) {
      missing.push(u);
      continue;
    }
    lock.blocks[`${b.name}@${b.version}`] = { sha256: b.sha256 };
  }
  if (missing.length > 0)
    throw new CliError(
      `weft block lock: ${target.where} has no built block for ${missing.join(', ')}; install (or build) it first`,
      ExitCode.FAILED,
    );
  const file = writeLock(dir, lock);
  if (values.json) io.stdout(`${JSON.stringify({ file, ...lock }, null, 2)}\n`);
  else {
    io.stdout(`wrote ${file}\n`);
    for (const [id, v] of Object.entries(lock.blocks)) io.stdout(`  ${id}  sha256 ${v.sha256}\n`);
  }
  return ExitCode.OK;
}
