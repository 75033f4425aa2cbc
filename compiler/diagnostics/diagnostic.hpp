// Diagnostics: `file:line:col: error[E0xxx]: message`, the source line, a
// caret under the span, labels for other spans, then hints. Every error
// sluice prints is rendered here (tests/docs/rendered_errors.cmake checks
// that no other file spells one out).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "base/source.hpp"

namespace sluice {

enum class DiagCode {
#define DIAG(num, name, summary) name,
#include "diagnostics/codes.def"
#undef DIAG
};

int diag_number(DiagCode code);
const char* diag_summary(DiagCode code);
std::string diag_code_text(DiagCode code);  // "E0301"

enum class Severity { Error, Warning, Note };

struct Label {
  Span span;
  std::string text;
  bool primary = false;
};

struct Diagnostic {
  Severity severity = Severity::Error;
  DiagCode code = DiagCode::SyntaxUnexpected;
  std::string message;
  std::vector<Label> labels;  // labels[0] is the primary location
  std::vector<std::string> hints;
};

// Collects diagnostics from every phase; phases check has_errors() before
// handing their result on.
class Diagnostics {
 public:
  Diagnostic& error(DiagCode code, Span span, std::string message, std::string label = {});
  Diagnostic& warning(DiagCode code, Span span, std::string message);
  bool has_errors() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_; }
  const std::vector<Diagnostic>& all() const { return list_; }
  // Stop collecting after this many errors (a broken file can produce a flood).
  static constexpr std::size_t kMaxErrors = 25;
  bool full() const { return errors_ >= kMaxErrors; }

 private:
  std::vector<Diagnostic> list_;
  std::size_t errors_ = 0;
  Diagnostic scratch_;
};

std::string render(const Diagnostic& d, const SourceManager& sm, bool color);

// An error about no place in a source: a file that cannot be read or
// written, the command line, a run as a whole. It renders as a located
// diagnostic's first line and its hints (`error[E0800]: cannot read `x`: no
// such file`); without a code, for a failure no code describes (the JIT
// missing, a bug in sluice), as `error: message`.
struct Unlocated {
  std::optional<DiagCode> code;
  std::string message;
  std::vector<std::string> hints;
};
std::string render(const Unlocated& d, bool color);
std::string render_all(const Diagnostics& ds, const SourceManager& sm, bool color);

// "did you mean" support: the closest candidate by edit distance, or "".
std::string closest_name(const std::string& wrong, const std::vector<std::string>& candidates);

}  // namespace sluice
