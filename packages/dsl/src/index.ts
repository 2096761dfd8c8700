export type {
  SourcePosition,
  DiagnosticCode,
  Diagnostic,
  InputType,
  InputSpec,
  Permissions,
  Backoff,
  RetryPolicy,
  StepDefaults,
  Need,
  Join,
  OnError,
  RepeatSpec,
  Step,
  WebhookSignature,
  Trigger,
  NotifyOn,
  NotifyTarget,
  Workflow,
} from './model';
export type { JsonSchema, BlockInfo, BlockCatalog } from './catalog';
export type { TemplatePart, TemplateResult } from './template';
export { splitTemplate, isSingleExpression, hasTemplate, unwrapExpression } from './template';
export { RESERVED_NAMES, isReservedName, dict, setOwn } from './own-keys';
export { MAX_DATA_DEPTH, nestedDeeperThan, jsonTextDeeperThan, tooDeep } from './nesting';
export type { Result } from './result';
export { ok, err } from './result';
export type { ParseOptions, ParseResult } from './validate';
export { parseWorkflow, validateDocument } from './validate';
export type { DraftStep, DraftWorkflow } from './draft';
export { draftFromValue, draftWorkflow } from './draft';
export { plainYamlValue } from './internal/plain-value';
export type { EditError, EditResult, StepInput, SourceRange } from './document';
export { WorkflowDocument, STEP_KEY_ORDER, WORKFLOW_KEY_ORDER } from './document';
export type { LoadLimits } from './internal/load';
export { DEFAULT_LIMITS } from './internal/load';
export type { ExpressionAnalysis, StepRef } from './expression';
export { analyzeExpression } from './expression';
export type { ParsedUses } from './builtins';
export {
  builtinCatalog,
  combineCatalogs,
  createCatalog,
  parseUses,
  portsOf,
  hasDynamicPorts,
} from './builtins';
export type { BuiltinName } from './builtin-names';
export { BUILTIN_NAMES, isBuiltinName } from './builtin-names';
export { formatWorkflow } from './format';
export { checkBlockInput } from './internal/input-check';
export { workflowJsonSchema } from './json-schema';
export { DURATION_PATTERN, formatBytes, formatDuration, parseBytes, parseDuration } from './units';
export type { RunInputProblem } from './run-inputs';
export { resolveRunInputs } from './run-inputs';
export type { GalleryMeta, GalleryCategory, GalleryDifficulty } from './gallery';
export { galleryMeta, GALLERY_CATEGORIES, GALLERY_DIFFICULTIES } from './gallery';
