#!/usr/bin/env node
// A small TextMate grammar test runner for the Sluice grammar, in the format of
// the npm package vscode-tmgrammar-test (which the build may not download).
//
// It implements the part of TextMate tokenizing that the grammar uses, the way
// vscode-textmate does it: each line (with its "\n") is scanned from the
// current position; among the current rule's patterns (the `end` pattern first)
// the match that starts earliest wins, ties going to the earlier pattern;
// `match` rules scope their match and captures, `begin`/`end` rules push and
// pop a context that lasts across lines. Includes of #repository, $self and
// $base are resolved. Anything else (`while`, captures with patterns, \G,
// injections, ...) is refused, so that the runner never passes a grammar it
// does not really understand. Regular expressions are compiled with
// JavaScript's RegExp (flags d, g, m); the grammar is written so that
// Oniguruma reads them the same way.
//
// Usage:
//   node tmgrammar_test.js --grammar GRAMMAR.json [options] TEST...
//     TEST                a test file, or a folder of *.deal test files
//     --corpus PATH       also tokenize every *.deal under PATH (recursively),
//                         or every ```deal block of a Markdown file; fail if a
//                         rule loops or the tokenizer throws. Files that are
//                         meant to be valid (not fail_*, not inputs/, not
//                         ```deal-error) must also end with every context
//                         closed and have no `invalid.*` scope.
//     --keywords HPP      every keyword of compiler/syntax/grammar.hpp must
//                         appear in the grammar's regular expressions
//     --keyword-file F    ... and as a word in F (vim, emacs files)
//     --package DIR       check the VS Code extension manifest in DIR
//     --expect-fail       pass only if every assertion of every TEST fails
//                         (proves that the runner catches wrong ones)
//     --self-test         check that the runner catches looping and
//                         unportable grammars
//     --dump FILE         print FILE's tokens and their scopes (to write tests)
//
// Test file format (vscode-tmgrammar-test):
//   // SYNTAX TEST "source.sluice" "optional description"
//   tranche A {
//   // <------- storage.type.tranche.sluice
//   //      ^ entity.name.type.tranche.sluice - variable.other.sluice
// An assertion line starts with the header's comment token. `^` marks the
// columns to check in the closest source line above it; `<---` checks the
// first three columns (`<~~--` skips two, then checks two). The listed scopes
// must all be in the token's scope stack, in that order; the scopes after
// ` - ` must not be in it.
'use strict';
const fs = require('fs');
const path = require('path');

// ---- grammar ----------------------------------------------------------------

const RULE_KEYS = new Set(['name', 'contentName', 'match', 'begin', 'end', 'captures', 'beginCaptures',
  'endCaptures', 'patterns', 'include', 'comment']);
const TOP_KEYS = new Set(['$schema', 'name', 'scopeName', 'fileTypes', 'patterns', 'repository', 'comment',
  'firstLineMatch', 'foldingStartMarker', 'foldingStopMarker', 'uuid']);

