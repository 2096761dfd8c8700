import { parseWorkflow, type Diagnostic } from '@weft/dsl';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { loadCatalog } from '../catalog';
import { formatDiagnostic } from '../diagnostics';
import { ExitCode, usageError } from '../exit-codes';
import { readTextFile } from '../io';

interface FileReport {
  file: string;
  valid: boolean;
  diagnostics: Diagnostic[];
}

export const validateCommand: Command = {
  name: 'validate',
  help: `Usage: weft validate <files…> [--json]

Checks each workflow file: YAML, the weft/v1 schema, step graph (needs, cycles, ports),
blocks and their inputs, and every expression. Reports every problem of every file as
  file:line:col: error CODE message
on stderr.

Options:
  --json      print one JSON document { valid, files: [{ file, valid, diagnostics }] } on stdout
  -h, --help  show this help

Exit codes: 0 all files valid, 3 at least one invalid, 2 usage error (no file, unreadable file).`,
  async run(args, io) {
    const { values, positionals } = parseFlags('validate', args, { json: { type: 'boolean' } });
    if (positionals.length === 0)
      throw usageError(
        'weft validate: give at least one workflow file\nrun "weft validate --help" for usage',
      );
    const catalog = await loadCatalog(io);
    const reports: FileReport[] = [];
    for (const file of positionals) {
      const read = readTextFile(file);
      if (!read.ok) throw usageError(`weft validate: ${read.message}`);
      const result = parseWorkflow(read.text, { catalog });
      reports.push({ file, valid: result.ok, diagnostics: result.diagnostics });
    }
    const valid = reports.every((r) => r.valid);
    if (values.json) {
      io.stdout(`${JSON.stringify({ valid, files: reports }, null, 2)}\n`);
    } else {
      for (const r of reports) {
        for (const d of r.diagnostics) io.stderr(`${formatDiagnostic(r.file, d)}\n`);
      }
      const bad = reports.filter((r) => !r.valid).length;
      if (bad === 0) io.stdout(`${reports.length} file${reports.length === 1 ? '' : 's'} valid\n`);
      else io.stderr(`${bad} of ${reports.length} file${reports.length === 1 ? '' : 's'} invalid\n`);
    }
    return valid ? ExitCode.OK : ExitCode.INVALID;
  },
};
