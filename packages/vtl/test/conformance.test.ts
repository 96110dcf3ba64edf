// GIVEN mapping templates that use each feature of API Gateway's template language, WHEN
// stepgate renders them, THEN the output is what API Gateway's engine (Velocity 1.7 + Java's
// libraries) gives. Every expectation is also checked against ../shared/tools/vtl-oracle.
import { ConfigError } from '@stepgate/errors';
import { compileMappingTemplate, renderMappingTemplate, type RenderRequest } from '@stepgate/vtl';
import { oracleAvailable, renderWithOracle } from '../../../test-support/vtl-oracle.js';
import {
  oracleFailureKind,
  stepgateFailureKind,
  type FailureKind,
} from '../../../test-support/vtl-error-kind.js';

interface Case {
  name: string;
  template: string;
  request?: RenderRequest;
  body: string;
  status?: number | null;
  headers?: Record<string, unknown>;
  /** For `body: 'ERROR'`: the class of the failure, on both engines (vtl-error-kind.ts). */
  kind?: FailureKind;
}

const PETS =
  '{"pets": [{"id": 1, "type": "dog", "price": 249.99}, {"id": 2, "type": "cat", "price": 124.99}], "name": "shop"}';

const CASES: Case[] = [
  // $input
  {
    name: '$input.body is the raw text',
    template: '$input.body',
    request: { body: ' {"a": 1} ' },
    body: ' {"a": 1} ',
  },
  {
    name: "$input.json('$') re-serializes compactly",
    template: "$input.json('$')",
    request: { body: '{ "a" : [1, 2.0, 1e3, "x/y"] }' },
    body: '{"a":[1,2.0,1000.0,"x/y"]}',
  },
  {
    name: 'an empty body reads as {}',
    template: "$input.json('$')|$input.path('$')",
    body: '{}|{}',
  },
  {
    name: 'a body that is not JSON reads as a string',
    template: "$input.json('$')|$input.path('$')",
    request: { body: 'hello world' },
    body: '"hello world"|hello world',
  },
  {
    name: "$input.json('$.pets[0]')",
    template: "$input.json('$.pets[0]')",
    request: { body: PETS },
    body: '{"id":1,"type":"dog","price":249.99}',
  },
  {
    name: "$input.path('$.pets').size()",
    template: "$input.path('$.pets').size()",
    request: { body: PETS },
    body: '2',
  },
  {
    name: '$input.path returns Java objects',
    template: "$input.path('$.pets[1]') $input.path('$.pets[1].type')",
    request: { body: PETS },
    body: '{id=2, type=cat, price=124.99} cat',
  },
  {
    name: 'indefinite paths give lists',
    template:
      "$input.json('$.pets[*].type') $input.json('$..id') $input.json('$.pets[?(@.price < 200)].id') $input.json('$.pets[0:1]')",
    request: { body: PETS },
    body: '["dog","cat"] [1,2] [2] [{"id":1,"type":"dog","price":249.99}]',
  },
  {
    name: 'a missing path is null',
    template: "[$input.path('$.nope')] $input.json('$.nope') $input.json('$.pets[9]')",
    request: { body: PETS },
    body: '[] null null',
  },
  {
    name: '$input.params() and $input.params(x): path, then querystring, then header',
    template:
      "$input.params() $input.params('x') $input.params('q') $input.params('h') [$input.params('none')]",
    request: {
      pathParameters: { x: 'p' },
      queryStringParameters: { x: 'q', q: 'qq' },
      headers: { x: 'h', h: 'hh' },
    },
    body: '{path={x=p}, querystring={x=q, q=qq}, header={x=h, h=hh}} p qq hh []',
  },
  // $util
  {
    name: 'escapeJavaScript follows Commons Lang 2.6',
    template: '$util.escapeJavaScript($input.body)',
    request: { body: `'"\\/\b\t\n\f\r\u0001é😀\u007f~` },
    body: `\\'\\"\\\\\\/\\b\\t\\n\\f\\r\\u0001\\u00E9\\uD83D\\uDE00\u007f~`,
  },
  {
    name: "the guide's replaceAll undoes \\'",
    template: `$util.escapeJavaScript("it's").replaceAll("\\\\'", "'")`,
    body: "it's",
  },
  {
    name: 'parseJson gives Java maps and lists',
    template: `#set($o = $util.parseJson('{"a": 1, "b": [1, 2.0, "x", null], "c": {"d": true}}'))$o $o.b $o.size() $o.b.get(2) $o.keySet() $o.isEmpty() $o.c.d $o.get('a')`,
    body: '{a=1, b=[1, 2.0, x, null], c={d=true}} [1, 2.0, x, null] 3 x [a, b, c] false true 1',
  },
  {
    name: 'urlEncode / urlDecode are java.net.URLEncoder/URLDecoder',
    template: '$util.urlEncode($input.body)|$util.urlDecode("a+b%2Fc%C3%A9")',
    request: { body: 'a b*~/é.-_' },
    body: 'a+b*%7E%2F%C3%A9.-_|a b/cé',
  },
  {
    name: 'base64Encode / base64Decode use UTF-8',
    template: '$util.base64Encode("héllo")|$util.base64Decode("aMOpbGxv")',
    body: 'aMOpbGxv|héllo',
  },
  // $context, $stageVariables, overrides
  {
    name: '$context defaults',
    template:
      '$context.httpMethod $context.stage $context.path $context.resourcePath $context.requestId $context.identity.sourceIp $context.identity.userAgent $context.requestTimeEpoch $context.accountId $context.apiId [$context.identity.apiKey] [$context.identity.apiKeyId]',
    body: 'POST prod /prod/ / c6af9ac6-7b61-11e6-9a41-93e8deadbeef 127.0.0.1 curl/8.0 1428582896000 123456789012 a1b2c3d4e5 [] []',
  },
  {
    name: 'identity.apiKey comes from the x-api-key header (any case)',
    template: '$context.identity.apiKey $context.identity.apiKeyId',
    request: { headers: { 'X-API-Key': 'k1' } },
    body: 'k1 abcdef1234',
  },
  {
    name: 'context is deep-merged over the defaults',
    template:
      '$context.stage $context.path $context.identity.sourceIp $context.identity.userAgent $context.authorizer.principalId',
    request: {
      resourcePath: '/o',
      context: {
        stage: 'dev',
        identity: { sourceIp: '10.1.1.1' },
        authorizer: { principalId: 'me' },
      },
    },
    body: 'dev /dev/o 10.1.1.1 curl/8.0 me',
  },
  {
    name: '$stageVariables',
    template: '$stageVariables.name $stageVariables',
    request: { stageVariables: { name: 'v' } },
    body: 'v {name=v}',
  },
  {
    name: 'responseOverride status and headers',
    template:
      '#set($context.responseOverride.status = 418)#set($context.responseOverride.header.X-Reason = "teapot")ok',
    body: 'ok',
    status: 418,
    headers: { 'X-Reason': 'teapot' },
  },
  {
    name: 'requestOverride exists and is settable',
    template: '#set($context.requestOverride.header.X-A = "1")$context.requestOverride',
    body: '{header={X-A=1}, path={}, querystring={}}',
  },
  // Java strings
  {
    name: 'replaceAll takes a Java regex with $1',
    template: `#set($s = "a1b22c333")$s.replaceAll("(\\d+)", "<$1>") $s.replaceFirst("\\d", "#") $s.replace("2", "") $s.matches("[a-c0-9]+") $s.matches("a")`,
    body: 'a<1>b<22>c<333> a#b22c333 a1bc333 true false',
  },
  {
    name: 'split drops trailing empty strings',
    template: '#set($s = "a,b,,c,,")#set($p = $s.split(","))$p.size()#foreach($x in $p)[$x]#end',
    body: '4[a][b][][c]',
  },
  {
    name: 'String methods',
    template:
      '#set($s = " Hello ")$s.length() $s.isEmpty() $s.trim() $s.toLowerCase() $s.toUpperCase() $s.contains("ell") $s.startsWith(" H") $s.endsWith("x") $s.indexOf("l") $s.substring(1, 3) $s.charAt(1) $s.concat("!") $s.equals(" Hello ") $s.trim().equalsIgnoreCase("HELLO")',
    body: '7 false Hello  hello   HELLO  true true false 3 He H  Hello ! true true',
  },
  {
    name: 'possessive quantifiers are refused (no JS equivalent)',
    template: '#set($s = "aaa")$s.replaceAll("a++", "b")',
    body: 'ERROR',
  },
  // Velocity 1.7 semantics
  {
    name: 'null references render as ""',
    template: '[$nothing] [$!nothing] [${nothing}] [$nothing.foo()]',
    body: '[] [] [] []',
  },
  {
    name: "string + null uses the reference's text",
    template: "#set($s = 'a' + $missing)$s #set($t = $context.identity.apiKey + 'b')$t",
    body: 'a$missing$context.identity.apiKeyb',
  },
  {
    name: 'integer arithmetic and Java number printing',
    template:
      '#set($a = 7 / 2)$a #set($b = 1.0)$b #set($c = 7 / 2.0)$c #set($d = -7 % 3)$d #set($e = 2147483647 + 1)$e #set($f = 1e7 + 0)$f',
    body: '31.03.5-121474836481.0E7',
  },
  {
    name: '#set with a null value keeps the old value',
    template: '#set($x = 1)#set($x = $nothing)$x',
    body: '1',
  },
  {
    name: '"" is true in #if; null and false are not',
    template: '#set($e = "")#if($e)a#end#if($nothing)b#end#if(false)c#{else}d#end',
    body: 'ad',
  },
  {
    name: 'a #set eats the spaces before it after a reference, not after text',
    template: '#set($a = 1)$a #set($b = 2)$b x #set($c = 3)$c',
    body: '12 x 3',
  },
  {
    name: 'literals and arithmetic are false in #if (Velocity 1.7)',
    template: '#if("x")a#end#if(1)b#end#if(1 + 1)c#end#if(1 == 1)d#end',
    body: 'd',
  },
  {
    name: '$foreach and $velocityCount',
    template:
      '#foreach($i in [5..7])$i:$foreach.index:$foreach.count:$velocityCount:$foreach.hasNext #end',
    body: '5:0:1:1:true 6:1:2:2:true 7:2:3:3:false ',
  },
  {
    name: 'a directive alone on its line takes its line break',
    template: 'a\n#set($x = 1)\n#if($x == 1)\nb\n#end\nc\n',
    body: 'a\nb\nc\n',
  },
  {
    name: 'comments and unparsed blocks',
    template: 'a## line comment\nb#* block *#c#[[ $raw ]]#',
    body: 'abc $raw ',
  },
  {
    name: 'escaped references',
    template: '#set($x = 1)\\$x \\\\$x \\$nope',
    body: '$x \\1 \\$nope',
  },
  { name: 'macros', template: '#macro(hi $n)Hi $n!#end#hi("you")', body: 'Hi you!' },
  // Directives: #break, #stop, $foreach, macros, ranges, #set on an index (Velocity 1.7)
  {
    name: '#break($foreach.parent) and #break($foreach.topmost) end the outer loop',
    template:
      '#foreach($i in [1..2])#foreach($j in [1..3])$i$j#break($foreach.parent)#end#end|#foreach($i in [1..2])#foreach($j in [1..3])$i$j#break($foreach.topmost)#end#end|#foreach($i in [1..2])#foreach($j in [1..3])$i$j#break#end#end',
    body: '11|11|1121',
  },
  {
    name: '#break($foreach) ends its loop; #break and #stop at top level end the template',
    template: '#foreach($i in [1..3])$i#break($foreach)x#end.#break y',
    body: '1.',
  },
  {
    name: '#stop ends the template, from a macro too',
    template: '#macro(m)#stop#end a#m()b',
    body: ' a',
  },
  {
    name: '#break with an argument that is not a scope fails (VelocityException)',
    template: '#foreach($i in [1..3])$i#break($foreach.index)#end',
    body: 'ERROR',
    kind: 'invocation',
  },
  {
    name: '#break in a macro ends the macro call; #break($foreach) the loop around it',
    template:
      '#macro(m)x#break y#end#foreach($i in [1..3])$i#m()#end. #macro(n)x#break($foreach)y#end#foreach($i in [1..3])$i#n()#end.',
    body: '1x2x3x. 1x.',
  },
  {
    name: '$foreach in nested loops: parent, topmost, index, count, hasNext, first, last',
    template:
      '#foreach($i in [1..2])#foreach($j in [1..2])$foreach.parent.index$foreach.topmost.index$foreach.index$foreach.count$foreach.hasNext$foreach.first$foreach.last$velocityCount;#end#end',
    body: '0001truetruefalse1;0012falsefalsetrue2;1101truetruefalse1;1112falsefalsetrue2;',
  },
  {
    name: "$foreach is a map: it prints as one, keeps #set keys and reads its parent's",
    template:
      '#foreach($i in [1..2])#set($foreach.x = $i)#foreach($j in [1])$foreach.x$foreach#end$foreach $foreach.size()$foreach.isFirst() #end',
    body: '1{}{x=1} 1true 2{}{x=2} 1false ',
  },
  {
    name: '$foreach outside a loop is null; one set before a loop is its "replaced" and comes back',
    template:
      '[$foreach][$velocityCount]#set($foreach = "q")#foreach($i in [1])$foreach.replaced#end $foreach',
    body: '[][]q q',
  },
  {
    name: 'the loop variable is restored after the loop (or removed)',
    template: '#set($i = "x")#foreach($i in [1..2])$i#end $i #foreach($k in [1])#end[$k]',
    body: '12 x []',
  },
  {
    name: '#foreach over null, a string, a number or an object renders nothing; a map gives its values',
    template:
      '#set($m = {"a": 1, "b": 2})#foreach($i in $nothing)a#end#foreach($i in "abc")b#end#foreach($i in 5)c#end#foreach($i in $input)d#end#foreach($i in $m)$i#end',
    body: '12',
  },
  {
    name: '#foreach takes any word for `in`',
    template: '#foreach($i IN [1])$i#end#foreach($i of [2])$i#end#foreach($i, in, [3])$i#end',
    body: '123',
  },
  {
    name: 'changing a list while #foreach iterates it: ConcurrentModificationException',
    template: '#set($l = [1, 2, 3])#foreach($x in $l)$x$l.add(1)#end',
    body: 'ERROR',
    kind: 'invocation',
  },
  {
    name: 'changing a map after its last entry, or a list element in place, is allowed',
    template:
      '#set($m = {"a": 1})#foreach($x in $m)$x$m.put("b", 2)#end #set($l = [1, 2])#foreach($x in $l)$x#set($l[0] = 5)#end$l',
    body: '112[5, 2]',
  },
  {
    name: 'changing a map while iterating its keySet fails',
    template: '#set($m = {"a": 1, "c": 3})#foreach($x in $m.keySet())$x$m.put("b", 2)#end',
    body: 'ERROR',
    kind: 'invocation',
  },
  {
    name: 'macros: the first definition of a name wins; a macro may be called before it is defined',
    template: '#m()#macro(m)one#end#macro(m)two#end#m()',
    body: 'oneone',
  },
  {
    name: 'macro arguments are passed by name: re-evaluated at each use',
    template:
      '#macro(m $a)$a $a#end#set($i = 1)#m("#set($i = $i + 1)$i") #macro(n $a)$a.size()$a.add(1)$a.size()#end#n([])',
    body: '2 3 0true0',
  },
  {
    name: '#set in a macro sets the global variable, even for a parameter',
    template:
      '#macro(m $a)#set($a = 5)#set($g = 6)$a#end#set($x = 1)#m($x) $x $a $g #macro(f $x)#foreach($x in [1..2])$x#end[$x]#end#set($x = 9)#f(7)[$x]',
    body: '5 1 5 6 12[7][7]',
  },
  {
    name: "a macro parameter without an argument reads the caller's variable",
    template: '#macro(m $a $b)[$a][$b]#end#set($b = "g")#m(1)#m(1 2 3)',
    body: '[1][g][1][2]',
  },
  {
    name: 'macros nest at most 20 deep (velocimacro.max.depth)',
    template: '#macro(r $n)#if($n < 20)#set($k = $n + 1)#r($k)#else$n#end#end#r(1)',
    body: '20',
  },
  {
    name: 'a 21st nested macro call fails (MacroOverflowException)',
    template: '#macro(r $n)#if($n < 21)#set($k = $n + 1)#r($k)#else$n#end#end#r(1)',
    body: 'ERROR',
    kind: 'limit',
  },
  {
    name: 'ranges count up or down; references to Doubles truncate, to strings or null give nothing',
    template:
      '#set($a = 1.7)#set($b = 3.2)#set($s = "2")#foreach($i in [3..-1])$i#end|#foreach($i in [$a..$b])$i#end|#foreach($i in [$s..3])$i#end|#foreach($i in [$nothing..3])$i#end|[2147483647..2147483648]',
    body: '3210-1|123|||[2147483647..2147483648]',
  },
  {
    name: 'a range of a Long wraps like Java int arithmetic',
    template: '#set($r = [2147483647..2147483648])$r',
    body: '[2147483647, 2147483646]',
  },
  {
    name: 'a range end that is a string literal does not parse',
    template: '#set($r = ["1".."3"])',
    body: 'ERROR',
    kind: 'parse',
  },
  {
    name: 'a range end that is a Double literal does not parse',
    template: '#set($r = [1..2.5])',
    body: 'ERROR',
    kind: 'parse',
  },
  {
    name: '#set on a negative index counts from the end; on a map adds its size',
    template:
      '#set($a = [1, 2, 3])#set($a[-1] = 9)#set($m = {"a": 1, 1: "x"})#set($m[-1] = 5)$a $m $m[-1]',
    body: '[1, 2, 9] {a=1, 1=5} 5',
  },
  {
    name: 'a negative index on a value without size() fails',
    template: '#set($s = "abc")$s[-1]',
    body: 'ERROR',
    kind: 'invocation',
  },
  {
    name: '#set on an index past the end fails',
    template: '#set($a = [1])#set($a[3] = 9)',
    body: 'ERROR',
    kind: 'invocation',
  },
  {
    name: "a block macro call passes its body as $bodyContent, rendered with the macro's variables",
    template:
      '#macro(m $x)[$bodyContent]#end#set($x = 1)#@m(2)b$x#end #macro(n)$bodyContent$bodyContent#end#set($i = 0)#@n()#set($i = $i + 1)$i#end #@none()$i#end',
    body: '[b2] 12 #@none()$i#end',
  },
  {
    name: "#break in a block macro's body ends only the body",
    template: '#macro(m)#foreach($i in [1..3])$bodyContent#end#end#@m()$i#break#end.',
    body: '123.',
  },
  {
    name: "an escaped macro parameter passed by name prints the argument's text",
    template: '#macro(m $a)\\$a|$a#end#set($x = 1)#m($x) #m("s$x") #m(1)',
    body: '$x|1 "s$x"|s1 $a|1',
  },
  {
    name: '$bodyContent prints without its prefixes; past 20 levels of itself, as its own text',
    template:
      '#macro(m)($#$!bodyContent)#end#@m()x#end #macro(n)[$bodyContent]#end#@n()x$bodyContent#end',
    body: '(x) [xxxxxxxxxxxxxxxxxxxx$bodyContent]',
  },
  {
    name: '$foreach has the other methods of a map, and a negative index counts its keys',
    template:
      '#foreach($i in [1])$foreach.toString()#set($foreach.x = 2)$foreach[-1]$foreach["x"]$foreach.keySet()$foreach.size()$foreach.values()$foreach.getOrDefault("q", 4)#end',
    body: '{}2[x]1[2]4',
  },
  {
    name: 'indexOf/lastIndexOf of a value that is not a code point give -1',
    template: '#set($s = "Hello")$s.indexOf(-3) $s.lastIndexOf(2147483647) $s.indexOf(1114112, 0)',
    body: '-1 -1 -1',
  },
  {
    name: '#set on an entry of entrySet() sets the map',
    template:
      '#set($m = {"a": 1, "b": 2})#foreach($e in $m.entrySet())$e.key=$e.value,#set($e.value = 5)#end$m',
    body: 'a=1,b=2,{a=5, b=5}',
  },
  {
    name: 'sort() while iterating a list fails even though its size stays (modCount)',
    template: '#set($l = [3, 1, 2])#foreach($i in $l)$i$l.sort(null)#end',
    body: 'ERROR',
    kind: 'invocation',
  },
  {
    name: 'sort() after the last element, or set() at any time, is allowed',
    template:
      '#set($l = [3, 1, 2])#foreach($i in $l)$i$l.set(0, 9)#if($foreach.last)$l.sort(null)#end#end $l',
    body: '331929 [1, 2, 9]',
  },
  {
    name: "$foreach.info: the loop's place and depth",
    template:
      '#foreach($i in [1])\n\t #foreach($j in [1])$foreach.info|$foreach.info.depth $foreach.info.line $foreach.info.column#end#end',
    body: '\t #foreach[type:block depth:2 template:template line:2 column:10]|2 2 10',
  },
  {
    name: '#foreach with two arguments renders nothing',
    template: '#foreach($i [1])$i#end.',
    body: '.',
  },
  {
    name: '#foreach over $foreach iterates its own values; $bodyContent.toString() renders the body',
    template:
      '#foreach($i in [1, 2])#set($foreach.a = "x$i")#foreach($v in $foreach)[$v]#end#end #macro(m)$bodyContent.toString()#end#@m()x#end',
    body: '[x1][x2] x',
  },
  {
    name: "adding to a map's keySet() or values() throws UnsupportedOperationException",
    template: '#set($m = {"a": 1})$m.keySet().add("b")',
    body: 'ERROR',
    kind: 'invocation',
  },
  {
    name: "a map's values() is a Collection, not a List: no get(i), [i] gives null",
    template:
      '#set($m = {"a": 1})[$m.values().get(0)][$m.values()[0]][$m.values().size()][$m.values().addAll([])]$m.values()',
    body: '[][][1][false][1]',
  },
  {
    name: "remove and clear on a map's keySet(), values() or entrySet() change the map",
    template:
      '#set($m = {"a": 1, "b": 2, "c": 1})$m.keySet().remove("a") $m.values().remove(1) $m.keySet().remove("z") $m #set($n = {"x": 1})$n.values().clear()$n',
    body: 'true true false {b=2}{}',
  },
  {
    name: 'a null item: the loop variable reads null in the body, even after #set (NullHolderContext)',
    template:
      '#foreach($i in [$null])#set($i = 5)[$i]#foreach($i in [3..1])$i#end#end #foreach($i in [$null, $null])#set($i = 5)[$i]#foreach($i in [1])#end#set($i = 6)[$i]#end',
    body: '[] [][6][5][6]',
  },
  {
    name: "an entry of entrySet() has Map.Entry's methods; setValue changes the map",
    template:
      '#set($m = {"a": 1, "b": "x"})#foreach($i in $m.entrySet())$i.equals($nothing) $i.hashCode() $i.setValue(5) $i.equals($i)|#end$m',
    body: 'false 96 1 true|false 26 x true|{a=5, b=5}',
  },
  {
    name: "a map's views and entries name their classes as LinkedHashMap's",
    template:
      '#set($m = {"a": 1})$m.keySet().class.name $m.values().class.name $m.entrySet().class.simpleName #foreach($e in $m.entrySet())$e.class.name#end',
    body: 'java.util.LinkedHashMap$LinkedKeySet java.util.LinkedHashMap$LinkedValues LinkedEntrySet java.util.LinkedHashMap$Entry',
  },
  // AWS's mapping-template reference examples
  {
    name: 'AWS example: all parameters',
    template: `#set($allParams = $input.params())
{
"params" : {
#foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
"$type" : {
    #foreach($paramName in $params.keySet())
    "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
        #if($foreach.hasNext),#end
    #end
}
    #if($foreach.hasNext),#end
#end
}
}`,
    request: { pathParameters: { id: '1' }, headers: { h: "it's" } },
    body: '{\n"params" : {\n"path" : {\n        "id" : "1"\n            }\n    ,"querystring" : {\n    }\n    ,"header" : {\n        "h" : "it\\\'s"\n            }\n    }\n}',
  },
  // Velocity 1.7's lexer and parser, each a minimal case from the generated-templates run
  {
    name: '`5 -1` is two numbers in a row: an error',
    template: '#set($a = 5 -1)$a',
    body: 'ERROR',
  },
  {
    name: '`5- 3` and `5+-1` are subtractions',
    template: '#set($a = 5- 3)#set($b = 5+-1)$a $b',
    body: '2 4',
  },
  {
    name: '`.5` and `5.` are Doubles',
    template: '#set($a = .5)#set($b = 5.)$a $b',
    body: '0.5 5.0',
  },
  { name: '`$!` before a non-identifier prints `$`', template: 'a$!1 $!!b', body: 'a$1 $!b' },
  {
    name: '`$!` before a reference or `{` keeps its `!`',
    template: 'a$!$!b $!{}x',
    body: 'a$! $!{}x',
  },
  { name: '`$\\!name` prints nothing', template: '#set($a = 1)[$\\!a][$\\!{a}]', body: '[][]' },
  {
    name: '`#set` without a parenthesis is text',
    template: '#set x \\#set y',
    body: '#set x #set y',
  },
  {
    name: 'a `$` right before a directive or a `#*` comment disappears',
    template: 'a$#if(true)x#end b$#*c*# c$ #set($x = 1)d$##e\n',
    body: 'ax b cd$',
  },
  { name: 'a template that ends with `$` does not parse', template: 'price: $', body: 'ERROR' },
  { name: 'a template that ends with `#` does not parse', template: 'a#', body: 'ERROR' },
  {
    name: 'method arguments are literals or references, not expressions',
    template: '#set($s = "abc")$s.substring(1 + 1)',
    body: 'ERROR',
  },
  { name: 'an index must follow `$name[`', template: '#set($l = [1])$l[a]', body: 'ERROR' },
  { name: 'an unterminated `${` does not parse', template: '${a', body: 'ERROR' },
  {
    name: '#foreach iterates over one value, not an expression',
    template: '#foreach($i in 1 < 2)#end',
    body: 'ERROR',
  },
  {
    name: '#set to ${a} or $!a sets a variable no reference reads',
    template: '#set(${a} = 1)#set($!b = 2)#set($m = {})#set(${m.k} = 3)[$a][$b]$m',
    body: '[][]{k=3}',
  },
  {
    name: 'Integer.compareTo(Integer) gives -1, 0, 1',
    template: '#set($n = 1)$n.compareTo(2) $n.compareTo(1) $n.compareTo(-5)',
    body: '-1 0 1',
  },
  {
    name: 'compareTo with another class throws ClassCastException',
    template: '#set($t = true)$t.compareTo("x")',
    body: 'ERROR',
  },
  // Numbers, the Java library (JDK 17) and output encoding
  {
    name: 'String methods beyond the basics: compareToIgnoreCase, strip, isBlank, repeat, valueOf, join, format',
    template:
      '#set($s = " Hello ")$s.compareToIgnoreCase(" hELLO ") [$s.strip()] $s.isBlank() $s.trim().repeat(2) $s.valueOf(2.5) $s.join("-", ["a", "b"]) $s.format("%s=%05d|%.2f|%-3s|%x", "n", 42, 2.675, "a", 255)',
    body: '0 [Hello] false HelloHello 2.5 a-b n=00042|2.68|a  |ff',
  },
  {
    name: 'Map.getOrDefault and putIfAbsent; List.lastIndexOf, containsAll, sort(null)',
    template:
      '#set($m = {"a": 1})#set($l = [3, 1, 3])$m.getOrDefault("a", 2) $m.getOrDefault("b", 2) $m.putIfAbsent("c", 3) $m $l.lastIndexOf(3) $l.containsAll([1, 3]) $l.sort($nothing)$l',
    body: '1 2  {a=1, c=3} 2 true [1, 3, 3]',
  },
  {
    name: 'hashCode as Java computes it',
    template:
      '#set($s = "abc")#set($b = 3000000000)#set($d = 2.5)#set($l = [1, "a"])#set($t = true)$s.hashCode() $b.hashCode() $d.hashCode() $l.hashCode() $t.hashCode()',
    body: '96354 -1294967296 1074003968 1089 1231',
  },
  {
    name: 'intValue wraps, Long.MIN_VALUE / -1 overflows, Integer.MIN_VALUE / -1 widens',
    template:
      '#set($b = 3000000000)#set($m = -9223372036854775808)#set($r = $m / -1)#set($i = -2147483648)#set($q = $i / -1)$b.intValue() $r $q',
    body: '-1294967296 -9223372036854775808 2147483648',
  },
  {
    name: 'floatValue prints as a Float',
    template:
      '#set($d = 2.5)#set($e = 0.1)#set($n = 5)$d.floatValue() $e.floatValue() $n.floatValue()',
    body: '2.5 0.1 5.0',
  },
  {
    name: '$x.class and getClass() name the Java class',
    template:
      '#set($s = "a")#set($n = 1)#set($b = 3000000000)#set($m = {})$s.class $n.class.name $b.getClass().getSimpleName() $m.class.name',
    body: 'class java.lang.String java.lang.Integer Long java.util.LinkedHashMap',
  },
  {
    name: 'a lone surrogate is written as ? (Java UTF-8), in the body, getBytes and base64Encode',
    template:
      '#set($s = "😀")#set($h = $s.substring(0, 1))$h $h.getBytes().size() $util.base64Encode($h) $util.urlDecode("%ED%A0%80").length()',
    body: '? 1 Pw== 1',
  },
  // Java's number classes and Character (java-values.ts, velocity-operators.ts, java-numbers.ts)
  {
    name: 'integer literals are Integer, else Long, else BigInteger; xxxValue() give their classes',
    template:
      '#set($i = 2147483647)#set($l = 2147483648)#set($b = 9223372036854775808)$i.class.simpleName $l.class.simpleName $b.class.simpleName $i.longValue().class.simpleName $i.shortValue().class.simpleName $i.byteValue().class.simpleName $i.floatValue().class.simpleName $i.doubleValue().class.simpleName',
    body: 'Integer Long BigInteger Long Short Byte Float Double',
  },
  {
    name: 'JSON whole numbers are Integer, Long or BigInteger ($input.path and parseJson alike)',
    template:
      "#set($m = $util.parseJson($input.body))$input.path('$.i').class.simpleName $input.path('$.l').class.simpleName $input.path('$.b').class.simpleName $input.path('$.d').class.simpleName $m.i.class.simpleName $m.l.class.simpleName $m.b.class.simpleName $m.d.class.simpleName",
    request: { body: '{"i": 1, "l": 3000000000, "b": 12345678901234567890, "d": 1.5}' },
    body: 'Integer Long BigInteger Double Integer Long BigInteger Double',
  },
  {
    name: 'arithmetic widens Integer → Long → BigInteger on overflow and keeps the wider class (MathUtils)',
    template:
      '#set($i = 2147483647)#set($a = $i + 1)#set($l = 9223372036854775807)#set($b = $l + 1)#set($m = -9223372036854775808)#set($c = $m * -1)#set($d = $a - 2147483647)#set($e = $b - $b)$a $a.class.simpleName $b $b.class.simpleName $c $c.class.simpleName $d $d.class.simpleName $e $e.class.simpleName',
    body: '2147483648 Long 9223372036854775808 BigInteger -9223372036854775808 Long 1 Long 0 BigInteger',
  },
  {
    name: 'Short, Byte and Float arithmetic keeps their classes (Byte + Byte widens to Short)',
    template:
      '#set($n = 127)#set($s = $n.shortValue() + $n.shortValue())#set($y = $n.byteValue() + $n.byteValue())#set($z = $n.byteValue() + 1)#set($f = $n.floatValue() / 3)#set($g = $n.floatValue() + 0.5)$s.class.simpleName $y $y.class.simpleName $z.class.simpleName $f $f.class.simpleName $g.class.simpleName',
    body: 'Short 254 Short Integer 42.333332 Float Double',
  },
  {
    name: 'Integer 1 does not equal Long 1 (equals), but == compares numbers by value',
    template:
      '#set($i = 1)#set($l = $i.longValue())$i.equals($l) $l.equals($i) $i.equals(1) $i.equals(1.0) #if($i == $l)eq#end #if($i == 1.0)eq#end #if($l < 2)lt#end $l.compareTo($l)',
    body: 'false false true false eq eq lt 0',
  },
  {
    name: 'Integer.compareTo(Long) throws ClassCastException',
    template: '#set($i = 1)$i.compareTo(3000000000)',
    body: 'ERROR',
  },
  {
    name: 'Long.compareTo(Integer) throws ClassCastException',
    template: '#set($l = 3000000000)$l.compareTo(1)',
    body: 'ERROR',
  },
  {
    name: 'BigDecimal arithmetic stays BigDecimal (scale kept), equals sees the scale, == and compareTo do not',
    template:
      "#set($x = $input.path('$.x'))#set($y = $input.path('$.y'))#set($s = $x + 1)#set($p = $x * 0.5)#set($q = $x / 3)$x.class.simpleName $s $s.class.simpleName $p $q $x.equals($y) #if($x == $y)eq#end $x.compareTo($y) $x.hashCode()",
    request: { body: '{"x": 1.000000000000000000001, "y": 1.0000000000000000000010}' },
    body: 'BigDecimal 2.000000000000000000001 BigDecimal 0.5000000000000000000005 0.333333333333333333334 false eq 0 -544351037',
  },
  {
    name: 'BigDecimal modulo throws ArithmeticException (MathUtils)',
    template: "#set($r = $input.path('$.x') % 2)",
    request: { body: '{"x": 1.000000000000000000001}' },
    body: 'ERROR',
  },
  {
    name: 'BigInteger modulo a negative number throws ArithmeticException',
    template: '#set($b = 12345678901234567890)#set($r = $b % -7)',
    body: 'ERROR',
  },
  {
    name: 'BigInteger modulo is never negative; division truncates',
    template:
      '#set($b = -12345678901234567890)#set($r = $b % 7)#set($q = $b / 7)$r $q $r.class.simpleName',
    body: '6 -1763668414462081127 BigInteger',
  },
  {
    name: 'charAt gives a Character: equals("a") is false, == "a" is true',
    template:
      '#set($s = "abc")#set($c = $s.charAt(0))$c $c.class.name $c.equals("a") #if($c == "a")eq#end $c.equals($s.charAt(0)) $c.compareTo($s.charAt(2)) $c.hashCode() $c.charValue() $c.toString().length()',
    body: 'a java.lang.Character false eq true -2 97 a 1',
  },
  {
    name: "Character's static methods are called on an instance: char and int (code point) overloads",
    template:
      '#set($s = "a1 ")#set($c = $s.charAt(0))#set($d = $s.charAt(1))#set($w = $s.charAt(2))$c.isLetter($c) $c.isDigit($d) $c.isLetterOrDigit($w) $c.isWhitespace($w) $c.isUpperCase($c) $c.toUpperCase($c) $c.toUpperCase($c).class.simpleName $c.toUpperCase(98) $c.toUpperCase(98).class.simpleName $c.isLetter()',
    body: 'true true false true false A Character 66 Integer ',
  },
  {
    name: 'Character.compareTo(String) throws ClassCastException',
    template: '#set($s = "a")#set($c = $s.charAt(0))$c.compareTo("a")',
    body: 'ERROR',
  },
  {
    name: 'a Character is not a String argument: indexOf(char) finds no method; replace(char, char) does',
    template:
      '#set($s = "abc")#set($c = $s.charAt(1))$s.indexOf($c) $s.replace($c, $s.charAt(0)) "$c" #set($l = ["b"])$l.contains($c) $s.toCharArray()[2].class.simpleName $s.getBytes()[0].class.simpleName',
    body: ' aac "b" false Character Byte',
  },
  {
    name: 'overloads by argument class: remove(Integer) is an index, remove(Long) an element; substring(Long) finds no method',
    template:
      '#set($l = [1, 2, 3])#set($k = [1, 2, 3])#set($one = 3000000001 - 3000000000)$l.remove(1) $l $k.remove($one) $k $one.class.simpleName [$l.toString().substring($one)] $l.contains($one) #set($m = {})#set($r = $m.put($one, "L"))$m.get(1) $m.get($one.longValue())',
    body: '2 [1, 3] false [1, 2, 3] Long [] false L',
  },
  {
    name: '[n..m] counts in int arithmetic; #foreach values, $foreach.count and index are Integers',
    template:
      '#foreach($i in [2147483647..2147483648])$i #end#foreach($i in [1..2])$i.class.simpleName $foreach.count.class.simpleName $foreach.index.class.simpleName $velocityCount.class.simpleName #end',
    body: '2147483647 2147483646 Integer Integer Integer Integer Integer Integer Integer Integer ',
  },
  {
    name: 'hashCode of Long, BigInteger, Float and Short as Java computes it',
    template:
      '#set($l = -3000000000)#set($b = 12345678901234567890123)#set($n = -12345678901234567890123)#set($f = 1.5)$l.hashCode() $b.hashCode() $n.hashCode() $f.floatValue().hashCode() $l.shortValue().hashCode()',
    body: '-1294967297 -2057333646 2057333646 1069547520 -24064',
  },
  {
    name: 'parseInt, parseLong, parseDouble and valueOf are callable on a number',
    template:
      '#set($n = 0)$n.parseInt("-42") $n.parseInt("42").class.simpleName $n.longValue().parseLong("3000000000").class.simpleName $n.doubleValue().parseDouble(" 2.5 ") $n.valueOf("7")',
    body: '-42 Integer Long 2.5 7',
  },
  {
    name: 'parseInt of a non-number throws NumberFormatException',
    template: '#set($n = 0)$n.parseInt("4x2")',
    body: 'ERROR',
  },
  {
    name: 'String.format %d and %x with Long, Integer and BigInteger',
    template:
      '#set($s = "")#set($l = -1)#set($l = $l.longValue())$s.format("%d %x %x %d", $l, $l, -1, 12345678901234567890123)',
    body: '-1 ffffffffffffffff ffffffff 12345678901234567890123',
  },
  {
    name: 'intValue, longValue, shortValue, byteValue narrow as Java does (a double saturates, a long wraps)',
    template:
      '#set($d = 1e10)$d.intValue() $d.longValue() $d.shortValue() #set($l = 3000000000)$l.intValue() $l.shortValue() $l.byteValue()',
    body: '2147483647 10000000000 -1-1294967296 24064 0',
  },
  {
    name: 'arithmetic, strings, lists and maps in #if are false without being evaluated (SimpleNode.evaluate)',
    template:
      '#set($l = [])#set($s = "abc")#if($l.add(1) + 1)y#{else}n#end #if(!($s.substring(9) + 1))y#end #if("$l.add(2)")#end$l',
    body: 'n y []',
  },
  {
    name: 'a method without parameters called with arguments: Velocity 1.7 picks it, Java refuses (invocation error)',
    template: '#set($s = "abc")$s.length(1)',
    body: 'ERROR',
  },
  {
    name: 'Integer.intValue() with an argument is an invocation error too',
    template: '#set($n = 1)$n.intValue(2)',
    body: 'ERROR',
  },
  {
    name: "a Class object runs its class's static methods (VELOCITY-102); $x.class.class is java.lang.Class",
    template:
      '#set($n = 5)$n.class.parseInt("42") $n.class.valueOf("7").class.name $n.class.equals($n.class) $n.class.class.name',
    body: '42 java.lang.Integer true java.lang.Class',
  },
  {
    name: 'an instance method called on a Class object throws IllegalArgumentException',
    template: '#set($n = 5)$n.class.byteValue()',
    body: 'ERROR',
  },
  {
    name: 'Integer and Long static methods on an instance: toHexString, toBinaryString, max, sum, compare, toString(radix), parseInt(radix)',
    template:
      '#set($n = 0)#set($l = $n.longValue())$n.toHexString(-1) $l.toHexString(-1) $n.toBinaryString(5) $n.max(3, 9) $n.sum(2147483647, 1) $l.max(3, 9).class.simpleName $n.compare(1, 2) $n.toString(255, 16) $n.parseInt("-ff", 16)',
    body: 'ffffffff ffffffffffffffff 101 9 -2147483648 Long -1 ff -255',
  },
  {
    name: 'String.toUpperCase(null) is toUpperCase(Locale): NullPointerException',
    template: '#set($s = "abc")[$s.toUpperCase($nothing)]',
    body: 'ERROR',
  },
  {
    name: '$input.params(a number) is params() with an argument: an invocation error',
    template: '#set($s = "a")$input.params($s.length())',
    body: 'ERROR',
  },
  {
    name: 'indexOf(int) of a value that is no code point is -1',
    template: '#set($s = "abc")$s.indexOf(-1) $s.lastIndexOf(2147483647)',
    body: '-1 -1',
  },
  {
    name: "BigInteger's methods: add, multiply, divide, mod (never negative), remainder, pow, gcd, toString(radix); an Integer is not a BigInteger",
    template:
      '#set($b = -12345678901234567890123)#set($c = 98765432109876543210)$b.add($c) $b.multiply($c) $b.divide($c) $b.mod($c) $b.remainder($c) $b.pow(2) $b.gcd($c) $b.toString(16) [$b.add(1)] $b.valueOf(5).class.simpleName',
    body: '-12246913469124691346913 -1219326311370217952249611949260778341714830 -124 112500000011127 -98765319609876532083 152415787532388367504942236884722755800955129 3 -29d42b64e76714244cb [] BigInteger',
  },
  {
    name: 'BigInteger.add(null) throws NullPointerException',
    template: '#set($b = 12345678901234567890123)$b.add($nothing)',
    body: 'ERROR',
  },
  {
    name: "BigDecimal's methods: add, divide (exact, or at a scale with a legacy rounding mode), setScale, remainder, scale, precision, stripTrailingZeros, valueOf",
    template:
      "#set($x = $input.path('$.x'))#set($y = $input.path('$.y'))$x.add($y) $x.divide($y) $x.divide($y, 4) $x.divide($y, 3, 6) $x.setScale(2, 0) $x.setScale(3, 5) $x.remainder($y) $x.scale() $x.precision() $y.stripTrailingZeros() $x.toBigInteger().class.simpleName $x.valueOf(2.5)",
    request: { body: '{"x": -1.2345678901234567890, "y": 4.0000000000000000000000}' },
    body: '2.7654321098765432110000 -0.30864197253086419725 -0.3086419725308641973 -0.309 -1.24 -1.235 -1.2345678901234567890 19 20 4 BigInteger 2.5',
  },
  {
    name: 'BigDecimal.divide without a scale throws when the quotient does not terminate',
    template: "#set($x = $input.path('$.x'))#set($y = $input.path('$.y'))$x.divide($y)",
    request: { body: '{"x": 1.2345678901234567890, "y": 0.3333333333333333333333}' },
    body: 'ERROR',
  },
  {
    name: 'String.format %f of a BigDecimal (HALF_UP, exact digits); %x of a Byte and a Short',
    template:
      '#set($e = "")#set($x = $input.path(\'$.x\'))#set($n = -1)$e.format("%.2f|%10.3f|%.0f|%x|%x|%d", $x, $x, $x, $n.byteValue(), $n.shortValue(), $n.longValue())',
    request: { body: '{"x": -1.2345678901234567890}' },
    body: '-1.23|    -1.235|-1|ff|ffff|-1',
  },
  {
    name: "Character's statics: identifier classes, title case, numeric values and digits in a radix, surrogates",
    template:
      '#set($s = "a1 Z_$\u0663\u01c5\ud83d\ude00")#foreach($i in [0..8])#set($c = $s.charAt($i))$c.isJavaIdentifierStart($c)$c.isUnicodeIdentifierPart($c)$c.isSpace($c)/$c.toTitleCase($c)/$c.getNumericValue($c)/$c.digit($c, 16) #end$c.isSurrogate($c) $c.isAlphabetic(97) [$c.isAlphabetic($c)] $c.charCount(128512) $c.forDigit(11, 16)',
    body: 'truetruefalse/A/10/10 falsetruefalse/1/1/1 falsefalsetrue/ /-1/-1 truetruefalse/Z/35/-1 truetruefalse/_/-1/-1 truefalsefalse/$/-1/-1 falsetruefalse/\u0663/3/3 truetruefalse/\u01c5/-1/-1 falsefalsefalse/?/-1/-1 true true [] 2 b',
  },
  {
    name: 'Integer, Long and Double statics on an instance: bitCount, numberOfLeadingZeros, highestOneBit, reverse, rotateLeft, toUnsignedString, compareUnsigned; Double.compare, max, min, sum, isFinite, toString',
    template:
      '#set($n = 0)#set($l = $n.longValue())#set($d = 1.5)$n.bitCount(-1) $l.numberOfLeadingZeros(1) $n.highestOneBit(100) $n.reverse(1) $n.rotateLeft(-2147483648, 1) $l.toUnsignedString(-1) $n.compareUnsigned(-1, 1) | $d.compare(0.0, -0.0) $d.max(1, 2.5) $d.min(-0.0, 0.0) $d.sum(1, 2) $d.isFinite(1.0) $d.toString(100)',
    body: '32 63 64 -2147483648 1 18446744073709551615 1 | 1 2.5 -0.0 3.0 true 100.0',
  },
  {
    name: 'AWS example: $input.path and $input.json on a pets list',
    template: `#set($inputRoot = $input.path('$'))
[
#foreach($elem in $inputRoot.pets)
  {"description": "Item $elem.id is a $elem.type.", "askingPrice": $elem.price}#if($foreach.hasNext),#end

#end
]`,
    request: { body: PETS },
    body: '[\n  {"description": "Item 1 is a dog.", "askingPrice": 249.99},\n  {"description": "Item 2 is a cat.", "askingPrice": 124.99}\n]',
  },
  {
    name: 'AWS example: context variables',
    template: `{"stage": "$context.stage", "request_id": "$context.requestId", "api_id": "$context.apiId", "resource_path": "$context.resourcePath", "resource_id": "$context.resourceId", "http_method": "$context.httpMethod", "source_ip": "$context.identity.sourceIp", "user-agent": "$context.identity.userAgent", "account_id": "$context.identity.accountId", "api_key": "$context.identity.apiKey", "caller": "$context.identity.caller", "user": "$context.identity.user", "user_arn": "$context.identity.userArn"}`,
    body: '{"stage": "prod", "request_id": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "api_id": "a1b2c3d4e5", "resource_path": "/", "resource_id": "res123", "http_method": "POST", "source_ip": "127.0.0.1", "user-agent": "curl/8.0", "account_id": "", "api_key": "", "caller": "", "user": "", "user_arn": ""}',
  },
];

