// textDocument/formatting in scripted sessions: the edits turn the editor's
// text into exactly what `sluice fmt` prints for it (the oracle: the CLI on
// the same text), in one edit from the first changed line to the last.
// Usage:
//   node formatting_test.js SLUICE_BINARY FIXTURES_DIR
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const assert = require('assert/strict');
const { spawnSync } = require('child_process');
const { Client, fileUri, run, open, applyEdits } = require('./session');

const [binary, fixtures] = process.argv.slice(2);
const deskPath = path.join(fixtures, 'features', 'desk.deal');
const fleetPath = path.join(fixtures, 'sub_dir', 'fleet.deal');
const desk = fs.readFileSync(deskPath, 'utf8');
const fleet = fs.readFileSync(fleetPath, 'utf8');

// What `sluice fmt` prints for a text.
function fmt(text) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-fmt-'));
  fs.writeFileSync(path.join(tmp, 'x.deal'), text);
  const r = spawnSync(binary, ['fmt', path.join(tmp, 'x.deal')]);
  fs.rmSync(tmp, { recursive: true });
  assert.equal(r.status, 0, r.stderr.toString());
  return r.stdout.toString();
}

// The text as a careless hand leaves it: indentation lost or doubled, runs
// of spaces collapsed, trailing blanks.
function scramble(text) {
  return text.split('\n').map((l, i) => {
    const bare = l.replace(/ {2,}/g, ' ').trimStart();
    return bare === '' ? bare : (i % 3 === 0 ? '' : i % 3 === 1 ? '      ' : '\t') + bare + (i % 4 === 0 ? '   ' : '');
  }).join('\n');
}

async function format(c, uri) {
  const r = await c.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  assert.ok(!r.error, JSON.stringify(r.error));
  return r.result;
}

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

check('a deal already in the layout gets no edit', async () => {
  const c = new Client(binary);
  await c.initialize();
  const uri = fileUri(deskPath);
  await open(c, uri, desk);
  assert.equal(fmt(desk), desk);
  assert.deepEqual(await format(c, uri), []);
  assert.equal((await c.close()).code, 0);
});

check('a scrambled deal: the edits give `sluice fmt`\'s text, in one edit over the changed lines', async () => {
  const c = new Client(binary);
  await c.initialize();
  for (const [p, text] of [[deskPath, desk], [fleetPath, fleet]]) {
    const uri = fileUri(p);
    const messy = scramble(text);
    assert.notEqual(messy, text);
    await open(c, uri, messy);
    const edits = await format(c, uri);
    assert.equal(edits.length, 1);
    assert.equal(applyEdits(messy, edits), fmt(messy));
    // Whole lines: the edit starts and ends at a line's start, so no column
    // (bytes or UTF-16 units) can split `Café — 𝄞` on fleet.deal's lease line.
    assert.equal(edits[0].range.start.character, 0);
    assert.equal(edits[0].range.end.character, 0);
  }
  // One changed line in a canonical text: the edit covers that line only.
  const uri = fileUri(fleetPath);
  const one = fmt(fleet).replace('  equity E', 'equity    E');
  c.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: one }] });
  await c.diagnostics(uri);
  const edits = await format(c, uri);
  const line = one.split('\n').indexOf('equity    E');
  assert.deepEqual(edits, [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '  equity E\n' }]);
  assert.equal((await c.close()).code, 0);
});

check('a text that does not parse gets no edit (the diagnostics say why); a closed document, null', async () => {
  const c = new Client(binary);
  await c.initialize();
  const uri = fileUri(deskPath);
  const broken = scramble(desk).replace('waterfall {', 'waterfall {{');
  assert.ok((await open(c, uri, broken)).length > 0);
  assert.deepEqual(await format(c, uri), []);
  const r = await c.request('textDocument/formatting', { textDocument: { uri: 'file:///nowhere.deal' }, options: { tabSize: 2, insertSpaces: true } });
  assert.equal(r.result, null);
  assert.equal((await c.close()).code, 0);
});

run(checks);
