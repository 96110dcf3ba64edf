// GIVEN templates that would run away (huge ranges, endless loops, deep recursion, deep JSON,
// strings that double), WHEN stepgate renders them, THEN each stops at one of ENGINE_LIMITS
// with a TemplateLimitError naming the limit — the same point on every machine — and a normal
// render right after works.
import { ConfigError } from '@stepgate/errors';
import {
  compileMappingTemplate,
  ENGINE_LIMITS,
  renderMappingTemplate,
  TemplateLimitError,
} from '@stepgate/vtl';

function renderError(template: string, body = '{}'): TemplateLimitError {
  try {
    renderMappingTemplate(compileMappingTemplate(template, { file: 't.vtl' }), { body });
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateLimitError);
    return error as TemplateLimitError;
  }
  throw new Error('rendered without hitting a limit');
}

describe('engine limits', () => {
  test('a #foreach may run 1,000 iterations, not 1,001 (API Gateway quota)', () => {
    const ok = renderMappingTemplate('#foreach($i in [1..1000])x#end');
    expect(ok.body).toBe('x'.repeat(1000));
    expect(renderError('#foreach($i in [1..1001])x#end').message).toBe(
      "t.vtl:1: #foreach ran more than 1000 iterations (API Gateway's limit)",
    );
  });

  test('a range of 100,000,000 stops at the step budget before it is built', () => {
    expect(renderError('\n#foreach($i in [1..100000000])x#end').message).toBe(
      `t.vtl:2: template evaluation exceeded ${ENGINE_LIMITS.steps} steps (stepgate's limit; a runaway loop or range?)`,
    );
  });

  test('nested loops within the iteration limit stop at the step budget', () => {
    const template = '#foreach($a in [1..1000])#foreach($b in [1..1000])#set($x = $b)#end#end';
    expect(renderError(template).limit).toBe('steps');
  });

  test('a macro calling itself stops at Velocity’s depth of 20', () => {
    const error = renderError('#macro(loop $n)#loop($n)#end\n#loop(1)');
    expect(error.limit).toBe('macroDepth');
    expect(error.message).toMatch(/^t\.vtl:\d: macros nested more than 20 deep/);
  });

  test('JSON nested deeper than 1,000 levels is refused by $input.json and $util.parseJson', () => {
    const deep = `${'['.repeat(1001)}${']'.repeat(1001)}`;
    expect(renderError("$input.json('$')", deep).limit).toBe('jsonDepth');
    expect(renderError('$util.parseJson($input.body)', deep).limit).toBe('jsonDepth');
    const fine = `${'['.repeat(1000)}${']'.repeat(1000)}`;
    expect(renderMappingTemplate("$input.json('$')", { body: fine }).body).toBe(fine);
  });

  test('a string that doubles itself stops at 32 Mi characters', () => {
    const template =
      '#set($s = "xxxxxxxxxx")#foreach($i in [1..40])#set($s = "$s$s")#end$s.length()';
    expect(renderError(template).limit).toBe('stringChars');
    const viaMethod = '#set($s = "xxxxxxxxxx")#foreach($i in [1..40])#set($s = $s.concat($s))#end';
    expect(renderError(viaMethod).limit).toBe('stringChars');
  });

  test('output written over and over stops at the total written', () => {
    const template = `#set($s = "${'x'.repeat(1000)}")#set($t = "#foreach($i in [1..1000])$s#end")#foreach($i in [1..1000])$t#end`;
    expect(renderError(template).limit).toBe('writtenChars');
  });

  test('a template nested 501 levels deep is refused before parsing; 300 KB is the size limit', () => {
    const deep = `#set($x = ${'('.repeat(501)}1${')'.repeat(501)})`;
    expect(() => compileMappingTemplate(deep, { file: 't.vtl' })).toThrow(
      "t.vtl: mapping template nests directives and brackets more than 500 deep (stepgate's limit)",
    );
    const nested = `#set($x = ${'('.repeat(400)}1${')'.repeat(400)})$x`;
    expect(renderMappingTemplate(nested).body).toBe('1');
    expect(() => compileMappingTemplate('x'.repeat(300 * 1024 + 1), { file: 't.vtl' })).toThrow(
      ConfigError,
    );
  });

  test('after a limit, the next render is normal', () => {
    renderError('#foreach($i in [1..100000000])x#end');
    expect(renderMappingTemplate("$input.json('$.a')", { body: '{"a": 1}' }).body).toBe('1');
  });
});
