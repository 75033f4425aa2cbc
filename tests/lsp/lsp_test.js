// Scripted sessions with `sluice lsp`: framed JSON-RPC over the server's
// stdin/stdout, checking what an editor relies on. Usage:
//   node lsp_test.js SLUICE_BINARY FIXTURES_DIR
// Exits 0 when every check passes, 1 on the first failure (with the reason).
'use strict';
const fs = require('fs');
const path = require('path');
const assert = require('assert/strict');

const [binary, fixtures] = process.argv.slice(2);
if (!binary || !fixtures) {
  console.error('usage: node lsp_test.js SLUICE_BINARY FIXTURES_DIR');
  process.exit(2);
}
const stdlib = path.resolve(path.dirname(fixtures), '..', '..', 'stdlib');

const { Client: Session, where, fileUri, run } = require('./session');
class Client extends Session {
  constructor() { super(binary); }
}

const dealPath = path.join(fixtures, 'sub_dir', 'fleet.deal');
const dealText = fs.readFileSync(dealPath, 'utf8');
// The folder `sub_dir` spelled `sub%5Fdir`: the server must percent-decode.
const dealUri = fileUri(path.dirname(path.dirname(dealPath))) + '/sub%5Fdir/fleet.deal';

const checks = [];
function check(name, fn) { checks.push({ name, fn }); }

check('initialize advertises what the server does', async () => {
  const c = new Client();
  const r = await c.initialize();
  const caps = r.result.capabilities;
  assert.equal(caps.hoverProvider, true);
  assert.equal(caps.definitionProvider, true);
  assert.equal(caps.documentSymbolProvider, true);
  assert.ok(caps.completionProvider.triggerCharacters.includes('.'));
  assert.equal(caps.textDocumentSync.openClose, true);
  assert.ok([1, 2].includes(caps.textDocumentSync.change));
  assert.equal((await c.close()).code, 0);
});

