// http@1: one HTTP request through the host (dsl-v1.md "Standard blocks"). The host checks the
// workflow's network permissions; this block builds the request and maps the response.
import {
  Block,
  Input,
  Result,
  Json,
  Retry,
  fail,
  ok,
  http,
  HttpRequest,
  HttpResponse,
  parseJson,
  formatNumber,
} from '@weft/block-sdk/assembly';
import { buildUrl, UrlResult } from './url';

export function run(): i32 {
  return Block.run(handle);
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

function handle(input: Input): Result {
  const url = input.requireString('url');
  const method = input.string('method', 'GET').toUpperCase();
  if (!METHODS.includes(method))
    input.reject('`method` must be one of ' + METHODS.join(', ') + ' (got "' + method + '")');
  const headers = input.object('headers');
  const query = input.object('query');
  const responseType = input.choice('responseType', ['auto', 'json', 'text'], 'auto');
  const failOnError = input.bool('failOnError', true);
  const bad = input.invalid();
  if (bad != null) return bad;

  const built: UrlResult = buildUrl(url, query);
  if (built.error != '') return fail('INVALID_INPUT', built.error);
  const req = new HttpRequest();
  req.method = method;
  req.url = built.url;
  const hdrs = Json.Obj();
  let hasContentType = false;
  const names = headers.keys();
  for (let i = 0; i < names.length; i++) {
    const v = headers.get(names[i])!;
    if (v.isNull()) continue;
    if (v.isString()) hdrs.setString(names[i], v.asString());
    else if (v.isNumber()) hdrs.setString(names[i], formatNumber(v.asNumber()));
    else if (v.isBool()) hdrs.setString(names[i], v.asBool() ? 'true' : 'false');
    else return fail('INVALID_INPUT', '`headers.' + names[i] + '` must be a string');
    if (names[i].toLowerCase() == 'content-type') hasContentType = true;
  }
  const body = input.value('body');
  if (body != null) {
    if (body.isString()) req.body = body.asString();
    else {
      // Objects, arrays, numbers and booleans are sent as JSON.
      req.body = body.stringify();
      if (!hasContentType) hdrs.setString('content-type', 'application/json');
    }
  }
  req.headers = hdrs;
  return mapResponse(req, http.request(req), responseType, failOnError);
}

function describe(req: HttpRequest): string {
  return req.method + ' ' + req.url;
}

/** Maps the host's answer to `{ status, headers, body }` or an error. */
function mapResponse(req: HttpRequest, res: HttpResponse, responseType: string, failOnError: bool): Result {
  if (!res.ok) {
    const retry = res.errorCode == 'PERMISSION_DENIED' ? Retry.No : Retry.Default;
    return fail(res.errorCode, res.errorMessage, retry);
  }
  if (failOnError && res.status >= 400) {
    const retryable = res.status == 429 || res.status >= 500;
    let snippet = res.body.length > 200 ? res.body.substring(0, 200) + '…' : res.body;
    if (snippet.length > 0) snippet = ': ' + snippet;
    return fail(
      'HTTP_ERROR',
      describe(req) + ' answered ' + res.status.toString() + snippet,
      retryable ? Retry.Yes : Retry.No,
    );
  }
  const out = Json.Obj()
    .setNumber('status', <f64>res.status)
    .set('headers', res.headers);
  const b64 = res.bodyBase64;
  if (b64 != null) {
    // Not UTF-8: hand the bytes on as base64.
    if (responseType == 'json')
      return fail('HTTP_ERROR', describe(req) + ' answered a binary body, not JSON', Retry.No);
    return ok(out.setString('body', b64).setString('bodyEncoding', 'base64'));
  }
  let wantJson = responseType == 'json';
  if (responseType == 'auto') {
    const ctv = res.headers.get('content-type');
    const ct = ctv != null && ctv.isString() ? ctv.asString().toLowerCase() : '';
    wantJson = ct.includes('application/json') || ct.includes('+json');
  }
  if (wantJson && res.body.length > 0) {
    const parsed = parseJson(res.body);
    if (parsed.ok) return ok(out.set('body', parsed.value));
    if (responseType == 'json')
      return fail(
        'HTTP_ERROR',
        describe(req) + ' answered a body that is not JSON (' + parsed.error + ')',
        Retry.No,
      );
  }
  if (wantJson && res.body.length == 0) return ok(out.set('body', Json.Null()));
  return ok(out.setString('body', res.body));
}
