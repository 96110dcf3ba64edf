// A seeded, grammar-based generator of small mapping templates: directives, references,
// literals, operators, method calls, comments and escapes, written with and without spaces.
// A template is a list of pieces (each an atomic bit of text) so that a difference can be
// shrunk by dropping pieces.

/** mulberry32: a small, fast, seeded PRNG (the same seed gives the same templates everywhere). */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Variables every generated template may start by setting (each `#set` is one piece). */
const PRELUDE = [
  '#set($s = "Hello, World")',
  "#set($e = '')",
  '#set($n = 5)',
  '#set($z = 0)',
  '#set($big = 2147483647)',
  '#set($f = 2.5)',
  '#set($l = [1, 2, 3])',
  '#set($w = ["b", "a", "c"])',
  '#set($m = {"a": 1, "b": "x"})',
  '#set($t = true)',
  '#set($j = $util.parseJson(\'{"a": [1, {"b": null}], "c": 1.5, "d": "x y"}\'))',
  "#set($p = $input.path('$'))",
  // Java's number classes and Character: a Long, a BigInteger, a Long 1, a Character, JSON numbers.
  '#set($lg = 3000000000)',
  '#set($bi = 12345678901234567890123)',
  '#set($one = 3000000001 - 3000000000)',
  '#set($cs = "aB1 ")#set($ch = $cs.charAt(0))',
  '#set($jn = $util.parseJson(\'{"i": 1, "l": 3000000000, "b": 12345678901234567890, "d": 2.5}\'))',
];

const ROOTS = [
  's',
  'e',
  'n',
  'z',
  'big',
  'f',
  'l',
  'w',
  'm',
  't',
  'j',
  'p',
  'x',
  'i',
  'foreach',
  'lg',
  'bi',
  'one',
  'ch',
  'jn',
];
/** Variables holding numbers (or a Character) of different Java classes. */
const NUMBER_ROOTS = [
  'n',
  'z',
  'big',
  'f',
  'lg',
  'bi',
  'one',
  'ch',
  'p.n',
  'p.l',
  'p.g',
  'jn.i',
  'jn.l',
  'jn.b',
  'jn.d',
];
const PROPERTIES = [
  'a',
  'b',
  'c',
  'd',
  'empty',
  'size',
  'index',
  'count',
  'hasNext',
  'first',
  'class',
  'l',
  'i',
  'last',
  'parent',
  'topmost',
];
const METHODS: readonly (readonly [string, number])[] = [
  ['length', 0],
  ['size', 0],
  ['isEmpty', 0],
  ['toString', 0],
  ['toUpperCase', 0],
  ['trim', 0],
  ['substring', 1],
  ['substring', 2],
  ['charAt', 1],
  ['indexOf', 1],
  ['lastIndexOf', 1],
  ['contains', 1],
  ['startsWith', 1],
  ['equals', 1],
  ['concat', 1],
  ['replace', 2],
  ['split', 1],
  ['get', 1],
  ['keySet', 0],
  ['containsKey', 1],
  ['put', 2],
  ['add', 1],
  ['intValue', 0],
  ['doubleValue', 0],
  ['compareTo', 1],
  ['hashCode', 0],
  ['longValue', 0],
  ['shortValue', 0],
  ['byteValue', 0],
  ['floatValue', 0],
  ['charValue', 0],
  ['isLetter', 1],
  ['isDigit', 1],
  ['toUpperCase', 1],
  ['remove', 1],
  ['parseInt', 1],
];
/** Methods whose result class differs between Java's number classes. */
const NUMBER_METHODS = [
  'intValue()',
  'longValue()',
  'shortValue()',
  'byteValue()',
  'floatValue()',
  'doubleValue()',
  'hashCode()',
  'toString()',
];
const TEXT = [
  'a',
  'b c',
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\t',
  '-',
  '5',
  '.',
  ',',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '!',
  '*',
  '"',
  "'",
  '=',
  '$',
  '#',
  '\\',
  'é',
];
const INTEGERS = [
  '0',
  '1',
  '2',
  '5',
  '-1',
  '-3',
  '10',
  '2147483647',
  '3000000000',
  '-2147483648',
  '9223372036854775807',
  '-9223372036854775808',
  '12345678901234567890',
];
const FLOATS = ['2.5', '0.1', '1.0', '-0.5', '100.25', '1.5'];
const STRINGS = ["'a'", "'Hello'", "''", '"x"', '"a,b"', '"$n"', '"n=$n!"', "'$s'", '"5"', '" 3 "'];
const OPERATORS = ['+', '-', '*', '/', '%', '==', '!=', '<', '>', '<=', '>=', '&&', '||'];
const WORD_OPERATORS = ['eq', 'ne', 'lt', 'gt', 'and', 'or'];

