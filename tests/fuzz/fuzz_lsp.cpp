// Fuzz target: the language server on a session an editor (or anyone) could
// send. The input is a list of message bodies separated by NUL bytes; each
// is framed with its Content-Length, and the server runs the whole session
// from memory. Whatever the messages, the server must answer without
// crashing, and never with "internal error" (its catch-all for a bug of
// ours: a malformed request gets a protocol error, not that).
#include <sstream>
#include <string>

#include "fuzz_common.hpp"
#include "lsp/server.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sluice;
  const std::string input = fuzz::text_of(data, size);
  std::string framed;
  std::size_t begin = 0;
  while (begin <= input.size()) {
    std::size_t end = input.find('\0', begin);
    if (end == std::string::npos) end = input.size();
    const std::string body = input.substr(begin, end - begin);
    framed += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    begin = end + 1;
  }
  std::istringstream in(framed);
  std::ostringstream out;
  const int code = lsp::serve(in, out);
  if (code != 0 && code != 1) fuzz::broken("the server ended with a code other than 0 or 1");
  if (out.str().find("internal error") != std::string::npos) fuzz::broken("the server answered \"internal error\"");
  return 0;
}
