export { SandboxRunner } from './runner';
export type { SandboxOptions, NetworkOptions, SqlOptions, StorageOptions } from './runner';
export type { SqlConnectionSpec } from './sql/connections';
export { keyProblem, DEFAULT_STORAGE_QUOTA } from './storage/object-store';
export { loadBlocks, BlockRegistry, BlockManifestError, DEFAULT_BLOCKS_DIR } from './registry';
export { parseManifest, BUILTIN_NAMES } from './manifest';
export type { BlockManifest, BlockLimits, ManifestProblem, ManifestResult } from './manifest';
export type { BlockLimitOptions, CodeLimitOptions } from './limits';
export type { Resolver, HttpRequest, HttpResponse, HttpPolicy } from './net/http-client';
export { blockFetch, defaultResolver } from './net/http-client';
export { parseEntries } from './net/policy';
export type { HostEntry } from './net/policy';
export { parseBytes, parseDuration } from '@weft/dsl';
export { compareSemver, matchesRef, parseBlockRef, parseSemver } from './semver';
export {
  BlockHome,
  InstalledBlocks,
  TrustStore,
  bundleFromArchive,
  bundleFromFiles,
  bundleFromFolder,
  checkBundle,
  digestOf,
  generateSigningKey,
  packBundle,
  publicKeyPem,
  sha256,
  signStatement,
  signatureValid,
  wasmSha256,
  DIGEST_FILE,
} from './install/index';
export type {
  BlockBundle,
  BlockEntry,
  BlockHomeOptions,
  BlockSignature,
  BundleResult,
  CheckResult,
  DigestFile,
  InstallResult,
  InstalledBlock,
  Signer,
  SignedStatement,
  TrustedKey,
  VerifyReport,
} from './install/index';
