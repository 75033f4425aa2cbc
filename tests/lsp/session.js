// A scripted session with `sluice lsp`: one server process, framed JSON-RPC
// over its stdin/stdout, and the messages it sends. Shared by the session
// tests of this folder (lsp_test.js and one script per feature).
'use strict';
const { spawn } = require('child_process');
const assert = require('assert/strict');

// One server process and the messages it sends.
class Client {
  constructor(binary) {
    // No SLUICE_STDLIB: `import std.gpu` must resolve as the CLI resolves it.
    const env = { ...process.env };
    delete env.SLUICE_STDLIB;
    // --stdio as language clients pass it (vscode-languageclient's stdio
    // transport, Neovim); the VS Code client test starts a bare `sluice lsp`.
    this.proc = spawn(binary, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.buffer = Buffer.alloc(0);
    this.messages = [];
    this.waiters = [];
    this.nextId = 1;
    this.stderr = '';
    this.proc.stdout.on('data', (d) => this.onData(d));
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.proc.stdin.on('error', () => {});  // the server may exit before reading everything
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
  }
  onData(data) {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const header = this.buffer.subarray(0, end).toString('ascii');
      const m = /Content-Length: (\d+)/i.exec(header);
      assert.ok(m, `a header without Content-Length: ${header}`);
      const len = Number(m[1]);
      if (this.buffer.length < end + 4 + len) return;
      const body = this.buffer.subarray(end + 4, end + 4 + len).toString('utf8');
      this.buffer = this.buffer.subarray(end + 4 + len);
      this.messages.push(JSON.parse(body));
      this.poke();
    }
  }
  poke() {
    for (const w of [...this.waiters]) {
      const i = this.messages.findIndex(w.pred);
      if (i >= 0) {
        const [msg] = this.messages.splice(i, 1);
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(msg);
      }
    }
  }
  waitFor(pred, what) {
    return new Promise((resolve, reject) => {
      const w = { pred, resolve };
      w.timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`)), 15000);
      this.waiters.push(w);
      this.poke();
    });
  }
  sendRaw(bytes) { this.proc.stdin.write(bytes); }
  send(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.sendRaw(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }
  request(method, params) {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return this.waitFor((m) => m.id === id && !m.method, `the answer to ${method}`);
  }
  notify(method, params) { this.send({ jsonrpc: '2.0', method, params }); }
  diagnostics(uri) {
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri, `diagnostics of ${uri}`)
      .then((m) => m.params.diagnostics);
  }
  async initialize() {
    const r = await this.request('initialize', { processId: null, rootUri: null, capabilities: {} });
    this.notify('initialized', {});
    return r;
  }
  async close() {
    const r = await this.request('shutdown', null);
    assert.equal(r.result, null);
    this.notify('exit', null);
    return this.exited;
  }
}

// A position in a document (0-based line, UTF-16 column, as JS strings count).
function where(text, needle, nth = 0, delta = 0) {
  let at = -1;
  for (let k = 0; k <= nth; ++k) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `\`${needle}\` not in the text`);
  }
  at += delta;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}

function fileUri(p) {
  return 'file://' + p.split('/').map((s) => encodeURIComponent(s)).join('/');
}

// The JS string index (UTF-16, as the protocol counts) of a position.
function offsetOf(text, pos) {
  let at = 0;
  for (let l = 0; l < pos.line; ++l) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return at + pos.character;
}

// The text after a list of TextEdits (non-overlapping, any order).
function applyEdits(text, edits) {
  const spans = edits.map((e) => ({ b: offsetOf(text, e.range.start), e: offsetOf(text, e.range.end), t: e.newText }));
  spans.sort((x, y) => y.b - x.b);
  for (const s of spans) text = text.slice(0, s.b) + s.t + text.slice(s.e);
  return text;
}

// Opens a document and returns its first diagnostics.
async function open(client, uri, text) {
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'sluice', version: 1, text } });
  return client.diagnostics(uri);
}

// Runs the checks in order and exits 0 when all pass, 1 otherwise.
async function run(checks) {
  let failed = 0;
  let finished = false;
  // A promise that never settles would let node exit quietly with status 0.
  process.on('beforeExit', () => {
    if (!finished) {
      console.log('FAIL the checks stopped before the end');
      process.exit(1);
    }
  });
  for (const { name, fn } of checks) {
    try {
      await fn();
      console.log(`ok   ${name}`);
    } catch (e) {
      ++failed;
      console.log(`FAIL ${name}\n     ${e.stack}`);
    }
  }
  finished = true;
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

// The feature scripts' shared fixture: features/desk.deal and the file it
// imports by path, features/lib/rates.deal, with their texts and URIs.
function featureFiles(fixtures) {
  const fs = require('fs');
  const path = require('path');
  const deskPath = path.join(fixtures, 'features', 'desk.deal');
  const libPath = path.join(fixtures, 'features', 'lib', 'rates.deal');
  return {
    deskPath, libPath,
    desk: fs.readFileSync(deskPath, 'utf8'), lib: fs.readFileSync(libPath, 'utf8'),
    deskUri: fileUri(deskPath), libUri: fileUri(libPath),
  };
}

module.exports = { Client, where, fileUri, run, offsetOf, applyEdits, open, featureFiles };
