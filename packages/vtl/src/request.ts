import { integralOf, toJackson } from './java-values.js';
import type { HostObject } from './java-library.js';
import { UnknownFunctionError } from './render-errors.js';
import { parseJson } from './json.js';
import { compileJsonPath, evaluateJsonPath, JsonPathError } from './jsonpath.js';
import {
  base64Decode,
  base64Encode,
  escapeJavaScript,
  urlDecode,
  urlEncode,
} from './util-functions.js';

/** The request file of `stepgate render` (CONTRACT.md); every field is optional. */
export interface RenderRequest {
  method?: string;
  resourcePath?: string;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  headers?: Record<string, string>;
  /** The raw body `$input` reads: the client's request, or the integration's response. */
  body?: string;
  stageVariables?: Record<string, string>;
  /** Deep-merged over the defaults of `$context` (those of ../shared/tools/vtl-oracle). */
  context?: Record<string, unknown>;
}

type Params = Map<string, Map<string, string>>;

/** Velocity finds no method for a non-String argument: the call yields null. */
const NOT_A_STRING = Symbol('not a string');

function stringArg(args: unknown[]): string | null | typeof NOT_A_STRING {
  const v = args[0];
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : NOT_A_STRING;
}

export const UTIL_FUNCTIONS = [
  'escapeJavaScript',
  'parseJson',
  'urlEncode',
  'urlDecode',
  'base64Encode',
  'base64Decode',
];

export function isUtilFunction(name: string): boolean {
  return UTIL_FUNCTIONS.includes(name);
}

export function unknownUtilMessage(name: string): string {
  return `$util.${name} is not a function of API Gateway's $util (it has ${UTIL_FUNCTIONS.join(', ')})`;
}

/** `$util`. */
export const util: HostObject = {
  call(name, args) {
    if (!isUtilFunction(name)) throw new UnknownFunctionError(unknownUtilMessage(name));
    if (args.length !== 1)
      throw new UnknownFunctionError(`$util.${name} takes one argument, got ${args.length}`);
    const s = stringArg(args);
    if (s === NOT_A_STRING) return null;
    switch (name) {
      case 'escapeJavaScript':
        return s === null ? null : escapeJavaScript(s);
      case 'parseJson':
        return s === null ? null : parseJson(s, 'jackson');
    }
    if (s === null) throw new Error('java.lang.NullPointerException');
    switch (name) {
      case 'urlEncode':
        return urlEncode(s);
      case 'urlDecode':
        return urlDecode(s);
      case 'base64Encode':
        return base64Encode(s);
      default:
        return base64Decode(s);
    }
  },
  property() {
    return null;
  },
  toJavaString: () => 'Util',
};

/** `$input`. */
export class Input implements HostObject {
  constructor(
    readonly body: string,
    readonly params: Params,
  ) {}

  private document(): unknown {
    const doc = parseJson(this.body.trim() === '' ? '{}' : this.body, 'json-smart');
    if (doc === null) throw new Error('json object can not be null');
    return doc;
  }

  private path(path: string | null): unknown {
    if (path === null) throw new JsonPathError('path can not be null');
    const compiled = compileJsonPath(path);
    return evaluateJsonPath(compiled, this.document());
  }

  call(name: string, args: unknown[]): unknown {
    switch (name) {
      case 'path':
      case 'json': {
        if (args.length !== 1)
          throw new UnknownFunctionError(`$input.${name} takes one argument (a JSONPath)`);
        const p = stringArg(args);
        if (p === NOT_A_STRING) return null;
        const result = this.path(p);
        return name === 'path' ? result : toJackson(result);
      }
      case 'params':
        if (args.length === 0) return this.params;
        if (args.length === 1) {
          const key = args[0];
          if (key === null || key === undefined) return null;
          // Not a String: Velocity 1.7 picks params() for it, which then refuses the argument.
          if (typeof key !== 'string')
            throw new Error('java.lang.IllegalArgumentException: wrong number of arguments');
          for (const where of ['path', 'querystring', 'header']) {
            const v = this.params.get(where)?.get(key);
            if (v !== undefined) return v;
          }
          return null;
        }
        break;
      case 'getBody':
        if (args.length === 0) return this.body;
        break;
    }
    throw new UnknownFunctionError(
      `$input.${name}(${args.length === 0 ? '' : '…'}) is not a function of API Gateway's $input (it has body, json(p), path(p), params(), params(name))`,
    );
  }

