// textDocument/semanticTokens/full in scripted sessions: the legend, the
// protocol's relative encoding (decoded back to the text it covers), what
// each name is as sema resolved it, literals and comments from the lexer,
// UTF-16 columns after non-ASCII text, a block comment over several lines,
// and a text that does not check. Usage:
//   node semantic_tokens_test.js SLUICE_BINARY FIXTURES_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const assert = require('assert/strict');
const { Client, where, fileUri, run, open } = require('./session');

const [binary, fixtures] = process.argv.slice(2);
const deskPath = path.join(fixtures, 'features', 'desk.deal');
const fleetPath = path.join(fixtures, 'sub_dir', 'fleet.deal');
const desk = fs.readFileSync(deskPath, 'utf8');
const fleet = fs.readFileSync(fleetPath, 'utf8');

// The tokens as {line, character, text, type, mods}, from the relative encoding.
function decode(data, legend, text) {
  assert.equal(data.length % 5, 0);
  const lines = text.split('\n');
  const out = [];
  let line = 0, ch = 0;
  for (let i = 0; i < data.length; i += 5) {
    assert.ok(data[i] >= 0 && (data[i] > 0 || data[i + 1] >= 0), 'tokens are in order');
    line += data[i];
    ch = data[i] ? data[i + 1] : ch + data[i + 1];
    const t = lines[line].slice(ch, ch + data[i + 2]);
    assert.equal(t.length, data[i + 2], `a token past the end of line ${line}`);
    out.push({ line, character: ch, text: t, type: legend.tokenTypes[data[i + 3]],
      mods: legend.tokenModifiers.filter((m, k) => data[i + 4] & (1 << k)).sort() });
  }
  return out;
}

async function tokens(c, uri, text, legend) {
  const r = await c.request('textDocument/semanticTokens/full', { textDocument: { uri } });
  assert.ok(!r.error, JSON.stringify(r.error));
  return decode(r.result.data, legend, text);
}

// The token at a place, by [needle, nth, delta] as `where` finds it.
function at(toks, text, needle, nth = 0, delta = 0) {
  const p = where(text, needle, nth, delta);
  const t = toks.find((x) => x.line === p.line && x.character === p.character);
  assert.ok(t, `no token at ${needle} (${p.line}:${p.character})`);
  return `${t.text} ${t.type}${t.mods.length ? ' ' + t.mods.join(',') : ''}`;
}

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

check('names as sema resolved them, keywords, literals and comments', async () => {
  const c = new Client(binary);
  const legend = (await c.initialize()).result.capabilities.semanticTokensProvider.legend;
  assert.ok(legend.tokenTypes.includes('variable') && legend.tokenModifiers.includes('declaration'));
  const uri = fileUri(deskPath);
  assert.deepEqual(await open(c, uri, desk), []);
  const toks = await tokens(c, uri, desk, legend);
  const expect = [
    [['fleet_size'], 'fleet_size variable declaration,readonly'],
    [['units fleet_size', 0, 6], 'fleet_size variable readonly'],
    [['income'], 'income variable declaration'],
    [['fleet gpus', 0, 6], 'gpus class declaration'],
    [['on gpus', 0, 3], 'gpus class'],
    [['gpus.units', 0, 5], 'units property'],
    [['h100_book'], 'h100_book function defaultLibrary'],
    [['haircut'], 'haircut function'],
    [['std.gpu.h100', 0, 4], 'gpu namespace'],
    [['import std', 0, 7], 'std namespace'],
    [['rates.senior', 0, 6], 'senior struct'],
    [['{ size', 0, 2], 'size parameter'],
    [['low_dscr'], 'low_dscr event declaration'],
    [['collections'], 'collections variable defaultLibrary,readonly'],
    [['lognormal'], 'lognormal function defaultLibrary'],
    [['S.interest_due', 0, 2], 'interest_due property'],
    [['pay S', 0, 4], 'S class'],
    [['balance 2m'], 'balance property'],
    [['pay S'], 'pay keyword'],
    [['period    monthly'], 'period keyword'],     // a setting here, though `period` is also a unit
    [['monthly'], 'monthly enumMember'],
    [['unit gpu', 0, 5], 'gpu type'],
    [['2.00 USD/gpu/h'], '2.00 USD/gpu/h number'],
    [['2025-01-31'], '2025-01-31 number'],
    [['"./lib/rates.deal"'], '"./lib/rates.deal" string'],
    [['30/360'], '30/360 enumMember'],
    [['// 720 h'], '// 720 h comment'],
    [['< 1.1x', 0, 0], '< operator'],
  ];
  for (const [[needle, nth, delta], want] of expect) assert.equal(at(toks, desk, needle, nth, delta), want, needle);
  // No token for punctuation, and no two tokens overlap.
  assert.ok(!toks.some((t) => ['{', '}', '(', ')', ',', ':', '.'].includes(t.text)));
  for (let i = 1; i < toks.length; ++i)
    assert.ok(toks[i].line > toks[i - 1].line || toks[i].character >= toks[i - 1].character + toks[i - 1].text.length);
  assert.equal((await c.close()).code, 0);
});

check('UTF-16 columns after non-ASCII; a block comment is one token a line', async () => {
  const c = new Client(binary);
  const legend = (await c.initialize()).result.capabilities.semanticTokensProvider.legend;
  const uri = fileUri(fleetPath);
  const text = fleet.replace('  equity E', '  /* a comment\n     over two lines */ equity E');
  assert.deepEqual(await open(c, uri, text), []);
  const toks = await tokens(c, uri, text, legend);
  // `lessee "Café — 𝄞"  units 100 gpu`: after the string, columns count UTF-16 units.
  assert.equal(at(toks, text, '"Café — 𝄞"'), '"Café — 𝄞" string');
  assert.equal(at(toks, text, 'units 100 gpu'), 'units property');
  assert.equal(at(toks, text, 'market_rate }'), 'market_rate variable readonly');
  assert.equal(at(toks, text, '/* a comment'), '/* a comment comment');
  assert.equal(at(toks, text, 'over two lines */'), 'over two lines */ comment');
  assert.equal(at(toks, text, 'equity E', 0, 7), 'E class declaration');
  assert.equal((await c.close()).code, 0);
});

check('a text that does not check: keywords and literals still, names left alone', async () => {
  const c = new Client(binary);
  const legend = (await c.initialize()).result.capabilities.semanticTokensProvider.legend;
  const uri = fileUri(deskPath);
  const broken = desk.replace('cost  unit_cost', 'cost  unit_cots');
  assert.equal((await open(c, uri, broken)).length, 1);
  const toks = await tokens(c, uri, broken, legend);
  assert.equal(at(toks, broken, 'param fleet_size'), 'param keyword');
  assert.equal(at(toks, broken, '1_000 gpu'), '1_000 gpu number');
  assert.ok(!toks.some((t) => t.text === 'fleet_size'), 'a name is not guessed from its letters');
  // A closed document: no tokens.
  const r = await c.request('textDocument/semanticTokens/full', { textDocument: { uri: 'file:///nowhere.deal' } });
  assert.deepEqual(r.result, { data: [] });
  assert.equal((await c.close()).code, 0);
});

run(checks);