function ours(
  c: Case,
): { body: string; status: number | null; headers: Record<string, unknown> } | 'ERROR' {
  try {
    return renderMappingTemplate(c.template, c.request ?? {});
  } catch (error) {
    if (error instanceof ConfigError) {
      if (c.kind) expect(stepgateFailureKind(error)).toBe(c.kind);
      return 'ERROR';
    }
    throw error;
  }
}

describe('conformance', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = ours(c);
    if (c.body === 'ERROR') {
      expect(result).toBe('ERROR');
      return;
    }
    expect(result).toEqual({ body: c.body, status: c.status ?? null, headers: c.headers ?? {} });
  });

  (oracleAvailable() ? test : test.skip)(
    'Apache Velocity 1.7 agrees with every expectation above',
    () => {
      const results = renderWithOracle(
        CASES.map((c) => ({ template: c.template, request: c.request ?? {} })),
      );
      const disagreements = CASES.flatMap((c, i) => {
        const r = results[i]!;
        if (c.name.startsWith('possessive')) return []; // Java runs it; stepgate refuses it (README)
        if (c.body === 'ERROR')
          return 'error' in r && (!c.kind || oracleFailureKind(r.error) === c.kind)
            ? []
            : [`${c.name}: ${JSON.stringify(r)}`];
        return 'error' in r || r.body !== c.body || r.status !== (c.status ?? null)
          ? [`${c.name}: ${JSON.stringify(r)}`]
          : [];
      });
      expect(disagreements).toEqual([]);
    },
  );
});

