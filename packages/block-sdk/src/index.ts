/**
 * @weft/block-sdk (Node side): build, test and scaffold WebAssembly blocks written in
 * AssemblyScript. Block authors import the AssemblyScript side from `@weft/block-sdk/assembly`.
 * The lead's CLI wires `weft block init|build|test` to `initBlock`, `buildBlock`, `testBlock`.
 */
export { buildBlock, ensureBlockBuilt, ascArgs, SDK_ASSEMBLY_DIR } from './build';
export type { BuildOptions, BuildResult } from './build';
export { initBlock, BLOCK_NAME } from './init';
export { testBlock, readExamples, formatTestReport } from './test-block';
export type { BlockExample, CannedHttp, ExampleOutcome, BlockTestReport } from './test-block';
export { loadBlock, loadBlockWasm, errorFromThrown } from './load';
export { timeZoneOffsets } from './time-zones';
export type { TimeZoneAnswer } from './time-zones';
export type {
  LoadedBlock,
  LoadBlockOptions,
  BlockCallResult,
  BlockCallContext,
  BlockErrorInfo,
  BlockLogEntry,
  HttpStub,
  WeftHttpRequest,
  WeftHttpResponse,
} from './load';
export { readBlockManifest, parseSize, BlockSdkError, DEFAULT_MEMORY_BYTES } from './manifest';
export type { BlockManifestInfo } from './manifest';
export { main as blockCli } from './cli';
export type { CliIo } from './cli';
