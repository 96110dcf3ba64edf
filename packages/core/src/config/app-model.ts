import { ConfigError } from '../errors.js';
import type { LoadedConfig } from '../load/load-config.js';
import type { ContextField, RouteConfig, StateMachineConfig } from './schema.js';

/**
 * The app as one model, whichever form the config uses: the one-route form (`stateMachine`,
 * `api.path/method/templates`) and the general form (`stateMachines`, `api.routes`) both
 * normalise into state machines by key and routes. Every later step reads this model.
 */
export interface AppModel {
  readonly stateMachines: readonly AppStateMachine[];
  readonly routes: readonly AppRoute[];
}

/** The key of the one state machine of the `stateMachine` form. */
export const SINGLE_STATE_MACHINE_KEY = 'default';

export interface AppStateMachine {
  /** A key of `stateMachines`, or `default` for the `stateMachine` form. */
  readonly key: string;
  /** True for the `stateMachine` form: named `<name>-<environment>` rather than `<name>-<key>-<environment>`. */
  readonly single: boolean;
  /** Where it is written: `stateMachine` or `stateMachines.<key>`. */
  readonly at: readonly string[];
  readonly config: StateMachineConfig;
}

export interface RouteInput {
  readonly pathParameters: boolean;
  readonly queryString: boolean;
  /** Lowercase header names. */
  readonly headers: readonly string[];
  readonly context: readonly ContextField[];
}

export interface AppRoute {
  /** Where it is written: `api` (one-route form) or `api.routes.<i>`. */
  readonly at: readonly (string | number)[];
  readonly path: string;
  readonly method: RouteConfig['method'];
  /** Names of the `{parameters}` of the path, in order. */
  readonly pathParameters: readonly string[];
  readonly stateMachine: string;
  readonly status: number;
  readonly templates: { readonly request: string; readonly response: string };
  readonly input: RouteInput;
  /** `api.errors` with the route's own `errors` over it. */
  readonly errors: Readonly<Record<string, number>>;
}

const NO_INPUT: RouteInput = {
  pathParameters: false,
  queryString: false,
  headers: [],
  context: [],
};
const DEFAULT_TEMPLATES = { request: 'default', response: 'default' } as const;

/** Normalises the config into the app model and checks what the schema cannot (cross-field). */
export function appModel(loaded: LoadedConfig): AppModel {
  const { config, source } = loaded;
  const fail = (at: readonly (string | number)[], problem: string): never => {
    const line = source.lineOf([...at]);
    throw new ConfigError(
      { file: source.file, field: at.join('.'), ...(line !== undefined ? { line } : {}) },
      problem,
    );
  };

  if (config.stateMachine && config.stateMachines)
    fail(['stateMachines'], 'give either stateMachine (one workflow) or stateMachines, not both');
  const stateMachines: AppStateMachine[] = config.stateMachine
    ? [
        {
          key: SINGLE_STATE_MACHINE_KEY,
          single: true,
          at: ['stateMachine'],
          config: config.stateMachine,
        },
      ]
    : Object.entries(config.stateMachines ?? {}).map(([key, machine]) => ({
        key,
        single: false,
        at: ['stateMachines', key],
        config: machine,
      }));
  if (stateMachines.length === 0)
    fail(
      ['stateMachine'],
      'is required: one workflow (stateMachine) or several by key (stateMachines)',
    );
  const keys = stateMachines.map((m) => m.key);

  const { api } = config;
  let written: { at: (string | number)[]; route: RouteConfig }[];
  if (api.routes) {
    for (const key of ['path', 'method', 'templates'] as const)
      if (api[key] !== undefined)
        fail(['api', key], `give routes or ${key}, not both (with routes, each route has its own)`);
    written = api.routes.map((route, i) => ({ at: ['api', 'routes', i], route }));
  } else {
    written = [
      {
        at: ['api'],
        route: {
          path: api.path ?? '/',
          method: api.method ?? 'POST',
          status: 200,
          templates: { ...DEFAULT_TEMPLATES, ...api.templates },
          input: { ...NO_INPUT, headers: [], context: [] },
          errors: {},
        },
      },
    ];
  }

  const seen = new Map<string, (string | number)[]>();
  // API Gateway has one child resource per level: every {parameter} under the same parent must
  // have one name, across routes (/orders/{id} and /orders/{orderId}/items clash).
  const parameterAt = new Map<string, { name: string; path: string }>();
  const checkParameterNames = (routePath: string, at: (string | number)[]) => {
    const segments = routePath.split('/').filter(Boolean);
    segments.forEach((segment, i) => {
      const name = /^\{(.+)\}$/.exec(segment)?.[1];
      if (name === undefined) return;
      const parent = segments
        .slice(0, i)
        .map((s) => (s.startsWith('{') ? '{}' : s))
        .join('/');
      const other = parameterAt.get(parent);
      if (other && other.name !== name)
        fail(
          [...at, 'path'],
          `{${name}} and {${other.name}} (in ${other.path}) name the same path segment; use one name`,
        );
      parameterAt.set(parent, { name, path: routePath });
    });
  };
  const routes = written.map(({ at, route }): AppRoute => {
    let stateMachine = route.stateMachine;
    if (stateMachine === undefined) {
      if (keys.length > 1)
        fail(
          at.length === 1 ? ['api', 'routes'] : [...at, 'stateMachine'],
          `is required with several state machines: one of ${keys.join(', ')}`,
        );
      stateMachine = keys[0]!;
    } else if (!keys.includes(stateMachine)) {
      fail(
        [...at, 'stateMachine'],
        `"${stateMachine}" is not a state machine of this file; allowed: ${keys.join(', ')}`,
      );
    }
    const pathParameters = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const repeated = pathParameters.find((p, i) => pathParameters.indexOf(p) !== i);
    if (repeated !== undefined)
      fail([...at, 'path'], `path parameter {${repeated}} appears twice in ${route.path}`);
    // API Gateway keeps one resource per path shape: /orders/{id} and /orders/{orderId} clash.
    const shape = `${route.method} ${route.path.replace(/\{[^}]+\}/g, '{}')}`;
    const earlier = seen.get(shape);
    if (earlier)
      fail(
        at,
        `${route.method} ${route.path} is already routed by ${earlier.join('.')}; each method and path once`,
      );
    seen.set(shape, at);
    checkParameterNames(route.path, at);
    const input: RouteInput = {
      ...route.input,
      headers: route.input.headers.map((h) => h.toLowerCase()),
    };
    const customRequest = route.templates.request !== 'default';
    const customResponse = route.templates.response !== 'default';
    if (customRequest && hasInput(input))
      fail(
        [...at, 'input'],
        `shapes the default request template's input; with templates.request "${route.templates.request}" write it in the template`,
      );
    if (customResponse && Object.keys(route.errors).length)
      fail(
        [...at, 'errors'],
        `maps errors in the default response template; with templates.response "${route.templates.response}" set the status in the template`,
      );
    return {
      at,
      path: route.path,
      method: route.method,
      pathParameters,
      stateMachine,
      status: route.status,
      templates: { request: route.templates.request, response: route.templates.response },
      input,
      errors: { ...api.errors, ...route.errors },
    };
  });
  return { stateMachines, routes };
}

function hasInput(input: RouteInput): boolean {
  return (
    input.pathParameters ||
    input.queryString ||
    input.headers.length > 0 ||
    input.context.length > 0
  );
}
