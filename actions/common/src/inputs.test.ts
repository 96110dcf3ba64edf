// GIVEN action inputs as a runner passes them (INPUT_* variables), WHEN an action reads them
// through the one input reader, THEN good values come back typed, empty ones are "not set", and
// every bad value is an InputError: one line naming the input, the value and what is allowed.
import { InputError, inputs } from './inputs.js';

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

/** Sets an input as the runner does: INPUT_<NAME>, spaces as underscores, upper case. */
function given(name: string, value: string): void {
  process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
}

function failure(read: () => unknown): InputError {
  try {
    read();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('boolean inputs', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ])('%s reads as %s', (value, expected) => {
    given('dry-run', value);
    expect(inputs.boolean('dry-run', !expected)).toBe(expected);
  });

  it('empty means the default', () => {
    given('smoke', '');
    expect(inputs.boolean('smoke', true)).toBe(true);
    expect(inputs.boolean('missing', false)).toBe(false);
  });

  it.each(['yes', 'no', 'maybe', '1', 'tRUE'])(
    '%s is refused in one line naming the input',
    (value) => {
      given('confirm', value);
      const error = failure(() => inputs.boolean('confirm', false));
      expect(error.input).toBe('confirm');
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(
        `Input 'confirm' is "${value}": allowed: true or false (true | True | TRUE | false | False | FALSE).`,
      );
    },
  );
});

describe('text inputs', () => {
  it('trims, and empty (or only spaces) is not set', () => {
    given('config', '  app/stepgate.yml ');
    expect(inputs.text('config')).toBe('app/stepgate.yml');
    given('config', '   ');
    expect(inputs.text('config')).toBeUndefined();
    expect(inputs.text('never-given')).toBeUndefined();
  });

  it('keeps a secret exactly as given', () => {
    given('api-key', ' k3y ');
    expect(inputs.text('api-key', { keepWhitespace: true })).toBe(' k3y ');
  });
});

describe('checked inputs', () => {
  it('accepts good values and empty ones', () => {
    given('environment', 'pr-42');
    given('aws-region', 'eu-central-1');
    given('endpoint-url', 'http://127.0.0.1:4566');
    expect(inputs.environment('environment')).toBe('pr-42');
    expect(inputs.region('aws-region')).toBe('eu-central-1');
    expect(inputs.url('endpoint-url')).toBe('http://127.0.0.1:4566');
    expect(inputs.url('url')).toBeUndefined();
  });

  it.each([
    ['environment', 'PR 42', (name: string) => inputs.environment(name), 'lowercase letters'],
    ['aws-region', 'Frankfurt', (name: string) => inputs.region(name), 'an AWS region name'],
    ['endpoint-url', 'localhost:4566', (name: string) => inputs.url(name), 'http:// or https://'],
    ['url', 'ftp://example.com/', (name: string) => inputs.url(name), 'http:// or https://'],
  ])('%s %j is refused in one line naming it', (name, value, read, allowed) => {
    given(name, value);
    const error = failure(() => read(name));
    expect(error.input).toBe(name);
    expect(error.message).toContain(`Input '${name}' is ${JSON.stringify(value)}: allowed: `);
    expect(error.message).toContain(allowed);
    expect(error.message).not.toContain('\n');
  });
});
