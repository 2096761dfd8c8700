import {
  backupSqlite,
  copySqliteToPostgres,
  isStoreError,
  restoreSqlite,
  type SqliteFileSummary,
} from '@weft/store';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { CliError, ExitCode, usageError } from '../exit-codes';
import type { CliIo } from '../io';

const DB_HELP = `  --db URL       the database (default: WEFT_DB, else sqlite:./.weft/weft.db — as weft serve)`;

/** The `--db` weft serve would use: the flag, WEFT_DB, or ./.weft/weft.db. */
function dbOf(flag: string | undefined, io: CliIo): string {
  return flag ?? io.env.WEFT_DB ?? 'sqlite:./.weft/weft.db';
}

/** Store errors as CLI errors: a refusal or a bad name is a usage error, an unreadable file exit 4. */
function fail(command: string, e: unknown): never {
  if (isStoreError(e)) {
    const exit =
      e.code === 'UNREACHABLE' || e.code === 'MIGRATION_FAILED' ? ExitCode.UNREACHABLE : ExitCode.USAGE;
    throw new CliError(`weft ${command}: ${e.message}`, exit);
  }
  throw e;
}

const describe = (s: SqliteFileSummary): string =>
  `${s.counts.workflows} workflows, ${s.counts.runs} runs, ${s.counts.events} events, ${s.counts.secrets} secrets, ` +
  `${s.counts.tokens} tokens, ${s.counts.audit} audit entries; schema ${s.schemaVersion}, ${(s.bytes / 1e6).toFixed(1)} MB`;

export const backupCommand: Command = {
  name: 'backup',
  help: `Usage: weft backup FILE [--db sqlite:PATH] [--force] [--json]

Writes a consistent copy of the SQLite database to FILE, while the server keeps running (one read
snapshot of the WAL database: the server's writes neither wait nor leak in). Run it on the machine
that holds the database file. FILE is checked (integrity, counts) before it gets its name.
For PostgreSQL use pg_dump (docs/operations.md).

Options:
${DB_HELP}
  --force        overwrite FILE if it exists
  --json         print the summary as JSON`,
  async run(args, io) {
    const { values, positionals } = parseFlags('backup', args, {
      db: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1)
      throw usageError('weft backup: give one FILE to write\nrun "weft backup --help" for usage');
    let s: SqliteFileSummary;
    try {
      s = backupSqlite(dbOf(values.db, io), positionals[0] as string, { overwrite: values.force === true });
    } catch (e) {
      fail('backup', e);
    }
    io.stdout(values.json ? `${JSON.stringify(s, null, 2)}\n` : `backed up to ${s.path}: ${describe(s)}\n`);
    return ExitCode.OK;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  help: `Usage: weft restore FILE [--db sqlite:PATH] [--json]

Puts the backup FILE in place of the SQLite database. Refuses while any process (a running
weft serve) has the database open: stop the server, restore, start it again. The database that
was there is kept beside it as PATH.before-restore-<time>, never deleted.

Options:
${DB_HELP}
  --json         print the summary as JSON`,
  async run(args, io) {
    const { values, positionals } = parseFlags('restore', args, {
      db: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1)
      throw usageError('weft restore: give one backup FILE\nrun "weft restore --help" for usage');
    let r: ReturnType<typeof restoreSqlite>;
    try {
      r = restoreSqlite(positionals[0] as string, dbOf(values.db, io));
    } catch (e) {
      fail('restore', e);
    }
    if (values.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
    else
      io.stdout(
        `restored ${r.path}: ${describe(r)}\n${r.previous ? `the database that was there is kept as ${r.previous}\n` : ''}`,
      );
    return ExitCode.OK;
  },
};

export const dbCommand: Command = {
  name: 'db',
  help: `Usage: weft db migrate --from sqlite:PATH --to postgres://… [--replace] [--json]

Copies everything in a SQLite database (workflows, versions, runs, steps, events, secrets, tokens,
trigger state, deliveries, audit log, settings: every table the migrations create) into PostgreSQL
in one transaction, then compares the row counts of every table. The target must be empty unless
--replace (which empties it first). Stop the server first, or copy a backup (weft backup).
Secrets stay encrypted: give the new server the same secret key file.

Exit codes: 0 copied and counts equal, 1 counts differ, 2 usage or refused, 4 cannot reach a database.`,
  async run(args, io) {
    const { values, positionals } = parseFlags('db', args, {
      from: { type: 'string' },
      to: { type: 'string' },
      replace: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals[0] !== 'migrate' || positionals.length !== 1)
      throw usageError('weft db: the one sub-command is "migrate"\nrun "weft db --help" for usage');
    if (!values.from || !values.to)
      throw usageError('weft db migrate: give --from sqlite:PATH and --to postgres://…');
    let report: Awaited<ReturnType<typeof copySqliteToPostgres>>;
    try {
      report = await copySqliteToPostgres({
        from: values.from,
        to: values.to,
        ...(values.replace === true && { replace: true }),
      });
    } catch (e) {
      fail('db migrate', e);
    }
    if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else {
      for (const t of report.tables)
        io.stdout(
          `${t.table.padEnd(26)} ${String(t.source).padStart(9)} → ${String(t.target).padStart(9)}${t.source === t.target ? '' : '  DIFFERS'}\n`,
        );
      io.stdout(
        report.ok
          ? 'copied; every table has the same number of rows\n'
          : 'counts differ: see the table above\n',
      );
    }
    return report.ok ? ExitCode.OK : ExitCode.FAILED;
  },
};
