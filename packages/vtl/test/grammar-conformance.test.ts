// GIVEN templates that probe Velocity 1.7's lexer and grammar corners (the minus sign, `$!` and
// `$\!`, `\uXXXX` in strings, lone CR line endings, #literal, block macro calls, words without
// parentheses, unterminated comments, float forms, brace and bracket forms, escapes, #define and
// #evaluate), WHEN
// stepgate renders them, THEN the output (or the parse error) is Velocity 1.7's. Every
// expectation is also checked against Apache Velocity 1.7 (the reference renderer).
import { renderMappingTemplate, TemplateError } from '@stepgate/vtl';
import { renderWithOracle } from '../../../test-support/vtl-oracle.js';

/** A template that does not parse in Velocity 1.7. */
const PARSE_ERROR = { error: 'parse' } as const;
/** A template whose render fails (a VelocityException). */
const RENDER_ERROR = { error: 'invocation' } as const;

const ORACLE_KINDS: Record<string, typeof PARSE_ERROR | typeof RENDER_ERROR> = {
  'org.apache.velocity.exception.ParseErrorException': PARSE_ERROR,
  'org.apache.velocity.exception.TemplateInitException': PARSE_ERROR,
  'org.apache.velocity.exception.VelocityException': RENDER_ERROR,
};

