// asc finds `@weft/block-sdk` through a link in the temp folder: a stale one must not break builds.
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ascPackagePath } from './build';

describe('asc package path', () => {
  it('replaces a link left by a checkout that moved, and keeps a good one', async () => {
    const base = await ascPackagePath();
    const link = join(base, '@weft', 'block-sdk');
    expect(existsSync(join(link, 'package.json'))).toBe(true);
    const target = readlinkSync(link);

    // The checkout moved: the link points nowhere.
    rmSync(link);
    mkdirSync(join(base, '@weft'), { recursive: true });
    symlinkSync('/nonexistent/weft/packages/block-sdk', link, 'dir');
    expect(existsSync(join(link, 'package.json'))).toBe(false);

    expect(await ascPackagePath()).toBe(base);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(existsSync(join(link, 'package.json'))).toBe(true);
  });
});
