// The canonical layout (print() in layout.hpp). Three passes over the lines of a
// file: indentation (by open braces, or relative to the statement a line
// continues), column alignment over runs of like statements, then text.
#include "format/layout.hpp"

#include <algorithm>
#include <array>

namespace sluice::format {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Columns count characters, not bytes (names and strings may be UTF-8).
int width(std::string_view s) {
  int w = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++w;
  return w;
}

struct Line {
  std::size_t first = 0, end = 0;  // its tokens, an own-line comment included
  std::size_t trailing = kNone;    // a `//` comment after code
  bool blank_before = false;
  int depth = 0;
  int orig_indent = 0, indent = 0;
  bool continuation = false;
  std::size_t head = kNone;  // for a continuation: the line its statement starts on
  // Alignment: the gaps before up to two tokens are widened to a column.
  Family family = Family::None;
  std::array<std::size_t, 2> pad_tok{kNone, kNone};
  std::array<int, 2> pad_width{0, 0};
  std::array<int, 2> pad_gap{1, 1};
};

bool is_binary_text(std::string_view s) {
  for (std::string_view op : {"+", "-", "*", "/", "<", ">", "<=", ">=", "==", "!=", "="})
    if (s == op) return true;
  return false;
}

// Words after which an opening parenthesis is a grouping, not a call.
bool keyword_before_paren(std::string_view w) {
  for (std::string_view k : {"if", "then", "else", "not", "and", "or", "when", "for", "to", "in", "up", "cure", "size"})
    if (w == k) return true;
  return false;
}

class Printer {
 public:
  Printer(std::string_view src, const Lexed& lx, const Structure& st) : src_(src), toks_(lx.tokens), st_(st) {}

  std::string run() {
    if (toks_.empty()) return {};
    split_lines();
    indent_lines();
    align_runs();
    return render();
  }

 private:
  bool unary(std::size_t i) const { return toks_[i].is("-") && st_.unary_minus.count(toks_[i].begin); }
  bool binary(std::size_t i) const {
    return toks_[i].kind == TokKind::Op && is_binary_text(toks_[i].text) && !unary(i);
  }

  // Each token's column in the source, in one pass (a hostile file may be
  // one very long line).
  void source_columns() {
    was_col_.resize(toks_.size());
    std::size_t from = 0;
    int col = 0;
    for (std::size_t i = 0; i < toks_.size(); ++i) {
      const std::size_t b = toks_[i].begin;
      std::size_t k = b;
      while (k > from && src_[k - 1] != '\n' && src_[k - 1] != '\r') --k;
      if (k > from) col = width(src_.substr(k, b - k));
      else col += width(src_.substr(from, b - from));
      was_col_[i] = col;
      from = b;
    }
  }

  void split_lines() {
    source_columns();
    int depth = 0;
    depth_.resize(toks_.size());
    line_of_.resize(toks_.size());
    for (std::size_t i = 0; i < toks_.size(); ++i) {
      const Token& t = toks_[i];
      depth_[i] = depth;
      if (t.is("{")) ++depth;
      if (t.is("}")) depth = std::max(0, depth - 1);
      if (i == 0 || t.newlines_before > 0) {
        Line l;
        l.first = l.end = i;
        l.blank_before = i > 0 && t.newlines_before >= 2;
        l.orig_indent = was_col_[i];
        lines_.push_back(l);
      }
      Line& l = lines_.back();
      line_of_[i] = lines_.size() - 1;
      if (t.kind == TokKind::LineComment && i != l.first) l.trailing = i;
      else l.end = i + 1;
    }
  }

  const Statement* statement_at(std::uint32_t off) const {
    auto it = std::lower_bound(st_.statements.begin(), st_.statements.end(), off,
                               [](const Statement& s, std::uint32_t o) { return s.begin < o; });
    return it != st_.statements.end() && it->begin == off ? &*it : nullptr;
  }

