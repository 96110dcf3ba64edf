import {
  CORS_HEADERS,
  corsAllowedMethods,
  fixedCorsOrigin,
  type DesiredCors,
} from '@stepgate/core';
import type { StageApp } from '../stage-app.js';
import { stageRoutesAt } from './route.js';

/**
 * `api.cors` on the local stage, with the document's rules: one origin or `*` is a fixed
 * header; with several, success and mapped-error responses (the default response template)
 * and preflights carry the request's Origin only when it is allowed, while the stage's own
 * answers (403, 400, 429, 5xx: API Gateway's gateway responses) reflect any Origin.
 */
export function gatewayCorsHeaders(
  cors: DesiredCors | null,
  origin: string | undefined,
): Record<string, string> {
  if (!cors) return {};
  const fixed = fixedCorsOrigin(cors);
  const allow = fixed ?? origin;
  return {
    ...(allow !== undefined ? { [CORS_HEADERS.origin]: allow } : {}),
    ...credentials(cors),
  };
}

/** What the integration response adds (several origins: the response template sets the origin). */
export function integrationCorsHeaders(cors: DesiredCors | null): Record<string, string> {
  if (!cors) return {};
  const fixed = fixedCorsOrigin(cors);
  return { ...(fixed !== null ? { [CORS_HEADERS.origin]: fixed } : {}), ...credentials(cors) };
}

/** The preflight's answer for a path of the stage, or null when no path of the stage matches. */
export function preflightHeaders(
  app: StageApp,
  cors: DesiredCors,
  url: string,
  origin: string | undefined,
): Record<string, string> | null {
  const methods = stageRoutesAt(app, url);
  if (!methods) return null;
  const fixed = fixedCorsOrigin(cors);
  const allow =
    fixed ?? (origin !== undefined && cors.allowOrigins.includes(origin) ? origin : undefined);
  return {
    ...(allow !== undefined ? { [CORS_HEADERS.origin]: allow } : {}),
    ...credentials(cors),
    [CORS_HEADERS.methods]: corsAllowedMethods(methods).join(','),
    [CORS_HEADERS.headers]: cors.allowHeaders.join(','),
    [CORS_HEADERS.maxAge]: String(cors.maxAge),
  };
}

function credentials(cors: DesiredCors): Record<string, string> {
  return cors.allowCredentials ? { [CORS_HEADERS.credentials]: 'true' } : {};
}
