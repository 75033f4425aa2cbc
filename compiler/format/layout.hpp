// The formatter's three stages, in the order format.cpp runs them:
//
// 1. lex(): the token stream. The grammar skips whitespace everywhere but in
//    three places, so the formatter sees those places as single tokens that
//    it copies verbatim:
//     - a number and its unit on one line (`2.20 USD/gpu/h`): a space
//       between a number and a known unit name joins them, a newline does not;
//     - a day-count spelling (`30E/360 ISDA`), which has no spaces inside;
//     - the unit after `per` (`per gpu/h`), where `/` is part of the unit.
//    Everything else is a word, a literal, an operator or a comment, and the
//    whitespace between them carries no meaning beyond "a line break here".
// 2. collect_structure(): what the parser knows and the tokens do not:
//    where each statement starts and ends (so a line that continues a
//    statement keeps its own indentation instead of being taken for a new
//    statement), which statements line up in columns, and which `-` signs
//    are unary. All of it is read off the AST's source spans; the AST itself
//    is never printed, so nothing the AST does not keep (comments, spelling)
//    can be lost.
// 3. print(): the text. Line breaks stay exactly where the author put them
//    (a number and the word on the next line are two things to the parser;
//    on one line they may be one), so the printer only decides what goes
//    around tokens on a line: indentation, single spaces, the columns of
//    aligned statements, blank lines, and where a trailing comment sits. The
//    rules are listed in compiler/format/README.md.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "syntax/ast.hpp"

namespace sluice::format {

// ---- 1. tokens ------------------------------------------------------------
enum class TokKind {
  Word,          // identifier or keyword
  Number,        // number with its suffix or unit, verbatim
  Date,          // 2025-03-31
  String,        // "..." with its quotes
  DayCount,      // 30/360, ACT/365F, 30E/360 ISDA
  UnitExpr,      // the unit after `per`
  Op,            // + - * / < > <= >= == != = ( ) { } , : .
  LineComment,   // `// ...` up to the end of the line (no newline)
  BlockComment,  // `/* ... */`, possibly over several lines
};

struct Token {
  TokKind kind = TokKind::Word;
  std::string_view text;   // a view into the source
  std::uint32_t begin = 0;  // byte offsets in the source
  std::uint32_t end = 0;
  int newlines_before = 0;  // line breaks in the whitespace before this token
  bool space_before = false;  // any whitespace (or line break) before it
  bool is(std::string_view s) const { return kind == TokKind::Op && text == s; }
  bool word(std::string_view s) const { return kind == TokKind::Word && text == s; }
  bool is_comment() const { return kind == TokKind::LineComment || kind == TokKind::BlockComment; }
};

struct Lexed {
  std::vector<Token> tokens;
  bool ok = true;             // false on a character the grammar cannot hold
};

// Splits `text` (which the parser accepted) into tokens; `units` is what the
// parser knew as unit names (syntax::collect_units of the same text).
Lexed lex(std::string_view text, const std::unordered_set<std::string>& units);

// ---- 2. structure ---------------------------------------------------------
// Statements whose consecutive lines are aligned in columns.
enum class Family {
  None,      // not aligned (unit, equity, steps, blocks, curves, ...)
  Setting,   // currency / start / period / horizon / day_count / calendar
  Assign,    // param / let / test / expense / fee / draw / factor  NAME = value
  Trigger,   // trigger NAME when ...
  Property,  // NAME value inside a block
  Report,    // series / metrics / probability / risk_free inside report
};

struct Statement {
  std::uint32_t begin = 0;     // its first token
  std::uint32_t head_end = 0;  // a line starting strictly inside [begin, head_end) continues it
  Family family = Family::None;
  bool separate = true;  // a statement of its own (false: an `else if` condition)
};

struct Structure {
  std::vector<Statement> statements;  // sorted by begin
  std::unordered_set<std::uint32_t> unary_minus;  // offsets of `-` signs that negate
};

// `tokens` are the same file's (lex()); a block's head ends at its first `{`.
Structure collect_structure(const ast::File& file, const std::vector<Token>& tokens);

// ---- 3. layout ------------------------------------------------------------
inline constexpr int kIndent = 2;           // spaces per open brace
inline constexpr int kCommentGap = 2;       // least space before a trailing `//`
inline constexpr int kStatementGap = 2;     // between statements sharing a line

std::string print(std::string_view source, const Lexed& lexed, const Structure& structure);

}  // namespace sluice::format
