// HttpClient.getJson on Node's fetch: all that @actions/core 3 uses of @actions/http-client
// (OidcClient, for core.getIDToken). Request handlers (BearerCredentialHandler) set headers.
export class HttpClientError extends Error {
  constructor(message, statusCode) {
    super(message);
    this.name = 'HttpClientError';
    this.statusCode = statusCode;
  }
}

export class HttpClient {
  constructor(userAgent, handlers = [], requestOptions = {}) {
    this.userAgent = userAgent;
    this.handlers = handlers;
    this.requestOptions = requestOptions;
  }

  async getJson(requestUrl, additionalHeaders = {}) {
    const options = {
      headers: { accept: 'application/json', 'user-agent': this.userAgent, ...additionalHeaders },
    };
    for (const handler of this.handlers) handler.prepareRequest(options);
    const response = await fetch(requestUrl, { method: 'GET', headers: options.headers });
    const text = await response.text();
    let result = null;
    if (text) {
      try {
        result = JSON.parse(text);
      } catch {
        // not JSON: result stays null, as in @actions/http-client
      }
    }
    if (response.status > 299) {
      const message = (result && result.message) || `Failed request: (${response.status})`;
      throw new HttpClientError(message, response.status);
    }
    return { statusCode: response.status, result, headers: Object.fromEntries(response.headers) };
  }
}
