// The server: one thread reading messages in order, answering each before
// reading the next. Every document is recompiled on open and on change
// (sema runs in milliseconds on any real deal), so answers never race edits.
#include "lsp/server.hpp"

#include <csignal>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "lsp/document.hpp"
#include "lsp/features.hpp"
#include "lsp/layout.hpp"
#include "lsp/rename.hpp"
#include "lsp/transport.hpp"

namespace sluice::lsp {

namespace {

using nlohmann::json;

// JSON-RPC and LSP error codes.
enum ErrorCode : int {
  kParseError = -32700, kInvalidRequest = -32600, kMethodNotFound = -32601, kInvalidParams = -32602,
  kInternalError = -32603, kServerNotInitialized = -32002, kRequestFailed = -32803,
};

class Server {
 public:
  explicit Server(std::ostream& out) : out_(out) {}

  // Handles one message; returns the exit code once `exit` arrives.
  std::optional<int> handle(const json& msg) {
    const bool has_id = msg.contains("id") && (msg["id"].is_number_integer() || msg["id"].is_string());
    const json id = has_id ? msg["id"] : json(nullptr);
    if (!msg.contains("method")) {
      if (!msg.contains("result") && !msg.contains("error")) error(id, kInvalidRequest, "a message needs a method");
      return std::nullopt;  // otherwise a response to a request of ours (we send none)
    }
    if (!msg["method"].is_string() || (msg.contains("id") && !has_id)) {
      error(id, kInvalidRequest, "the method must be a string and the id a number or a string");
      return std::nullopt;
    }
    const std::string method = msg["method"];
    const json params = msg.contains("params") ? msg["params"] : json::object();
    if (method == "exit") return shutdown_ ? 0 : 1;
    if (!has_id) {
      notification(method, params);
      return std::nullopt;
    }
    if (!initialized_ && method != "initialize") {
      error(id, kServerNotInitialized, "the server has not been initialized");
    } else if (shutdown_) {
      error(id, kInvalidRequest, "the server is shutting down");
    } else {
      try {
        request(id, method, params);
      } catch (const json::exception& e) {
        error(id, kInvalidParams, std::string("invalid params: ") + e.what());
      } catch (const RequestFailed& e) {
        error(id, kRequestFailed, e.what());
      }
    }
    return std::nullopt;
  }

  bool shut_down() const { return shutdown_; }

  void send(const json& msg) { write_message(out_, msg.dump(-1, ' ', false, json::error_handler_t::replace)); }

  void error(const json& id, int code, const std::string& message) {
    send(json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
  }

 private:
  std::ostream& out_;
  bool initialized_ = false, shutdown_ = false;
  std::map<std::string, Document> docs_;

  void reply(const json& id, json result) { send(json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}); }

  void publish(const Document& doc, json diagnostics) {
    send(json{{"jsonrpc", "2.0"},
              {"method", "textDocument/publishDiagnostics"},
              {"params", {{"uri", doc.uri}, {"version", doc.version}, {"diagnostics", std::move(diagnostics)}}}});
  }

  static json capabilities() {
    return json{{"positionEncoding", "utf-16"},
                {"textDocumentSync", {{"openClose", true}, {"change", 2}}},  // 2: incremental
                {"hoverProvider", true},
                {"definitionProvider", true},
                {"completionProvider", {{"triggerCharacters", {"."}}, {"resolveProvider", false}}},
                {"documentSymbolProvider", true},
                {"documentFormattingProvider", true},
                {"referencesProvider", true},
                {"renameProvider", {{"prepareProvider", true}}},
                {"semanticTokensProvider", {{"legend", semantic_tokens_legend()}, {"full", true}, {"range", false}}}};
  }

  Document* find(const json& params) {
    auto it = docs_.find(params.at("textDocument").at("uri").get<std::string>());
    return it == docs_.end() ? nullptr : &it->second;
  }
  static Position position(const json& params) {
    const auto& p = params.at("position");
    return Position{p.at("line").get<std::uint32_t>(), p.at("character").get<std::uint32_t>()};
  }

