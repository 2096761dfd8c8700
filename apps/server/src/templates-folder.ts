/** The gallery's files from a folder: the server's (and the CLI's) `TemplateFiles` for @weft/api. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TemplateFiles } from '@weft/api';

/** The files of `dir`, read on each call (the folder is small and editable); a missing folder has none. */
export function templateFolder(dir: string): TemplateFiles {
  return {
    names: () => readdir(dir).catch(() => []),
    read: (name) => readFile(join(dir, name), 'utf8').catch(() => undefined),
  };
}
