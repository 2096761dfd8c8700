// An RFC 4180 CSV reader: quoted fields may hold the delimiter, "" (one quote) and line breaks;
// records end with CRLF, LF or CR. Blank lines are skipped; a leading BOM is ignored.

export class CsvParse {
  records: string[][] = [];
  /** The line number each record starts on (1-based), for error messages. */
  lines: i32[] = [];
  error: string = '';
}

export function parseCsv(text: string, delimiter: i32): CsvParse {
  const res = new CsvParse();
  const n = text.length;
  let i = 0;
  let line = 1;
  if (n > 0 && text.charCodeAt(0) == 0xfeff) i = 1;
  let record: string[] = [];
  let recordLine = 1;
  let fieldStarted = false; // whether the current record has any content yet
  while (i <= n) {
    // At the start of a field.
    if (i == n) {
      if (fieldStarted) pushRecord(res, record, recordLine);
      break;
    }
    let c = text.charCodeAt(i);
    if (!fieldStarted && (c == 0x0a || c == 0x0d)) {
      // A blank line.
      i += c == 0x0d && i + 1 < n && text.charCodeAt(i + 1) == 0x0a ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    fieldStarted = true;
    let value: string;
    if (c == 0x22) {
      const startLine = line;
      const parts: string[] = [];
      let start = i + 1;
      i++;
      let closed = false;
      while (i < n) {
        c = text.charCodeAt(i);
        if (c == 0x22) {
          if (i + 1 < n && text.charCodeAt(i + 1) == 0x22) {
            parts.push(text.substring(start, i + 1));
            i += 2;
            start = i;
            continue;
          }
          parts.push(text.substring(start, i));
          i++;
          closed = true;
          break;
        }
        if (c == 0x0a || (c == 0x0d && !(i + 1 < n && text.charCodeAt(i + 1) == 0x0a))) line++;
        i++;
      }
      if (!closed) {
        res.error = 'unterminated quoted field starting on line ' + startLine.toString();
        return res;
      }
      value = parts.join('');
      if (i < n) {
        c = text.charCodeAt(i);
        if (c != delimiter && c != 0x0a && c != 0x0d) {
          res.error =
            'unexpected character after a closing quote on line ' +
            line.toString() +
            ' (a quote inside a quoted field is written "")';
          return res;
        }
      }
    } else {
      const start = i;
      while (i < n) {
        c = text.charCodeAt(i);
        if (c == delimiter || c == 0x0a || c == 0x0d) break;
        i++;
      }
      value = text.substring(start, i);
    }
    record.push(value);
    if (i >= n) {
      pushRecord(res, record, recordLine);
      break;
    }
    c = text.charCodeAt(i);
    if (c == delimiter) {
      i++;
      if (i == n) {
        record.push('');
        pushRecord(res, record, recordLine);
        break;
      }
      continue;
    }
    // A line break ends the record.
    i += c == 0x0d && i + 1 < n && text.charCodeAt(i + 1) == 0x0a ? 2 : 1;
    line++;
    pushRecord(res, record, recordLine);
    record = [];
    recordLine = line;
    fieldStarted = false;
  }
  return res;
}

function pushRecord(res: CsvParse, record: string[], line: i32): void {
  res.records.push(record);
  res.lines.push(line);
}