/** Inside a loop: #break with a scope, $foreach's properties, changes to a collection. */
const LOOP_PIECES = [
  '#if($foreach.count > 1)#break#end',
  '#break($foreach)',
  '#if($foreach.first)#break($foreach.parent)#end',
  '#if($foreach.hasNext)#else#break($foreach.topmost)#end',
  '[$foreach.index $foreach.last $foreach.parent.count $foreach.topmost.index $velocityCount $velocityHasNext]',
  '#set($foreach.k = $foreach.count)$foreach.k$foreach',
  '$l.add(1)',
  '$m.put("q", 1)',
  '#if($foreach.last)$l.remove(0)#end',
  '#set($i.value = 0)$m',
  '$foreach.info',
];
/** Inside a macro: set a parameter or a global, recurse, break, print the block's body. */
const MACRO_PIECES = [
  '#set($a = 7)$a',
  '#set($g = $a)',
  '#set($n = $n + 1)',
  '#NAME()',
  '#break',
  '[$bodyContent]',
  '$!bodyContent',
];
/** Macro arguments of every kind: constants (evaluated once) and the rest (passed by name). */
const MACRO_ARGUMENTS = [
  ...INTEGERS.slice(0, 5),
  ...STRINGS.slice(0, 6),
  '$n',
  '$s',
  '$x',
  '$l',
  'true',
  '2.5',
  '[1, 2]',
  '{"k": $n}',
  '[1..2]',
  '"#set($n = $n + 1)$n"',
];
/** Indexes: negative ones, past the end, on maps and strings, read and #set. */
const INDEXED = [
  '#set($l[-1] = 7)$l',
  '#set($l[5] = 7)',
  '#set($m["a"] = 2)$m',
  '#set($m[-1] = 3)$m',
  '$l[-1]',
  '$s[-1]',
  '$m[-1]',
  '$w[-4]',
];

class Generator {
  private readonly pieces: string[] = [];
  private macros = 0;
  private readonly random: Random;

  constructor(random: Random) {
    this.random = random;
  }

  template(): string[] {
    const r = this.random;
    const prelude = PRELUDE.filter(() => r.chance(0.35));
    for (const set of prelude) this.pieces.push(set, r.pick(['', '\n', ' ']));
    this.block(2, 1 + r.int(5));
    return this.pieces;
  }

  private push(...pieces: string[]): void {
    this.pieces.push(...pieces);
  }

  private block(depth: number, count: number): void {
    for (let k = 0; k < count; k++) this.item(depth);
  }

