import type { StageApp, StageRoute } from '../stage-app.js';
import { gatewayReply, type GatewayReply } from './reply.js';

/** Step 1: the stage, then the resource and method; path parameters taken from the path. */
export interface RouteMatch {
  readonly route: StageRoute;
  /** The request path below the stage (`/orders/42`). */
  readonly path: string;
  readonly pathParameters: Record<string, string>;
  /** A repeated parameter: its last value. */
  readonly query: Record<string, string>;
}

export function matchRoute(app: StageApp, method: string, url: string): RouteMatch | GatewayReply {
  const { segments, query } = splitUrl(url);
  if (segments[0] !== app.stage) {
    // API Gateway answers a stage that does not exist with 403 Forbidden.
    return gatewayReply(403, 'Forbidden', 'ForbiddenException');
  }
  const below = segments.slice(1);
  let best: { route: StageRoute; pathParameters: Record<string, string>; rank: string } | null =
    null;
  for (const route of app.routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const pathParameters = matchSegments(route.segments, below);
    if (!pathParameters) continue;
    // A literal segment wins over a parameter, and a method over ANY (API Gateway's precedence).
    const rank =
      route.segments.map((s) => (typeof s === 'string' ? '0' : '1')).join('') +
      (route.method === 'ANY' ? '1' : '0');
    if (!best || rank < best.rank) best = { route, pathParameters, rank };
  }
  if (!best) {
    // Unknown resource or method: API Gateway's "Missing Authentication Token".
    return gatewayReply(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException');
  }
  return {
    route: best.route,
    path: `/${below.join('/')}`,
    pathParameters: best.pathParameters,
    query,
  };
}

/**
 * The methods of the resource a path names (its most specific match, as API Gateway picks a
 * resource), for the preflight; null when the stage or no resource matches.
 */
export function stageRoutesAt(app: StageApp, url: string): string[] | null {
  const { segments } = splitUrl(url);
  if (segments[0] !== app.stage) return null;
  const below = segments.slice(1);
  let best: { path: string; rank: string } | null = null;
  for (const route of app.routes) {
    if (!matchSegments(route.segments, below)) continue;
    const rank = route.segments.map((s) => (typeof s === 'string' ? '0' : '1')).join('');
    if (!best || rank < best.rank) best = { path: route.path, rank };
  }
  if (!best) return null;
  return app.routes.filter((r) => r.path === best.path).map((r) => r.method);
}

function matchSegments(
  pattern: StageRoute['segments'],
  segments: string[],
): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const parameters: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i]!;
    if (typeof want === 'string') {
      if (want !== segments[i]) return null;
    } else parameters[want.parameter] = segments[i]!;
  }
  return parameters;
}

function splitUrl(url: string): { segments: string[]; query: Record<string, string> } {
  const q = url.indexOf('?');
  const raw = q < 0 ? url : url.slice(0, q);
  const query: Record<string, string> = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(url.slice(q + 1))) query[k] = v;
  // Segments are decoded one by one, so an encoded "/" stays inside its path parameter.
  const segments = raw
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment; // Keep the raw segment: it will not match a literal.
      }
    });
  return { segments, query };
}