check('a clean deal with std and relative imports has no diagnostics; hover, definition, symbols', async () => {
  const c = new Client();
  await c.initialize();
  c.notify('textDocument/didOpen', { textDocument: { uri: dealUri, languageId: 'sluice', version: 1, text: dealText } });
  assert.deepEqual(await c.diagnostics(dealUri), []);
  const td = { uri: dealUri };

  // Hover: a param with its unit, a member with its owner and type, a unit, a lease, a curve of std.
  let h = await c.request('textDocument/hover', { textDocument: td, position: where(dealText, 'fleet_size', 1, 2) });
  assert.match(h.result.contents.value, /param `fleet_size`: Quantity \(gpu\)/);
  assert.match(h.result.contents.value, /param fleet_size += 100 gpu/);
  h = await c.request('textDocument/hover', { textDocument: td, position: where(dealText, 'A.balance', 0, 3) });
  assert.match(h.result.contents.value, /member `balance` of tranche `A`: Money \(USD\)/);
  assert.match(h.result.contents.value, /the opening balance of the period/);  // the registry's doc
  assert.deepEqual(h.result.range.start, where(dealText, 'A.balance', 0, 2));
  h = await c.request('textDocument/hover', { textDocument: td, position: where(dealText, '100 gpu', 0, 5) });
  assert.match(h.result.contents.value, /unit `gpu`/);
  h = await c.request('textDocument/hover', { textDocument: td, position: where(dealText, 'anchor') });
  assert.match(h.result.contents.value, /lease `anchor`/);
  // A property word inside its block: the registry's doc.
  h = await c.request('textDocument/hover', { textDocument: td, position: where(dealText, 'lessee', 0, 2) });
  assert.match(h.result.contents.value, /property `lessee`: the lessee's name in quotes/);
  h = await c.request('textDocument/hover', { textDocument: td, position: where(dealText, 'ltv', 1) });
  assert.match(h.result.contents.value, /test `ltv`: Ratio/);
  h = await c.request('textDocument/hover', { textDocument: td, position: where(dealText, 'h100_book') });
  assert.match(h.result.contents.value, /curve `h100_book`: Curve/);
  // A space: nothing there.
  h = await c.request('textDocument/hover', { textDocument: td, position: { line: 0, character: 2 } });
  assert.equal(h.result, null);

  // Definition: in the document, in the standard library, in a file imported by path.
  let d = await c.request('textDocument/definition', { textDocument: td, position: where(dealText, 'market_rate', 1, 3) });
  assert.equal(d.result.uri, dealUri);
  assert.deepEqual(d.result.range.start, where(dealText, 'market_rate', 0));
  d = await c.request('textDocument/definition', { textDocument: td, position: where(dealText, 'h100_book', 0, 1) });
  assert.ok(d.result.uri.endsWith('/stdlib/std/gpu.deal'), d.result.uri);
  const gpuText = fs.readFileSync(path.join(stdlib, 'std', 'gpu.deal'), 'utf8');
  assert.deepEqual(d.result.range.start, where(gpuText, 'h100_book', 0));
  d = await c.request('textDocument/definition', { textDocument: td, position: where(dealText, 'resale(', 0, 1) });
  assert.ok(d.result.uri.endsWith('/sub_dir/lib/curves.deal'), d.result.uri);
  assert.equal(d.result.range.start.line, 1);

  // Document symbols: the deal, with its declarations, the fleet with its properties.
  const s = await c.request('textDocument/documentSymbol', { textDocument: td });
  const deal = s.result.find((x) => x.name === 'LSP fleet');
  assert.ok(deal, JSON.stringify(s.result.map((x) => x.name)));
  const names = deal.children.map((x) => x.name);
  for (const n of ['fleet_size', 'market_rate', 'gpus', 'anchor', 'A', 'E', 'ltv', 'breach', 'waterfall', 'gpu'])
    assert.ok(names.includes(n), `${n} missing from ${names}`);
  const gpus = deal.children.find((x) => x.name === 'gpus');
  assert.deepEqual(gpus.children.map((x) => x.name), ['units', 'cost', 'book']);
  assert.deepEqual(gpus.selectionRange.start, where(dealText, 'gpus {'));
  assert.ok(s.result.some((x) => x.name === 'std.gpu'));
  assert.equal((await c.close()).code, 0);
});

check('completion: names, keywords, members after `X.`, module members, while the text does not parse', async () => {
  const c = new Client();
  await c.initialize();
  c.notify('textDocument/didOpen', { textDocument: { uri: dealUri, languageId: 'sluice', version: 1, text: dealText } });
  await c.diagnostics(dealUri);
  const td = { uri: dealUri, version: 2 };
  // Type `  let t = A.` on a new line: the text no longer parses.
  const at = where(dealText, '  waterfall {');
  const insert = '  let t = A.\n';
  c.notify('textDocument/didChange', { textDocument: td, contentChanges: [{ range: { start: at, end: at }, text: insert }] });
  const diags = await c.diagnostics(dealUri);
  assert.ok(diags.length > 0, 'a half-typed line is an error');
  const labels = async (pos) => {
    const r = await c.request('textDocument/completion', { textDocument: td, position: pos });
    return (Array.isArray(r.result) ? r.result : r.result.items).map((i) => i.label);
  };
  let got = await labels({ line: at.line, character: insert.length - 1 });
  for (const m of ['balance', 'interest_due', 'principal_shortfall', 'coupon']) assert.ok(got.includes(m), `${m} missing from ${got}`);
  assert.ok(!got.includes('fleet_size'));
  got = await labels({ line: at.line, character: 2 });
  for (const m of ['fleet_size', 'gpus', 'anchor', 'A', 'ltv', 'std', 'curves', 'collections', 'prev', 'round', 'floor', 'ceil', 'mod', 'tranche', 'waterfall'])
    assert.ok(got.includes(m), `${m} missing`);
  // Module members: replace `A.` with `std.gpu.`.
  c.notify('textDocument/didChange', {
    textDocument: { uri: dealUri, version: 3 },
    contentChanges: [{ range: { start: { line: at.line, character: 10 }, end: { line: at.line, character: 12 } }, text: 'std.gpu.' }],
  });
  await c.diagnostics(dealUri);
  got = await labels({ line: at.line, character: 18 });
  for (const m of ['h100_book', 'h200_book', 'h100_market']) assert.ok(got.includes(m), `${m} missing from ${got}`);
  got = await labels({ line: at.line, character: 14 });  // after `std.`
  assert.ok(got.includes('gpu'));
  // Bare members inside a block: `book_value` inside the fleet.
  got = await labels(where(dealText, '    book  std'));
  assert.ok(got.includes('book_value'));
  // The block's properties, from the registry: `book` is a fleet's property, not a member.
  assert.ok(got.includes('book'));
  assert.ok(!got.includes('amortization'));
  assert.equal((await c.close()).code, 0);
});

check('diagnostics: codes, hints, UTF-16 columns after non-ASCII, in-memory text, incremental edits, close', async () => {
  const c = new Client();
  await c.initialize();
  const broken = dealText.replace('then market_rate }', 'then market_rat }');
  c.notify('textDocument/didOpen', { textDocument: { uri: dealUri, languageId: 'sluice', version: 1, text: broken } });
  const diags = await c.diagnostics(dealUri);
  assert.equal(diags.length, 1, JSON.stringify(diags));
  const d = diags[0];
  assert.match(d.code, /^E\d{4}$/);
  assert.equal(d.source, 'sluice');
  assert.equal(d.severity, 1);
  assert.match(d.message, /market_rat/);
  assert.match(d.message, /hint: did you mean `market_rate`\?/);
  const start = where(broken, 'market_rat }');
  // The line holds é (2 bytes), — (3 bytes) and 𝄞 (4 bytes, 2 UTF-16 units): bytes and units differ.
  const lineText = broken.split('\n')[start.line];
  assert.notEqual(Buffer.byteLength(lineText.slice(0, start.character)), start.character);
  assert.deepEqual(d.range.start, start);
  assert.deepEqual(d.range.end, { line: start.line, character: start.character + 'market_rat'.length });
  // The same code as `sluice check` prints.
  const tmp = fs.mkdtempSync(path.join(require('os').tmpdir(), 'sluice-lsp-'));
  fs.mkdirSync(path.join(tmp, 'lib'));
  fs.copyFileSync(path.join(fixtures, 'sub_dir', 'lib', 'curves.deal'), path.join(tmp, 'lib', 'curves.deal'));
  fs.writeFileSync(path.join(tmp, 'fleet.deal'), broken);
  const cli = require('child_process').spawnSync(binary, ['check', path.join(tmp, 'fleet.deal')], { env: { ...process.env, NO_COLOR: '1' } });
  fs.rmSync(tmp, { recursive: true });
  assert.equal(cli.status, 65);
  assert.ok(cli.stderr.toString().includes(`error[${d.code}]`), cli.stderr.toString());
  assert.ok(cli.stderr.toString().includes(`:${start.line + 1}:`));

  // Incremental fix: insert the missing `e`.
  const fixAt = { line: start.line, character: start.character + 'market_rat'.length };
  c.notify('textDocument/didChange', { textDocument: { uri: dealUri, version: 2 }, contentChanges: [{ range: { start: fixAt, end: fixAt }, text: 'e' }] });
  assert.deepEqual(await c.diagnostics(dealUri), []);
  // Full sync: a unit error.
  c.notify('textDocument/didChange', { textDocument: { uri: dealUri, version: 3 }, contentChanges: [{ text: dealText.replace('coupon       6%', 'coupon       6 USD') }] });
  const unit = await c.diagnostics(dealUri);
  assert.equal(unit.length, 1);
  assert.equal(unit[0].code, 'E0301');
  assert.match(unit[0].message, /hint: a coupon is a ratio/);

  // The text in memory, not the file on disk (which is clean).
  const diskUri = fileUri(path.join(fixtures, 'sub_dir', 'on_disk.deal'));
  const diskText = fs.readFileSync(path.join(fixtures, 'sub_dir', 'on_disk.deal'), 'utf8');
  c.notify('textDocument/didOpen', { textDocument: { uri: diskUri, languageId: 'sluice', version: 1, text: diskText.replace('coupon 6%', 'coupon 6 USD') } });
  assert.equal((await c.diagnostics(diskUri))[0].code, 'E0301');
  c.notify('textDocument/didClose', { textDocument: { uri: diskUri } });
  assert.deepEqual(await c.diagnostics(diskUri), []);
  // A problem in an imported file: shown on the import, pointing into the file.
  const importing = dealText.replace('import "./lib/curves.deal"', 'import "./lib/mixed_units.deal"').replace('curves.resale', 'mixed_units.mixed');
  c.notify('textDocument/didChange', { textDocument: { uri: dealUri, version: 4 }, contentChanges: [{ text: importing }] });
  const imp = await c.diagnostics(dealUri);
  assert.equal(imp.length, 1, JSON.stringify(imp));
  assert.deepEqual(imp[0].range.start, where(importing, 'import "./lib/mixed_units.deal"'));
  assert.ok(imp[0].relatedInformation[0].location.uri.endsWith('/sub_dir/lib/mixed_units.deal'));
  const mixedText = fs.readFileSync(path.join(fixtures, 'sub_dir', 'lib', 'mixed_units.deal'), 'utf8');
  assert.deepEqual(imp[0].relatedInformation[0].location.range.start, where(mixedText, '5 USD'));
  // A syntax error and an unknown import.
  c.notify('textDocument/didChange', { textDocument: { uri: dealUri, version: 5 }, contentChanges: [{ text: 'import std.gpx\ndeal "x" {' }] });
  const syn = await c.diagnostics(dealUri);
  assert.ok(syn.length >= 1 && syn.every((x) => /^E\d{4}$/.test(x.code)), JSON.stringify(syn));
  assert.equal((await c.close()).code, 0);
});

check('protocol errors: unknown method, bad params, malformed JSON, requests before initialize', async () => {
  const c = new Client();
  let r = await c.request('textDocument/hover', { textDocument: { uri: dealUri }, position: { line: 0, character: 0 } });
  assert.equal(r.error.code, -32002);
  await c.initialize();
  r = await c.request('workspace/symbol', { query: '' });
  assert.equal(r.error.code, -32601);
  c.notify('$/unknownNotification', {});
  r = await c.request('textDocument/hover', { textDocument: { uri: dealUri } });
  assert.equal(r.error.code, -32602);
  const body = Buffer.from('{"jsonrpc": "2.0", "id": 99, "method": ', 'utf8');
  c.sendRaw(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  const pe = await c.waitFor((m) => m.error && m.error.code === -32700, 'a parse error');
  assert.equal(pe.id, null);
  c.sendRaw(Buffer.from('Content-Length: 2\r\n\r\n[]'));
  assert.equal((await c.waitFor((m) => m.error && m.error.code === -32600, 'an invalid request')).id, null);
  r = await c.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere.deal' }, position: { line: 0, character: 0 } });
  assert.equal(r.result, null);  // still serving
  const sh = await c.request('shutdown', null);
  assert.equal(sh.result, null);
  r = await c.request('textDocument/documentSymbol', { textDocument: { uri: dealUri } });
  assert.equal(r.error.code, -32600);
  c.notify('exit', null);
  assert.deepEqual(await c.exited, { code: 0, signal: null });
});

check('exit without shutdown is 1; end of input and a bad Content-Length end the server cleanly', async () => {
  let c = new Client();
  await c.initialize();
  c.notify('exit', null);
  assert.deepEqual(await c.exited, { code: 1, signal: null });
  c = new Client();
  await c.initialize();
  c.proc.stdin.end();
  assert.deepEqual(await c.exited, { code: 1, signal: null });
  c = new Client();
  await c.initialize();
  c.sendRaw(Buffer.from('Content-Length: twelve\r\n\r\n{"id": 1}'));
  assert.deepEqual(await c.exited, { code: 1, signal: null });
  c = new Client();
  await c.initialize();
  c.sendRaw(Buffer.from('Content-Length: 1000\r\n\r\n{"jsonrpc": "2.0"'));
  c.proc.stdin.end();
  assert.deepEqual(await c.exited, { code: 1, signal: null });
});

check('a template\'s step groups and their placements are in the outline; a name in them finds its declaration', async () => {
  const c = new Client();
  await c.initialize();
  const uri = fileUri(path.join(fixtures, 'sub_dir', 'template_steps.deal'));
  const text = [
    'template mezz(size: Money) {',
    '  tranche note { balance size  coupon 6% }',
    '  steps senior { pay note.interest }',
    '  steps rest { pay note.principal }',
    '}',
    'deal "Steps" {',
    '  currency USD',
    '  start    2025-01-31',
    '  horizon  12 months',
    '  loan pool { balance 10m USD  rate 8%  amortization level over 12 months }',
    '  use mezz as B { size 2m USD }',
    '  equity E',
    '  waterfall {',
    '    steps B.senior',
    '    steps B.rest',
    '    pay E residual',
    '  }',
    '}',
    ''].join('\n');
  c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'sluice', version: 1, text } });
  assert.deepEqual(await c.diagnostics(uri), []);
  const s = await c.request('textDocument/documentSymbol', { textDocument: { uri } });
  const templ = s.result.find((x) => x.name === 'mezz');
  const groups = templ.children.filter((x) => x.detail === 'steps').map((x) => x.name);
  assert.deepEqual(groups, ['senior', 'rest']);
  const deal = s.result.find((x) => x.name === 'Steps');
  const wf = deal.children.find((x) => x.name === 'waterfall');
  assert.deepEqual(wf.children.map((x) => x.name), ['steps B.senior', 'steps B.rest']);
  // `B` in `steps B.rest` is the instance.
  const d = await c.request('textDocument/definition', { textDocument: { uri }, position: where(text, 'B.rest', 0) });
  assert.deepEqual(d.result.range.start, where(text, 'B {', 0));
  assert.equal((await c.close()).code, 0);
});

