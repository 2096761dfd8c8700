import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTemplate, listTemplates } from '@weft/api';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { ExitCode, usageError } from '../exit-codes';

const REPO_TEMPLATES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../templates');

export const templatesCommand: Command = {
  name: 'templates',
  help: `Usage: weft templates list [--dir DIR] [--json]
       weft templates use <template> [--output FILE] [--dir DIR]

"use" prints the template's YAML (or writes it to FILE, which must not exist yet); edit it,
then "weft validate", "weft run" or "weft apply" it.

Options:
  --dir DIR       a folder of templates (default: the repository's templates/)
  -o, --output F  write to F instead of stdout
  --json          print one JSON document on stdout`,
  async run(args, io) {
    const { values, positionals } = parseFlags('templates', args, {
      dir: { type: 'string' },
      output: { type: 'string', short: 'o' },
      json: { type: 'boolean' },
    });
    const dir = values.dir === undefined ? REPO_TEMPLATES : resolve(io.cwd, values.dir);
    const [sub, ...rest] = positionals;
    if (sub === 'list') {
      const list = await listTemplates(dir);
      if (values.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
      else if (list.length === 0) io.stdout(`no templates in ${dir}\n`);
      else {
        const width = Math.max(...list.map((t) => t.id.length));
        for (const t of list)
          io.stdout(`${t.id.padEnd(width)}  ${t.category.padEnd(12)}  ${t.title} — ${t.description}\n`);
      }
      return ExitCode.OK;
    }
    if (sub === 'use') {
      if (rest.length !== 1)
        throw usageError('weft templates use: give one template name (see "weft templates list")');
      const id = rest[0] as string;
      const template = await getTemplate(dir, id).catch(() => undefined);
      if (!template) {
        const known = (await listTemplates(dir)).map((t) => t.id);
        throw usageError(`weft templates use: no template "${id}"; known: ${known.join(', ') || 'none'}`);
      }
      if (values.output !== undefined) {
        const out = resolve(io.cwd, values.output);
        if (existsSync(out))
          throw usageError(`weft templates use: ${values.output} already exists; choose another file`);
        writeFileSync(out, template.yaml);
        io.stderr(`wrote template ${id} to ${values.output}\n`);
      } else if (values.json) io.stdout(`${JSON.stringify(template, null, 2)}\n`);
      else io.stdout(template.yaml);
      return ExitCode.OK;
    }
    throw usageError(
      `weft templates: ${sub === undefined ? 'give a sub-command' : `unknown sub-command "${sub}"`}: list or use\nrun "weft templates --help" for usage`,
    );
  },
};