describe('errors', () => {
  const fails =
    (template: string, request: RenderRequest = {}) =>
    () =>
      renderMappingTemplate(compileMappingTemplate(template, { file: 't.vtl' }), request);

  test('an unknown $util function names itself and the line, at compile time', () => {
    expect(fails('ok\n\n$util.toJson($x)')).toThrow(
      /^t\.vtl:3: \$util\.toJson is not a function of API Gateway's \$util/,
    );
  });
  test('#include and #parse are refused with their line', () => {
    expect(fails('a\n#parse("x.vtl")')).toThrow(
      't.vtl:2: #parse is not supported in API Gateway mapping templates',
    );
    expect(fails('#include("x")')).toThrow('t.vtl:1: #include is not supported');
  });
  test('a template that does not parse names the line', () => {
    expect(fails('a\nb\n#foreach($x in $y)\nno end')).toThrow(
      /^t\.vtl:4: template does not parse: missing #end/,
    );
    expect(fails('#set($a = )')).toThrow(/^t\.vtl:1: template does not parse/);
  });
  test('Java regex constructs JavaScript lacks are refused clearly', () => {
    expect(fails('#set($s = "a")$s.matches("\\p{javaLowerCase}")')).toThrow(
      /\\p\{javaLowerCase\}.*not supported/,
    );
    expect(fails('#set($s = "a")\n$s.replaceAll("(?>a)", "")')).toThrow(
      /^t\.vtl:2: .*atomic group.*not supported/,
    );
    expect(fails('#set($s = "a")$s.split("[a-z&&[^b]]")')).toThrow(/intersection/);
  });
  test('\\Q…\\E, \\A, \\z and POSIX classes are translated', () => {
    expect(
      renderMappingTemplate(
        '#set($s = "a.b*c")$s.replaceAll("\\Q.b*\\E", "-") $s.matches("\\A\\p{Lower}.*\\z")',
      ).body,
    ).toBe('a-c true');
  });
  test('a method that throws in Java fails the render with its line', () => {
    expect(fails('#set($s = "abc")\n$s.substring(5)')).toThrow(
      /^t\.vtl:2: .*StringIndexOutOfBoundsException/,
    );
    expect(fails('\n\n$util.urlDecode("%zz")')).toThrow(/^t\.vtl:3: /);
  });
  test('the 300 KB limit is enforced', () => {
    expect(fails('x'.repeat(307_201))).toThrow(
      't.vtl: mapping template is 307201 bytes; API Gateway allows at most 307200 (300 KB)',
    );
    expect(() => compileMappingTemplate('x'.repeat(307_200))).not.toThrow();
  });
  test('a JDK 17 method stepgate does not implement is an error naming it, never a silent ""', () => {
    expect(fails('#set($s = "abc")\n$s.chars()')).toThrow(
      /^t\.vtl:2: .*java\.lang\.String\.chars\(\) is a Java method stepgate's engine does not implement/,
    );
    expect(fails('#set($s = "a")$s.format("%e", 1.5)')).toThrow(/%s %d %f/);
    // A method Java does not have prints nothing, as in Velocity.
    expect(renderMappingTemplate('#set($s = "abc")[$s.nope()]').body).toBe('[]');
  });
  test('templates are compiled once and cached by text', () => {
    const a = compileMappingTemplate('#set($a = 1)$a', { file: 'a.vtl' });
    const b = compileMappingTemplate('#set($a = 1)$a', { file: 'b.vtl' });
    expect(a.program).toBe(b.program);
    expect(b.file).toBe('b.vtl');
  });
});