// Constructs that Oniguruma and JavaScript read differently, or that only one
// of them has. The grammar must not use them.
const UNPORTABLE = [
  [/\\[GAzZhHK]/, 'an Oniguruma-only escape (\\G \\A \\z \\Z \\h \\H \\K)'],
  [/\(\?[imx-]+[):]/, 'an inline flag group'],
  [/\(\?>/, 'an atomic group'],
  [/\(\?<(?![=!])/, 'a named group'],
  [/[*+?}][+]/, 'a possessive quantifier'],
  [/\\[1-9]/, 'a back-reference'],
  [/\\[pP]\{/, 'a Unicode property escape'],
  [/\[:[a-z]+:\]/, 'a POSIX bracket'],
];

class Grammar {
  // `source` is a file name or an already parsed grammar object.
  constructor(source) {
    const json = typeof source === 'string' ? JSON.parse(fs.readFileSync(source, 'utf8')) : source;
    for (const k of Object.keys(json)) if (!TOP_KEYS.has(k)) throw new Error(`grammar: unsupported key "${k}"`);
    this.scopeName = json.scopeName;
    this.repository = json.repository || {};
    this.regexSources = [];
    this.rules = [];
    this.root = this.rule({ patterns: json.patterns }, 'patterns');
    for (const [k, r] of Object.entries(this.repository)) this.rule(r, `repository.${k}`);
  }

  // Validates a rule and compiles its regular expressions (once per rule object).
  rule(r, where) {
    if (r.__compiled) return r;
    r.__compiled = true;
    r.__id = this.rules.length;
    r.__where = where;
    this.rules.push(r);
    for (const k of Object.keys(r)) if (!k.startsWith('__') && !RULE_KEYS.has(k))
      throw new Error(`grammar: ${where}: unsupported key "${k}"`);
    if (r.match !== undefined && r.begin !== undefined) throw new Error(`grammar: ${where}: both match and begin`);
    if (r.begin !== undefined && r.end === undefined) throw new Error(`grammar: ${where}: begin without end`);
    if (r.match !== undefined) r.__match = this.regex(r.match, where);
    if (r.begin !== undefined) { r.__begin = this.regex(r.begin, where); r.__end = this.regex(r.end, where); }
    for (const key of ['captures', 'beginCaptures', 'endCaptures']) {
      for (const [n, c] of Object.entries(r[key] || {})) {
        if (!/^\d+$/.test(n)) throw new Error(`grammar: ${where}: capture "${n}" is not a number`);
        for (const ck of Object.keys(c)) if (ck !== 'name')
          throw new Error(`grammar: ${where}: ${key}.${n}: unsupported key "${ck}" (only name)`);
      }
    }
    (r.patterns || []).forEach((p, i) => this.rule(p, `${where}.patterns[${i}]`));
    return r;
  }

  regex(src, where) {
    for (const [re, what] of UNPORTABLE) {
      if (re.test(src)) throw new Error(`grammar: ${where}: ${what} in /${src}/`);
    }
    // Lookbehind must be of fixed length for Oniguruma: no quantifiers inside.
    const lb = /\(\?<[=!]((?:[^()\\]|\\.|\[(?:[^\]\\]|\\.)*\])*)\)/g;
    let m;
    while ((m = lb.exec(src))) {
      const body = m[1].replace(/\\./g, 'x').replace(/\[(?:[^\]\\]|\\.)*\]/g, 'x');
      if (/[*+?{]/.test(body)) throw new Error(`grammar: ${where}: variable-length lookbehind in /${src}/`);
    }
    this.regexSources.push(src);
    try {
      return new RegExp(src, 'dgm');
    } catch (e) {
      throw new Error(`grammar: ${where}: ${e.message}`);
    }
  }

  // The patterns a context tries, with includes flattened (in order).
  flatten(patterns, out = [], seen = new Set()) {
    for (const p of patterns || []) {
      if (p.include !== undefined) {
        let target;
        if (p.include === '$self' || p.include === '$base') target = this.root;
        else if (p.include.startsWith('#')) target = this.repository[p.include.slice(1)];
        if (!target) throw new Error(`grammar: cannot include "${p.include}"`);
        if (seen.has(target)) continue;
        seen.add(target);
        if (target.match !== undefined || target.begin !== undefined) out.push(target);
        else this.flatten(target.patterns, out, seen);
      } else if (p.match !== undefined || p.begin !== undefined) {
        out.push(p);
      } else {
        this.flatten(p.patterns, out, seen);
      }
    }
    return out;
  }
}

// `$1` in a scope name takes the text of capture 1 (vscode-textmate does the same).
function expand(name, m) {
  if (!name || !m) return name;
  return name.replace(/\$(\d+)|\$\{(\d+):\/(downcase|upcase)\}/g, (_, a, b, op) => {
    let s = m[Number(a || b)] || '';
    if (op === 'downcase') s = s.toLowerCase();
    if (op === 'upcase') s = s.toUpperCase();
    return s;
  });
}

// ---- tokenizer ----------------------------------------------------------------

class Tokenizer {
  constructor(grammar) {
    this.g = grammar;
    this.cache = new Map();  // rule id -> flattened patterns
  }

  patternsOf(rule) {
    if (!this.cache.has(rule.__id)) this.cache.set(rule.__id, this.g.flatten(rule.patterns));
    return this.cache.get(rule.__id);
  }

  // Tokenizes a whole file; returns, per line, an array giving each column's
  // scope stack, and the stack of open contexts at the end.
  tokenizeFile(text) {
    const stack = [{ rule: this.g.root, scopes: [this.g.scopeName], content: [this.g.scopeName], end: null }];
    const lines = text.split(/\r?\n/);
    const result = [];
    lines.forEach((line, i) => {
      try {
        result.push(this.tokenizeLine(line, stack));
      } catch (e) {
        e.message = `line ${i + 1}: ${e.message}`;
        throw e;
      }
    });
    return { lines: result, stack };
  }

  tokenizeLine(line, stack) {
    const text = line + '\n';
    const scopesAt = new Array(text.length);
    const fill = (from, to, scopes) => { for (let c = from; c < to; c++) scopesAt[c] = scopes; };
    // Scopes a match: the base scopes, then each capture's name over its span.
    // Captures are applied in index order, so an enclosing group comes first.
    const scopeMatch = (m, base, captures) => {
      const from = m.index, to = m.index + m[0].length;
      for (let c = from; c < to; c++) scopesAt[c] = base;
      if (!captures) return;
      const keys = Object.keys(captures).map(Number).sort((a, b) => a - b);
      for (const k of keys) {
        const span = m.indices[k];
        const name = expand(captures[k].name, m);
        if (!span || !name || span[0] === span[1]) continue;
        if (span[0] < from || span[1] > to) throw new Error(`capture ${k} lies outside its match`);
        for (let c = span[0]; c < span[1]; c++) scopesAt[c] = scopesAt[c].concat(name);
      }
    };

    let pos = 0;
    const seen = new Set();  // (position, stack) pairs reached without progress
    while (pos < text.length) {
      const top = stack[stack.length - 1];
      const candidates = [];
      if (top.end) candidates.push({ kind: 'end', re: top.end });
      for (const r of this.patternsOf(top.rule)) {
        candidates.push({ kind: r.match !== undefined ? 'match' : 'begin', re: r.__match || r.__begin, rule: r });
      }
      let best = null, bestM = null;
      for (const cand of candidates) {
        cand.re.lastIndex = pos;
        const m = cand.re.exec(text);
        if (m && (!bestM || m.index < bestM.index)) { best = cand; bestM = m; }
      }
      if (!best) { fill(pos, text.length, top.content); break; }
      fill(pos, bestM.index, top.content);
      const end = bestM.index + bestM[0].length;

      if (best.kind === 'end') {
        scopeMatch(bestM, top.scopes, top.rule.endCaptures || top.rule.captures);
        stack.pop();
      } else if (best.kind === 'match') {
        const r = best.rule;
        const base = r.name ? top.content.concat(expand(r.name, bestM)) : top.content;
        scopeMatch(bestM, base, r.captures);
        if (end === pos) {
          throw new Error(`endless loop: ${r.__where} matched an empty string at column ${pos + 1}` +
            ` and neither advanced nor changed the context`);
        }
      } else {
        const r = best.rule;
        const scopes = r.name ? top.content.concat(expand(r.name, bestM)) : top.content;
        const content = r.contentName ? scopes.concat(expand(r.contentName, bestM)) : scopes;
        scopeMatch(bestM, scopes, r.beginCaptures || r.captures);
        stack.push({ rule: r, scopes, content, end: r.__end });
      }

      if (end === pos) {
        // An empty begin or end changes the context; the same context reached
        // twice at one position without progress is a loop.
        const key = pos + ':' + stack.map((f) => f.rule.__id).join(',');
        if (seen.has(key)) {
          throw new Error(`endless loop at column ${pos + 1}: ${best.kind} of ` +
            `${(best.rule || top.rule).__where} makes no progress`);
        }
        seen.add(key);
        if (stack.length > 1000) throw new Error(`context stack over 1000 deep at column ${pos + 1}`);
      } else {
        seen.clear();
      }
      pos = end;
    }
    return scopesAt.slice(0, line.length);
  }
}

// ---- assertions ------------------------------------------------------------------

// Parses a test file into { scope, lines, assertions }.
function parseTest(file, text) {
  const lines = text.split(/\r?\n/);
  const header = /^(.*?)SYNTAX TEST\s+"([^"]+)"/.exec(lines[0] || '');
  if (!header) throw new Error(`${file}:1: missing header: // SYNTAX TEST "source.sluice"`);
  const token = header[1].trim();
  const assertions = [];
  let source = -1;  // the last line that is not an assertion
  lines.forEach((line, i) => {
    if (i === 0) return;
    const rest = line.startsWith(token) ? line.slice(token.length) : null;
    const caret = rest !== null && /^\s*\^/.test(rest);
    const arrow = rest !== null && /^\s*<~*-+/.test(rest);
    if (!caret && !arrow) { source = i; return; }
    if (source < 0) throw new Error(`${file}:${i + 1}: an assertion before any source line`);
    let cols = [], spec;
    if (arrow) {
      const m = /^\s*<(~*)(-+)(.*)$/.exec(rest);
      for (let c = 0; c < m[2].length; c++) cols.push(m[1].length + c);
      spec = m[3];
    } else {
      const m = /^([\s^]*)(.*)$/.exec(line.slice(token.length));
      const marks = token.length + m[1].length;
      for (let c = token.length; c < marks; c++) if (line[c] === '^') cols.push(c);
      spec = m[2];
    }
    const [want, not] = (' ' + spec).split(/\s+-\s+/);
    assertions.push({
      line: i, source, cols,
      want: (want || '').trim().split(/\s+/).filter(Boolean),
      not: (not || '').trim().split(/\s+/).filter(Boolean),
    });
    if (assertions[assertions.length - 1].want.length === 0 && assertions[assertions.length - 1].not.length === 0)
      throw new Error(`${file}:${i + 1}: an assertion without scopes`);
  });
  return { scope: header[2], lines, assertions };
}

