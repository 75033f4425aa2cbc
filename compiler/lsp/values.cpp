#include "lsp/values.hpp"

#include <cmath>
#include <fmt/format.h>

namespace sluice::lsp {

namespace {

using sema::EntityKind;

struct Values {
  const pipeline::Compiled& c;
  const sema::Model& m;

  const sema::Entity* entity_at(int id) const {
    return id >= 0 && static_cast<std::size_t>(id) < m.entities.size() ? &m.entities[static_cast<std::size_t>(id)] : nullptr;
  }

  static bool valued(EntityKind k) { return k == EntityKind::Param || k == EntityKind::Let || k == EntityKind::Test || k == EntityKind::TemplateArg; }

  // Numbers are scaled to their base unit as lowering scales them
  // (ir/lower_expr.cpp: literal and Per), so the value is the IR's.
  std::optional<double> eval(const ast::Expr& e, int depth) const {
    if (depth > 64) return std::nullopt;  // a long chain of names: leave it to the run
    using K = ast::ExprKind;
    auto scale = [](const std::vector<ast::UnitAtom>& units) {
      double s = 1;
      for (const auto& u : units)
        if (auto info = sema::builtin_unit(u.name)) s *= std::pow(info->scale, u.power);
      return s;
    };
    switch (e.kind) {
      case K::Number: return e.value * scale(e.units);
      case K::Per: {
        auto v = eval(*e.kids[0], depth + 1);
        return v ? std::optional<double>(*v / scale(e.units)) : std::nullopt;
      }
      case K::Unary: {
        auto v = e.op == ast::Operator::Neg ? eval(*e.kids[0], depth + 1) : std::nullopt;
        return v ? std::optional<double>(-*v) : std::nullopt;
      }
      case K::Binary: {
        auto a = eval(*e.kids[0], depth + 1), b = a ? eval(*e.kids[1], depth + 1) : std::nullopt;
        if (!a || !b) return std::nullopt;
        switch (e.op) {
          case ast::Operator::Add: return *a + *b;
          case ast::Operator::Sub: return *a - *b;
          case ast::Operator::Mul: return *a * *b;
          case ast::Operator::Div: return *b == 0 ? std::nullopt : std::optional<double>(*a / *b);
          default: return std::nullopt;
        }
      }
      case K::Name:
      case K::Member: {
        if (e.sema.member == 1 || e.sema.member == 2) return std::nullopt;
        const sema::Entity* x = entity_at(e.sema.entity);
        if (!x || !valued(x->kind) || !x->bound) return std::nullopt;
        return eval(*x->bound, depth + 1);
      }
      default: return std::nullopt;
    }
  }
};

// 1500000000 -> "1,500,000,000"; 0.0225 -> "0.0225"; 12 significant digits.
std::string number(double v) {
  std::string s = fmt::format("{:.12g}", v);
  if (s.find_first_of("en") != std::string::npos) return s;  // 1e+20, nan, inf
  std::size_t sign = s[0] == '-' ? 1 : 0, dot = s.find('.');
  std::size_t whole_end = dot == std::string::npos ? s.size() : dot;
  for (std::size_t i = whole_end; i > sign + 3; i -= 3) s.insert(i - 3, ",");
  return s;
}

std::string with_unit(double v, const sema::Type& t) {
  if (t.dim.empty()) return fmt::format("{} ({}%)", number(v), number(v * 100));
  return number(v) + " " + sema::dim_text(t.dim);
}

// The declaration's line, from its first word, without a trailing `{`.
std::string decl_line(const pipeline::Compiled& c, Span at) {
  if (!at.valid() || at.file >= c.sources.size()) return "";
  const std::string& text = c.sources.file(at.file).text;
  std::size_t b = text.rfind('\n', at.begin);
  b = b == std::string::npos ? 0 : b + 1;
  while (b < at.begin && (text[b] == ' ' || text[b] == '\t')) ++b;
  std::size_t e = text.find('\n', at.begin);
  if (e == std::string::npos) e = text.size();
  std::string line = text.substr(b, std::min<std::size_t>(e - b, 160));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '{')) line.pop_back();
  return line;
}

}  // namespace

std::optional<double> fixed_value(const pipeline::Compiled& c, int entity) {
  if (!c.model) return std::nullopt;
  Values v{c, *c.model};
  const sema::Entity* e = v.entity_at(entity);
  if (!e || !Values::valued(e->kind) || !e->bound) return std::nullopt;
  return v.eval(*e->bound, 0);
}

std::string declared_hover(const pipeline::Compiled& c, const Occurrence& o) {
  if (!c.model) return "";
  Values v{c, *c.model};
  const sema::Entity* e = v.entity_at(o.entity);
  if (!e) return "";
  std::string md;
  if (auto line = decl_line(c, o.decl); !line.empty()) md = "```sluice\n" + line + "\n```\n\n";
  auto dot = e->name.rfind('.');
  md += fmt::format("{} `{}`", o.kind, dot == std::string::npos ? e->name : e->name.substr(dot + 1));
  const bool typed = e->type_done && e->type.kind != sema::Kind::Entity && e->type.kind != sema::Kind::Error;
  if (typed) md += ": " + sema::type_text(e->type, c.model->deal.currency);
  else if (e->kind == EntityKind::Curve) md += ": Curve";
  if (!Values::valued(e->kind) || !typed || !e->type.is_number()) return md;
  md += e->type.dim.empty() ? std::string("\n\nunit: none (a ratio)") : "\n\nunit: `" + sema::dim_text(e->type.dim) + "`";
  auto value = fixed_value(c, o.entity);
  const std::string written = e->bound ? std::string(c.sources.text(e->bound->span)) : "";
  if (e->kind == EntityKind::Param) {
    if (value) md += fmt::format("\n\nvalue: {} (the default, `{}`; a run's `--set {}=...` replaces it)", with_unit(*value, e->type), written, e->name);
    else md += fmt::format("\n\ndefault: `{}`, computed each period (a run's `--set {}=...` replaces it)", written, e->name);
  } else if (value) {
    md += fmt::format("\n\nvalue: {}, fixed before the run", with_unit(*value, e->type));
  }
  return md;
}

}  // namespace sluice::lsp
