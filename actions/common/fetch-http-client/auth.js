// The bearer-token handler @actions/core's OidcClient passes to HttpClient.
export class BearerCredentialHandler {
  constructor(token) {
    this.token = token;
  }

  prepareRequest(options) {
    if (!options.headers) throw Error('The request has no headers');
    options.headers['Authorization'] = `Bearer ${this.token}`;
  }
}
