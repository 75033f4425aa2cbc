// Hover on params, lets and tests in scripted sessions: the value a param
// has before any `--set` (with its unit and its default as written), a
// value computed from other params, a let's unit, and the same answer at a
// use as at the declaration. The numbers, by hand from desk.deal:
//   fleet_size    = 1_000 gpu                       -> 1,000 gpu
//   senior_size   = 60% * 1,000 gpu * 25,000 USD/gpu -> 15,000,000 USD
//   lag           = 30 days                          -> 30 x 24 = 720 h (the IR's base unit)
//   advance       = 60%                              -> 0.6, a ratio
//   hourly        = 2.00 USD/gpu/h * 1,000 gpu       -> 2,000 USD/h
// Usage: node hover_values_test.js SLUICE_BINARY FIXTURES_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const assert = require('assert/strict');
const { Client, where, fileUri, run, open } = require('./session');

const [binary, fixtures] = process.argv.slice(2);
const deskPath = path.join(fixtures, 'features', 'desk.deal');
const desk = fs.readFileSync(deskPath, 'utf8');
const uri = fileUri(deskPath);

async function hover(c, needle, nth = 0, delta = 0) {
  const r = await c.request('textDocument/hover', { textDocument: { uri }, position: where(desk, needle, nth, delta) });
  assert.ok(!r.error && r.result, `${needle}: ${JSON.stringify(r)}`);
  return r.result.contents.value;
}

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

check('params: the value before any --set, its unit and its default', async () => {
  const c = new Client(binary);
  await c.initialize();
  assert.deepEqual(await open(c, uri, desk), []);
  let h = await hover(c, 'fleet_size');
  assert.match(h, /param fleet_size += 1_000 gpu/);  // the declaration's line
  assert.match(h, /param `fleet_size`: Quantity \(gpu\)/);
  assert.match(h, /unit: `gpu`/);
  assert.match(h, /value: 1,000 gpu \(the default, `1_000 gpu`; a run's `--set fleet_size=\.\.\.` replaces it\)/);
  h = await hover(c, 'senior_size');
  assert.match(h, /param `senior_size`: Money \(USD\)/);
  assert.match(h, /value: 15,000,000 USD \(the default, `advance \* fleet_size \* unit_cost`;/);
  h = await hover(c, 'lag');
  assert.match(h, /unit: `h`/);
  assert.match(h, /value: 720 h \(the default, `30 days`;/);
  h = await hover(c, 'advance');
  assert.match(h, /param `advance`: Ratio/);
  assert.match(h, /unit: none \(a ratio\)/);
  assert.match(h, /value: 0\.6 \(60%\)/);
  h = await hover(c, 'contract_rate');
  assert.match(h, /unit: `USD\/gpu\/h`/);
  assert.match(h, /value: 2 USD\/gpu\/h/);
  // At a use, the same answer as at the declaration.
  assert.equal(await hover(c, 'hourly      = contract_rate * fleet_size', 0, 30), await hover(c, 'fleet_size'));
  assert.equal((await c.close()).code, 0);
});

check('lets and tests: the unit, and the value only when it is fixed before the run', async () => {
  const c = new Client(binary);
  await c.initialize();
  await open(c, uri, desk);
  let h = await hover(c, 'hourly');
  assert.match(h, /let `hourly`: Flow \(USD\/h\)/);
  assert.match(h, /unit: `USD\/h`/);
  assert.match(h, /value: 2,000 USD\/h, fixed before the run/);
  h = await hover(c, 'income');
  assert.match(h, /let `income`: Money \(USD\)/);
  assert.match(h, /unit: `USD`/);
  assert.doesNotMatch(h, /value:/);  // collections change every period
  h = await hover(c, 'dscr');
  assert.match(h, /test `dscr`: Ratio/);
  assert.match(h, /unit: none \(a ratio\)/);
  assert.doesNotMatch(h, /value:/);
  // Not a value: a tranche's hover has no unit line.
  assert.doesNotMatch(await hover(c, 'tranche B', 0, 8), /unit:/);
  assert.equal((await c.close()).code, 0);
});

check('a --set-able param whose default reads the period: the default, no value', async () => {
  const c = new Client(binary);
  await c.initialize();
  const text = desk.replace('param lag           = 30 days', 'param lag           = 30 days * period_number');
  c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'sluice', version: 1, text } });
  const diags = await c.diagnostics(uri);
  assert.deepEqual(diags, [], JSON.stringify(diags));
  const r = await c.request('textDocument/hover', { textDocument: { uri }, position: where(text, 'lag') });
  assert.match(r.result.contents.value, /default: `30 days \* period_number`, computed each period/);
  assert.doesNotMatch(r.result.contents.value, /value:/);
  assert.equal((await c.close()).code, 0);
});

run(checks);