// True if `want` appears in `have` in order (not necessarily adjacent).
function inOrder(want, have) {
  let j = 0;
  for (const s of have) if (j < want.length && s === want[j]) j++;
  return j === want.length;
}

// Checks every assertion of a test file. Returns { failures, passed }: one
// message per failing assertion (showing its first failing column), and the
// locations of the assertions that held.
function runTest(tokenizer, file) {
  const text = fs.readFileSync(file, 'utf8');
  const t = parseTest(file, text);
  if (t.scope !== tokenizer.g.scopeName)
    throw new Error(`the test is for ${t.scope}, the grammar is ${tokenizer.g.scopeName}`);
  const { lines } = tokenizer.tokenizeFile(text);
  const failures = [], passed = [];
  for (const a of t.assertions) {
    const src = t.lines[a.source];
    const where = `${file}:${a.line + 1}`;
    const bad = [];
    let detail = '';
    for (const c of a.cols) {
      const have = c < src.length ? lines[a.source][c] : null;
      const missing = have && !inOrder(a.want, have);
      const present = have ? a.not.filter((x) => have.includes(x)) : [];
      if (have && !missing && !present.length) continue;
      bad.push(c + 1);
      if (bad.length > 1) continue;
      detail = !have ? '    beyond the end of the line\n' :
        (missing ? `    expected: ${a.want.join(' ')}\n` : '') +
        (present.length ? `    must not have: ${present.join(' ')}\n` : '') +
        `    actual:   ${have.join(' ')}\n`;
    }
    if (!bad.length) { passed.push(where); continue; }
    const cols = bad.length === 1 ? `column ${bad[0]}` : `columns ${bad.join(',')}`;
    failures.push(`${where}: ${cols} of line ${a.source + 1}:\n    ${src}\n` +
      `    ${' '.repeat(bad[0] - 1)}^\n${detail.replace(/\n$/, '')}`);
  }
  return { failures, passed };
}

