// GIVEN a smoke file, WHEN it loads, THEN good input becomes a SmokeSpec with defaults applied,
// and bad input is a ConfigError of exactly one line naming the file and the line.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@stepgate/core';
import { loadSmokeSpec } from '../src/index.js';
import { folderWith } from './files.js';

const examples = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../workflows-examples',
);

function load(text: string, files: Record<string, string> = {}) {
  const dir = folderWith({ 'smoke.yml': text, ...files });
  return {
    file: path.join(dir, 'smoke.yml'),
    spec: () => loadSmokeSpec(path.join(dir, 'smoke.yml')),
  };
}

function problem(text: string, files: Record<string, string> = {}): string {
  const { file, spec } = load(text, files);
  try {
    spec();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message.replace(file, 'FILE');
  }
  throw new Error('expected a ConfigError');
}

describe('loadSmokeSpec: good input', () => {
  test('a full file: defaults merged into every case, header names lowercased', () => {
    const { spec } = load(
      `builtins: [no-api-key]
defaults:
  headers: { X-Tenant: acme, Accept: application/json }
  maxLatencyMs: 5000
cases:
  - name: accepts an order
    request:
      method: PUT
      path: /orders
      headers: { accept: text/plain }
      query: { dryRun: true, tag: [a, b] }
      body: { quantity: 1 }
    expect:
      status: [200, 201]
      bodyContains: { status: ACCEPTED }
      jsonPath: { "$.order.quantity": 1 }
      headers: { Content-Type: /json/ }
  - name: health
    apiKey: false
    request: { method: GET, path: health }
    expect: { status: 2xx, body: ok, maxLatencyMs: 100 }
  - name: raw body
    apiKey: other-key
    request: { bodyFile: bodies/raw.json }
`,
      { 'bodies/raw.json': '{"quantity": 3}\n' },
    );
    expect(spec()).toEqual({
      file: expect.any(String),
      builtins: ['no-api-key'],
      cases: [
        {
          name: 'accepts an order',
          line: 6,
          apiKey: true,
          request: {
            method: 'PUT',
            path: '/orders',
            headers: { 'x-tenant': 'acme', accept: 'text/plain' },
            query: { dryRun: 'true', tag: ['a', 'b'] },
            body: { json: { quantity: 1 } },
          },
          expect: {
            status: [200, 201],
            bodyContains: { status: 'ACCEPTED' },
            jsonPath: { '$.order.quantity': 1 },
            headers: { 'content-type': '/json/' },
            maxLatencyMs: 5000,
          },
        },
        {
          name: 'health',
          line: 18,
          apiKey: false,
          request: {
            method: 'GET',
            path: 'health',
            headers: { 'x-tenant': 'acme', accept: 'application/json' },
            query: {},
            body: { json: {} },
          },
          expect: { status: ['2xx'], body: 'ok', maxLatencyMs: 100 },
        },
        {
          name: 'raw body',
          line: 22,
          apiKey: 'other-key',
          request: {
            method: 'POST',
            path: '',
            headers: { 'x-tenant': 'acme', accept: 'application/json' },
            query: {},
            body: { text: '{"quantity": 3}\n' },
          },
          expect: { status: ['2xx'], maxLatencyMs: 5000 },
        },
      ],
    });
  });

  test('an empty file runs the three built-in cases and nothing else', () => {
    expect(load('').spec()).toMatchObject({
      builtins: ['no-api-key', 'wrong-api-key', 'right-api-key'],
      cases: [],
    });
  });

  test('builtins: false turns them off; a list keeps their own order', () => {
    expect(load('builtins: false').spec().builtins).toEqual([]);
    expect(load('builtins: [right-api-key, no-api-key]').spec().builtins).toEqual([
      'no-api-key',
      'right-api-key',
    ]);
  });

  test('a case without request or expect POSTs {} to the invoke URL and expects 2xx', () => {
    expect(load('cases: [{ name: minimal }]').spec().cases[0]).toEqual({
      name: 'minimal',
      line: 1,
      apiKey: true,
      request: { method: 'POST', path: '', headers: {}, query: {}, body: { json: {} } },
      expect: { status: ['2xx'] },
    });
  });

  test('the example app smoke file loads', () => {
    const spec = loadSmokeSpec(path.join(examples, 'orders/smoke.yml'));
    expect(spec.cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['accepts an order', 'rejects a quantity of 0']),
    );
  });
});

