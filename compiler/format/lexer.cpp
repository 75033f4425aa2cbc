// The formatter's lexer. Where a token ends must agree with the grammar
// (syntax/grammar.hpp) wherever whitespace matters: `number`, `unit_expr`,
// `per_unit`, `day_count_spec`, `date`. The rules below mirror those rules
// one for one; the formatter re-lexes its own output and refuses to print
// anything whose tokens differ, so a disagreement shows up as a refusal,
// never as a silently changed deal.
#include "format/layout.hpp"

namespace sluice::format {

namespace {

bool ident_first(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool ident_other(char c) { return ident_first(c) || is_digit(c); }
bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

class Lexer {
 public:
  Lexer(std::string_view t, const std::unordered_set<std::string>& units) : t_(t), units_(units) {}

  Lexed run() {
    while (true) {
      skip_space();
      if (i_ >= t_.size()) break;
      lex_one();
    }
    return std::move(out_);
  }

 private:
  char at(std::size_t p) const { return p < t_.size() ? t_[p] : '\0'; }

  void skip_space() {
    while (i_ < t_.size() && is_space(t_[i_])) {
      // A lone carriage return ends a line as a newline does (old Mac files).
      if (t_[i_] == '\n' || (t_[i_] == '\r' && at(i_ + 1) != '\n')) ++newlines_;
      space_ = true;
      ++i_;
    }
  }

  void push(TokKind k, std::size_t end) {
    Token tok;
    tok.kind = k;
    tok.begin = static_cast<std::uint32_t>(i_);
    tok.end = static_cast<std::uint32_t>(end);
    tok.text = t_.substr(i_, end - i_);
    tok.newlines_before = newlines_;
    tok.space_before = space_;
    out_.tokens.push_back(tok);
    newlines_ = 0;
    space_ = false;
    i_ = end;
    // `per`, `day_count` and `on` reach past comments to the token they govern.
    if (k != TokKind::LineComment && k != TokKind::BlockComment) {
      after_per_ = k == TokKind::Word && tok.text == "per";
      // `wal ... on 30/360`: a lease's `on` is followed by a name, never a spec.
      after_day_count_ = k == TokKind::Word && (tok.text == "day_count" || tok.text == "on");
    }
  }

  // grammar `unit_name`: a whole word the parser knows as a unit.
  std::size_t unit_word(std::size_t p) const {
    if (!ident_first(at(p))) return 0;
    std::size_t n = 0;
    while (ident_other(at(p + n))) ++n;
    if (n >= 65 || !units_.count(std::string(t_.substr(p, n)))) return 0;
    return n;
  }

  // grammar `star<unit_more>`: `/unit` or `*unit`, no spaces.
  std::size_t unit_tail(std::size_t p) const {
    while (true) {
      char c = at(p);
      bool div = c == '/' && at(p + 1) != '/' && at(p + 1) != '*';
      if (!div && c != '*') return p;
      std::size_t w = unit_word(p + 1);
      if (!w) return p;
      p += 1 + w;
    }
  }

  bool word_end(std::size_t p) const { return !ident_other(at(p)); }

  // grammar `date`: YYYY-MM-DD not followed by an identifier character.
  std::size_t date_at(std::size_t p) const {
    static constexpr const char* shape = "dddd-dd-dd";
    for (std::size_t k = 0; k < 10; ++k) {
      char c = at(p + k);
      if (shape[k] == 'd' ? !is_digit(c) : c != '-') return 0;
    }
    return word_end(p + 10) ? p + 10 : 0;
  }

  // grammar `number`: mantissa, scale, then a suffix or a unit on the same line.
  std::size_t number_at(std::size_t p) const {
    ++p;
    while (is_digit(at(p)) || (at(p) == '_' && is_digit(at(p + 1)))) ++p;
    if (at(p) == '.' && is_digit(at(p + 1))) {
      ++p;
      while (is_digit(at(p))) ++p;
    }
    if (at(p) == 'e' || at(p) == 'E') {
      std::size_t q = p + 1;
      if (at(q) == '+' || at(q) == '-') ++q;
      if (is_digit(at(q))) {
        while (is_digit(at(q))) ++q;
        p = q;
      }
    }
    if (at(p) == 'b' && at(p + 1) == 'n' && word_end(p + 2)) p += 2;
    else if ((at(p) == 'k' || at(p) == 'm') && word_end(p + 1)) p += 1;
    if (at(p) == '%') return p + 1;
    if (at(p) == 'b' && at(p + 1) == 'p' && word_end(p + 2)) return p + 2;
    if (at(p) == 'x' && word_end(p + 1)) return p + 1;
    std::size_t q = p;
    while (at(q) == ' ' || at(q) == '\t') ++q;
    if (q > p)
      if (std::size_t w = unit_word(q)) return unit_tail(q + w);
    return p;
  }

  // grammar `day_count_spec` (without its trailing `sp`).
  std::size_t day_count_at(std::size_t p) const {
    std::size_t q = p;
    while (is_alnum(at(q))) ++q;
    if (q == p || at(q) != '/') return 0;
    std::size_t r = ++q;
    while (is_alnum(at(r))) ++r;
    if (r == q) return 0;
    std::size_t s = r;
    while (at(s) == ' ' || at(s) == '\t') ++s;
    if (s == r) return r;
    for (std::string_view qual : {"ISDA", "US", "Bond Basis", "Fixed"}) {
      bool match = true;
      for (std::size_t k = 0; k < qual.size() && match; ++k) {
        char a = at(s + k), b = qual[k];
        if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 'a' + 'A');
        if (b >= 'a' && b <= 'z') b = static_cast<char>(b - 'a' + 'A');
        match = a == b;
      }
      if (match) return word_end(s + qual.size()) ? s + qual.size() : r;
    }
    return r;
  }

  void lex_one() {
    char c = t_[i_];
    if (c == '/' && at(i_ + 1) == '/') {
      std::size_t e = i_;
      // As the grammar's `until<eolf>`: only "\n" or "\r\n" ends a comment.
      while (e < t_.size() && t_[e] != '\n') ++e;
      if (e > i_ && t_[e - 1] == '\r') --e;
      return push(TokKind::LineComment, e);
    }
    if (c == '/' && at(i_ + 1) == '*') {
      auto e = t_.find("*/", i_ + 2);
      return push(TokKind::BlockComment, e == std::string_view::npos ? t_.size() : e + 2);
    }
    if (after_day_count_)
      if (std::size_t e = day_count_at(i_)) return push(TokKind::DayCount, e);
    if (c == '"') {
      std::size_t e = i_ + 1;
      while (e < t_.size() && t_[e] != '"' && t_[e] != '\n') e += t_[e] == '\\' ? 2 : 1;
      if (at(e) == '"') ++e;
      return push(TokKind::String, std::min(e, t_.size()));
    }
    if (is_digit(c)) {
      if (std::size_t e = date_at(i_)) return push(TokKind::Date, e);
      return push(TokKind::Number, number_at(i_));
    }
    if (ident_first(c)) {
      if (after_per_)
        if (std::size_t w = unit_word(i_)) return push(TokKind::UnitExpr, unit_tail(i_ + w));
      std::size_t e = i_;
      while (ident_other(at(e))) ++e;
      return push(TokKind::Word, e);
    }
    for (std::string_view two : {"<=", ">=", "==", "!="})
      if (t_.substr(i_, 2) == two) return push(TokKind::Op, i_ + 2);
    if (std::string_view("+-*/<>=(){},:.").find(c) == std::string_view::npos) out_.ok = false;
    push(TokKind::Op, i_ + 1);
  }

  std::string_view t_;
  const std::unordered_set<std::string>& units_;
  std::size_t i_ = 0;
  int newlines_ = 0;
  bool space_ = false;
  bool after_per_ = false, after_day_count_ = false;
  Lexed out_;
};

}  // namespace

Lexed lex(std::string_view text, const std::unordered_set<std::string>& units) { return Lexer(text, units).run(); }

}  // namespace sluice::format
