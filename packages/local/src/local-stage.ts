import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ConfigError } from '@stepgate/core';
import { renderMappingTemplate, type RenderRequest } from '@stepgate/vtl';
import type { SyncExecutionResult } from './execution.js';
import type { TaskHandlers } from './handlers.js';
import { missingHandlerCause } from './handlers.js';
import { LOCAL_ACCOUNT, loadStageApp, type StageApp } from './stage-app.js';
import { isApiError, parseStartSyncRequest } from './start-sync-request.js';
import { UsagePlanMeter } from './usage-plan.js';
import { PayloadTooLarge, readLimitedBody, serverLimits } from './http-limits.js';

export interface LocalStageOptions {
  /** Path of stepgate.yml. */
  readonly configFile: string;
  /** Default `prod`; names the stage as a deploy would. */
  readonly environment?: string;
  /** Default 3000; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** The API key value clients must send in `x-api-key`; generated when absent. */
  readonly apiKey?: string;
  /** A handlers module / canned-results file, or handlers given directly. */
  readonly handlers?: string | TaskHandlers;
  /** Reload when the config, definition, templates or handlers file change. Default true. */
  readonly watch?: boolean;
  /** One line per request (`POST /prod/orders 200 3ms`), per reload, per warning. */
  readonly log?: (line: string) => void;
  /** Express workflows' five-minute limit; lower it in tests. */
  readonly maxExecutionMs?: number;
  /** Time for a whole request to arrive before 408 (STAGE_LIMITS.requestTimeoutMs); lower it in tests. */
  readonly requestTimeoutMs?: number;
}

export interface LocalStage {
  /** The invoke URL: http://127.0.0.1:PORT/{stage}{path}. */
  readonly url: string;
  readonly apiKey: string;
  /** The key's id, what `$context.identity.apiKeyId` holds (the default template's apiInfo.apiKey). */
  readonly apiKeyId: string;
  readonly port: number;
  /** Stops serving; running executions are aborted. */
  close(): Promise<void>;
  /** Reads every file again; on invalid input keeps serving the last good version and rejects. */
  reload(): Promise<void>;
}

const JSON_TYPE = 'application/json';
const RELOAD_DEBOUNCE_MS = 100;

/**
 * Serves the project's stage on localhost, doing what API Gateway and Step Functions do for a
 * StartSyncExecution integration: route, API key, usage plan, request template, execution,
 * response template, integration timeout. Rejects with a ConfigError when the project is invalid.
 */
