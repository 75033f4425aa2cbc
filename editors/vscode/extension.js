// The Sluice extension's client: starts `sluice lsp` for .deal files and
// connects it to VS Code through vscode-languageclient. Plain JavaScript so
// that nothing is compiled; `make vsix` adds the client library and packages
// the folder. tests/editors/vscode_extension_test.js runs this file against
// the real server with stand-ins for `vscode` and the client library.
'use strict';
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

// How to start the server, from the `sluice.*` settings: the binary
// (`sluice.server.path`, `sluice` on PATH by default) with `lsp`, and the
// standard library's folder when one is set. The same command runs and
// debugs (the server has no debug mode).
function serverOptions(config) {
  const command = (config.get('server.path') || 'sluice').trim() || 'sluice';
  const env = { ...process.env };
  const stdlib = (config.get('server.stdlib') || '').trim();
  if (stdlib) env.SLUICE_STDLIB = stdlib;
  const executable = { command, args: ['lsp'], options: { env } };
  return { run: executable, debug: executable };
}

// Which documents the server sees: .deal files on disk and unsaved buffers
// in the Sluice language (the server compiles the editor's text, not the file).
function clientOptions() {
  return {
    documentSelector: [
      { scheme: 'file', language: 'sluice' },
      { scheme: 'untitled', language: 'sluice' },
    ],
    outputChannelName: 'Sluice',
  };
}

let client;

async function startClient() {
  const config = vscode.workspace.getConfiguration('sluice');
  client = new LanguageClient('sluice', 'Sluice', serverOptions(config), clientOptions());
  try {
    await client.start();
  } catch (err) {
    const command = serverOptions(config).run.command;
    client = undefined;
    vscode.window.showErrorMessage(
      `Sluice: could not start the language server \`${command} lsp\` (${err && err.message ? err.message : err}). ` +
        'Set "sluice.server.path" to the sluice binary (for example build/sluice in a checkout).');
  }
  return client;
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('sluice.restartServer', async () => {
      if (client) await client.stop();
      await startClient();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('sluice.server')) return;
      if (client) await client.stop();
      await startClient();
    }),
  );
  return startClient();
}

function deactivate() {
  const c = client;
  client = undefined;
  return c ? c.stop() : undefined;
}

module.exports = { activate, deactivate, serverOptions, clientOptions };
