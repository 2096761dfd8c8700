import type { Command } from '../command';
import { startRunEarly } from './run-early';

/**
 * A `weft` sub-command as `weft --help` lists it. Its module (and everything that module imports:
 * the engine, the store, the server…) is loaded only when the command runs, so `weft validate`
 * does not pay for the server and `weft --help` pays for nothing.
 */
export interface CommandEntry {
  name: string;
  /** One line for `weft --help`. */
  summary: string;
  load(): Promise<Command>;
  /** Work started before the command's module loads (given the command's arguments; not for --help). */
  early?(args: readonly string[]): void;
}

/** Every `weft` sub-command, in the order `weft --help` lists them. */
export const commands: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'start the Weft server: runtime, API, webhooks, triggers and the studio',
    load: async () => (await import('./serve')).serveCommand,
  },
  {
    name: 'validate',
    summary: 'check workflow files against the weft/v1 DSL',
    load: async () => (await import('./validate')).validateCommand,
  },
  {
    name: 'fmt',
    summary: 'format workflow files canonically (comments and key order kept)',
    load: async () => (await import('./fmt')).fmtCommand,
  },
  {
    name: 'schema',
    summary: 'print the JSON Schema of weft/v1 workflow files',
    load: async () => (await import('./schema')).schemaCommand,
  },
  {
    name: 'run',
    summary: 'run a workflow file locally with the embedded engine',
    load: async () => (await import('./run')).runCommand,
    early: (args) => void startRunEarly(args),
  },
  {
    name: 'apply',
    summary: 'make the server hold the workflows of a folder or files (GitOps)',
    load: async () => (await import('./apply')).applyCommand,
  },
  {
    name: 'export',
    summary: 'print a workflow stored on the server as YAML',
    load: async () => (await import('./export')).exportCommand,
  },
  {
    name: 'runs',
    summary: 'list, inspect, cancel, approve and replay runs on the server',
    load: async () => (await import('./runs')).runsCommand,
  },
  {
    name: 'secrets',
    summary: 'set, list and remove secrets on the server (values are write-only)',
    load: async () => (await import('./secrets')).secretsCommand,
  },
  {
    name: 'tokens',
    summary: 'create, list and revoke API tokens on the server (admin)',
    load: async () => (await import('./tokens')).tokensCommand,
  },
  {
    name: 'audit',
    summary: 'export the audit log (who changed what, when, from where) (admin)',
    load: async () => (await import('./audit')).auditCommand,
  },
  {
    name: 'triggers',
    summary: 'list cron and interval triggers with their next fires; pause and resume them',
    load: async () => (await import('./triggers')).triggersCommand,
  },
  {
    name: 'notifications',
    summary: 'run-end notification deliveries: list, dead letters, redeliver',
    load: async () => (await import('./notifications')).notificationsCommand,
  },
  {
    name: 'templates',
    summary: 'list the template gallery and start a workflow from a template',
    load: async () => (await import('./templates')).templatesCommand,
  },
  {
    name: 'block',
    summary: 'write, pack, sign, install and lock WebAssembly blocks',
    load: async () => (await import('./block')).blockCommand,
  },
  {
    name: 'backup',
    summary: 'copy the SQLite database to a file while the server runs',
    load: async () => (await import('./backup')).backupCommand,
  },
  {
    name: 'restore',
    summary: 'put a backup in place of the SQLite database (server stopped)',
    load: async () => (await import('./backup')).restoreCommand,
  },
  {
    name: 'db',
    summary: 'db migrate: copy a SQLite database into PostgreSQL, verifying counts',
    load: async () => (await import('./backup')).dbCommand,
  },
];
