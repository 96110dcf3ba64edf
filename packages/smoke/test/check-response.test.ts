// GIVEN an expectation and a response, WHEN checked, THEN each assertion kind passes on a
// matching response and fails with expected vs actual on one that does not.
import {
  checkResponse,
  jsonContains,
  type SmokeExpectation,
  type SmokeResponse,
} from '../src/index.js';

const order = { status: 'ACCEPTED', currency: 'EUR', order: { quantity: 2, items: ['a', 'b'] } };

function response(overrides: Partial<SmokeResponse> = {}): SmokeResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-amzn-requestid': 'r-1' },
    text: JSON.stringify(order),
    latencyMs: 120,
    ...overrides,
  };
}

const check = (expect: Partial<SmokeExpectation>, r: SmokeResponse = response()) =>
  checkResponse({ status: ['2xx'], ...expect }, r);

describe('status', () => {
  test('a code, a class or a list', () => {
    expect(check({ status: [200] })).toEqual([]);
    expect(check({ status: ['2xx'] })).toEqual([]);
    expect(check({ status: [201, 200] })).toEqual([]);
    expect(check({ status: [403] })).toEqual([{ assertion: 'status', expected: 403, actual: 200 }]);
    expect(check({ status: ['4xx', 500] })).toEqual([
      { assertion: 'status', expected: ['4xx', 500], actual: 200 },
    ]);
  });
});

describe('body', () => {
  test('equal JSON, whatever the key order', () => {
    expect(check({ body: { currency: 'EUR', status: 'ACCEPTED', order: order.order } })).toEqual(
      [],
    );
    expect(check({ body: { status: 'ACCEPTED' } })).toEqual([
      { assertion: 'body', expected: { status: 'ACCEPTED' }, actual: order },
    ]);
  });

  test('a string is the exact text', () => {
    expect(check({ body: 'pong' }, response({ text: 'pong' }))).toEqual([]);
    expect(check({ body: 'pong' }, response({ text: 'pong\n' }))).toEqual([
      { assertion: 'body', expected: 'pong', actual: 'pong\n' },
    ]);
  });

  test('JSON expected, text received', () => {
    expect(check({ body: { a: 1 } }, response({ text: '<html>' }))).toEqual([
      { assertion: 'body', expected: { a: 1 }, message: 'the body is not JSON', actual: '<html>' },
    ]);
  });
});

describe('bodyContains', () => {
  test('a JSON subset passes; the diff shows only the keys asked for', () => {
    expect(check({ bodyContains: { status: 'ACCEPTED', order: { quantity: 2 } } })).toEqual([]);
    expect(
      check({ bodyContains: { status: 'REJECTED', order: { quantity: 2, note: 'x' } } }),
    ).toEqual([
      {
        assertion: 'bodyContains',
        expected: { status: 'REJECTED', order: { quantity: 2, note: 'x' } },
        actual: { status: 'ACCEPTED', order: { quantity: 2 } },
      },
    ]);
  });

  test('lists match item by item and must have the same length', () => {
    expect(jsonContains({ l: [{ a: 1 }, {}] }, { l: [{ a: 1, b: 2 }, { c: 3 }] })).toBe(true);
    expect(jsonContains({ l: [{ a: 1 }] }, { l: [{ a: 1 }, { a: 2 }] })).toBe(false);
    expect(jsonContains({ a: null }, {})).toBe(false);
    expect(jsonContains(1, 1)).toBe(true);
  });
});

describe('jsonPath', () => {
  test('one node, several nodes, no node', () => {
    expect(check({ jsonPath: { '$.status': 'ACCEPTED', '$.order.items[*]': ['a', 'b'] } })).toEqual(
      [],
    );
    expect(check({ jsonPath: { '$.status': 'REJECTED', '$.missing': 1 } })).toEqual([
      { assertion: 'jsonPath $.status', expected: 'REJECTED', actual: 'ACCEPTED' },
      { assertion: 'jsonPath $.missing', expected: 1, message: 'no node matches' },
    ]);
  });

  test('the body is not JSON', () => {
    expect(check({ jsonPath: { '$.a': 1 } }, response({ text: 'oops' }))).toEqual([
      { assertion: 'jsonPath $.a', expected: 1, message: 'the body is not JSON', actual: 'oops' },
    ]);
  });
});

describe('bodyMatches', () => {
  test('a regular expression on the body text', () => {
    expect(check({ bodyMatches: '"currency":"E[A-Z]{2}"' })).toEqual([]);
    expect(check({ bodyMatches: '^pong$' }, response({ text: 'ping' }))).toEqual([
      { assertion: 'bodyMatches', expected: '/^pong$/', actual: 'ping' },
    ]);
  });
});

describe('headers', () => {
  test('exact value or /regex/flags; a missing header fails', () => {
    expect(
      check({ headers: { 'x-amzn-requestid': 'r-1', 'content-type': '/^APPLICATION\\/json/i' } }),
    ).toEqual([]);
    expect(check({ headers: { 'content-type': 'application/json', etag: 'x' } })).toEqual([
      {
        assertion: 'headers.content-type',
        expected: 'application/json',
        actual: 'application/json; charset=utf-8',
      },
      { assertion: 'headers.etag', expected: 'x', message: 'no such header' },
    ]);
  });
});

describe('maxLatencyMs', () => {
  test('the whole response within the limit', () => {
    expect(check({ maxLatencyMs: 120 })).toEqual([]);
    expect(check({ maxLatencyMs: 100 })).toEqual([
      { assertion: 'maxLatencyMs', expected: 100, actual: 120 },
    ]);
  });
});