const CASES: readonly (readonly [
  template: string,
  expected: string | typeof PARSE_ERROR | typeof RENDER_ERROR,
])[] = [
  ['#set($a = 5)#set($b = 3)#set($c = $a - $b)$c', '2'],
  ['#set($c = 5-3)$c', PARSE_ERROR],
  ['#set($c = 5 -3)$c', PARSE_ERROR],
  ['#set($c = 5 - 3)$c', '2'],
  ['#set($c = 5- 3)$c', '2'],
  ['#set($c = 5+-1)$c', '4'],
  ['#set($a = 5)#set($c = $a -1)$c', PARSE_ERROR],
  ['#set($a-1 = 7)#set($c = $a-1)$c', '7'],
  ['$!-', '$-'],
  ['$!!a', '$!a'],
  ['$!$.x', '$!$.x'],
  ['$\\!a|$\\!{a}|$\\!', PARSE_ERROR],
  ['$\\\\!a', ''],
  ['#set($y = "\\u0041\\u00e9")$y', 'Aé'],
  ["#set($y = '\\u0041')$y", '\\u0041'],
  ['#set($y = "a""b")$y|#set($z = \'a\'\'b\')$z', 'a"b|a\'b'],
  ['a\rb#set($x = 1)\r$x\r#if(true)\ry#end\r', 'a\rb1\ry'],
  ['## comment\rnext', 'next'],
  ['#literal()$a #if(#end', PARSE_ERROR],
  ['#literal()\n#set($a = 1)\n#end$a', '#set($a = 1)\n'],
  ['#macro(m $x)[$x|$bodyContent]#end#@m(1)body#end', '[1|body]'],
  ['#@nomacro(1)body#end', '#@nomacro(1)body#end'],
  ['#@x y', '#@x y'],
  ['#set x', '#set x'],
  ['#set', '#set'],
  ['#* never closed', ''],
  ['#** formal *#ok', 'ok'],
  ['#set($y = .5)$y #set($y = 5.)$y #set($y = 1e3)$y #set($y = -.5)$y', '0.55.01000.0-0.5'],
  ['#foreach($i in [1..3])$i#end #foreach($i in [1 .. 3])$i#end', '123 123'],
  ['#set($y = [1..3])$y', '[1, 2, 3]'],
  ['${a', PARSE_ERROR],
  ['${a}b', 'b'],
  ['$a{b}', '{'],
  ['$!{a', PARSE_ERROR],
  ['${}', '${}'],
  ['$a[', PARSE_ERROR],
  ['$a[0', PARSE_ERROR],
  ['#set($m = {"k": 1})$m.k$m["k"]$m.get("k")', '111'],
  ['$a.(', '.('],
  ['$a.b(', '('],
  ['$a.b(1', PARSE_ERROR],
  ['#set($s = "ab")$s.substring(1 )$s.substring( 1)$s.substring(0 , 1)', 'bba'],
  ['$$a#set($a = 1)$$a', '$$1'],
  ['$#if(true)x#end', 'x'],
  ['$!#if(true)x#end', 'x'],
  ['$#set($q = 1)$q', '1'],
  ['$#* c *#x', 'x'],
  ['$##c\nx', '$x'],
  ['#$a', '#'],
  ['#{if}(true)a#{else}b#{end}', 'a'],
  ['#if(true)\n  a\n#end\n  #set($x = 1)\n$x\n', '  a\n1\n'],
  ['#if(true)a#end   \nb', 'ab'],
  ['#set($x = 1)   \nc', 'c'],
  ['$a #set($b = 1) $b', ' 1'],
  ['\\#if(true)x\\#end', '#if(true)x#end'],
  ['\\\\#if(true)x#end', '\\x'],
  ['\\\\\\#if(true)x\\#end', '\\#if(true)x#end'],
  ['\\#foo \\\\#foo \\$a \\\\$a #set($a = 1)\\$a \\\\$a', '\\#foo \\\\#foo \\$a \\$a \\1'],
  ['#macro(m)M#end\\#m() \\\\#m()', '#m() \\M'],
  ['#set($x = "$")$x #set($y = "#")$y #set($z = "a$")$z', '$#a$'],
  ['#set($x = "a ## b")$x', 'a '],
  ['#set($x = "#if(true)y#end")$x', 'y'],
  ["#set($x = 'a$b#c')$x", 'a$b#c'],
  ['#if(true)#end#', PARSE_ERROR],
  ['x$', PARSE_ERROR],
  ['x$!', PARSE_ERROR],
  ['x#', PARSE_ERROR],
  ['$a.', '.'],
  ['$a..b', '..b'],
  ['$a.1', '.1'],
  ['#set($a = {"b": {"c": 1}})$a.b.c$a.b.c.d', '1'],
  [
    '#set($l = [1, 2])#foreach($i in $l)$i#{end}|#foreach ($i in $l)$i#end|#foreach( $i in $l )$i#end',
    '12|12|12',
  ],
  ['#if($a == $b)eq#end|#if("a" == "a")s#end|#if(1 eq 1)w#end', 'eq|s|w'],
  ['#if(true and !false)x#end#if(not false)y#end', 'xy'],
  ['#set($x = !true)$x', 'false'],
  ['#set($x = (1 + 2) * 3)$x', '9'],
  ['#set($x = 10 % 3)$x#set($y = 7 / 2)$y', '13'],
  ['#set($list = [])#set($list = [ ])#set($m = { })$list$m', PARSE_ERROR],
  ['#set($m = {"a" : 1 , "b":2})$m', '{a=1, b=2}'],
  ['#foreach($i in [3..1])$i#end#foreach($i in [-1..1])$i#end', '321-101'],
  ['#define($b)B$n#end#set($n = 1)$b#set($n = 2)$b', 'B1B2'],
  ['#define($b)x#end$b.toString()|$b.length()|#if($b)t#end', 'x||t'],
  ['#define($b)[$b]#end$b', '[[$b]]'],
  ['#define($b $c)x#end$b', RENDER_ERROR],
  ['#define()x#end', RENDER_ERROR],
  ['#define("s")x#end$s', ''],
  ['#define($b)x', PARSE_ERROR],
  ['#evaluate("#set($q = 1)$q")|$q', '1|1'],
  ['#set($t = "a$n")#set($n = 3)#evaluate($t)', 'a'],
  ['#evaluate("#if(")', PARSE_ERROR],
  ['#evaluate()', PARSE_ERROR],
  ['#evaluate("a" "b")', PARSE_ERROR],
  ['#evaluate(1)', PARSE_ERROR],
  ['#evaluate($nothing)x', 'x'],
  ['#evaluate', PARSE_ERROR],
  ["#evaluate('$n')#set($n = 2)#evaluate('$n')", '2'],
  ['#foreach($i in [1..3])#evaluate("#break")$i#end', ''],
  ['#evaluate("#macro(em)EM#end#em()")#em()', 'EMEM'],
  ['#macro(m)M#end#evaluate("#m()")', 'M'],
  ['#evaluate("#stop")after', ''],
  ['#define($b)1#break 2#end$b|$b', '1|1'],
  ['#set($n = 5)#define($b)$n#end#macro(m $n)$b#end#m(7)', '7'],
  ['#evaluate("$")', PARSE_ERROR],
  ["#evaluate('#set($q = 1)$q')|$q", '1|1'],
  ["#set($q = 0)#evaluate('#set($q = 1)$q')|$q", '1|1'],
  ["#foreach($i in [1..3])#evaluate('#break')$i#end", '123'],
  ["#foreach($i in [1..3])#evaluate('#break($foreach)')$i#end", ''],
  ["#evaluate('#stop')after", 'after'],
  ["#evaluate('#macro(em)EM#end#em()')#em()", 'EMEM'],
  ["#evaluate('$foreach')", ''],
  ['#define($b)#set($z = 9)#end$b$z', '9'],
  ['#define($b)$b$b#end$b', '$b$b$b$b'],
  ['#define($b)x#end#set($c = $b)$c', 'x'],
  ['#define($b)x#end#set($c = "$b")$c', 'x'],
  ['#define($b)x#end$b.class.name', 'org.apache.velocity.runtime.directive.Block$Reference'],
  ["#evaluate('#if(true)a#else b#end')", 'a'],
  ["#evaluate('#set($l = [1,2])')$l", '[1, 2]'],
  ["#macro(m $a)#evaluate($a)#end#m('$n')", ''],
  ['#if(-1)#define()x#end#end', RENDER_ERROR],
  ['#if(false)#define($d $e)x#end$d#end ok', RENDER_ERROR],
  ['#define()x#end\\\\#foreach', RENDER_ERROR],
  ['#set($y = "#define()x#end")', RENDER_ERROR],
  ['#macro(m)#if(false)#define()x#end#end#end ok', RENDER_ERROR],
  ['#macro(m)#define()x#end#end#m()', RENDER_ERROR],
  ["#evaluate('#if(false)#define()#end#end')", RENDER_ERROR],
  [
    '#set($n = 5)#foreach($i in [1,2] $n)x#end|#foreach($i in [1,2] [$n, "s", $i])x#end|#foreach($i in [1,2] {$n: $i})x#end|#foreach($i in [1,2] [$n..$i])x#end|#foreach($i in [1] $n $n)x#end',
    '55|5152|5152|5152|5',
  ],
  ['#set($m = {"a": 1})#set($k = $m.keySet())$m.put("z", 2)$k $k.size()', '[a, z] 2'],
  ['#set($m = {"a": 1})#set($v = $m.values())$m.put("z", 2)$v', '[1, 2]'],
  [
    '#set($m = {"a": 1})#set($e = $m.entrySet())$m.put("z", 2)$e#foreach($x in $e)$x.key#end',
    '[a=1, z=2]az',
  ],
  [
    '#set($m = {"a": 1, "b": 2})#set($k = $m.keySet())$m.remove("a")$k#foreach($x in $k)$x#end',
    '1[b]b',
  ],
  [
    '#set($m = {"a": 1})#set($e = $m.entrySet())#foreach($x in $e)#set($x.value = 5)#end$m $e',
    '{a=5} [a=5]',
  ],
  ['#set($m = {"a": 1, "b": 2})#set($k = $m.keySet())$k.remove("a")$m $k', 'true{b=2} [b]'],
];

function stepgate(template: string): string | { error: string } {
  try {
    return renderMappingTemplate(template, { body: '{}' }).body;
  } catch (error) {
    return { error: error instanceof TemplateError ? error.kind : String(error) };
  }
}

describe("Velocity 1.7's lexer and grammar corners", () => {
  test.each(CASES)('%j', (template, expected) => {
    expect(stepgate(template)).toEqual(expected);
  });

  test('Apache Velocity 1.7 agrees with every expectation above', () => {
    const results = renderWithOracle(
      CASES.map(([template]) => ({ template, request: { body: '{}' } })),
    );
    const disagreements = CASES.flatMap(([template, expected], i) => {
      const r = results[i]!;
      const actual = 'error' in r ? (ORACLE_KINDS[/^[\w.]+/.exec(r.error)![0]] ?? r) : r.body;
      return JSON.stringify(actual) === JSON.stringify(expected)
        ? []
        : [`${template}: ${JSON.stringify(r)}`];
    });
    expect(disagreements).toEqual([]);
  });
});
