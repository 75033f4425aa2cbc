// The VS Code extension (editors/vscode) against the real `sluice lsp`, with
// stand-ins for the VS Code API and vscode-languageclient (vscode_stubs/,
// put on NODE_PATH), so that it runs offline with no npm package. Usage:
//   node vscode_extension_test.js SLUICE_BINARY EXTENSION_DIR DEAL_FILE
// Checks the manifest, then activates the extension: the client it builds
// must start the server from the `sluice.server.path` setting, initialize
// it, and get diagnostics and a hover for a deal; restart and deactivate
// must end the server cleanly; a missing binary must be an error message
// that names the setting, not an exception.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const assert = require('assert/strict');
const { spawnSync } = require('child_process');

const stubs = path.join(__dirname, 'vscode_stubs');
if (process.env.SLUICE_VSCODE_STUBS !== stubs) {
  // Node reads NODE_PATH once, at start: run again with the stand-ins on it.
  const r = spawnSync(process.execPath, [__filename, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, NODE_PATH: stubs, SLUICE_VSCODE_STUBS: stubs } });
  process.exit(r.status === null ? 1 : r.status);
}

const [binary, extDir, dealFile] = process.argv.slice(2);
if (!binary || !extDir || !dealFile) {
  console.error('usage: node vscode_extension_test.js SLUICE_BINARY EXTENSION_DIR DEAL_FILE');
  process.exit(2);
}

const checks = [];
const check = (name, fn) => checks.push({ name, fn });
const pkg = JSON.parse(fs.readFileSync(path.join(extDir, 'package.json'), 'utf8'));

check('the manifest declares the client: main, activation, the dependency, settings, command', async () => {
  assert.equal(pkg.main, './extension.js');
  assert.ok(fs.existsSync(path.join(extDir, pkg.main)));
  assert.ok(pkg.activationEvents.includes('onLanguage:sluice'), JSON.stringify(pkg.activationEvents));
  assert.match(pkg.dependencies['vscode-languageclient'], /^\^?\d+\.\d+\.\d+$/);
  // vscode-languageclient 9 needs VS Code 1.82.
  assert.match(pkg.engines.vscode, /^\^1\.(8[2-9]|9\d|\d{3,})\./);
  const props = pkg.contributes.configuration.properties;
  assert.equal(props['sluice.server.path'].default, 'sluice');
  assert.ok(props['sluice.trace.server'].enum.includes('verbose'));
  assert.ok(pkg.contributes.commands.some((c) => c.command === 'sluice.restartServer'));
  // Plain JavaScript: nothing to compile before packaging.
  assert.ok(!pkg.scripts || !pkg.scripts['vscode:prepublish'], 'a prepublish build step');
});

// The extension copied alone, so that a node_modules that `make vsix` left
// in editors/vscode cannot stand in for the stubs.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-vscode-'));
fs.copyFileSync(path.join(extDir, 'extension.js'), path.join(tmp, 'extension.js'));
const vscode = require('vscode');
const { __clients: clients } = require('vscode-languageclient/node');
const ext = require(path.join(tmp, 'extension.js'));
const context = { subscriptions: [] };
const dealText = fs.readFileSync(dealFile, 'utf8');
const dealUri = 'file://' + path.resolve(dealFile).split('/').map(encodeURIComponent).join('/');