  // The statement whose text a line starting at `off` (at brace depth `d`)
  // continues: the closest one before it that reaches past it, opened at
  // the same depth (a table's rows sit one brace deeper than their curve).
  const Statement* continued(std::uint32_t off, int d) const {
    auto it = std::lower_bound(st_.statements.begin(), st_.statements.end(), off,
                               [](const Statement& s, std::uint32_t o) { return s.begin < o; });
    if (it == st_.statements.begin()) return nullptr;
    --it;
    if (it->head_end <= off) return nullptr;
    return depth_[token_at(it->begin)] == d ? &*it : nullptr;
  }

  std::size_t token_at(std::uint32_t off) const {
    auto it = std::lower_bound(toks_.begin(), toks_.end(), off, [](const Token& t, std::uint32_t o) { return t.begin < o; });
    return static_cast<std::size_t>(it - toks_.begin());
  }

  void indent_lines() {
    for (Line& l : lines_) {
      const Token& t = toks_[l.first];
      l.depth = t.is("}") ? std::max(0, depth_[l.first] - 1) : depth_[l.first];
      l.indent = l.depth * kIndent;
      if (t.is("}")) continue;
      if (const Statement* s = statement_at(t.begin); s && s->separate) {
        plan_alignment(l, *s);
        continue;
      }
      if (const Statement* s = continued(t.begin, depth_[l.first])) {
        l.continuation = true;
        l.head = line_of_[token_at(s->begin)];
      }
    }
  }

  // Which gaps of a statement's first line line up with its neighbours'.
  void plan_alignment(Line& l, const Statement& s) {
    const std::size_t a = l.first, e = l.end;
    auto pad = [&](int col, std::size_t tok, int w) {
      l.pad_tok[static_cast<std::size_t>(col)] = tok;
      l.pad_width[static_cast<std::size_t>(col)] = w;
    };
    switch (s.family) {
      case Family::Setting: case Family::Property: case Family::Report:
        if (a + 1 < e) pad(0, a + 1, width(toks_[a].text));
        break;
      case Family::Trigger:
        if (a + 2 < e && toks_[a + 2].word("when")) pad(0, a + 2, width(toks_[a + 1].text));
        break;
      case Family::Assign:
        if (a + 2 < e && toks_[a + 2].is("=")) {
          pad(0, a + 1, width(toks_[a].text));
          pad(1, a + 2, width(toks_[a + 1].text));
        } else if (a + 4 < e && toks_[a + 2].is(":") && toks_[a + 4].is("=")) {
          pad(0, a + 1, width(toks_[a].text));
          pad(1, a + 4, width(toks_[a + 1].text) + 2 + width(toks_[a + 3].text));
        }
        break;
      case Family::None:
        break;
    }
    if (l.pad_tok[0] != kNone) l.family = s.family;
  }

  // Runs: consecutive lines of one family at one depth, with no blank line
  // or own-line comment between them (a statement's continuation lines do
  // not break a run). Each padded gap widens to the run's widest head.
  void align_runs() {
    std::vector<Line*> run;
    auto flush = [&] {
      for (std::size_t col = 0; col < 2; ++col) {
        int widest = 0;
        for (Line* m : run)
          if (m->pad_tok[col] != kNone) widest = std::max(widest, m->pad_width[col]);
        for (Line* m : run) m->pad_gap[col] = 1 + widest - m->pad_width[col];
      }
      run.clear();
    };
    for (Line& l : lines_) {
      bool comment_only = toks_[l.first].is_comment() && l.end == l.first + 1;
      if (l.family != Family::None) {
        if (!run.empty() && (run.front()->family != l.family || run.front()->depth != l.depth || l.blank_before)) flush();
        run.push_back(&l);
      } else if (!(l.continuation && !l.blank_before && !comment_only)) {
        flush();
      }
    }
    flush();
  }

