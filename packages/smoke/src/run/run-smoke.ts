import type { SmokeCase, SmokeRequest, SmokeSpec } from '../spec/smoke-spec.js';
import { failureSummary } from '../report/failure-diff.js';
import { formatProgressLine } from '../report/progress.js';
import { builtinCases } from './builtin-cases.js';
import { checkResponse } from './check-response.js';
import type { SmokeAssertionFailure, SmokeCaseResult, SmokeReport } from './smoke-report.js';

/** How failing cases are retried while a deploy propagates. */
export interface SmokeRetryOptions {
  /** Attempts per case, the first included. @default 5 */
  readonly attempts?: number;
  /** Delay before the first retry; it doubles for each further retry. @default 2000 */
  readonly baseDelayMs?: number;
  /** Longest delay between two attempts. @default 20000 */
  readonly maxDelayMs?: number;
}

export interface RunSmokeOptions {
  readonly spec: SmokeSpec;
  /** The stage URL plus the first route's path; a case without a path calls it. */
  readonly invokeUrl: string;
  /**
   * The stage's base URL: a case path starting with `/` is relative to it. Without it (e.g.
   * `--url` alone) every case path is appended to the invoke URL.
   */
  readonly stageUrl?: string;
  /** Sent as `x-api-key`. Undefined means the API needs no key: only one built-in case runs. */
  readonly apiKey?: string;
  /** Cases in flight at once; keep it below the usage plan's burst. @default 4 */
  readonly concurrency?: number;
  /** Per request, a little longer than the 29 s integration timeout so API Gateway's own 504 is seen. @default 35000 */
  readonly requestTimeoutMs?: number;
  readonly retry?: SmokeRetryOptions;
  /** No retry (and no first attempt) starts later than this after the run began. @default 120000 */
  readonly deadlineMs?: number;
  /** Receives one progress line per finished case (`✓ name  200  123 ms`) and one per retry. */
  readonly log?: (line: string) => void;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Milliseconds on a monotonic clock. @default performance.now */
  readonly now?: () => number;
  /** In [0, 1), for the jitter of retry delays. @default Math.random */
  readonly random?: () => number;
}

export const SMOKE_DEFAULTS = {
  concurrency: 4,
  requestTimeoutMs: 35_000,
  deadlineMs: 120_000,
  retry: { attempts: 5, baseDelayMs: 2_000, maxDelayMs: 20_000 },
} as const;

const EXCERPT_LENGTH = 500;

/** Statuses that can change while a deploy propagates, however often they repeat. */
const PROPAGATING = new Set([403, 404, 429, 502, 503, 504]);

/** Sends the built-in cases, then the spec's, and reports every case's outcome. Never throws for a failing case. */
export async function runSmoke(options: RunSmokeOptions): Promise<SmokeReport> {
  const now = options.now ?? (() => performance.now());
  const settings = {
    fetch: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    random: options.random ?? Math.random,
    now,
    apiKey: options.apiKey,
    invokeUrl: options.invokeUrl,
    stageUrl: options.stageUrl,
    requestTimeoutMs: options.requestTimeoutMs ?? SMOKE_DEFAULTS.requestTimeoutMs,
    attempts: Math.max(
      1,
      options.retry?.attempts ?? options.spec.retryAttempts ?? SMOKE_DEFAULTS.retry.attempts,
    ),
    baseDelayMs: options.retry?.baseDelayMs ?? SMOKE_DEFAULTS.retry.baseDelayMs,
    maxDelayMs: options.retry?.maxDelayMs ?? SMOKE_DEFAULTS.retry.maxDelayMs,
    deadlineMs: options.deadlineMs ?? SMOKE_DEFAULTS.deadlineMs,
    startedAt: now(),
    log: options.log ?? (() => {}),
    local: isLocalUrl(options.invokeUrl),
  };
  const cases = [...builtinCases(options.spec.builtins, options.apiKey), ...options.spec.cases];
  const results: SmokeCaseResult[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const result = await runCase(cases[index]!, settings);
      results[index] = result;
      options.log?.(formatProgressLine(result));
    }
  };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? SMOKE_DEFAULTS.concurrency));
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  const passed = results.filter((r) => r.passed).length;
  return {
    invokeUrl: options.invokeUrl,
    passed,
    failed: results.length - passed,
    durationMs: Math.round(now() - settings.startedAt),
    cases: results,
  };
}

type Settings = {
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
  readonly apiKey: string | undefined;
  readonly invokeUrl: string;
  readonly stageUrl: string | undefined;
  readonly requestTimeoutMs: number;
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly deadlineMs: number;
  readonly startedAt: number;
  readonly log: (line: string) => void;
  /** The stage is on this machine: nothing propagates, retries only repeat the answer. */
  readonly local: boolean;
};

/** Set once the "--attempts 1" hint for a local stage was printed. */
const hinted = new WeakSet<Settings>();

