// The Weft block SDK for AssemblyScript: `import { Block, Input, Result, Json, ok, fail, log, http }
// from '@weft/block-sdk/assembly'`. See docs/blocks.md.
export { Json, JsonKind, JsonParseResult, parseJson, quoteJson, formatNumber, MAX_JSON_DEPTH } from './json';
export {
  Block,
  Input,
  Context,
  Result,
  Retry,
  ok,
  fail,
  log,
  parseInput,
  writeOutput,
  writeError,
} from './block';
export { http, HttpRequest, HttpResponse, parseHttpResponse } from './http';
export {
  utf8Encode,
  utf8Decode,
  isValidUtf8,
  toHex,
  base64Encode,
  base64Decode,
  DecodeResult,
} from './bytes';
export { sql, storage, timeZones, HostAnswer, parseHostAnswer } from './services';
