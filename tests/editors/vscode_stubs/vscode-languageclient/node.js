// A stand-in for vscode-languageclient/node (see ../README.md): the same
// constructor, start and stop, and a small LSP client over the server's
// stdio, so that the options the extension builds start the real server.
'use strict';
const { spawn } = require('child_process');

const clients = [];
const TransportKind = { stdio: 0, ipc: 1, pipe: 2, socket: 3 };

function check(cond, what) {
  if (!cond) throw new TypeError(`LanguageClient: ${what}`);
}

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    check(typeof id === 'string' && id, 'the id is a non-empty string');
    check(typeof name === 'string' && name, 'the name is a non-empty string');
    // vscode-languageclient takes an Executable, or {run, debug} of two.
    const run = serverOptions && serverOptions.run ? serverOptions.run : serverOptions;
    check(run && typeof run.command === 'string' && run.command, 'serverOptions needs a command');
    check(!run.args || (Array.isArray(run.args) && run.args.every((a) => typeof a === 'string')), 'args are strings');
    if (serverOptions.run) check(serverOptions.debug && typeof serverOptions.debug.command === 'string', 'run comes with debug');
    check(clientOptions && Array.isArray(clientOptions.documentSelector), 'clientOptions needs a documentSelector');
    Object.assign(this, { id, name, serverOptions, clientOptions, executable: run });
    this.handlers = new Map();
    this.pending = new Map();
    this.nextId = 1;
    this.buffer = Buffer.alloc(0);
    clients.push(this);
  }

  start() {
    // As vscode-languageclient 9 starts an Executable: a `transport` adds a
    // flag to the arguments (`--stdio` for TransportKind.stdio), and
    // options.env is laid over the client's environment.
    const { command, options = {}, transport } = this.executable;
    const args = [...(this.executable.args || [])];
    if (transport === TransportKind.stdio) args.push('--stdio');
    else if (transport !== undefined) throw new Error('the stand-in speaks over stdio only');
    const env = { ...process.env, ...(options.env || {}) };
    this.spawned = { command, args, env };
    this.proc = spawn(command, args, { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.proc.stdout.on('data', (d) => this.onData(d));
    this.proc.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    // A server that ends fails every request still waiting for its answer.
    this.proc.on('exit', (code, signal) => {
      for (const [, p] of this.pending) p.reject(new Error(`${p.method}: the server exited (code ${code}, signal ${signal}); stderr: ${this.stderr}`));
      this.pending.clear();
    });
    return new Promise((resolve, reject) => {
      this.proc.on('error', (err) => reject(new Error(`Launching server using command ${command} failed: ${err.message}`)));
      this.proc.on('spawn', () => {
        this.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} }).then((result) => {
          this.initializeResult = result;
          this.sendNotification('initialized', {});
          resolve();
        }, reject);
      });
    });
  }

  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    await this.sendRequest('shutdown', null);
    this.sendNotification('exit', null);
    this.exitStatus = await this.exited;
  }

  dispose() { return this.stop(); }

  onNotification(method, handler) { this.handlers.set(method, handler); }

  sendNotification(method, params) { this.write({ jsonrpc: '2.0', method, params }); }

  sendRequest(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  write(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  onData(data) {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'));
      if (!m) throw new Error('a message without Content-Length');
      const len = Number(m[1]);
      if (this.buffer.length < end + 4 + len) return;
      const msg = JSON.parse(this.buffer.subarray(end + 4, end + 4 + len).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 4 + len);
      if (msg.method) {
        const h = this.handlers.get(msg.method);
        if (h) h(msg.params);
      } else if (this.pending.has(msg.id)) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p.reject(Object.assign(new Error(`${p.method}: ${msg.error.message}`), { code: msg.error.code }));
        else p.resolve(msg.result);
      }
    }
  }
}

module.exports = { LanguageClient, TransportKind, __clients: clients };
