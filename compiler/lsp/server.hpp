// `sluice lsp`: a Language Server speaking JSON-RPC over stdin/stdout.
#pragma once
#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace sluice::lsp {

// Serves until `exit` or the end of the input. Returns the process's exit
// code: 0 for `exit` after `shutdown`, 1 otherwise (as the protocol says).
// `libs`: the `--lib` folders each document's imports search.
int serve(std::istream& in, std::ostream& out, const std::vector<std::string>& libs = {});

}  // namespace sluice::lsp
