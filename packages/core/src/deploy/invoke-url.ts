/**
 * The full URL clients call: the stage URL plus the resource path. Against an emulator it is
 * LocalStack's path-style form, which needs no DNS.
 */
export function invokeUrl(options: {
  apiId: string;
  stage: string;
  path: string;
  region: string;
  endpointUrl?: string | undefined;
}): string {
  const path = options.path === '/' ? '/' : options.path;
  if (options.endpointUrl) {
    return `${options.endpointUrl.replace(/\/+$/, '')}/_aws/execute-api/${options.apiId}/${options.stage}${path}`;
  }
  return `https://${options.apiId}.execute-api.${options.region}.amazonaws.com/${options.stage}${path}`;
}

/** The stage's base URL (no trailing `/`): a route's URL is this plus its path. */
export function stageUrl(options: {
  apiId: string;
  stage: string;
  region: string;
  endpointUrl?: string | undefined;
}): string {
  return invokeUrl({ ...options, path: '/' }).replace(/\/$/, '');
}
