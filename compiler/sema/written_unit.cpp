#include "sema/written_unit.hpp"

#include <cmath>
#include <cstdlib>
#include <set>
#include <vector>

#include "syntax/parser.hpp"

namespace sluice::sema {

namespace {

// A time unit's plural as its singular: `per 2 days` reads "day".
std::string singular(const std::string& n) {
  for (const char* w : {"hours", "days", "months", "years", "periods"})
    if (n == w) return n.substr(0, n.size() - 1);
  return n;
}

struct Atom {
  std::string name;
  int power;
};

// `USD/PH/day` from its atoms in the order written, numerators first.
std::string text_of(const std::vector<Atom>& atoms) {
  std::string num, den;
  for (const auto& a : atoms) {
    std::string part = singular(a.name) + (std::abs(a.power) == 1 ? "" : "^" + std::to_string(std::abs(a.power)));
    if (a.power > 0) num += (num.empty() ? "" : "*") + part;
    else den += "/" + part;
  }
  return (num.empty() ? "1" : num) + den;
}

class Finder {
 public:
  Finder(const Model& m, const Dim& want) : m_(m), want_(want) {}

  std::optional<WrittenUnit> find(const ast::Expr& e, int depth = 0) {
    // Deep chains of names are not a deal's way of writing a unit.
    if (depth > 64 || !seen_.insert(&e).second) return std::nullopt;
    using K = ast::ExprKind;
    switch (e.kind) {
      case K::Number:
        if (!e.units.empty()) return match(atoms(e.units, 1));
        return std::nullopt;
      case K::Per: {
        // `120_000 USD per year`: the number's units over the `per` unit.
        if (e.kids[0]->kind == K::Number) {
          auto a = atoms(e.kids[0]->units, 1);
          for (const auto& x : atoms(e.units, -1)) a.push_back(x);
          if (auto w = match(a)) return w;
        }
        return find(*e.kids[0], depth + 1);
      }
      case K::Name:
      case K::Member: {
        const ExprSema& s = m_.sema(e);
        if (!s.entity.valid() || s.member != MemberRef::None) return std::nullopt;
        const Entity& x = m_.entities[s.entity];
        const ast::Expr* value = nullptr;
        switch (x.kind) {
          // A param as the deal declares it, whatever --set gave it.
          case EntityKind::Param: value = x.decl && x.decl->value ? x.decl->value.get() : x.bound; break;
          case EntityKind::Let:
          case EntityKind::Test:
          case EntityKind::Draw:
          case EntityKind::Factor:
          case EntityKind::TemplateArg: value = x.bound; break;
          default: break;
        }
        return value ? find(*value, depth + 1) : std::nullopt;
      }
      case K::Call:
        // The callee is a name, not a value: its arguments in order.
        for (std::size_t i = 1; i < e.kids.size(); ++i)
          if (auto w = find(*e.kids[i], depth + 1)) return w;
        return std::nullopt;
      case K::Unary:
      case K::Binary:
      case K::If:
        for (const auto& k : e.kids)
          if (auto w = find(*k, depth + 1)) return w;
        return std::nullopt;
      default: return std::nullopt;
    }
  }

 private:
  static std::vector<Atom> atoms(const std::vector<ast::UnitAtom>& units, int sign) {
    std::vector<Atom> out;
    for (const auto& u : units) out.push_back({u.name, u.power * sign});
    return out;
  }

  // The atoms' unit when its dimension is the one wanted.
  std::optional<WrittenUnit> match(const std::vector<Atom>& a) const {
    Dim d;
    double per_base = 1;  // 1 day is 24 h, so 1 USD/h is 24 USD/day
    for (const auto& x : a) {
      std::string base = x.name;
      if (auto info = builtin_unit(x.name)) base = info->base, per_base *= std::pow(info->scale, -x.power);
      d = dim_mul(d, Dim{{base, x.power}});
    }
    if (d != want_) return std::nullopt;
    return WrittenUnit{text_of(a), per_base};
  }

  const Model& m_;
  Dim want_;
  std::set<const ast::Expr*> seen_;
};

}  // namespace

std::optional<WrittenUnit> written_unit(const Model& m, const ast::Expr& e) {
  const Type& t = m.type_of(e);
  if (!t.is_number() || t.dim.empty()) return std::nullopt;
  // Money is scaled by the report (thousands), in whichever currency.
  if (t.dim.size() == 1 && t.dim.begin()->second == 1 && (t.dim.begin()->first == m.deal.currency || syntax::is_currency_code(t.dim.begin()->first)))
    return std::nullopt;
  auto w = Finder(m, t.dim).find(e);
  if (!w || w->text == dim_text(t.dim)) return std::nullopt;
  return w;
}

}  // namespace sluice::sema