// ---- corpus, keywords and package checks ---------------------------------------------

function corpusFiles(p) {
  const st = fs.statSync(p);
  if (st.isFile() && p.endsWith('.md')) {
    // ```deal blocks are complete valid deals; ```deal-error blocks are not.
    const out = [];
    const re = /^```(deal|deal-error)\n([\s\S]*?)^```$/gm;
    const text = fs.readFileSync(p, 'utf8');
    let m;
    while ((m = re.exec(text))) {
      const line = text.slice(0, m.index).split('\n').length + 1;
      out.push({ name: `${p}:${line}`, text: m[2], valid: m[1] === 'deal' });
    }
    return out;
  }
  if (st.isFile()) {
    const base = path.basename(p);
    const valid = !base.startsWith('fail_') && !p.split(path.sep).includes('inputs');
    return [{ name: p, text: fs.readFileSync(p, 'utf8'), valid }];
  }
  return fs.readdirSync(p).sort().flatMap((e) => {
    const q = path.join(p, e);
    return fs.statSync(q).isDirectory() || e.endsWith('.deal') ? corpusFiles(q) : [];
  });
}

function checkCorpus(tokenizer, entries) {
  const failures = [];
  for (const f of entries) {
    let res;
    try {
      res = tokenizer.tokenizeFile(f.text);
    } catch (e) {
      failures.push(`${f.name}: ${e.message}`);
      continue;
    }
    if (!f.valid) continue;
    if (res.stack.length !== 1) {
      const open = res.stack.slice(1).map((x) => x.rule.__where).join(' > ');
      failures.push(`${f.name}: a valid deal leaves contexts open at its end: ${open}`);
    }
    res.lines.forEach((cols, i) => {
      const c = cols.findIndex((s) => s.some((x) => x.startsWith('invalid.')));
      if (c >= 0) failures.push(`${f.name}:${i + 1}:${c + 1}: ${cols[c].join(' ')} in a valid deal`);
    });
  }
  return failures;
}

