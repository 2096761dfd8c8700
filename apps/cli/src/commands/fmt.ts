import { writeFileSync } from 'node:fs';
import { formatWorkflow } from '@weft/dsl';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { formatDiagnostic } from '../diagnostics';
import { ExitCode, usageError } from '../exit-codes';
import { readTextFile } from '../io';

export const fmtCommand: Command = {
  name: 'fmt',
  help: `Usage: weft fmt <files…> [--check] [--json]

Rewrites each file in the canonical weft/v1 format: 2-space indent, lists indented under their
key, LF line endings, one final newline. Comments, the author's key order and quoting are kept;
formatting twice gives the same file as once.

Options:
  --check     do not write; list the files that are not formatted and exit 1 if any
  --json      print { files: [{ file, formatted, changed }] } on stdout
  -h, --help  show this help

Exit codes: 0 ok, 1 --check found unformatted files, 2 usage error, 3 a file is not valid YAML.`,
  async run(args, io) {
    const { values, positionals } = parseFlags('fmt', args, {
      check: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals.length === 0)
      throw usageError('weft fmt: give at least one workflow file\nrun "weft fmt --help" for usage');
    const files: { file: string; formatted: boolean; changed: boolean }[] = [];
    let invalid = false;
    for (const file of positionals) {
      const read = readTextFile(file);
      if (!read.ok) throw usageError(`weft fmt: ${read.message}`);
      const result = formatWorkflow(read.text);
      if (!result.ok) {
        invalid = true;
        for (const d of result.error) io.stderr(`${formatDiagnostic(file, d)}\n`);
        continue;
      }
      const changed = result.value !== read.text;
      if (changed && !values.check) writeFileSync(file, result.value);
      files.push({ file, formatted: !changed || !values.check, changed });
      if (!values.json) {
        if (values.check && changed) io.stdout(`${file}: not formatted\n`);
        else if (changed) io.stdout(`${file}: formatted\n`);
      }
    }
    if (values.json) io.stdout(`${JSON.stringify({ files }, null, 2)}\n`);
    if (invalid) return ExitCode.INVALID;
    return values.check && files.some((f) => f.changed) ? ExitCode.FAILED : ExitCode.OK;
  },
};