check('arbitrary text never crashes the server', async () => {
  const c = new Client();
  await c.initialize();
  // Every prefix of the deal (every 5th character), odd bytes, deep nesting, and edits at every position.
  const texts = [];
  for (let i = 0; i <= dealText.length; i += 5) texts.push(dealText.slice(0, i));
  texts.push('\u0000\u0001\uffff', '(' .repeat(5000), 'deal "x" { let a = ' + '-'.repeat(3000) + '1 }', '\r\n\r\n\t', 'é'.repeat(1000) + '𝄞');
  let seed = 7;
  const random = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  for (let k = 0; k < texts.length; ++k) {
    const uri = fileUri(path.join(fixtures, 'sub_dir', `fuzz${k}.deal`));
    c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'sluice', version: 1, text: texts[k] } });
    await c.diagnostics(uri);
    const lines = texts[k].split('\n');
    const line = random(lines.length + 2);
    const pos = { line, character: random(((lines[line] || '').length) + 3) };
    for (const m of ['textDocument/hover', 'textDocument/definition', 'textDocument/completion'])
      assert.ok(!(await c.request(m, { textDocument: { uri }, position: pos })).error, `${m} on text ${k}`);
    assert.ok(!(await c.request('textDocument/documentSymbol', { textDocument: { uri } })).error);
    // A range past the end and reversed: clamped, not a crash.
    c.notify('textDocument/didChange', { textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 999, character: 0 }, end: { line: 0, character: 99 } }, text: 'x' }] });
    await c.diagnostics(uri);
    c.notify('textDocument/didClose', { textDocument: { uri } });
    await c.diagnostics(uri);
  }
  assert.equal((await c.close()).code, 0);
});

run(checks);
