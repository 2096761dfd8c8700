// HTTP through the host's `weft_http` function (ABI.md). The host enforces the permissions; a
// refused request comes back as a failed response with code PERMISSION_DENIED.
import { Memory } from '../node_modules/@extism/as-pdk/lib/pdk';
import { length } from '../node_modules/@extism/as-pdk/lib/env';
import { Json, parseJson } from './json';
import { weft_http } from './host';

/** A request for `http.request`. `headers` is a JSON object of string values. */
export class HttpRequest {
  method: string = 'GET';
  url: string = '';
  headers: Json = Json.Obj();
  /** UTF-8 text body. */
  body: string | null = null;
  /** Binary body, base64. */
  bodyBase64: string | null = null;
  /** 0 leaves the host's default. */
  timeoutMs: i32 = 0;

  toJson(): Json {
    const j = Json.Obj()
      .setString('method', this.method)
      .setString('url', this.url)
      .set('headers', this.headers);
    const body = this.body;
    if (body != null) j.setString('body', body);
    const b64 = this.bodyBase64;
    if (b64 != null) j.setString('bodyBase64', b64);
    if (this.timeoutMs > 0) j.setNumber('timeoutMs', <f64>this.timeoutMs);
    return j;
  }
}

/**
 * The host's answer. When `ok` is false the request did not complete (`errorCode` is one of
 * PERMISSION_DENIED, HTTP_ERROR, TIMEOUT, LIMIT_EXCEEDED); a 4xx/5xx status is still `ok`.
 */
export class HttpResponse {
  ok: bool = false;
  status: i32 = 0;
  /** Lower-case header names to string values. */
  headers: Json = Json.Obj();
  body: string = '';
  /** Set (base64) only when the body is not valid UTF-8. */
  bodyBase64: string | null = null;
  errorCode: string = '';
  errorMessage: string = '';
}

/** Turns the host's response JSON into an HttpResponse (exported for tests of the mapping). */
export function parseHttpResponse(text: string): HttpResponse {
  const res = new HttpResponse();
  const parsed = parseJson(text);
  const root = parsed.value;
  if (!parsed.ok || !root.isObject()) {
    res.errorCode = 'HTTP_ERROR';
    res.errorMessage = 'the host answered an HTTP request with invalid JSON';
    return res;
  }
  const okv = root.get('ok');
  if (okv == null || !okv.asBool()) {
    const err = root.get('error');
    res.errorCode = 'HTTP_ERROR';
    res.errorMessage = 'HTTP request failed';
    if (err != null && err.isObject()) {
      const code = err.get('code');
      if (code != null && code.isString()) res.errorCode = code.asString();
      const msg = err.get('message');
      if (msg != null && msg.isString()) res.errorMessage = msg.asString();
    }
    return res;
  }
  res.ok = true;
  const status = root.get('status');
  if (status != null) res.status = <i32>status.asNumber();
  const headers = root.get('headers');
  if (headers != null && headers.isObject()) res.headers = headers;
  const body = root.get('body');
  if (body != null && body.isString()) res.body = body.asString();
  const b64 = root.get('bodyBase64');
  if (b64 != null && b64.isString()) res.bodyBase64 = b64.asString();
  return res;
}

export namespace http {
  /** Sends a request through the host and waits for the answer. */
  export function request(req: HttpRequest): HttpResponse {
    const mem = Memory.allocateString(req.toJson().stringify());
    const offset = weft_http(mem.offset);
    mem.free();
    if (offset == 0) return parseHttpResponse('');
    const out = new Memory(offset, length(offset));
    const text = out.toString();
    out.free();
    return parseHttpResponse(text);
  }

  /** A GET of `url`. */
  export function get(url: string): HttpResponse {
    const req = new HttpRequest();
    req.url = url;
    return request(req);
  }
}