  private item(depth: number): void {
    const r = this.random;
    const choice = r.int(depth > 0 ? 19 : 10);
    switch (choice) {
      case 18:
        this.lexical(depth);
        return;
      case 0:
      case 1:
        this.push(r.pick(TEXT));
        return;
      case 2:
      case 3:
        this.push(this.reference(1));
        return;
      case 4:
        this.push(
          `#set(${this.reference(0, ['x', 'y', 's', 'n', 'l', 'm'])} = `,
          this.expr(2),
          ')',
        );
        return;
      case 5:
        this.push(r.pick(['## comment\n', '#* c *#', '#[[$n #if]]#', '##', '#*\n*#']));
        return;
      case 6:
        this.push(
          r.pick(['\\', '\\\\']) +
            r.pick(['$n', '$x', '$!n', '${n}', '#if', '#end', '#set', '#foreach', '#{end}']),
        );
        return;
      case 7:
        this.push(this.reference(0).replace('$', r.pick(['$!', '$\\!', '$ ', '$$'])));
        return;
      case 8:
        this.push(
          r.pick([
            '#break',
            '#stop',
            '#end',
            '#else',
            '#{else}',
            '#set',
            '#foo',
            '#',
            '#break($foreach)',
          ]),
        );
        return;
      case 9:
        this.push(r.pick(['$', '$!', '${', '$!{', '$1', '$-', '$.', '#$n', '$#']));
        return;
      case 10:
      case 11:
        this.ifDirective(depth);
        return;
      case 12:
      case 13:
        this.foreach(depth);
        return;
      case 14:
      case 16:
        this.macro(depth);
        return;
      case 15:
        this.numberProbe();
        return;
      case 17:
        this.push(r.pick(INDEXED));
        return;
      default:
        this.push(this.reference(2));
    }
  }

  /**
   * Velocity 1.7's lexer corners: line endings, literal forms, escapes, braces, directive words
   * with and without parentheses, #literal and block macro calls.
   */
  private lexical(depth: number): void {
    const r = this.random;
    switch (r.int(8)) {
      case 0:
        this.push(r.pick(['\r', 'a\rb', '#end\r', '#set($y = 1)\r', '## c\r', '$n\r']));
        return;
      case 1:
        this.push(
          `#set($y = ${r.pick([
            '"\\u0041"',
            '"\\u00e9x"',
            '"\\uZZ"',
            '"a""b"',
            "'a''b'",
            '"\\n"',
            "'\\u0041'",
            '"$n$"',
            '"#"',
            '"a ## b"',
            '"$s.substring(1)"',
            '"#if(true)y#end"',
            '"${n}x"',
            '"$!x."',
          ])})$y`,
        );
        return;
      case 2:
        this.push(
          r
            .pick(['.5', '5.', '1e3', '-.5', '5..', '1.5e-2', '0x1F', '08', '-0', '1_000'])
            .replace(/^/, r.pick(['#set($y = ', '$s.substring(', '#if(1 < '])) +
            r.pick([')$y', ')', ') ok#end']),
        );
        return;
      case 3:
        this.push(
          r.pick([
            '#literal()$n #if(#end',
            '#literal()\n$s\n#end',
            '#{literal}()x#{end}',
            '#literal',
            '#@mac0()body#end',
            '#@nomacro($n)b#end',
            '#@x',
            '#include',
            '#parse x',
            '#macro',
            '#define',
            '#evaluate',
            '#define($d)D$n#end$d',
            '#define($d)[$d]#end$d',
            '#define($d $e)x#end$d',
            '#define()x#end',
            "#evaluate('$n#set($y = 1)')$y",
            '#evaluate($s)',
            "#evaluate('#break')",
            "#evaluate('#stop')",
            "#evaluate('#macro(ev)E#end')#ev()",
            "#evaluate('#if(')",
            '#evaluate(1)',
            '#set ($y = 1)$y',
            '#set($y=1)$y',
            '#{set}($y = 2)$y',
            '#set( $y = 3 )$y',
            '#if($t)#else#end',
            '#if ( $t )a#elseif ( $n )b#end',
            '#foreach ($i in $l)$i#end',
            '#{foreach}($i in $l)$i#{end}',
          ]),
        );
        return;
      case 4:
        this.push(
          r.pick(['$', '$!', '$\\!', '\\$', '\\$!', '\\\\$', '#', '\\#']) +
            r.pick([
              '',
              '{',
              '}',
              '[',
              ']',
              '(',
              ')',
              '.',
              '!',
              '$',
              '#',
              '-',
              '1',
              ' ',
              'n',
              '{n}',
              '{n',
              'n}',
              '[0]',
              '.a',
              '.size()',
            ]),
        );
        return;
      case 5:
        this.push(
          `$s.substring(${r.pick(['1 ', ' 1', ' 1 , 2 ', '1,2', '$n - 4', '(1)', '[1][0]', '$l.size()'])})`,
        );
        return;
      case 6:
        this.push(r.pick(['#*', '#**', '#** c *#', '#*# x', '*#', ']]#', '#[[', '#[[x']));
        return;
      default:
        this.push(
          `${r.pick(['$n', '$s', '$l', '${n}', '$!n'])}${r.pick([' #set($y = 1)', '  #set($y = 1)', '\t#set($y = 1)', '#set($y = 1)'])}${r.pick(['', '\n', ' x'])}`,
        );
        if (depth > 0 && r.chance(0.3)) this.block(depth - 1, 1);
    }
  }

