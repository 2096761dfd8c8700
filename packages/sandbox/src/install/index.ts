export { BlockHome } from './block-home';
export type { BlockEntry, BlockHomeOptions } from './block-home';
export {
  bundleFromArchive,
  bundleFromFiles,
  bundleFromFolder,
  digestOf,
  packBundle,
  DIGEST_FILE,
} from './bundle';
export type { BlockBundle, BundleResult, DigestFile } from './bundle';
export { checkBundle } from './check';
export type { CheckResult, Signer } from './check';
export { generateSigningKey, publicKeyPem, sha256, signStatement, signatureValid } from './digest';
export type { BlockSignature, SignedStatement } from './digest';
export { InstalledBlocks, wasmSha256 } from './installed';
export type { InstallResult, InstalledBlock, VerifyReport } from './installed';
export { TrustStore } from './trust';
export type { TrustedKey } from './trust';
