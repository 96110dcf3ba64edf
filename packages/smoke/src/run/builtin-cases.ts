import { randomBytes } from 'node:crypto';
import type { BuiltinCaseId } from '../spec/smoke-schema.js';
import type { SmokeCase, SmokeRequest } from '../spec/smoke-spec.js';

const POST_EMPTY_OBJECT: SmokeRequest = {
  method: 'POST',
  path: '',
  headers: {},
  query: {},
  body: { json: {} },
};

/**
 * The built-in cases, which prove the key set-up of the stage: without a key and with a wrong
 * one API Gateway answers 403, with the right one the workflow answers 2xx. When the API needs
 * no key (`apiKey` undefined) only the last one runs, without a key.
 */
export function builtinCases(
  ids: readonly BuiltinCaseId[],
  apiKey: string | undefined,
): SmokeCase[] {
  if (apiKey === undefined) {
    return ids.includes('right-api-key')
      ? [
          {
            name: 'no key required → 2xx',
            request: POST_EMPTY_OBJECT,
            apiKey: false,
            expect: { status: ['2xx'] },
          },
        ]
      : [];
  }
  const all: Record<BuiltinCaseId, SmokeCase> = {
    'no-api-key': {
      name: 'no API key → 403',
      request: POST_EMPTY_OBJECT,
      apiKey: false,
      expect: { status: [403] },
    },
    'wrong-api-key': {
      name: 'wrong API key → 403',
      request: POST_EMPTY_OBJECT,
      apiKey: wrongKey(apiKey),
      expect: { status: [403] },
    },
    'right-api-key': {
      name: 'right API key → 2xx',
      request: POST_EMPTY_OBJECT,
      apiKey: true,
      expect: { status: ['2xx'] },
    },
  };
  return ids.map((id) => all[id]);
}

function wrongKey(apiKey: string): string {
  let key: string;
  do key = `stepgate-wrong-key-${randomBytes(12).toString('hex')}`;
  while (key === apiKey);
  return key;
}
