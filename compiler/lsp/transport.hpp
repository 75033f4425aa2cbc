// The base protocol: each message is a header block ("Content-Length: N",
// optionally "Content-Type: ..."), an empty line, then N bytes of JSON.
#pragma once
#include <istream>
#include <ostream>
#include <string>

namespace sluice::lsp {

enum class ReadResult {
  Message,    // `body` holds one message's bytes (not yet known to be JSON)
  End,        // the input ended between messages
  Broken,     // a header without a usable Content-Length, or input cut mid-message
};

// No deal is larger than 4 MiB; a message ten times that is not an editor's.
inline constexpr std::size_t kMaxMessageBytes = 40u << 20;

ReadResult read_message(std::istream& in, std::string& body);
void write_message(std::ostream& out, const std::string& body);

}  // namespace sluice::lsp