  void request(const json& id, const std::string& method, const json& params) {
    if (method == "initialize") {
      if (initialized_) return error(id, kInvalidRequest, "initialize was already called");
      initialized_ = true;
      return reply(id, json{{"capabilities", capabilities()}, {"serverInfo", {{"name", "sluice"}}}});
    }
    if (method == "shutdown") {
      shutdown_ = true;
      return reply(id, nullptr);
    }
    if (method == "textDocument/hover") {
      const Position at = position(params);  // bad params are an error even for a closed document
      Document* d = find(params);
      return reply(id, d ? hover(*d, at) : json(nullptr));
    }
    if (method == "textDocument/definition") {
      const Position at = position(params);  // bad params are an error even for a closed document
      Document* d = find(params);
      return reply(id, d ? definition(*d, at) : json(nullptr));
    }
    if (method == "textDocument/completion") {
      const Position at = position(params);  // bad params are an error even for a closed document
      Document* d = find(params);
      return reply(id, d ? completion(*d, at) : json::array());
    }
    if (method == "textDocument/documentSymbol") {
      Document* d = find(params);
      return reply(id, d ? document_symbols(*d) : json::array());
    }
    if (method == "textDocument/formatting") {
      Document* d = find(params);
      return reply(id, d ? formatting(*d) : json(nullptr));
    }
    if (method == "textDocument/references") {
      const Position at = position(params);
      const bool with_decl = params.contains("context") && params["context"].value("includeDeclaration", false);
      Document* d = find(params);
      return reply(id, d ? references(*d, at, with_decl) : json(nullptr));
    }
    if (method == "textDocument/prepareRename") {
      const Position at = position(params);
      Document* d = find(params);
      return reply(id, d ? prepare_rename(*d, at) : json(nullptr));
    }
    if (method == "textDocument/rename") {
      const Position at = position(params);
      const std::string new_name = params.at("newName").get<std::string>();
      Document* d = find(params);
      return reply(id, d ? rename(*d, at, new_name) : json(nullptr));
    }
    if (method == "textDocument/semanticTokens/full") {
      Document* d = find(params);
      return reply(id, d ? semantic_tokens(*d) : json{{"data", json::array()}});
    }
    error(id, kMethodNotFound, "sluice does not handle `" + method + "`");
  }

  // Notifications get no answer, not even for bad params; unknown ones are ignored.
  void notification(const std::string& method, const json& params) {
    if (!initialized_ || shutdown_) return;
    try {
      if (method == "textDocument/didOpen") {
        const auto& td = params.at("textDocument");
        const std::string uri = td.at("uri").get<std::string>();
        std::int64_t version = td.contains("version") && td["version"].is_number_integer() ? td["version"].get<std::int64_t>() : 0;
        docs_.erase(uri);
        auto& doc = docs_.emplace(uri, Document(uri, td.at("text").get<std::string>(), version)).first->second;
        publish(doc, doc.analyze());
      } else if (method == "textDocument/didChange") {
        Document* doc = find(params);
        if (!doc) return;
        const auto& td = params.at("textDocument");
        if (td.contains("version") && td["version"].is_number_integer()) doc->version = td["version"].get<std::int64_t>();
        for (const auto& change : params.at("contentChanges")) doc->apply_change(change);
        publish(*doc, doc->analyze());
      } else if (method == "textDocument/didClose") {
        auto it = docs_.find(params.at("textDocument").at("uri").get<std::string>());
        if (it == docs_.end()) return;
        publish(it->second, json::array());
        docs_.erase(it);
      }
    } catch (const json::exception&) {
      // A malformed notification changes nothing.
    }
  }
};

}  // namespace

int serve(std::istream& in, std::ostream& out) {
  // An editor that goes away closes our stdout: a write must then fail, not
  // kill the process with SIGPIPE, so the loop ends at the input's end.
  std::signal(SIGPIPE, SIG_IGN);
  Server server(out);
  for (;;) {
    std::string body;
    // Input that ends or breaks before `exit` ends the server as `exit` would.
    if (read_message(in, body) != ReadResult::Message) return server.shut_down() ? 0 : 1;
    json msg;
    try {
      msg = json::parse(body);
    } catch (const json::exception&) {
      server.error(nullptr, kParseError, "the message is not JSON");
      continue;
    }
    if (!msg.is_object()) {
      server.error(nullptr, kInvalidRequest, "a message is a JSON object");
      continue;
    }
    try {
      if (auto code = server.handle(msg)) return *code;
    } catch (const std::exception& e) {
      // A bug of ours: answer the request if there is one and keep serving.
      if (msg.contains("id") && (msg["id"].is_number_integer() || msg["id"].is_string()))
        server.error(msg["id"], kInternalError, std::string("internal error: ") + e.what());
    }
  }
}

}  // namespace sluice::lsp
