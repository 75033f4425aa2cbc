// textDocument/references in scripted sessions: the uses sema resolved to a
// declaration, in the deal and in the file it imports by path, and nothing
// that merely has the same letters. Usage:
//   node references_test.js SLUICE_BINARY FIXTURES_DIR
'use strict';
const assert = require('assert/strict');
const { Client, where, run, open, featureFiles } = require('./session');

const [binary, fixtures] = process.argv.slice(2);
const { desk, lib, deskUri, libUri } = featureFiles(fixtures);

// "desk:LINE:COL" for a location, so that a failure shows which one.
const show = (loc) => `${loc.uri === deskUri ? 'desk' : loc.uri === libUri ? 'lib' : loc.uri}:${loc.range.start.line}:${loc.range.start.character}`;
// The expected places, by hand: [file text, needle, nth match, offset into it].
const at = (which, needle, nth = 0, delta = 0) => {
  const p = where(which === 'desk' ? desk : lib, needle, nth, delta);
  return `${which}:${p.line}:${p.character}`;
};

async function refs(c, needle, nth, delta, includeDeclaration) {
  const r = await c.request('textDocument/references', {
    textDocument: { uri: deskUri }, position: where(desk, needle, nth, delta), context: { includeDeclaration } });
  assert.ok(!r.error, JSON.stringify(r.error));
  return r.result === null ? null : r.result.map(show).sort();
}

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

check('a param: its declaration and every use; without the declaration when asked', async () => {
  const c = new Client(binary);
  await c.initialize();
  assert.deepEqual(await open(c, deskUri, desk), []);
  // From a use (`units fleet_size` in the fleet) and from the declaration: the same answer.
  const want = [at('desk', 'fleet_size', 0), at('desk', 'fleet_size', 1), at('desk', 'fleet_size', 2), at('desk', 'fleet_size', 3),
    at('desk', 'fleet_size', 4)].sort();
  assert.deepEqual(await refs(c, 'units fleet_size', 0, 8, true), want);
  assert.deepEqual(await refs(c, 'fleet_size', 0, 3, true), want);
  assert.deepEqual(await refs(c, 'fleet_size', 0, 0, false), want.filter((w) => w !== at('desk', 'fleet_size', 0)));
  // Each range covers the name exactly.
  const r = await c.request('textDocument/references', { textDocument: { uri: deskUri }, position: where(desk, 'fleet_size'), context: { includeDeclaration: true } });
  for (const loc of r.result) assert.equal(loc.range.end.character - loc.range.start.character, 'fleet_size'.length);
  assert.equal((await c.close()).code, 0);
});

check('names outside expressions: a lease\'s fleet, a correlation, an account in `fill`, an instance in `covers` and `pay`', async () => {
  const c = new Client(binary);
  await c.initialize();
  await open(c, deskUri, desk);
  assert.deepEqual(await refs(c, 'fleet gpus', 0, 6, true), [at('desk', 'gpus', 0), at('desk', 'on gpus', 0, 3), at('desk', 'gpus.units', 0)].sort());
  assert.deepEqual(await refs(c, 'power', 0, 0, true), [at('desk', 'power', 0), at('desk', 'gpu_rate, power', 0, 10)].sort());
  assert.deepEqual(await refs(c, 'reserve', 0, 0, true), [at('desk', 'account reserve', 0, 8), at('desk', 'fill reserve', 0, 5)].sort());
  const s = await refs(c, 'as S', 0, 3, true);
  assert.deepEqual(s, [at('desk', 'as S', 0, 3), at('desk', 'covers S', 0, 7), at('desk', 'S.interest_due'), at('desk', 'pay S.interest', 0, 4),
    at('desk', 'pay S.principal', 0, 4), at('desk', 'pay S.principal', 1, 4)].sort());
  assert.equal((await c.close()).code, 0);
});

check('across the imported file: a curve and a template parameter; `size` is not `senior_size`', async () => {
  const c = new Client(binary);
  await c.initialize();
  await open(c, deskUri, desk);
  assert.deepEqual(await refs(c, 'haircut', 0, 0, true), [at('desk', 'haircut'), at('lib', 'curve haircut', 0, 6)].sort());
  // `use rates.senior as S { size senior_size }`: `size` is the template's parameter, used twice in its body.
  assert.deepEqual(await refs(c, '{ size', 0, 2, true),
    [at('desk', '{ size', 0, 2), at('lib', 'size: Money', 0), at('lib', 'balance size', 0, 8), at('lib', '/ size', 0, 2)].sort());
  assert.deepEqual(await refs(c, 'rates.senior', 0, 6, true), [at('desk', 'rates.senior', 0, 6), at('lib', 'template senior', 0, 9)].sort());
  assert.deepEqual(await refs(c, 'senior_size', 1, 0, true), [at('desk', 'senior_size', 0), at('desk', 'senior_size', 1)].sort());
  assert.equal((await c.close()).code, 0);
});

check('built-ins, members, keywords, modules and a text that does not check: null', async () => {
  const c = new Client(binary);
  await c.initialize();
  await open(c, deskUri, desk);
  for (const [needle, nth, delta] of [['collections', 0, 0], ['S.interest', 0, 3], ['lognormal', 0, 0], ['waterfall', 0, 0], ['rates.haircut', 0, 0],
    ['std.gpu', 1, 0], ['balance', 0, 0]])
    assert.equal(await refs(c, needle, nth, delta, true), null, needle);
  c.notify('textDocument/didChange', { textDocument: { uri: deskUri, version: 2 }, contentChanges: [{ text: desk.replace('cost  unit_cost', 'cost  unit_cots') }] });
  assert.equal((await c.diagnostics(deskUri)).length, 1);
  assert.equal(await refs(c, 'fleet_size', 0, 0, true), null);
  assert.equal((await c.close()).code, 0);
});

run(checks);