// The words compiler/syntax/grammar.hpp spells out: SLUICE_KW keywords and the
// literal words of the phrase, period, day-count and business-day rules.
function grammarWords(hpp) {
  const text = fs.readFileSync(hpp, 'utf8');
  const words = new Set();
  for (const m of text.matchAll(/SLUICE_KW\(\s*\w+\s*,\s*"([^"]+)"\s*\)/g)) words.add(m[1]);
  for (const m of text.matchAll(/TAO_PEGTL_STRING\("([A-Za-z_][A-Za-z0-9_]*)"\)/g)) words.add(m[1]);
  if (words.size < 60) throw new Error(`${hpp}: found only ${words.size} keywords; has its format changed?`);
  return [...words].sort();
}

function checkKeywords(grammar, hpp, files) {
  const failures = [];
  const words = grammarWords(hpp);
  const hasWord = (text, w) => new RegExp(`(^|[^A-Za-z0-9_])${w}($|[^A-Za-z0-9_])`).test(text);
  const regexText = grammar.regexSources.join('\n');
  for (const w of words) {
    if (!hasWord(regexText, w)) failures.push(`grammar: keyword "${w}" of ${hpp} is not highlighted`);
  }
  for (const f of files) {
    // Leave out comments, so that a word only mentioned there does not count.
    let text = fs.readFileSync(f, 'utf8');
    if (f.endsWith('.vim')) text = text.replace(/^\s*".*$/gm, '');
    if (f.endsWith('.el')) text = text.replace(/;.*$/gm, '');
    for (const w of words) if (!hasWord(text, w)) failures.push(`${f}: keyword "${w}" of ${hpp} is missing`);
  }
  return failures;
}

function checkPackage(dir, grammar, grammarFile) {
  const failures = [];
  const fail = (msg) => failures.push(`${path.join(dir, 'package.json')}: ${msg}`);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const lang = (pkg.contributes && pkg.contributes.languages || []).find((l) => l.id === 'sluice');
  const gram = (pkg.contributes && pkg.contributes.grammars || []).find((g) => g.language === 'sluice');
  if (!pkg.engines || !pkg.engines.vscode) fail('no engines.vscode');
  if (!lang) { fail('no language with id "sluice"'); return failures; }
  if (!(lang.extensions || []).includes('.deal')) fail('the language does not claim .deal files');
  if (!gram) { fail('no grammar for the language "sluice"'); return failures; }
  if (gram.scopeName !== grammar.scopeName) fail(`grammar scopeName ${gram.scopeName} is not ${grammar.scopeName}`);
  if (path.resolve(dir, gram.path) !== path.resolve(grammarFile)) {
    fail(`grammar path ${gram.path} is not the tested grammar`);
  }
  const confFile = path.resolve(dir, lang.configuration || '');
  if (!lang.configuration || !fs.existsSync(confFile)) { fail('no language configuration file'); return failures; }
  const conf = JSON.parse(fs.readFileSync(confFile, 'utf8'));
  const cf = (msg) => failures.push(`${confFile}: ${msg}`);
  if (!conf.comments || conf.comments.lineComment !== '//') cf('line comments are not //');
  if (!conf.comments || JSON.stringify(conf.comments.blockComment) !== '["/*","*/"]') cf('block comments are not /* */');
  const rules = conf.indentationRules || {};
  const inc = new RegExp(rules.increaseIndentPattern || '$^');
  const dec = new RegExp(rules.decreaseIndentPattern || '$^');
  const expect = (re, line, want, what) => {
    if (re.test(line) !== want) cf(`${what} ${want ? 'misses' : 'matches'} ${JSON.stringify(line)}`);
  };
  expect(inc, 'tranche A {', true, 'increaseIndentPattern');
  expect(inc, '  waterfall accelerated when turbo {   // note', true, 'increaseIndentPattern');
  expect(inc, 'tranche A { balance 1m USD  coupon 5% }', false, 'increaseIndentPattern');
  expect(inc, '  pay A.interest', false, 'increaseIndentPattern');
  expect(inc, '  // a comment {', false, 'increaseIndentPattern');
  expect(dec, '  }', true, 'decreaseIndentPattern');
  expect(dec, '} else {', true, 'decreaseIndentPattern');
  expect(dec, '  pay E residual', false, 'decreaseIndentPattern');
  if (conf.wordPattern) {
    const wp = new RegExp(conf.wordPattern, 'g');
    const words = 'pay A.interest_due 1_500bp'.match(wp);
    if (JSON.stringify(words) !== '["pay","A","interest_due","1_500bp"]') cf(`wordPattern splits a line as ${JSON.stringify(words)}`);
  }
  return failures;
}

// Prints each line, then one row per token: its columns, text and scopes.
function dump(tokenizer, file) {
  const text = fs.readFileSync(file, 'utf8');
  const { lines } = tokenizer.tokenizeFile(text);
  text.split(/\r?\n/).forEach((line, i) => {
    console.log(`${i + 1}: ${line}`);
    let c = 0;
    while (c < line.length) {
      let e = c + 1;
      while (e < line.length && lines[i][e].join(' ') === lines[i][c].join(' ')) e++;
      if (line.slice(c, e).trim()) {
        console.log(`    ${c + 1}-${e} ${JSON.stringify(line.slice(c, e))} ${lines[i][c].slice(1).join(' ')}`);
      }
      c = e;
    }
  });
  return 0;
}

// The runner's own checks: grammars that loop or use what Oniguruma and
// JavaScript read differently must be caught, not silently accepted.
function selfTest() {
  const failures = [];
  const grammar = (patterns, repository = {}) => ({ scopeName: 'source.t', patterns, repository });
  const mustThrow = (what, g, text, pattern) => {
    try {
      new Tokenizer(new Grammar(g)).tokenizeFile(text);
      failures.push(`self-test: ${what} was not caught`);
    } catch (e) {
      if (!pattern.test(e.message)) failures.push(`self-test: ${what}: unexpected error: ${e.message}`);
    }
  };
  mustThrow('an empty match', grammar([{ match: 'x*', name: 'a' }]), 'abc', /endless loop/);
  mustThrow('an empty begin and end that repeat',
    grammar([{ begin: '(?=b)', end: '(?=b)', name: 'a' }]), 'abc', /endless loop/);
  mustThrow('a rule that includes itself without progress',
    grammar([{ include: '#r' }], { r: { begin: '(?=a)', end: '$', patterns: [{ include: '#r' }] } }), 'a', /endless loop|over 1000/);
  mustThrow('\\G', grammar([{ match: '\\Ga' }]), 'a', /Oniguruma-only/);
  mustThrow('a variable-length lookbehind', grammar([{ match: '(?<=a+)b' }]), 'ab', /variable-length lookbehind/);
  mustThrow('a possessive quantifier', grammar([{ match: 'a++' }]), 'a', /possessive/);
  mustThrow('an inline flag', grammar([{ match: '(?i)a' }]), 'a', /inline flag/);
  mustThrow('captures with patterns', grammar([{ match: 'a', captures: { 0: { patterns: [] } } }]), 'a', /unsupported key/);
  mustThrow('a while rule', grammar([{ begin: 'a', while: 'b' }]), 'a', /unsupported key|begin without end/);
  // And a grammar that is fine must tokenize as expected.
  const g = new Grammar(grammar([{ match: '(a)(b(c))', captures: { 1: { name: 'x.$1' }, 2: { name: 'y' }, 3: { name: 'z' } } },
    { begin: '<', end: '>', name: 'tag', patterns: [{ match: 'q', name: 'q' }] }]));
  const { lines, stack } = new Tokenizer(g).tokenizeFile('abc<q\nq>');
  const got = JSON.stringify([lines[0][0], lines[0][2], lines[0][4], lines[1][0], stack.length]);
  const want = JSON.stringify([['source.t', 'x.a'], ['source.t', 'y', 'z'], ['source.t', 'tag', 'q'], ['source.t', 'tag', 'q'], 1]);
  if (got !== want) failures.push(`self-test: tokens ${got}, expected ${want}`);
  return failures;
}

// ---- main ------------------------------------------------------------------------------

function main(argv) {
  const opts = { tests: [], corpus: [], keywordFiles: [], expectFail: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--grammar') opts.grammar = val();
    else if (a === '--corpus') opts.corpus.push(val());
    else if (a === '--keywords') opts.keywords = val();
    else if (a === '--keyword-file') opts.keywordFiles.push(val());
    else if (a === '--package') opts.pkg = val();
    else if (a === '--expect-fail') opts.expectFail = true;
    else if (a === '--dump') opts.dump = val();
    else if (a === '--self-test') opts.selfTest = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.tests.push(a);
  }
  if (!opts.grammar) throw new Error('--grammar GRAMMAR.json is required');

  const grammar = new Grammar(opts.grammar);
  const tokenizer = new Tokenizer(grammar);
  if (opts.dump) return dump(tokenizer, opts.dump);
  const tests = opts.tests.flatMap((p) => fs.statSync(p).isDirectory()
    ? fs.readdirSync(p).filter((e) => e.endsWith('.deal')).sort().map((e) => path.join(p, e)) : [p]);
  if (opts.tests.length && !tests.length) throw new Error(`no test files in ${opts.tests.join(' ')}`);

  const problems = [];  // anything that fails the run whatever --expect-fail says
  const assertionFailures = [];
  let assertions = 0;
  for (const f of tests) {
    let res;
    try {
      res = runTest(tokenizer, f);
    } catch (e) {
      problems.push(`${f}: ${e.message}`);
      continue;
    }
    assertions += res.failures.length + res.passed.length;
    assertionFailures.push(...res.failures);
    // A wrong assertion that holds means the runner did not check it.
    if (opts.expectFail) {
      for (const w of res.passed) problems.push(`${w}: this assertion must fail (--expect-fail), but it held`);
    }
  }
  if (opts.selfTest) problems.push(...selfTest());
  const corpus = opts.corpus.flatMap(corpusFiles);
  problems.push(...checkCorpus(tokenizer, corpus));
  if (opts.keywords) problems.push(...checkKeywords(grammar, opts.keywords, opts.keywordFiles));
  if (opts.pkg) problems.push(...checkPackage(opts.pkg, grammar, opts.grammar));

  for (const f of assertionFailures) console.log((opts.expectFail ? 'expected failure: ' : 'FAIL: ') + f);
  for (const p of problems) console.log('FAIL: ' + p);
  const summary = `${tests.length} test files, ${assertions} assertions, ${assertionFailures.length} failed; ` +
    `${corpus.length} corpus files tokenized`;
  if (opts.expectFail) {
    const ok = problems.length === 0 && assertions > 0;
    console.log(`${summary}; --expect-fail: ${ok ? 'every wrong assertion was caught' : 'NOT as expected'}`);
    return ok ? 0 : 1;
  }
  const ok = problems.length === 0 && assertionFailures.length === 0;
  console.log(`${summary}${ok ? '' : `; ${problems.length} other problems`}`);
  return ok ? 0 : 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.log(`ERROR: ${e.message}`);
    process.exitCode = 2;
  }
} else {
  module.exports = { Grammar, Tokenizer, parseTest, corpusFiles };
}