  private ifDirective(depth: number): void {
    const r = this.random;
    this.push(r.pick(['#if(', '#if (', '#{if}(']), this.expr(2), ')', r.pick(['', '\n', ' ']));
    this.block(depth - 1, 1 + r.int(3));
    if (r.chance(0.3)) {
      this.push('#elseif(', this.expr(2), ')');
      this.block(depth - 1, 1 + r.int(2));
    }
    if (r.chance(0.4)) {
      this.push(r.pick(['#else', '#{else}', '#else ']));
      this.block(depth - 1, 1 + r.int(2));
    }
    this.push(r.pick(['#end', '#{end}', '#end\n']));
  }

  private foreach(depth: number): void {
    const r = this.random;
    const source = r.pick([
      '$l',
      '$w',
      '$m',
      '$m.keySet()',
      '$s.split(",")',
      '[1..3]',
      '[3..1]',
      '[$n..2]',
      '[$f..3]',
      '[$z..-2]',
      '[$e..2]',
      '$m.values()',
      '$m.entrySet()',
      '"abc"',
      '5',
      '$input',
      '["a", $n]',
      '$j.a',
      '$x',
      '[]',
      this.expr(1),
    ]);
    const word = r.chance(0.9) ? ' in ' : r.pick([' IN ', ' of ', ', in, ', ' "in" ']);
    const variable = r.chance(0.95) ? '$i' : r.pick(['$foreach', '$velocityCount', '$n']);
    this.push(`#foreach(${variable}${word}${source})`, r.pick(['', '\n']));
    this.block(depth - 1, 1 + r.int(3));
    if (r.chance(0.4)) this.push(r.pick(LOOP_PIECES));
    this.push(r.pick(['#end', '#{end}', '#end\n']));
  }

  /**
   * A macro: a new name, or one already defined (the first definition wins), sometimes called
   * before it is defined, with fewer or more arguments than parameters, arguments of every
   * kind (passed by name), a body that sets a parameter or a global, recurses (past the depth
   * limit), breaks or prints `$bodyContent`, and block calls `#@name()…#end`.
   */
  private macro(depth: number): void {
    const r = this.random;
    const name =
      this.macros > 0 && r.chance(0.2) ? `mac${r.int(this.macros)}` : `mac${this.macros++}`;
    const params = r.pick(['', ' $a', ' $a $b', ' $n']);
    if (r.chance(0.15)) this.push(this.macroCall(name, depth));
    this.push(`#macro(${name}${params})`, r.pick(['', '\n']));
    this.block(depth - 1, 1 + r.int(2));
    if (r.chance(0.4)) this.push(r.pick(MACRO_PIECES).replace('NAME', name));
    this.push('#end');
    this.push(this.macroCall(name, depth));
    if (r.chance(0.3)) this.push(r.pick(['$a', '$g', '$n', '[$a|$n]']));
  }

  private macroCall(name: string, depth: number): string {
    const r = this.random;
    const arg = () => r.pick(MACRO_ARGUMENTS);
    const args = r
      .pick([[], [arg()], [arg(), arg()], [arg(), arg(), arg()]])
      .join(r.pick([' ', ', ']));
    if (depth > 0 && r.chance(0.2))
      return `#@${name}(${args})${r.pick(['b$n', '[$a]', '$bodyContent', '#break', ''])}#end`;
    return `#${name}(${args})`;
  }