  property(name: string): unknown {
    return name === 'body' ? this.body : null;
  }

  toJavaString(): string {
    return 'Input';
  }
}

/** JSON-shaped JS value → Java value model (integers become Integers or Longs, objects LinkedHashMaps). */
export function toJava(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number')
    return Number.isInteger(value) && !Object.is(value, -0) ? integralOf(BigInt(value)) : value;
  if (Array.isArray(value)) return value.map(toJava);
  if (typeof value === 'object') {
    if (value instanceof Map) return value;
    const map = new Map<unknown, unknown>();
    for (const [k, v] of Object.entries(value)) map.set(k, toJava(v));
    return map;
  }
  return value;
}

/** Java value → JSON-shaped JS value (for `headers` of the result). */
export function toPlain(value: unknown): unknown {
  return JSON.parse(toJackson(value)) as unknown;
}

function strings(value: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value))
      map.set(k, typeof v === 'string' ? v : v === null ? 'null' : String(v));
  }
  return map;
}

function deepMerge(into: Map<unknown, unknown>, from: Map<unknown, unknown>): void {
  for (const [k, v] of from) {
    const cur = into.get(k);
    if (cur instanceof Map && v instanceof Map) {
      const copy = new Map(cur);
      deepMerge(copy, v);
      into.set(k, copy);
    } else into.set(k, v);
  }
}

export interface PreparedRequest {
  readonly vars: Map<string, unknown>;
  readonly context: Map<unknown, unknown>;
  readonly responseOverride: Map<unknown, unknown>;
}

/** Builds `$input`, `$util`, `$context` and `$stageVariables` exactly as the oracle does. */
export function prepareRequest(request: RenderRequest): PreparedRequest {
  const method = request.method !== undefined ? String(request.method) : 'POST';
  const resourcePath = request.resourcePath !== undefined ? String(request.resourcePath) : '/';
  const params: Params = new Map([
    ['path', strings(request.pathParameters)],
    ['querystring', strings(request.queryStringParameters)],
    ['header', strings(request.headers)],
  ]);
  const headers = params.get('header')!;
  let apiKey: string | null = null;
  for (const [k, v] of headers) if (k.toLowerCase() === 'x-api-key') apiKey = v;
  const identity = new Map<unknown, unknown>([
    ['apiKey', apiKey],
    ['apiKeyId', apiKey === null ? null : 'abcdef1234'],
    ['sourceIp', '127.0.0.1'],
    ['userAgent', headers.get('User-Agent') ?? 'curl/8.0'],
    ['accountId', null],
    ['caller', null],
    ['user', null],
    ['userArn', null],
  ]);
  const context = new Map<unknown, unknown>([
    ['accountId', '123456789012'],
    ['apiId', 'a1b2c3d4e5'],
    ['deploymentId', 'dep123'],
    ['domainName', 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'],
    ['domainPrefix', 'a1b2c3d4e5'],
    ['httpMethod', method],
    ['protocol', 'HTTP/1.1'],
    ['requestId', 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef'],
    ['extendedRequestId', 'abc='],
    ['requestTime', '09/Apr/2015:12:34:56 +0000'],
    ['requestTimeEpoch', 1428582896000n],
    ['resourceId', 'res123'],
    ['resourcePath', resourcePath],
    ['stage', 'prod'],
    ['identity', identity],
    ['authorizer', new Map()],
  ]);
  const override = toJava(request.context ?? {});
  if (override instanceof Map) deepMerge(context, override);
  if (!context.has('path'))
    context.set('path', `/${javaString(context.get('stage'))}${resourcePath}`);
  const responseOverride = new Map<unknown, unknown>([['header', new Map()]]);
  context.set('responseOverride', responseOverride);
  context.set(
    'requestOverride',
    new Map<unknown, unknown>([
      ['header', new Map()],
      ['path', new Map()],
      ['querystring', new Map()],
    ]),
  );
  const stageVariables = toJava(request.stageVariables ?? {});
  const vars = new Map<string, unknown>([
    [
      'input',
      new Input(
        request.body === undefined || request.body === null ? '' : String(request.body),
        params,
      ),
    ],
    ['util', util],
    ['context', context],
    ['stageVariables', stageVariables instanceof Map ? stageVariables : new Map()],
  ]);
  return { vars, context, responseOverride };
}

function javaString(value: unknown): string {
  return value === null || value === undefined
    ? 'null'
    : typeof value === 'string'
      ? value
      : String(value);
}
