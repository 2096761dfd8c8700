// csv@1: parse and format CSV with RFC 4180 quoting (dsl-v1.md "Standard blocks").
import { Block, Input, Result, Json, fail, ok, formatNumber } from '@weft/block-sdk/assembly';
import { parseCsv, CsvParse } from './parse';

export function run(): i32 {
  return Block.run(handle);
}

function handle(input: Input): Result {
  const op = input.choice('op', ['parse', 'format'], 'parse');
  if (!input.has('op')) input.reject('`op` is required: parse or format');
  const delimiter = input.string('delimiter', ',');
  const header = input.bool('header', true);
  if (delimiter.length != 1)
    input.reject('`delimiter` must be exactly one character (got "' + delimiter + '")');
  else if (delimiter == '"' || delimiter == '\n' || delimiter == '\r')
    input.reject('`delimiter` cannot be a quote or a line break');
  const text = op == 'parse' ? input.requireString('text') : '';
  const rows = op == 'format' ? input.array('rows') : Json.Arr();
  if (op == 'format' && !input.has('rows')) input.reject('`rows` is required for format');
  const bad = input.invalid();
  if (bad != null) return bad;
  const d = delimiter.charCodeAt(0);
  if (op == 'parse') return parse(text, d, header);
  return format(rows, delimiter, header);
}

function parse(text: string, delimiter: i32, header: bool): Result {
  const parsed: CsvParse = parseCsv(text, delimiter);
  if (parsed.error != '') return fail('INVALID_INPUT', parsed.error);
  const records = parsed.records;
  const out = Json.Arr();
  if (!header) {
    for (let r = 0; r < records.length; r++) out.push(Json.Strings(records[r]));
    return ok(out);
  }
  if (records.length == 0) return ok(out);
  const names = records[0];
  for (let i = 0; i < names.length; i++) {
    for (let j = 0; j < i; j++) {
      if (names[j] == names[i])
        return fail('INVALID_INPUT', 'the header names column "' + names[i] + '" twice');
    }
  }
  for (let r = 1; r < records.length; r++) {
    const rec = records[r];
    if (rec.length > names.length) {
      return fail(
        'INVALID_INPUT',
        'line ' +
          parsed.lines[r].toString() +
          ' has ' +
          rec.length.toString() +
          ' fields but the header has ' +
          names.length.toString(),
      );
    }
    const obj = Json.Obj();
    // A short row leaves its missing trailing fields empty.
    for (let c = 0; c < names.length; c++) obj.setString(names[c], c < rec.length ? rec[c] : '');
    out.push(obj);
  }
  return ok(out);
}

/** Quotes a field when it holds the delimiter, a quote or a line break (RFC 4180 §2.6–2.7). */
function quoteField(s: string, delimiter: i32): string {
  let needs = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == delimiter || c == 0x22 || c == 0x0a || c == 0x0d) {
      needs = true;
      break;
    }
  }
  return needs ? '"' + s.replaceAll('"', '""') + '"' : s;
}

function cellText(v: Json | null): string {
  if (v == null || v.isNull()) return '';
  if (v.isString()) return v.asString();
  if (v.isNumber()) return formatNumber(v.asNumber());
  if (v.isBool()) return v.asBool() ? 'true' : 'false';
  return v.stringify();
}

function format(rows: Json, delimiter: string, header: bool): Result {
  const d = delimiter.charCodeAt(0);
  const items = rows.items();
  const lines: string[] = [];
  let objects = 0;
  for (let r = 0; r < items.length; r++) {
    const kind = items[r];
    if (kind.isObject()) objects++;
    else if (!kind.isArray())
      return fail('INVALID_INPUT', '`rows[' + r.toString() + ']` must be an object or an array');
  }
  if (objects > 0 && objects < items.length)
    return fail('INVALID_INPUT', '`rows` mixes objects and arrays: use one or the other');
  if (objects > 0) {
    // Columns: every key, in the order first seen.
    const columns: string[] = [];
    const seen = new Set<string>();
    for (let r = 0; r < items.length; r++) {
      const keys = items[r].keys();
      for (let k = 0; k < keys.length; k++) {
        if (!seen.has(keys[k])) {
          seen.add(keys[k]);
          columns.push(keys[k]);
        }
      }
    }
    if (header) lines.push(joinFields(columns, delimiter, d));
    for (let r = 0; r < items.length; r++) {
      const cells = new Array<string>(columns.length);
      for (let c = 0; c < columns.length; c++) cells[c] = cellText(items[r].get(columns[c]));
      lines.push(joinFields(cells, delimiter, d));
    }
  } else {
    for (let r = 0; r < items.length; r++) {
      const row = items[r].items();
      const cells = new Array<string>(row.length);
      for (let c = 0; c < row.length; c++) cells[c] = cellText(row[c]);
      lines.push(joinFields(cells, delimiter, d));
    }
  }
  const text = lines.length == 0 ? '' : lines.join('\r\n') + '\r\n';
  return ok(Json.Obj().setString('text', text));
}

function joinFields(cells: string[], delimiter: string, d: i32): string {
  const quoted = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i++) quoted[i] = quoteField(cells[i], d);
  return quoted.join(delimiter);
}
