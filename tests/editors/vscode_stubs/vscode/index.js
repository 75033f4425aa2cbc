// A stand-in for VS Code's `vscode` module (see ../README.md): settings the
// test sets, and a record of what the extension registered and showed.
'use strict';
const state = { settings: {}, commands: new Map(), errors: [], configListeners: [] };

function disposable(fn) { return { dispose: fn }; }

module.exports = {
  __test: state,
  workspace: {
    getConfiguration(section) {
      return { get: (key, fallback) => (state.settings[`${section}.${key}`] !== undefined ? state.settings[`${section}.${key}`] : fallback) };
    },
    onDidChangeConfiguration(listener) {
      state.configListeners.push(listener);
      return disposable(() => state.configListeners.splice(state.configListeners.indexOf(listener), 1));
    },
  },
  window: {
    showErrorMessage(message) {
      state.errors.push(message);
      return Promise.resolve(undefined);
    },
  },
  commands: {
    registerCommand(id, fn) {
      if (state.commands.has(id)) throw new Error(`command ${id} registered twice`);
      state.commands.set(id, fn);
      return disposable(() => state.commands.delete(id));
    },
  },
};
