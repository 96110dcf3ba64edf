import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@stepgate/core';
import type { TaskHandlers } from './handlers.js';
import { missingHandlerCause } from './handlers.js';
import { serverLimits } from './http-limits.js';
import { handleRequest, type StageSession } from './request/handle-request.js';
import { gatewayReply, writeReply } from './request/reply.js';
import { loadStageApp, type StageApp } from './stage-app.js';
import { UsagePlanMeter } from './usage-plan.js';
import { FileWatcher } from './watch-files.js';

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
  /** The invoke URL of the first route: http://127.0.0.1:PORT/{stage}{path}. */
  readonly url: string;
  /** The stage's base URL (http://127.0.0.1:PORT/{stage}), to which a route's path is appended. */
  readonly stageUrl: string;
  readonly apiKey: string;
  /** The key's id, what `$context.identity.apiKeyId` holds (the default template's apiInfo.apiKey). */
  readonly apiKeyId: string;
  readonly port: number;
  /** Stops serving; running executions are aborted. */
  close(): Promise<void>;
  /** Reads every file again; on invalid input keeps serving the last good version and rejects. */
  reload(): Promise<void>;
}

const RELOAD_DEBOUNCE_MS = 100;

/**
 * Serves the project's stage on localhost, doing what API Gateway and Step Functions do for a
 * StartSyncExecution integration, for every route (request/handle-request.ts takes a request
 * through the steps). This module owns the server, the project version being served and its
 * reload. Rejects with a ConfigError when the project is invalid.
 */
export async function startLocalStage(options: LocalStageOptions): Promise<LocalStage> {
  const log = options.log ?? (() => {});
  const apiKey = options.apiKey ?? generateApiKey();
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

  const first = await load();
  warnMissingHandlers(first, log);
  const sessionFor = (app: StageApp, meter: UsagePlanMeter | null): StageSession => ({
    app,
    key: { required: app.apiKeyRequired, expected: Buffer.from(apiKey), meter },
    apiKeyId,
    apiId,
    log,
  });
  let session = sessionFor(first, first.usagePlan ? new UsagePlanMeter(first.usagePlan) : null);
  const retired = new Set<StageApp>();

  const server = createServer(serverLimits(options.requestTimeoutMs), (req, res) => {
    const started = performance.now();
    handleRequest(session, req, res).then(
      (status) => {
        const ms = (performance.now() - started).toFixed(1);
        log(`${req.method} ${req.url} ${status} ${ms}ms`);
      },
      (error: unknown) => {
        log(`${req.method} ${req.url} 500 internal error: ${(error as Error)?.stack ?? error}`);
        if (!res.headersSent) writeReply(res, gatewayReply(500, 'Internal server error'));
      },
    );
  });
  server.keepAliveTimeout = 60_000;
  const port = await listen(server, options.port ?? 3000, options.host ?? '127.0.0.1');

  async function reload(): Promise<void> {
    const next = await load();
    const previous = session.app;
    retired.add(previous);
    // Executions still running on the previous version finish; nothing new reaches it.
    setTimeout(() => retired.delete(previous), 60_000).unref();
    let meter = session.key.meter;
    if (next.usagePlan) {
      if (meter) meter.update(next.usagePlan);
      else meter = new UsagePlanMeter(next.usagePlan);
    } else meter = null;
    session = sessionFor(next, meter);
    warnMissingHandlers(next, log);
    if (options.watch !== false) watcher.watch(next.files);
  }

  let debounce: NodeJS.Timeout | undefined;
  const watcher = new FileWatcher(() => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      reload().then(
        () => log(`reloaded ${session.app.project.loaded.source.file}`),
        (error: unknown) =>
          log(
            `reload failed, still serving the last good version: ${error instanceof ConfigError ? error.message : String((error as Error)?.message ?? error)}`,
          ),
      );
    }, RELOAD_DEBOUNCE_MS);
  });
  if (options.watch !== false) watcher.watch(first.files);

  const stageUrl = `http://${formatHost(options.host ?? '127.0.0.1')}:${port}/${first.stage}`;
  const firstPath = first.routes[0]!.path;
  return {
    url: `${stageUrl}${firstPath === '/' ? '/' : firstPath}`,
    stageUrl,
    apiKey,
    apiKeyId,
    port,
    reload,
    async close() {
      clearTimeout(debounce);
      watcher.close();
      for (const app of [session.app, ...retired])
        for (const runner of app.runners.values()) runner.abortAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function warnMissingHandlers(app: StageApp, log: (line: string) => void): void {
  const warned = new Set<string>();
  for (const runner of app.runners.values()) {
    for (const task of runner.missingHandlers) {
      const line = `warning: ${missingHandlerCause(task)}; executions reaching it fail with States.TaskFailed`;
      if (!warned.has(line)) log(line);
      warned.add(line);
    }
  }
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