async function runCase(smokeCase: SmokeCase, settings: Settings): Promise<SmokeCaseResult> {
  const url = requestUrl(settings.invokeUrl, smokeCase.request, settings.stageUrl);
  const deadline = settings.startedAt + settings.deadlineMs;
  if (settings.now() >= deadline) {
    return {
      ...outcome(smokeCase, url, 0),
      failures: [
        {
          assertion: 'deadline',
          expected: `started within ${settings.deadlineMs} ms`,
          message: 'not sent: the overall deadline had passed',
        },
      ],
      passed: false,
    };
  }
  let previous: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const { result, answer } = await attemptCase(smokeCase, url, attempt, settings);
    if (result.passed || attempt >= settings.attempts) return result;
    // The same answer twice in a row (status and whole body, or the same network failure)
    // will not change by waiting: stop retrying. Except the statuses a deploy still
    // propagating gives (a new key or route: 403/404; throttling and gateway errors).
    if (answer === previous && !PROPAGATING.has(result.status ?? 0)) return result;
    previous = answer;
    // Equal jitter: at least half the exponential delay, so a retry really waits for the
    // change to propagate, while parallel cases do not retry in lockstep.
    const cap = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
    const delay = Math.round(cap / 2 + (settings.random() * cap) / 2);
    if (settings.now() + delay > deadline) return result;
    const why = result.failures[0];
    settings.log(
      `  retry ${smokeCase.name}: attempt ${attempt + 1} of ${settings.attempts} in ${delay} ms (${why ? failureSummary(why) : 'failed'})`,
    );
    if (settings.local && !hinted.has(settings)) {
      hinted.add(settings);
      settings.log(
        '  (a local stage has nothing to propagate: --attempts 1 reports failures at once)',
      );
    }
    await settings.sleep(delay);
  }
}

async function attemptCase(
  smokeCase: SmokeCase,
  url: string,
  attempt: number,
  settings: Settings,
): Promise<{ result: SmokeCaseResult; answer: string }> {
  const { method } = smokeCase.request;
  // Lowercase names, so a spec built in code cannot send Content-Type and content-type twice.
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(smokeCase.request.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const key = smokeCase.apiKey === true ? settings.apiKey : smokeCase.apiKey || undefined;
  if (key !== undefined && headers['x-api-key'] === undefined) headers['x-api-key'] = key;
  let body: string | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const given = smokeCase.request.body;
    body = 'json' in given ? JSON.stringify(given.json) : given.text;
    headers['content-type'] ??= 'application/json';
  }

  const started = settings.now();
  const signal = AbortSignal.timeout(settings.requestTimeoutMs);
  try {
    const response = await settings.fetch(url, { method, headers, body, signal });
    const text = await response.text();
    const latencyMs = Math.round(settings.now() - started);
    const failures = checkResponse(smokeCase.expect, {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      text,
      latencyMs,
    });
    return {
      result: {
        ...outcome(smokeCase, url, attempt),
        passed: failures.length === 0,
        status: response.status,
        latencyMs,
        failures,
        bodyExcerpt: excerpt(text),
      },
      answer: `${response.status} ${text}`,
    };
  } catch (error) {
    const failure: SmokeAssertionFailure = signal.aborted
      ? {
          assertion: 'response',
          expected: 'an HTTP response',
          message: `no response within ${settings.requestTimeoutMs} ms`,
        }
      : {
          assertion: 'connection',
          expected: 'a connection to the stage',
          message: `request failed: ${describeFetchError(error)}`,
        };
    return {
      result: {
        ...outcome(smokeCase, url, attempt),
        latencyMs: Math.round(settings.now() - started),
        failures: [failure],
      },
      // A timeout may end once the change propagates; a refused connection stays refused.
      answer: signal.aborted ? `timeout ${attempt}` : `no response: ${failure.message}`,
    };
  }
}

function outcome(smokeCase: SmokeCase, url: string, attempts: number): SmokeCaseResult {
  return {
    name: smokeCase.name,
    passed: false,
    method: smokeCase.request.method,
    url,
    status: null,
    latencyMs: 0,
    attempts,
    failures: [],
    bodyExcerpt: '',
  };
}

/**
 * The case's URL: a path starting with `/` joined to the stage URL (when known), another path
 * to the invoke URL, no path: the invoke URL; then the query.
 */
export function requestUrl(
  invokeUrl: string,
  request: Pick<SmokeRequest, 'path' | 'query'>,
  stageUrl?: string,
): string {
  const path = request.path;
  const base = !path
    ? invokeUrl
    : path.startsWith('/') && stageUrl
      ? `${stageUrl.replace(/\/+$/, '')}${path}`
      : `${invokeUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const url = new URL(base);
  for (const [name, value] of Object.entries(request.query)) {
    for (const item of [value].flat()) url.searchParams.append(name, item);
  }
  return url.toString();
}

function excerpt(text: string): string {
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function isLocalUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}

/**
 * True when no case got any HTTP response because the connection itself failed (refused,
 * unknown host): the stage is unreachable, which is exit 3, not a failed smoke test.
 */
export function stageUnreachable(report: SmokeReport): boolean {
  return (
    report.cases.length > 0 &&
    report.cases.every(
      (c) =>
        c.status === null && c.attempts > 0 && c.failures.some((f) => f.assertion === 'connection'),
    )
  );
}