function diagnostics(client) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics; server stderr: ${client.stderr}`)), 15000);
    client.onNotification('textDocument/publishDiagnostics', (p) => {
      if (p.uri !== dealUri) return;
      clearTimeout(timer);
      resolve(p.diagnostics);
    });
  });
}

function where(text, needle, delta = 0) {
  const at = text.indexOf(needle) + delta;
  assert.ok(at >= delta, `${needle} not in the deal`);
  const before = text.slice(0, at);
  return { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
}

check('activate starts `sluice lsp` from the setting; the server initializes and answers', async () => {
  vscode.__test.settings['sluice.server.path'] = binary;
  const client = await ext.activate(context);
  assert.ok(client, `activate returned no client; errors: ${vscode.__test.errors}`);
  assert.deepEqual(vscode.__test.errors, []);
  assert.equal(client.id, 'sluice');
  assert.equal(client.serverOptions.run.command, binary);
  assert.deepEqual(client.serverOptions.run.args, ['lsp']);
  assert.deepEqual(client.spawned.args, ['lsp']);  // no transport flag that `sluice lsp` would refuse
  assert.ok(client.clientOptions.documentSelector.some((s) => s.language === 'sluice' && s.scheme === 'file'));
  const caps = client.initializeResult.capabilities;
  for (const c of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentFormattingProvider'])
    assert.equal(caps[c], true, c);
  assert.equal(caps.renameProvider.prepareProvider, true);
  assert.ok(caps.semanticTokensProvider.legend.tokenTypes.includes('variable'));
  assert.ok(context.subscriptions.length >= 2, 'the command and the settings listener are disposed with the extension');

  const clean = diagnostics(client);
  client.sendNotification('textDocument/didOpen', { textDocument: { uri: dealUri, languageId: 'sluice', version: 1, text: dealText } });
  assert.deepEqual(await clean, []);
  const h = await client.sendRequest('textDocument/hover', { textDocument: { uri: dealUri }, position: where(dealText, 'fleet_size', 2) });
  assert.match(h.contents.value, /param `fleet_size`: Quantity \(gpu\)/);
  const broken = diagnostics(client);
  client.sendNotification('textDocument/didChange', {
    textDocument: { uri: dealUri, version: 2 }, contentChanges: [{ text: dealText.replace('coupon       6%', 'coupon       6 USD') }] });
  const d = await broken;
  assert.equal(d.length, 1);
  assert.equal(d[0].code, 'E0301');
});

check('the restart command stops the server cleanly and starts another', async () => {
  const first = clients[clients.length - 1];
  await vscode.__test.commands.get('sluice.restartServer')();
  assert.deepEqual(first.exitStatus, { code: 0, signal: null });
  const second = clients[clients.length - 1];
  assert.notEqual(second, first);
  assert.ok(second.initializeResult.capabilities.hoverProvider);
});

check('a settings change under sluice.server restarts; deactivate ends the server with exit 0', async () => {
  const before = clients[clients.length - 1];
  for (const l of vscode.__test.configListeners) await l({ affectsConfiguration: (s) => s === 'sluice.server' });
  assert.deepEqual(before.exitStatus, { code: 0, signal: null });
  const last = clients[clients.length - 1];
  assert.notEqual(last, before);
  await ext.deactivate();
  assert.deepEqual(last.exitStatus, { code: 0, signal: null });
});

check('a missing binary is an error message naming the setting, not an exception', async () => {
  vscode.__test.settings['sluice.server.path'] = path.join(tmp, 'no-such-sluice');
  await vscode.__test.commands.get('sluice.restartServer')();
  assert.equal(vscode.__test.errors.length, 1, JSON.stringify(vscode.__test.errors));
  assert.match(vscode.__test.errors[0], /sluice\.server\.path/);
  assert.match(vscode.__test.errors[0], /no-such-sluice/);
  await ext.deactivate();  // nothing running: nothing to stop
});

check('server options: the stdlib setting becomes SLUICE_STDLIB; blanks fall back to `sluice`', async () => {
  const config = (s) => ({ get: (k) => s[k] });
  let o = ext.serverOptions(config({ 'server.path': '  ', 'server.stdlib': '/opt/sluice/stdlib' }));
  assert.equal(o.run.command, 'sluice');
  assert.equal(o.run.options.env.SLUICE_STDLIB, '/opt/sluice/stdlib');
  assert.deepEqual(o.debug, o.run);
  o = ext.serverOptions(config({}));
  assert.equal(o.run.command, 'sluice');
  assert.equal(o.run.options.env.SLUICE_STDLIB, process.env.SLUICE_STDLIB);
});

// A promise that never settles would let node exit quietly, with status 0.
let finished = false;
process.on('beforeExit', () => {
  if (finished) return;
  console.log('FAIL the checks stopped before the end (a request that never got its answer)');
  process.exit(1);
});

(async () => {
  let failed = 0;
  for (const { name, fn } of checks) {
    try {
      await fn();
      console.log(`ok   ${name}`);
    } catch (e) {
      ++failed;
      console.log(`FAIL ${name}\n     ${e.stack}`);
    }
  }
  for (const c of clients) if (c.proc && c.proc.exitCode === null) c.proc.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  finished = true;
  process.exit(failed ? 1 : 0);
})();
