import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTemplate, listTemplates, retarget, type Template, type TemplateInfo } from '@weft/api';
import { GALLERY_CATEGORIES } from '@weft/dsl';
import { templateFolder } from '@weft/server';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import type { CliIo } from '../io';

const REPO_TEMPLATES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../templates');
const WORKFLOW_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const templatesCommand: Command = {
  name: 'templates',
  help: `Usage: weft templates list [--category NAME] [--tag TAG] [--search WORDS] [--dir DIR] [--json]
       weft templates use <template> [--output FILE] [--id NEW_ID] [--dir DIR] [--json]

"list" shows the gallery: id, category, difficulty and title (the same cards the studio's
#/templates page and the API's templates.list serve). Categories: ${GALLERY_CATEGORIES.join(', ')}.

"use" prints the template's YAML (or writes it to FILE, which must not exist yet), then a checklist
on stderr: the secrets to set, the hosts it calls, and sample inputs. Edit it, then "weft validate",
"weft run" or "weft apply" it.

Options:
  --category NAME  only this category (case does not matter)
  --tag TAG        only templates with this tag
  --search WORDS   every word must appear in the title, description, tags or id
  --dir DIR        a folder of templates (default: the repository's templates/)
  --id NEW_ID      give the new workflow this id instead of the template's
  -o, --output F   write to F instead of stdout
  --json           print one JSON document on stdout`,
  async run(args, io) {
    const { values, positionals } = parseFlags('templates', args, {
      dir: { type: 'string' },
      output: { type: 'string', short: 'o' },
      category: { type: 'string' },
      tag: { type: 'string' },
      search: { type: 'string' },
      id: { type: 'string' },
      json: { type: 'boolean' },
    });
    const dir = values.dir === undefined ? REPO_TEMPLATES : resolve(io.cwd, values.dir);
    const files = templateFolder(dir);
    const [sub, ...rest] = positionals;
    if (sub === 'list') {
      if (values.category !== undefined) checkCategory(values.category);
      const list = await listTemplates(files, {
        ...(values.category !== undefined && { category: values.category }),
        ...(values.tag !== undefined && { tag: values.tag }),
        ...(values.search !== undefined && { search: values.search }),
      });
      if (values.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
      else if (list.length === 0) io.stdout(`no templates match in ${dir}\n`);
      else printList(io, list);
      return ExitCode.OK;
    }
    if (sub === 'use') {
      if (rest.length !== 1)
        throw usageError('weft templates use: give one template name (see "weft templates list")');
      const id = rest[0] as string;
      if (values.id !== undefined && !WORKFLOW_ID.test(values.id))
        throw usageError(
          `weft templates use: --id "${values.id}" is not a workflow id (lowercase letters, digits and -, at most 63)`,
        );
      const template = await getTemplate(files, id).catch(() => undefined);
      if (!template) {
        const known = (await listTemplates(files)).map((t) => t.id);
        throw usageError(`weft templates use: no template "${id}"; known: ${known.join(', ') || 'none'}`);
      }
      const yaml = values.id === undefined ? template.yaml : retarget(template.yaml, values.id);
      if (values.output !== undefined) {
        const out = resolve(io.cwd, values.output);
        if (existsSync(out))
          throw usageError(`weft templates use: ${values.output} already exists; choose another file`);
        writeFileSync(out, yaml);
        io.stderr(`wrote template ${id} to ${values.output}\n`);
      } else if (values.json) io.stdout(`${JSON.stringify({ ...template, yaml }, null, 2)}\n`);
      else io.stdout(yaml);
      if (!values.json) printChecklist(io, template, values.output);
      return ExitCode.OK;
    }
    throw usageError(
      `weft templates: ${sub === undefined ? 'give a sub-command' : `unknown sub-command "${sub}"`}: list or use\nrun "weft templates --help" for usage`,
    );
  },
};

function checkCategory(category: string): void {
  if (!GALLERY_CATEGORIES.some((c) => c.toLowerCase() === category.toLowerCase()))
    throw usageError(
      `weft templates list: no category "${category}"; categories: ${GALLERY_CATEGORIES.join(', ')}`,
    );
}

function printList(io: CliIo, list: TemplateInfo[]): void {
  const w = (k: (t: TemplateInfo) => string) => Math.max(...list.map((t) => k(t).length));
  const idW = w((t) => t.id);
  const catW = w((t) => t.category);
  const diffW = w((t) => t.difficulty);
  for (const t of list)
    io.stdout(`${t.id.padEnd(idW)}  ${t.category.padEnd(catW)}  ${t.difficulty.padEnd(diffW)}  ${t.title}\n`);
}

function printChecklist(io: CliIo, t: Template, file: string | undefined): void {
  const lines: string[] = [];
  for (const s of t.secrets)
    lines.push(
      `  [ ] secret ${s}: echo VALUE | weft secrets set ${s} --server URL (or WEFT_SECRET_${s}=… for weft run)`,
    );
  if (t.hosts.length)
    lines.push(`  [ ] it calls ${t.hosts.join(', ')} (permissions.network); add any host you point it at`);
  if (t.triggers.length)
    lines.push(
      `  [ ] triggers: ${t.triggers.join(', ')} — they fire once the workflow is applied and enabled`,
    );
  const sample = Object.entries(t.inputs)
    .map(([k, v]) => `--input ${k}=${typeof v === 'string' ? quote(v) : quote(JSON.stringify(v))}`)
    .join(' ');
  if (sample) lines.push(`  sample run: weft run ${file ?? `${t.id}.yaml`} ${sample}`);
  if (lines.length) io.stderr(`checklist for ${t.id}:\n${lines.join('\n')}\n`);
}

function quote(s: string): string {
  return /^[\w./:@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
