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
  Workflow,
} from './model';
export type { JsonSchema, BlockInfo, BlockCatalog } from './catalog';
export type { TemplatePart, TemplateResult } from './template';
export { splitTemplate, isSingleExpression, hasTemplate, unwrapExpression } from './template';