  int gap(std::size_t i) const {
    const Token& p = toks_[i - 1];
    const Token& c = toks_[i];
    // A number followed directly by a word: a space would make it a unit.
    if (!c.space_before && p.kind == TokKind::Number && c.kind == TokKind::Word) return 0;
    if (p.kind == TokKind::BlockComment || c.kind == TokKind::BlockComment) return c.space_before ? 1 : 0;
    if (const Statement* s = statement_at(c.begin); s && s->separate && !p.is("{")) return kStatementGap;
    if (p.is(".") || c.is(".")) return 0;
    if (c.is(",") || c.is(")") || c.is(":")) return 0;
    if (p.is("(") || unary(i - 1)) return 0;
    if (p.is(",") || p.is(":")) return 1;
    if (c.is("(")) {
      if (p.kind == TokKind::Op) return 1;
      if (p.kind == TokKind::Word && keyword_before_paren(p.text)) return 1;
      return c.space_before ? 1 : 0;
    }
    if (binary(i - 1) || binary(i) || unary(i)) return 1;
    if (c.is("{") || c.is("}") || p.is("{") || p.is("}")) return 1;
    return c.space_before ? 1 : 0;
  }

  // A continuation line keeps its place relative to the tokens of the line
  // its statement starts on: text aligned under a token (a call's first
  // argument, the value after `=`) moves with that token.
  int continuation_indent(const Line& l) const {
    const Line& h = lines_[l.head];
    int shift = h.indent - h.orig_indent;
    // The last token of the head line that starts at or before this line's
    // indentation (columns grow along a line: a binary search).
    auto first = was_col_.begin() + static_cast<std::ptrdiff_t>(h.first);
    auto last = was_col_.begin() + static_cast<std::ptrdiff_t>(h.end);
    auto after = std::upper_bound(first, last, l.orig_indent);
    if (after != first) {
      auto i = static_cast<std::size_t>(after - was_col_.begin()) - 1;
      shift = col_[i] - was_col_[i];
    }
    return std::max(l.orig_indent + shift, h.indent + kIndent);
  }

  std::string render() {
    std::string out;
    col_.assign(toks_.size(), 0);
    for (std::size_t n = 0; n < lines_.size(); ++n) {
      Line& l = lines_[n];
      if (l.continuation) l.indent = continuation_indent(l);
      if (n > 0 && l.blank_before && !toks_[l.first].is("}")) {
        const Line& prev = lines_[n - 1];
        if (!(prev.end > prev.first && toks_[prev.end - 1].is("{"))) out += '\n';
      }
      std::string text(static_cast<std::size_t>(l.indent), ' ');
      int used = l.indent;  // the width of the text's last line so far
      for (std::size_t i = l.first; i < l.end; ++i) {
        if (i > l.first) {
          int g = gap(i);
          for (std::size_t col = 0; col < 2; ++col)
            if (i == l.pad_tok[col] && g > 0) g = l.pad_gap[col];
          text.append(static_cast<std::size_t>(g), ' ');
          used += g;
        }
        col_[i] = used;
        const std::string_view t = toks_[i].text;
        const std::size_t nl = t.rfind('\n');  // only a block comment holds one
        used = nl == std::string_view::npos ? used + width(t) : width(t.substr(nl + 1));
        text += t;
      }
      if (l.trailing != kNone) {
        // A comment keeps its column (moved with its line's indentation)
        // while it stays clear of the code; else it sits just after it.
        int col = was_col_[l.trailing] + l.indent - l.orig_indent;
        col = std::max(col, used + kCommentGap);
        text.append(static_cast<std::size_t>(col - used), ' ');
        text += toks_[l.trailing].text;
      }
      out += text;
      out += '\n';
    }
    return out;
  }

  std::string_view src_;
  const std::vector<Token>& toks_;
  const Structure& st_;
  std::vector<int> depth_;
  std::vector<std::size_t> line_of_;
  std::vector<int> was_col_;  // each token's column in the source
  std::vector<int> col_;      // and in the output (set as lines are rendered)
  std::vector<Line> lines_;
};

}  // namespace

std::string print(std::string_view source, const Lexed& lexed, const Structure& structure) {
  return Printer(source, lexed, structure).run();
}

}  // namespace sluice::format
