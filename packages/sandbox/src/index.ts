export { SandboxRunner } from './runner';
export type { SandboxOptions, NetworkOptions } from './runner';
export { loadBlocks, BlockRegistry, BlockManifestError, DEFAULT_BLOCKS_DIR } from './registry';
export { parseManifest, BUILTIN_NAMES } from './manifest';
export type { BlockManifest, BlockLimits, ManifestProblem, ManifestResult } from './manifest';
export type { BlockLimitOptions, CodeLimitOptions } from './limits';
export type { Resolver, HttpRequest, HttpResponse } from './net/http-client';
export { parseBytes, parseDuration } from './units';
