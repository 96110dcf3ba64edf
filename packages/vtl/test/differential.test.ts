// GIVEN thousands of generated requests, WHEN the guide's, the default and hand-written
// templates (every $input, $util and Java string method) are rendered by stepgate and by
// Apache Velocity 1.7 (../shared/tools/vtl-oracle, one --batch run), THEN both give the same
// body, status and headers, or both fail with the same class of error (parse, invocation, limit).
import fc from 'fast-check';
import {
  DEFAULT_REQUEST_TEMPLATE,
  DEFAULT_RESPONSE_TEMPLATE,
  SEED_REQUEST_TEMPLATE,
  SEED_RESPONSE_TEMPLATE,
} from '../src/builtin-templates.js';
import { renderMappingTemplate, type RenderRequest } from '@stepgate/vtl';
import { describeWithOracle, renderWithOracle } from '../../../test-support/vtl-oracle.js';
import { oracleFailureKind, stepgateFailureKind } from '../../../test-support/vtl-error-kind.js';

const INPUT_TEMPLATE = `## every $input and $util function, $context, $stageVariables, responseOverride
body=$input.body
json=$input.json('$')
a=$input.json('$.a') ab=$input.path('$.a.b') path=$input.path('$')
i0=$input.json('$.items[0]')|$input.path('$.items[*]')|$input.json('$..name')|$input.path("$['x y']")|$input.json('$.items[0:2]')|$input.path('$.missing')|$input.json('$.*')
params=$input.params() id=$input.params('id') q=$input.params('q') h=$input.params('h') ct=$input.params('Content-Type')
#set($s = "$!input.params('h')")
esc=$util.escapeJavaScript($s) | $util.escapeJavaScript($input.body)
enc=$util.urlEncode($s) dec=$util.urlDecode($util.urlEncode($s))
b64=$util.base64Encode($s) back=$util.base64Decode($util.base64Encode($s))
#set($parsed = $util.parseJson($input.json('$')))parsed=$parsed #if($parsed.size())size=$parsed.size()#end
ctx=$context.httpMethod $context.stage $context.path $context.resourcePath $context.requestId $context.identity.sourceIp $context.identity.apiKey $context.identity.apiKeyId $context.identity.userAgent $context.requestTimeEpoch $context.accountId $context.apiId $context.domainName $context.protocol $context.extendedRequestId $context.requestTime $context.resourceId $context.deploymentId $context.domainPrefix [$context.identity.caller] $context.authorizer
sv=$stageVariables.name $stageVariables
#set($context.responseOverride.status = 201)
#set($context.responseOverride.header.X-Echo = $s)
#set($context.responseOverride.header.X-Len = $s.length())
`;

const STRING_TEMPLATE = `## Java string methods, arithmetic, #foreach, null handling
#set($s = "$!input.params('h')")
#set($t = "$!input.path('$.a')")
len=$s.length() empty=$s.isEmpty() eq=$s.equals($t) eqi=$s.equalsIgnoreCase($t.toUpperCase()) has=$s.contains("a") sw=$s.startsWith("a") ew=$s.endsWith("z") idx=$s.indexOf("a") lc=$s.toLowerCase() uc=$s.toUpperCase() tr=[$s.trim()] cc=$s.concat($t)
#if($s.length() > 2)sub=$s.substring(1) sub2=$s.substring(1, 2) ch=$s.charAt(1)#end
rep=$s.replace("a", "<$>") ra=$s.replaceAll("[aeiou]+", "_$0_") rf=$s.replaceFirst("(\\w)(\\w)", "$2$1") q=$s.replaceAll("\\\\'", "'") m1=$s.matches("[a-z ]*") m2=$s.matches(".*\\d.*") ws=$s.replaceAll("\\s+", "-") up=$s.replaceAll("\\p{Upper}", "^")
#set($parts = $s.split("[, ]+"))n=$parts.size()#foreach($p in $parts)[$p]$foreach.index$foreach.hasNext$velocityCount#end
#set($n = $s.length())arith=$n #set($r = $n / 2)$r #set($r = $n % 3)$r #set($r = $n * 1.5)$r #set($r = $n - 7)$r #set($r = 7 / 2)$r #set($r = $n / 0)$r
#set($c = 'x' + $missing)$c #set($c = $s + $n)$c #set($c = "pre" + $context.identity.apiKey)$c
#set($list = $util.parseJson('[1, 2.0, "x", null, {"k": [true]}]'))$list $list.size() $list.get(1) $list[4].k
#foreach($k in $util.parseJson($input.json('$')).keySet())$k;#end
#if($s == $t)same#elseif($s.length() < $t.length())shorter#{else}other#end
`;

const TEMPLATES = {
  seedRequest: SEED_REQUEST_TEMPLATE,
  seedResponse: SEED_RESPONSE_TEMPLATE,
  defaultRequest: DEFAULT_REQUEST_TEMPLATE,
  defaultResponse: DEFAULT_RESPONSE_TEMPLATE,
  input: INPUT_TEMPLATE,
  strings: STRING_TEMPLATE,
};
const PER_TEMPLATE = 2000;

// Characters that break naive engines. No DEL: json-smart drops a raw DEL after an escape.
const TRICKY = [
  "'",
  '"',
  '\\',
  '/',
  '\n',
  '\r',
  '\t',
  '\b',
  '\f',
  '\u0001',
  '\u001f',
  'é',
  'ß',
  'Ü',
  '日',
  '\u2028',
  '\u0085',
  '%',
  '+',
  '$',
  '#',
  '{',
  '}',
  ',',
  ' ',
  '  ',
  '.',
];
const char = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789') },
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
);
const text = fc.array(char, { maxLength: 14 }).map((cs) => cs.join(''));
const textWithEmoji = fc
  .array(
    fc.oneof({ weight: 9, arbitrary: char }, { weight: 1, arbitrary: fc.constantFrom('😀', '🚀') }),
    { maxLength: 14 },
  )
  .map((cs) => cs.join(''));

