// textDocument/prepareRename and textDocument/rename in scripted sessions:
// every occurrence sema resolved, across the imported file; refusals for
// keywords, built-ins, members, units, modules, the standard library, a
// taken name, a keyword as the new name, a rename after which the deal
// would not check, and a deal with errors. Usage:
//   node rename_test.js SLUICE_BINARY FIXTURES_DIR
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const assert = require('assert/strict');
const { spawnSync } = require('child_process');
const { Client, where, run, open, applyEdits, featureFiles } = require('./session');

const [binary, fixtures] = process.argv.slice(2);
const { desk, lib, deskUri, libUri } = featureFiles(fixtures);
const RequestFailed = -32803;

const rename = (c, pos, newName) => c.request('textDocument/rename', { textDocument: { uri: deskUri }, position: pos, newName });
const prepare = (c, pos) => c.request('textDocument/prepareRename', { textDocument: { uri: deskUri }, position: pos });

// `sluice check` on the renamed files, in a scratch copy of the fixture folder.
function checks_cleanly(deskText, libText) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-rename-'));
  fs.mkdirSync(path.join(tmp, 'lib'));
  fs.writeFileSync(path.join(tmp, 'desk.deal'), deskText);
  fs.writeFileSync(path.join(tmp, 'lib', 'rates.deal'), libText);
  const r = spawnSync(binary, ['check', path.join(tmp, 'desk.deal')], { env: { ...process.env, NO_COLOR: '1' } });
  fs.rmSync(tmp, { recursive: true });
  return { status: r.status, stderr: r.stderr.toString() };
}

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

check('prepareRename: the name\'s range and text', async () => {
  const c = new Client(binary);
  await c.initialize();
  assert.deepEqual(await open(c, deskUri, desk), []);
  const r = await prepare(c, where(desk, 'units fleet_size', 0, 10));
  assert.equal(r.result.placeholder, 'fleet_size');
  assert.deepEqual(r.result.range.start, where(desk, 'units fleet_size', 0, 6));
  assert.deepEqual(r.result.range.end, where(desk, 'units fleet_size', 0, 16));
  assert.equal((await prepare(c, where(desk, 'as S', 0, 3))).result.placeholder, 'S');
  assert.equal((await c.close()).code, 0);
});

check('rename a param: every use, nothing else; the result checks and says what the hand edit says', async () => {
  const c = new Client(binary);
  await c.initialize();
  await open(c, deskUri, desk);
  const r = await rename(c, where(desk, 'fleet_size', 2, 4), 'fleet_units');
  assert.deepEqual(Object.keys(r.result.changes), [deskUri]);
  const renamed = applyEdits(desk, r.result.changes[deskUri]);
  assert.equal(renamed, desk.replace(/\bfleet_size\b/g, 'fleet_units'));
  assert.deepEqual(checks_cleanly(renamed, lib), { status: 0, stderr: '' });
  // The same name again is no edit at all.
  assert.deepEqual((await rename(c, where(desk, 'fleet_size'), 'fleet_size')).result, { changes: {} });
  // An instance, used in `covers`, in expressions and in the waterfall.
  const s = await rename(c, where(desk, 'as S', 0, 3), 'Senior');
  const t = applyEdits(desk, s.result.changes[deskUri]);
  assert.equal(t, desk.replace(/\bS\b/g, 'Senior'));
  assert.equal(checks_cleanly(t, lib).status, 0);
  assert.equal((await c.close()).code, 0);
});

