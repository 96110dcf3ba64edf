import type { SmokeReport } from '../src/index.js';

/** A run with a pass, a retried failure with a JSON diff, and a case that got no response. */
export const REPORT: SmokeReport = {
  invokeUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/orders',
  passed: 1,
  failed: 2,
  durationMs: 4210,
  cases: [
    {
      name: 'accepts an order',
      passed: true,
      method: 'POST',
      url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/orders',
      status: 200,
      latencyMs: 123,
      attempts: 1,
      failures: [],
      bodyExcerpt: '{"status":"ACCEPTED"}',
    },
    {
      name: 'rejects | quantity <0>',
      passed: false,
      method: 'POST',
      url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/orders',
      status: 200,
      latencyMs: 80,
      attempts: 5,
      failures: [
        { assertion: 'status', expected: 500, actual: 200 },
        {
          assertion: 'bodyContains',
          expected: { error: 'InvalidOrder', cause: 'quantity & more' },
          actual: { error: 'None', cause: 'quantity & more' },
        },
        { assertion: 'jsonPath $.error', expected: 'InvalidOrder', message: 'no node matches' },
      ],
      bodyExcerpt: '{"status":"ACCEPTED"}',
    },
    {
      name: 'health',
      passed: false,
      method: 'GET',
      url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/orders/health',
      status: null,
      latencyMs: 35000,
      attempts: 1,
      failures: [
        {
          assertion: 'response',
          expected: 'an HTTP response',
          message: 'no response within 35000 ms',
        },
      ],
      bodyExcerpt: '',
    },
  ],
};
