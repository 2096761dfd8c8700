import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BlockSdkError } from './manifest';

/** Block names: lower-case words joined by dashes (`my-block`). */
export const BLOCK_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function files(name: string): Record<string, string> {
  const title = name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
  return {
    'block.yaml': `name: ${name}
version: 1.0.0
title: ${title}
description: Greets someone. Replace this with what your block does.
category: custom
icon: box
wasm: build/${name}.wasm
entry: run
inputs:
  type: object
  additionalProperties: false
  required: [name]
  properties:
    name: { type: string, description: Who to greet. }
    shout: { type: boolean, default: false, description: Upper-case the greeting. }
output:
  type: object
  required: [greeting]
  properties:
    greeting: { type: string }
capabilities: { network: false }
limits: { memory: 16MiB, timeout: 5s, maxOutputBytes: 1MiB }
`,
    'assembly/index.ts': `// The ${name} block. Build: pnpm weft block build blocks/${name}; test: pnpm weft block test blocks/${name}
import { Block, Input, Result, Json, ok, fail, log } from '@weft/block-sdk/assembly';

// The entry point named by \`entry\` in block.yaml.
export function run(): i32 {
  return Block.run(handle);
}

function handle(input: Input): Result {
  // Typed getters record the first problem; invalid() turns it into an INVALID_INPUT failure.
  const name = input.requireString('name');
  const shout = input.bool('shout', false);
  const bad = input.invalid();
  if (bad != null) return bad;
  if (name.trim().length == 0) return fail('INVALID_INPUT', '\`name\` must not be blank');

  log.info('greeting ' + name);
  const greeting = 'Hello, ' + name + '!';
  return ok(Json.Obj().setString('greeting', shout ? greeting.toUpperCase() : greeting));
}
`,
    'assembly/tsconfig.json': `{
  "extends": "assemblyscript/std/assembly.json",
  "include": ["./**/*.ts"]
}
`,
    'examples/basic.yaml': `# Cases for \`weft block test\`: \`with\` is the input; \`output\` the expected output, or \`error\`.
- name: greets by name
  with: { name: Ada }
  output: { greeting: 'Hello, Ada!' }
- name: shouts
  with: { name: Ada, shout: true }
  output: { greeting: 'HELLO, ADA!' }
- name: a name is required
  with: {}
  error: { code: INVALID_INPUT, message: '\`name\` is required' }
`,
    'package.json': `${JSON.stringify(
      {
        name: `@weft/block-${name}`,
        version: '1.0.0',
        private: true,
        type: 'module',
        scripts: { build: 'weft-block build .', test: 'weft-block test .' },
        dependencies: { '@weft/block-sdk': 'workspace:*' },
      },
      null,
      2,
    )}\n`,
    '.gitignore': 'build/\n',
  };
}

/**
 * Scaffolds a block folder: block.yaml, assembly/index.ts (a working "hello" block),
 * examples/basic.yaml and a package.json with a `build` script. `dir` defaults to `blocks/<name>`
 * under the current directory; it must not exist or be empty. Returns the files written.
 */
export async function initBlock(name: string, dir?: string): Promise<{ dir: string; files: string[] }> {
  if (!BLOCK_NAME.test(name)) {
    throw new BlockSdkError(
      `"${name}" is not a block name: use lower-case letters, digits and dashes, starting with a letter (like my-block)`,
    );
  }
  const target = resolve(dir ?? join('blocks', name));
  let existing: string[] = [];
  try {
    existing = await readdir(target);
  } catch {
    existing = [];
  }
  if (existing.length > 0)
    throw new BlockSdkError(`${target} already exists and is not empty; pick another name or folder`);
  const written: string[] = [];
  for (const [rel, text] of Object.entries(files(name))) {
    const file = join(target, rel);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, text);
    written.push(rel);
  }
  return { dir: target, files: written };
}