export async function startLocalStage(options: LocalStageOptions): Promise<LocalStage> {
  const log = options.log ?? (() => {});
  const apiKey = options.apiKey ?? generateApiKey();
  const apiKeyBuffer = Buffer.from(apiKey);
  const apiKeyId = randomId(10);
  const apiId = randomId(10);
  let handlersVersion = 0;
  const load = () =>
    loadStageApp({
      configFile: options.configFile,
      ...(options.environment !== undefined ? { environment: options.environment } : {}),
      ...(options.handlers !== undefined ? { handlers: options.handlers } : {}),
      handlersVersion: handlersVersion++,
      ...(options.maxExecutionMs !== undefined ? { maxExecutionMs: options.maxExecutionMs } : {}),
    });

  let app = await load();
  warnMissingHandlers(app, log);
  let meter = app.usagePlan ? new UsagePlanMeter(app.usagePlan) : null;
  const retired = new Set<StageApp>();

  const server = createServer(serverLimits(options.requestTimeoutMs), (req, res) => {
    const started = performance.now();
    const current = app;
    handle(current, req, res).then(
      (status) => {
        const ms = (performance.now() - started).toFixed(1);
        log(`${req.method} ${req.url} ${status} ${ms}ms`);
      },
      (error: unknown) => {
        log(`${req.method} ${req.url} 500 internal error: ${(error as Error)?.stack ?? error}`);
        if (!res.headersSent) send(res, 500, { message: 'Internal server error' });
      },
    );
  });
  server.keepAliveTimeout = 60_000;

  async function handle(a: StageApp, req: IncomingMessage, res: ServerResponse): Promise<number> {
    const requestId = randomUUID();
    const { pathname, query } = splitUrl(req.url ?? '/');
    const stagePrefix = `/${a.stage}`;
    if (pathname !== stagePrefix && !pathname.startsWith(`${stagePrefix}/`)) {
      // API Gateway answers a stage that does not exist with 403 Forbidden.
      return send(res, 403, { message: 'Forbidden' }, requestId, 'ForbiddenException');
    }
    const resourcePath = normalizePath(pathname.slice(stagePrefix.length));
    const method = req.method ?? 'GET';
    if (resourcePath !== a.resourcePath || (a.httpMethod !== 'ANY' && method !== a.httpMethod)) {
      // Unknown resource or method: API Gateway's "Missing Authentication Token".
      return send(
        res,
        403,
        { message: 'Missing Authentication Token' },
        requestId,
        'MissingAuthenticationTokenException',
      );
    }
    let body: string;
    try {
      body = await readLimitedBody(req);
    } catch (error) {
      if (!(error instanceof PayloadTooLarge)) throw error;
      res.setHeader('connection', 'close');
      return send(res, 413, { message: 'Request Too Long' }, requestId);
    }
    const sentKey = headerValue(req.headers, 'x-api-key');
    if (a.apiKeyRequired) {
      if (sentKey === undefined || !sameKey(sentKey, apiKeyBuffer)) {
        return send(res, 403, { message: 'Forbidden' }, requestId, 'ForbiddenException');
      }
      const decision = meter?.take() ?? 'ok';
      if (decision === 'throttled')
        return send(
          res,
          429,
          { message: 'Too Many Requests' },
          requestId,
          'TooManyRequestsException',
        );
      if (decision === 'quota-exceeded')
        return send(res, 429, { message: 'Limit Exceeded' }, requestId, 'LimitExceededException');
    }
    const mediaType = (headerValue(req.headers, 'content-type') ?? JSON_TYPE)
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (mediaType !== JSON_TYPE) {
      // stepgate deploys passthroughBehavior NEVER with an application/json template only.
      return send(
        res,
        415,
        { message: 'Unsupported Media Type' },
        requestId,
        'UnsupportedMediaTypeException',
      );
    }

    const now = new Date();
    const renderRequest: RenderRequest = {
      method,
      resourcePath: a.resourcePath,
      pathParameters: {},
      queryStringParameters: query,
      headers: originalHeaders(req),
      body,
      stageVariables: {},
      context: {
        accountId: LOCAL_ACCOUNT,
        apiId,
        deploymentId: 'local',
        domainName: req.headers.host ?? '127.0.0.1',
        domainPrefix: (req.headers.host ?? '127').split('.')[0],
        extendedRequestId: requestId,
        httpMethod: method,
        path: pathname,
        protocol: `HTTP/${req.httpVersion}`,
        requestId,
        requestTime: clfTime(now),
        requestTimeEpoch: now.getTime(),
        resourceId: 'local',
        resourcePath: a.resourcePath,
        stage: a.stage,
        identity: {
          apiKey: a.apiKeyRequired ? (sentKey ?? null) : null,
          apiKeyId: a.apiKeyRequired ? apiKeyId : null,
          sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
          userAgent: headerValue(req.headers, 'user-agent') ?? null,
        },
      },
    };

    let integrationBody: string;
    try {
      const rendered = renderMappingTemplate(a.requestTemplate, renderRequest);
      const parsed = parseStartSyncRequest(rendered.body, a.runner.stateMachineArn);
      if (isApiError(parsed)) {
        integrationBody = JSON.stringify(parsed.body);
      } else {
        const result = await withTimeout(a.runner.run(parsed.input, parsed.name), a.timeoutMs);
        if (result === 'timeout') {
          return send(
            res,
            504,
            { message: 'Endpoint request timed out' },
            requestId,
            'IntegrationTimeout',
          );
        }
        integrationBody = JSON.stringify(result satisfies SyncExecutionResult);
      }
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      if (/\$input\.(json|path)\(/.test(error.problem) && !isStrictJson(body)) {
        // The body, not the template, is at fault: API Gateway's 400 for a body it cannot parse.
        const detail = error.problem.replace(/^.*?\b(json|path)\(\) threw /, '');
        return send(
          res,
          400,
          { message: `Could not parse request body into json: ${detail}` },
          requestId,
          'BadRequestException',
        );
      }
      log(`request template failed: ${error.message}`);
      return send(res, 500, { message: 'Internal server error' }, requestId);
    }

    let response;
    try {
      response = renderMappingTemplate(a.responseTemplate, {
        ...renderRequest,
        body: integrationBody,
      });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      log(`response template failed: ${error.message}`);
      return send(res, 500, { message: 'Internal server error' }, requestId);
    }
    const status = response.status ?? 200;
    const headers: Record<string, string> = {
      'content-type': JSON_TYPE,
      'x-amzn-requestid': requestId,
    };
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== null && value !== undefined) headers[name.toLowerCase()] = String(value);
    }
    res.writeHead(status, headers);
    res.end(response.body);
    return status;
  }

  const port = await listen(server, options.port ?? 3000, options.host ?? '127.0.0.1');

  async function reload(): Promise<void> {
    const next = await load();
    const previous = app;
    app = next;
    retired.add(previous);
    // Executions still running on the previous version finish; nothing new reaches it.
    setTimeout(() => retired.delete(previous), 60_000).unref();
    if (next.usagePlan) {
      if (meter) meter.update(next.usagePlan);
      else meter = new UsagePlanMeter(next.usagePlan);
    } else meter = null;
    warnMissingHandlers(next, log);
    if (options.watch !== false) rewatch();
  }

  const watchers = new Map<string, FSWatcher>();
  let debounce: NodeJS.Timeout | undefined;
  const scheduleReload = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      reload().then(
        () => log(`reloaded ${app.project.loaded.source.file}`),
        (error: unknown) =>
          log(
            `reload failed, still serving the last good version: ${error instanceof ConfigError ? error.message : String((error as Error)?.message ?? error)}`,
          ),
      );
    }, RELOAD_DEBOUNCE_MS);
  };
  function rewatch(): void {
    // Directories, not files: editors replace files on save, which ends a watch on the file.
    const wanted = new Map<string, Set<string>>();
    for (const file of app.files) {
      const dir = path.dirname(file);
      if (!wanted.has(dir)) wanted.set(dir, new Set());
      wanted.get(dir)!.add(path.basename(file));
    }
    for (const [dir, watcher] of watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      watchers.get(dir)?.close();
      try {
        const watcher = watch(dir, (_event, name) => {
          if (name === null || names.has(String(name))) scheduleReload();
        });
        watcher.on('error', () => watcher.close());
        watchers.set(dir, watcher);
      } catch {
        // A folder that cannot be watched: reload() still works.
      }
    }
  }
  if (options.watch !== false) rewatch();

  const url = `http://${formatHost(options.host ?? '127.0.0.1')}:${port}/${app.stage}${app.resourcePath === '/' ? '/' : app.resourcePath}`;
  return {
    url,
    apiKey,
    apiKeyId,
    port,
    reload,
    async close() {
      clearTimeout(debounce);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      app.runner.abortAll();
      for (const old of retired) old.runner.abortAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function warnMissingHandlers(app: StageApp, log: (line: string) => void): void {
  for (const task of app.runner.missingHandlers) {
    log(
      `warning: ${missingHandlerCause(task)}; executions reaching it fail with States.TaskFailed`,
    );
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId: string = randomUUID(),
  errorType?: string,
): number {
  const headers: Record<string, string> = {
    'content-type': JSON_TYPE,
    'x-amzn-requestid': requestId,
  };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
  return status;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new ConfigError(
              { file: '--port' },
              `cannot listen on ${host}:${port} (${error.code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'}); choose another port`,
            )
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function isStrictJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function splitUrl(url: string): { pathname: string; query: Record<string, string> } {
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const query: Record<string, string> = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(url.slice(q + 1))) query[k] = v;
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // Keep the raw path: it will not match the resource.
  }
  return { pathname: decoded, query };
}

/** `/orders/` is `/orders`, the empty path is `/`. */
function normalizePath(p: string): string {
  if (p === '' || p === '/') return '/';
  return p.endsWith('/') ? p.slice(0, -1) : p;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** Headers with the client's spelling of their names (`$input.params()` shows them as sent). */
function originalHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    headers[req.rawHeaders[i]!] = req.rawHeaders[i + 1]!;
  return headers;
}

function sameKey(sent: string, expected: Buffer): boolean {
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `09/Apr/2015:12:34:56 +0000`, the format of `$context.requestTime`. */
function clfTime(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** An API key value like API Gateway's: 40 letters and digits. */
export function generateApiKey(): string {
  return randomId(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
}

function randomId(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