  /** A number of one class against another: arithmetic, equals, ==, compareTo, class names. */
  private numberProbe(): void {
    const r = this.random;
    const number = () => {
      const root = `$${r.pick(NUMBER_ROOTS)}`;
      return r.chance(0.3) ? `${root}.${r.pick(NUMBER_METHODS)}` : root;
    };
    const operand = () => (r.chance(0.7) ? number() : r.pick([...INTEGERS, ...FLOATS]));
    const a = operand();
    const b = operand();
    switch (r.int(5)) {
      case 0: {
        const op = r.pick(['+', '-', '*', '/', '%']);
        this.push(`#set($x = ${a} ${op} ${b})`, '$x $x.class.simpleName');
        return;
      }
      case 1:
        this.push(`${number()}.equals(${b}) ${number()}.class.name`);
        return;
      case 2:
        this.push(`#if(${a} ${r.pick(['==', '!=', '<', '>='])} ${b})y#{else}n#end`);
        return;
      case 3:
        this.push(`${number()}.compareTo(${b})`);
        return;
      default:
        this.push(
          `$ch.${r.pick(['isLetter', 'isDigit', 'isUpperCase', 'isWhitespace', 'isAlphabetic', 'isJavaIdentifierStart', 'getNumericValue', 'toUpperCase', 'toTitleCase', 'equals', 'compareTo'])}(${r.pick(['$ch', '$cs.charAt(1)', '"a"', '97', '$one'])})`,
        );
    }
  }

  reference(depth: number, roots: readonly string[] = ROOTS): string {
    const r = this.random;
    const root = r.pick(roots);
    let out = root;
    const parts = depth > 0 ? r.int(3) : 0;
    for (let k = 0; k < parts; k++) {
      const kind = r.int(4);
      if (kind === 0) out += `.${r.pick(PROPERTIES)}`;
      else if (kind === 1) out += `[${r.pick(['0', '1', '-1', '"a"', '$n', '5'])}]`;
      else {
        const [name, arity] = r.pick(METHODS);
        const args = Array.from({ length: arity }, () => this.expr(depth - 1));
        out += `.${name}(${args.join(r.pick([', ', ',']))})`;
      }
    }
    const form = r.int(6);
    if (form === 0) return `\${${out}}`;
    if (form === 1) return `$!${out}`;
    if (form === 2 && parts === 0) return `$!{${out}}`;
    return `$${out}`;
  }

  expr(depth: number): string {
    const r = this.random;
    const choice = r.int(depth > 0 ? 12 : 7);
    switch (choice) {
      case 0:
        return r.pick(INTEGERS);
      case 1:
        return r.pick(FLOATS);
      case 2:
        return r.pick(STRINGS);
      case 3:
      case 4:
        return this.reference(depth);
      case 5:
        return r.pick(['true', 'false']);
      case 6:
        return r.pick(['[]', '[1, 2]', '[1..3]', '{}', '{"k": 1}', '[$n, "a"]', '{"a": $n}']);
      case 7:
      case 8:
      case 9: {
        const word = r.chance(0.15);
        const op = word ? r.pick(WORD_OPERATORS) : r.pick(OPERATORS);
        const space = word ? ' ' : r.pick([' ', '', ' ']);
        const right = r.chance(0.5) ? r.pick(INTEGERS) : this.expr(depth - 1);
        return `${this.expr(depth - 1)}${space}${op}${space}${right}`;
      }
      case 10:
        return `!${this.expr(depth - 1)}`;
      default:
        return `(${this.expr(depth - 1)})`;
    }
  }
}

/** The `index`th template of `seed`'s run, as pieces. */
export function generateTemplate(seed: number, index: number): string[] {
  return new Generator(new Random((seed * 1_000_003 + index) >>> 0)).template();
}
