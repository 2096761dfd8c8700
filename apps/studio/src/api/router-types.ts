/**
 * Every server type the studio knows, derived from the server's router (`AppRouter`, imported as a
 * type only): what a procedure answers is `RouterOutputs[router][procedure]`, what it takes
 * `RouterInputs[…]`. Nothing here is written by hand, so a server change is a studio type error.
 * Times are epoch milliseconds, as the server sends them.
 */
import type { RouterInputs, RouterOutputs } from '@weft/api';

export type { RouterInputs, RouterOutputs };

/** Who the server thinks the studio is (`auth.whoami`). With auth off: the local admin. */
export type Session = RouterOutputs['auth']['whoami'];
export type Role = NonNullable<Session['role']>;

/** A run with every step (`runs.get`). */
export type RunWithSteps = RouterOutputs['runs']['get'];
export type RunRecord = RunWithSteps['run'];
export type StepRecord = RunWithSteps['steps'][number];
export type RunStatus = RunRecord['status'];
export type StepStatus = StepRecord['status'];
/** One row of `runs.list`. */
export type RunListItem = RouterOutputs['runs']['list']['runs'][number];
/** One run event, as the run's event log holds it (`step.started`, `step.succeeded`, `run.failed`, …). */
export type RunEvent = RouterOutputs['runs']['logs'][number];
/** A debug run's breakpoints and step mode, as `runs.start` takes them. */
export type DebugRequest = NonNullable<RouterInputs['runs']['start']['debug']>;
export type DebugCommand = RouterInputs['debug']['command'];
/** What `debug.testStep` answers: the new step-test run, its status, and the tested step in it. */
export type StepTestResult = RouterOutputs['debug']['testStep'];

export type WorkflowSummary = RouterOutputs['workflows']['list'][number];
/** A workflow with the YAML of one version (`workflows.get`). */
export type StoredWorkflow = RouterOutputs['workflows']['get'];
export type WorkflowVersion = RouterOutputs['workflows']['history'][number];
export type SaveResult = RouterOutputs['workflows']['save'];

export type SecretInfo = RouterOutputs['secrets']['list'][number];
export type BlockInfo = RouterOutputs['catalog']['list'][number];

export type TemplateFilter = Exclude<RouterInputs['templates']['list'], void | undefined>;
export type TemplateInfo = RouterOutputs['templates']['list'][number];
export type Template = RouterOutputs['templates']['get'];
export type UsedTemplate = RouterOutputs['templates']['use'];

/** The operator pages (dashboard, runs explorer, schedules, block registry). */
export type DashboardRange = NonNullable<
  Exclude<RouterInputs['dashboard']['summary'], void | undefined>['range']
>;
export type DashboardSummary = RouterOutputs['dashboard']['summary'];
export type RunListInput = NonNullable<RouterInputs['runs']['list']>;
export type ScheduleEntry = RouterOutputs['triggers']['list'][number];
export type Delivery = RouterOutputs['notifications']['list']['deliveries'][number];
export type BlockList = RouterOutputs['blocks']['list'];
export type BlockPreview = RouterOutputs['blocks']['inspect'];
/** The admin pages: audit log and settings (retention). */
export type AuditQuery = Exclude<RouterInputs['audit']['list'], void | undefined>;
export type AuditPage = RouterOutputs['audit']['list'];
export type AuditEntry = AuditPage['entries'][number];
export type RetentionStatus = RouterOutputs['retention']['status'];
