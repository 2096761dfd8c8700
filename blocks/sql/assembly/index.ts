// sql@1: one parameterised statement on a connection the server declares and the workflow's
// permissions.sql names. Values travel as bound parameters (`?` in SQLite, `$1` in PostgreSQL),
// never inside the SQL text; the host refuses writes on read-only connections.
import { Block, Input, Json, Result, Retry, fail, ok, sql } from '@weft/block-sdk/assembly';

export function run(): i32 {
  return Block.run(handle);
}

function handle(input: Input): Result {
  const connection = input.requireString('connection');
  const query = input.requireString('query');
  const params = input.array('params');
  const maxRows = input.number('maxRows', 1000);
  if (maxRows < 0 || Math.floor(maxRows) != maxRows) input.reject('`maxRows` must be a whole number ≥ 0');
  const bad = input.invalid();
  if (bad != null) return bad;

  const req = Json.Obj()
    .setString('connection', connection)
    .setString('sql', query)
    .set('params', params)
    .setNumber('maxRows', maxRows);
  const answer = sql.query(req);
  if (!answer.ok) {
    const code = answer.errorCode;
    const retry = code == 'PERMISSION_DENIED' || code == 'INVALID_INPUT' ? Retry.No : Retry.Default;
    return fail(code, answer.errorMessage, retry);
  }
  const a = answer.value;
  const out = Json.Obj();
  const keys = ['rows', 'columns', 'rowCount', 'truncated', 'changes'];
  for (let i = 0; i < keys.length; i++) {
    const v = a.get(keys[i]);
    out.set(keys[i], v == null ? Json.Null() : v);
  }
  return ok(out);
}