type J = null | boolean | string | { raw: string } | J[] | { obj: [string, J][] };
const KEYS = ['a', 'b', 'name', 'items', 'x y', 'status', '0', 'k'];
const leaf: fc.Arbitrary<J> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  textWithEmoji,
  fc.integer({ min: -1000, max: 1000 }).map((n) => ({ raw: String(n) })),
  fc
    .constantFrom(
      '1.0',
      '2.50',
      '-0.5',
      '1e3',
      '1.5E-7',
      '123.456',
      '0.1',
      '100000000.0',
      '12345678901234',
      '3.0e10',
    )
    .map((raw) => ({ raw })),
);
const json: fc.Arbitrary<J> = fc.letrec<{ v: J }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 4 }),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie('v')), {
        maxLength: 5,
        selector: (e) => e[0],
      })
      .map((obj) => ({ obj })),
  ),
})).v;

function serialize(v: J): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(serialize).join(',')}]`;
  if ('raw' in v) return v.raw;
  return `{${v.obj.map(([k, x]) => `${JSON.stringify(k)}: ${serialize(x)}`).join(', ')}}`;
}

const plainText = fc
  .array(fc.constantFrom('hello', 'world', 'abc', 'x'), { minLength: 1, maxLength: 4 })
  .map((w) => w.join(' '));
const requestBody = fc.oneof(
  { weight: 6, arbitrary: json.map(serialize) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: plainText },
);
const responseBody = fc.oneof(
  {
    weight: 2,
    arbitrary: json.map((output) =>
      JSON.stringify({ status: 'SUCCEEDED', output: serialize(output), executionArn: 'arn:x' }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(textWithEmoji, textWithEmoji).map(([error, cause]) =>
      JSON.stringify({
        status: 'FAILED',
        error,
        cause: JSON.stringify({ errorMessage: cause, errorType: 'Error' }),
      }),
    ),
  },
  { weight: 1, arbitrary: fc.constant(JSON.stringify({ status: 'TIMED_OUT', input: '{}' })) },
  {
    weight: 1,
    arbitrary: textWithEmoji.map((message) =>
      JSON.stringify({
        __type: 'com.amazonaws.swf.service.v2.model#InvalidExecutionInput',
        message,
      }),
    ),
  },
  { weight: 1, arbitrary: requestBody },
);

const request = (body: fc.Arbitrary<string>): fc.Arbitrary<RenderRequest> =>
  fc.record(
    {
      method: fc.constantFrom('POST', 'GET', 'PUT'),
      resourcePath: fc.constantFrom('/', '/orders/{id}'),
      pathParameters: fc.record({ id: text }),
      queryStringParameters: fc.record({ q: text }, { requiredKeys: [] }),
      headers: fc.record(
        {
          'Content-Type': fc.constant('application/json'),
          'x-api-key': text,
          'X-Api-Key': text,
          'User-Agent': text,
          h: text,
        },
        { requiredKeys: ['Content-Type', 'h'] },
      ),
      body,
      stageVariables: fc.record({ name: text }, { requiredKeys: [] }),
      context: fc.oneof(
        fc.constant({}),
        fc.record({ stage: fc.constantFrom('dev', 'prod') }),
        fc.record({ identity: fc.record({ sourceIp: fc.constant('10.0.0.1'), apiKey: text }) }),
        fc.record({ path: fc.constant('/custom'), requestId: text }),
      ),
    },
    { requiredKeys: ['body', 'headers', 'pathParameters'] },
  );

describeWithOracle('differential: stepgate vs Apache Velocity 1.7', () => {
  const jobs: { name: string; template: string; request: RenderRequest }[] = [];
  let seed = 42;
  for (const [name, template] of Object.entries(TEMPLATES)) {
    const body = name.endsWith('Response') ? responseBody : requestBody;
    for (const req of fc.sample(request(body), { numRuns: PER_TEMPLATE, seed: seed++ }))
      jobs.push({ name, template, request: req });
  }

  test(`${jobs.length} generated requests render alike`, () => {
    expect(jobs.length).toBeGreaterThanOrEqual(10_000);
    const oracle = renderWithOracle(jobs.map(({ template, request }) => ({ template, request })));
    const differences: string[] = [];
    let errors = 0;
    jobs.forEach((job, i) => {
      const expected = oracle[i]!;
      let actual: unknown;
      try {
        actual = renderMappingTemplate(job.template, job.request);
      } catch (error) {
        actual = { error: stepgateFailureKind(error), message: (error as Error).message };
      }
      const same =
        'error' in expected
          ? typeof actual === 'object' &&
            actual !== null &&
            'error' in actual &&
            actual.error === oracleFailureKind(expected.error) &&
            actual.error !== 'other'
          : JSON.stringify(actual) === JSON.stringify(expected);
      if ('error' in expected && same) errors++;
      if (!same && differences.length < 5) {
        differences.push(
          `${job.name} ${JSON.stringify(job.request)}\n  oracle:   ${JSON.stringify(expected)}\n  stepgate: ${JSON.stringify(actual)}`,
        );
      }
    });
    expect(differences).toEqual([]);
    // Most cases render: failures (on both sides) are the exception, not the rule.
    expect(errors).toBeLessThan(jobs.length / 4);
  });
});