describe('loadSmokeSpec: bad input is one line with file and line', () => {
  test('malformed YAML', () => {
    expect(problem('cases:\n  - name: a\n   expect: {}\n')).toBe(
      'FILE:3: smoke file is not valid JSON or YAML: Sequence item without - indicator',
    );
    expect(problem('cases:\n  - name: a\n    name: b\n')).toBe(
      'FILE:3: smoke file is not valid JSON or YAML: Map keys must be unique',
    );
  });

  test('an unknown assertion names what is allowed', () => {
    expect(
      problem(`cases:
  - name: typo
    expect:
      status: 200
      bodyContain: { a: 1 }
`),
    ).toBe(
      'FILE:5: cases.0.expect.bodyContain: unknown key "bodyContain"; did you mean "bodyContains"?; allowed: status, body, bodyContains, jsonPath, bodyMatches, headers, maxLatencyMs',
    );
  });

  test('an unknown top-level key', () => {
    expect(problem('builtins: true\ncase: []\n')).toBe(
      'FILE:2: case: unknown key "case"; did you mean "cases"?; allowed: builtins, defaults, retry, cases, contract',
    );
  });

  test('an invalid JSONPath is found when the file loads', () => {
    expect(
      problem(`cases:
  - name: a
    expect:
      jsonPath:
        "$.status": ACCEPTED
        "$.order[": 1
`),
    ).toBe(
      'FILE:6: cases.0.expect.jsonPath: "$.order[" is not a valid JSONPath (RFC 9535): unexpected end at character 9',
    );
  });

  test('a JSONPath without its root', () => {
    expect(problem('cases: [{ name: a, expect: { jsonPath: { status: 1 } } }]')).toBe(
      'FILE:1: cases.0.expect.jsonPath: "status" is not a valid JSONPath (RFC 9535): unexpected "s" at character 1',
    );
  });

  test('a body file that does not exist', () => {
    const { file, spec } = load(`cases:
  - name: a
  - name: b
    request:
      bodyFile: bodies/missing.json
`);
    expect(() => spec()).toThrow(
      `${file}:5: cases.1.request.bodyFile: ${path.join(path.dirname(file), 'bodies/missing.json')} does not exist`,
    );
  });

  test('an invalid regular expression in bodyMatches or a header', () => {
    expect(problem('cases:\n  - name: a\n    expect: { bodyMatches: "(unclosed" }\n')).toBe(
      'FILE:3: cases.0.expect.bodyMatches: not a valid regular expression: /(unclosed/: Unterminated group',
    );
    expect(
      problem('cases:\n  - name: a\n    expect:\n      headers:\n        etag: "/[z-a]/"\n'),
    ).toBe(
      'FILE:5: cases.0.expect.headers.etag: not a valid regular expression: /[z-a]/: Range out of order in character class',
    );
  });

  test('a status that is not one', () => {
    expect(problem('cases:\n  - name: a\n    expect: { status: ok }\n')).toBe(
      'FILE:3: cases.0.expect.status: must be a status code (100-599), a class such as 2xx, or a list of them (got "ok")',
    );
  });

  test('an unknown built-in case', () => {
    expect(problem('builtins: [no-key]\n')).toBe(
      'FILE:1: builtins: must be true, false or a list of: no-api-key, wrong-api-key, right-api-key (got a list)',
    );
  });

  test('a method that does not exist names the allowed ones', () => {
    expect(problem('cases:\n  - name: a\n    request: { method: FETCH }\n')).toBe(
      'FILE:3: cases.0.request.method: "FETCH" is not allowed; allowed: GET | POST | PUT | PATCH | DELETE | OPTIONS | HEAD',
    );
  });

  test('a case without a name', () => {
    expect(problem('cases:\n  - request: { path: /x }\n')).toBe(
      'FILE:2: cases.0.name: is required (string)',
    );
  });

  test('two cases with one name', () => {
    expect(problem('cases:\n  - name: same\n  - name: same\n')).toBe(
      'FILE:3: cases.1.name: "same" is already the name of cases.0; names must be unique',
    );
  });

  test('both body and bodyFile', () => {
    expect(
      problem('cases:\n  - name: a\n    request:\n      body: {}\n      bodyFile: x.json\n'),
    ).toBe('FILE:5: cases.0.request.bodyFile: give either body or bodyFile, not both');
  });

  test('a file that is not a mapping', () => {
    expect(problem('- name: a\n')).toBe(
      'FILE:1: a smoke file is a mapping with `cases` (and `builtins`, `defaults`)',
    );
  });

  test('a smoke file that does not exist', () => {
    expect(() => loadSmokeSpec('/nonexistent/smoke.yml')).toThrow(
      '/nonexistent/smoke.yml: smoke file does not exist',
    );
  });
});
