export { appRouter } from './router';
export type { AppRouter, RouterInputs, RouterOutputs } from './router';
export type { ApiContext, RequestOrigin } from './trpc';
export { createApiContext, createCallerFactory, LOCAL_PRINCIPAL } from './trpc';
export type {
  ApiDeps,
  ApiHooks,
  BlockAdmin,
  BlockPreview,
  EngineRefusal,
  NotifierControl,
  RetentionControl,
  RunEngine,
  StartedRun,
  StartRunRequest,
  TemplateFiles,
} from './ports';
export { startRun } from './services/run-start';
export type { DeliveryView } from './routers/notifications';
export type { ScheduleEntry, ScheduleView, TimedTrigger } from './services/schedules';
export { describeCron, listSchedules, timedTriggers } from './services/schedules';
export type { ApiErrorCode } from './errors';
export { ApiError, engineError, toTRPCError } from './errors';
export type { Principal, Role } from './auth/tokens';
export { authenticate, createToken, generateToken, hashToken, roleAllows } from './auth/tokens';
export { SecretVault, SECRET_NAME } from './secrets/secret-vault';
export {
  SecretKeyError,
  decryptSecret,
  encryptSecret,
  generateKey,
  keyId,
  maskText,
  parseKey,
} from './secrets/secret-crypto';
export type { SaveResult } from './services/workflows';
export { exportYaml, hashYaml, parseStored, saveWorkflow } from './services/workflows';
export type { Validation } from './services/validate';
export { validateYaml } from './services/validate';
export type { Template, TemplateFilter, TemplateInfo, TemplateStep } from './services/templates';
export { getTemplate, listTemplates } from './services/templates';
export type { UsedTemplate } from './services/template-use';
export { createFromTemplate, retarget } from './services/template-use';
