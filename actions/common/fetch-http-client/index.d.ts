export interface RequestHandler {
  prepareRequest(options: { headers?: Record<string, string> }): void;
}
export declare class HttpClientError extends Error {
  readonly statusCode: number;
  constructor(message: string, statusCode: number);
}
export declare class HttpClient {
  constructor(userAgent?: string, handlers?: RequestHandler[], requestOptions?: object);
  getJson<T>(
    requestUrl: string,
    additionalHeaders?: Record<string, string>,
  ): Promise<{ statusCode: number; result: T | null; headers: Record<string, string> }>;
}
