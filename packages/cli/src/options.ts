/** Options every command takes (CONTRACT.md). */
export interface CommonOptions {
  readonly config: string;
  readonly environment: string;
  readonly endpointUrl?: string;
  readonly region?: string;
  readonly json: boolean;
  readonly debug: boolean;
}