check('rename across the imported file: a curve and a template parameter', async () => {
  const c = new Client(binary);
  await c.initialize();
  await open(c, deskUri, desk);
  let r = await rename(c, where(desk, 'haircut'), 'resale_haircut');
  assert.deepEqual(Object.keys(r.result.changes).sort(), [deskUri, libUri].sort());
  let d = applyEdits(desk, r.result.changes[deskUri]), l = applyEdits(lib, r.result.changes[libUri]);
  assert.equal(d, desk.replace('rates.haircut', 'rates.resale_haircut'));
  assert.equal(l, lib.replace('curve haircut', 'curve resale_haircut'));
  assert.equal(checks_cleanly(d, l).status, 0);
  // `size`: the parameter at the use site and in the template; `senior_size` keeps its name.
  r = await rename(c, where(desk, '{ size', 0, 2), 'notional');
  d = applyEdits(desk, r.result.changes[deskUri]);
  l = applyEdits(lib, r.result.changes[libUri]);
  assert.equal(d, desk.replace('{ size senior_size }', '{ notional senior_size }'));
  assert.equal(l, lib.replace(/\bsize\b/g, 'notional'));
  assert.equal(checks_cleanly(d, l).status, 0);
  assert.equal((await c.close()).code, 0);
});

check('refused: keywords, built-ins, members, units, modules, the standard library', async () => {
  const c = new Client(binary);
  await c.initialize();
  await open(c, deskUri, desk);
  const refusals = [
    ['pay S', 0, 0, /`pay` is a keyword/],
    ['then gpu_rate', 0, 1, /`then` is a keyword/],
    ['collections', 0, 2, /`collections` is a built-in value/],
    ['lognormal', 0, 3, /`lognormal` is a built-in function/],
    ['S.interest_due', 0, 4, /`interest_due` is a member/],
    ['gpu\n', 0, 1, /`gpu` is a unit/],
    ['rates.senior', 0, 1, /`rates` names a module/],
    ['h100_book', 0, 2, /standard library .*read-only/],
    ['balance 2m', 0, 2, /`balance` is not a name the deal declares/],
  ];
  for (const [needle, nth, delta, why] of refusals) {
    for (const r of [await prepare(c, where(desk, needle, nth, delta)), await rename(c, where(desk, needle, nth, delta), 'x1')]) {
      assert.equal(r.error && r.error.code, RequestFailed, `${needle}: ${JSON.stringify(r)}`);
      assert.match(r.error.message, why);
    }
  }
  assert.equal((await c.close()).code, 0);
});

check('refused new names: taken, a keyword, a built-in, a unit, not a name, one the deal would not check with', async () => {
  const c = new Client(binary);
  await c.initialize();
  await open(c, deskUri, desk);
  const pos = where(desk, 'fleet_size');
  const refusals = [
    ['B', /`B` is already declared \(tranche `B`\)/],
    ['unit_cost', /already declared \(param `unit_cost`\)/],
    ['cover', /already declared \(test `S.cover`\)/],   // inside the template instance: taken too
    ['tranche', /`tranche` is a keyword/],
    ['over', /`over` is a keyword/],
    ['hours', /`hours` is a built-in value/],
    ['exp', /`exp` is a built-in function/],
    ['USD', /`USD` is a unit/],
    ['days', /`days` is a unit/],
    ['2x', /not a name/],
    ['fleet size', /not a name/],
    ['', /not a name/],
    // `units fleet_size` inside the fleet would read the fleet's own member.
    ['units', /would not check: `gpus.units` is defined in terms of itself/],
  ];
  for (const [name, why] of refusals) {
    const r = await rename(c, pos, name);
    assert.equal(r.error && r.error.code, RequestFailed, `${name}: ${JSON.stringify(r)}`);
    assert.match(r.error.message, why);
  }
  assert.equal((await c.close()).code, 0);
});

check('a deal with errors is not renamed: which names refer to what is not known', async () => {
  const c = new Client(binary);
  await c.initialize();
  await open(c, deskUri, desk.replace('cost  unit_cost', 'cost  unit_cots'));
  const r = await rename(c, where(desk, 'fleet_size'), 'fleet_units');
  assert.equal(r.error.code, RequestFailed);
  assert.match(r.error.message, /the deal has errors/);
  assert.equal((await prepare(c, where(desk, 'fleet_size'))).error.code, RequestFailed);
  // A closed document: nothing to rename.
  const closed = await c.request('textDocument/rename', { textDocument: { uri: 'file:///nowhere.deal' }, position: { line: 0, character: 0 }, newName: 'x' });
  assert.equal(closed.result, null);
  assert.equal((await c.close()).code, 0);
});

run(checks);
