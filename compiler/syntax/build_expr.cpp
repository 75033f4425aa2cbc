// Parse tree -> AST, for expressions: numbers with their units, names,
// members, calls, `per`, operators (left-associative), `if`.
#include "syntax/build_ast.hpp"

#include <cctype>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "calendar/date.hpp"
#include "syntax/grammar.hpp"

namespace sluice::syntax {

namespace g = grammar;
using ast::ExprKind;
using ast::ExprPtr;

namespace {
ExprPtr make(ExprKind k, Span s) {
  auto e = std::make_unique<ast::Expr>();
  e->kind = k;
  e->span = s;
  return e;
}
}  // namespace

ExprPtr AstBuilder::seal(ExprPtr e) {
  int d = 0;
  for (const auto& k : e->kids)
    if (k) d = std::max(d, k->depth);
  e->depth = d + 1;
  if (e->depth == kMaxExprDepth + 1)
    diags_.error(DiagCode::TooDeep, e->span, fmt::format("this expression is nested more than {} levels deep", kMaxExprDepth))
        .hints.push_back("split it into `let` declarations");
  return e;
}

ExprPtr AstBuilder::inner_expr(const Node& wrapper) {
  if (wrapper.children.empty()) return expr(wrapper);
  return expr(child(wrapper, 0));
}

void AstBuilder::units(const Node& n, std::vector<ast::UnitAtom>& out, std::size_t from) {
  int power = 1;
  for (std::size_t i = from; i < n.children.size(); ++i) {
    const Node& c = child(n, i);
    if (c.is_type<g::unit_div>()) power = -1;
    else if (c.is_type<g::unit_mul>()) power = 1;
    else if (c.is_type<g::unit_first>() || c.is_type<g::unit_atom>())
      out.push_back(ast::UnitAtom{std::string(c.string_view()), power, span(c)});
  }
}

ExprPtr AstBuilder::number(const Node& n) {
  auto e = make(ExprKind::Number, span(n));
  std::string digits;
  for (char c : child(n, 0).string_view())
    if (c != '_') digits += c;
  double v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || !std::isfinite(v) || v > 1e15) {
    diags_.error(DiagCode::BadNumber, e->span, "number is out of range", "too large")
        .hints.push_back("amounts up to 1e15 (a quadrillion) are accepted; use a scale such as `bn`");
    v = 0;
  }
  std::size_t i = 1;
  if (i < n.children.size() && child(n, i).is_type<g::scale>()) {
    auto s = child(n, i).string_view();
    v *= s == "k" ? 1e3 : s == "m" ? 1e6 : 1e9;
    ++i;
  }
  if (i < n.children.size()) {
    const Node& c = child(n, i);
    if (c.is_type<g::pct>()) e->suffix = '%', v /= 100.0, ++i;
    else if (c.is_type<g::bp>()) e->suffix = 'b', v /= 10000.0, ++i;
    else if (c.is_type<g::times>()) e->suffix = 'x', ++i;
  }
  e->value = v;
  units(n, e->units, i);
  return e;
}

// postfix: primary followed by members, calls and `per unit`.
ExprPtr AstBuilder::postfix_chain(const Node& n) {
  ExprPtr cur = expr(child(n, 0));
  for (std::size_t i = 1; i < n.children.size(); ++i) {
    const Node& c = child(n, i);
    Span s = cur->span.to(span(c));
    if (c.is_type<g::member>()) {
      auto m = make(ExprKind::Member, s);
      const auto& text = sm_.file(file_).text;
      std::size_t b = c.begin().byte + 1;
      while (b < text.size() && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
      std::size_t e = b;
      while (e < text.size() && ident_char(text[e])) ++e;
      m->text = text.substr(b, e - b);
      m->kids.push_back(std::move(cur));
      cur = seal(std::move(m));
    } else if (c.is_type<g::call_args>()) {
      auto call = make(ExprKind::Call, s);
      call->kids.push_back(std::move(cur));
      for (const auto& a : c.children) {
        if (a->children.size() == 2) {
          call->arg_names.push_back(word(child(*a, 0)));
          call->kids.push_back(expr(child(*a, 1)));
        } else {
          call->arg_names.emplace_back();
          call->kids.push_back(expr(child(*a, 0)));
        }
      }
      cur = seal(std::move(call));
    } else if (c.is_type<g::per_unit>()) {
      auto p = make(ExprKind::Per, s);
      units(c, p->units, 0);
      p->kids.push_back(std::move(cur));
      cur = seal(std::move(p));
    }
  }
  return cur;
}

// a op b op c: left-associative.
ExprPtr AstBuilder::binary_chain(const Node& n) {
  ExprPtr cur = expr(child(n, 0));
  for (std::size_t i = 1; i + 1 < n.children.size(); i += 2) {
    std::string op(child(n, i).string_view());
    while (!op.empty() && std::isspace(static_cast<unsigned char>(op.back()))) op.pop_back();
    ExprPtr rhs = expr(child(n, i + 1));
    auto b = make(ExprKind::Binary, cur->span.to(rhs->span));
    b->text = op;
    b->op = ast::binary_operator(op);
    b->kids.push_back(std::move(cur));
    b->kids.push_back(std::move(rhs));
    cur = seal(std::move(b));
  }
  return cur;
}

ExprPtr AstBuilder::expr(const Node& n) {
  if (n.is_type<g::number>()) return number(n);
  if (n.is_type<g::date>()) {
    auto e = make(ExprKind::Date, span(n));
    e->text = std::string(n.string_view());
    if (!cal::parse_date(e->text)) diags_.error(DiagCode::BadDate, e->span, fmt::format("`{}` is not a calendar date", e->text));
    return e;
  }
  if (n.is_type<g::string_body>()) {
    Span s = span(n);
    auto e = make(ExprKind::String, Span{s.file, s.begin - 1, s.end + 1});
    std::string_view raw = n.string_view();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 1 < raw.size()) {
        char c = raw[++i];
        e->text += c == 'n' ? '\n' : c == 't' ? '\t' : c;
      } else {
        e->text += raw[i];
      }
    }
    return e;
  }
  if (n.is_type<g::kw_true>() || n.is_type<g::kw_false>()) {
    auto e = make(ExprKind::Bool, span(n));
    e->value = n.is_type<g::kw_true>() ? 1 : 0;
    return e;
  }
  if (n.is_type<g::name_ref>()) {
    auto e = make(ExprKind::Name, word_span(n));
    e->text = word(n);
    return e;
  }
  if (n.is_type<g::postfix>()) return postfix_chain(n);
  if (n.is_type<g::mul_expr>() || n.is_type<g::add_expr>() || n.is_type<g::cmp_expr>() || n.is_type<g::and_expr>() ||
      n.is_type<g::or_expr>())
    return binary_chain(n);
  if (n.is_type<g::neg>() || n.is_type<g::not_apply>()) {
    ExprPtr operand = expr(child(n, n.children.size() - 1));
    auto e = make(ExprKind::Unary, span(n));
    e->text = n.is_type<g::neg>() ? "-" : "not";
    e->op = n.is_type<g::neg>() ? ast::Operator::Neg : ast::Operator::Not;
    e->kids.push_back(std::move(operand));
    return seal(std::move(e));
  }
  if (n.is_type<g::if_expr>()) {
    auto e = make(ExprKind::If, span(n));
    for (const auto& c : n.children) e->kids.push_back(expr(*c));
    return seal(std::move(e));
  }
  // Wrapper rules (decl_value, trigger_when, ...) hold one expression.
  if (n.children.size() == 1) return expr(child(n, 0));
  diags_.error(DiagCode::SyntaxUnexpected, span(n), "internal: unexpected parse node " + std::string(n.type));
  return make(ExprKind::Number, span(n));
}


}  // namespace sluice::syntax
