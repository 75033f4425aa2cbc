// Expressions to instructions, and the small helpers every lowering file uses.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "ir/lowerer.hpp"
#include "random/random.hpp"

namespace sluice::ir {


void Lowerer::fail(DiagCode code, Span span, const std::string& msg) {
  diags_.error(code, span, msg);
  throw LowerError{};
}

int Lowerer::emit(Op op, int a, int b, int c, std::uint32_t aux, double imm) {
  prog_->code.push_back(Instr{op, a, b, c, aux, imm});
  return static_cast<int>(prog_->code.size() - 1);
}

void Lowerer::check(int a, int b, std::string what, Span span, bool input) {
  mod_.checks.push_back(CheckInfo{std::move(what), span, input});
  emit(Op::Check, a, b, -1, static_cast<std::uint32_t>(mod_.checks.size() - 1));
}

void Lowerer::check_range(int lo, int v, int hi, CheckInfo info) {
  mod_.checks.push_back(std::move(info));
  emit(Op::CheckRange, lo, v, hi, static_cast<std::uint32_t>(mod_.checks.size() - 1));
}

int Lowerer::k(double v) {
  auto it = consts_.find(v);
  if (it != consts_.end() && !std::signbit(v) == !std::signbit(it->first)) return it->second;
  int r = emit(Op::Const, -1, -1, -1, 0, v);
  consts_[v] = r;
  return r;
}

bool Lowerer::money_valued(const ast::Expr& e) const {
  return sema::money_valued(m_.type_of(e), m_.deal.currency);
}

std::size_t Lowerer::audit_rule(std::string what, Span span) {
  mod_.checks.push_back(CheckInfo{std::move(what), span, false});
  return mod_.checks.size() - 1;
}

bool Lowerer::is_non_negative_const(int v) const {
  const Instr& in = prog_->code.at(static_cast<std::size_t>(v));
  return in.op == Op::Const && in.imm >= 0;
}

int Lowerer::slot(const std::string& name) {
  auto it = slots_.find(name);
  if (it != slots_.end()) return it->second;
  mod_.state.push_back(StateSlot{name});
  int s = static_cast<int>(mod_.state.size() - 1);
  slots_[name] = s;
  return s;
}

int Lowerer::column(const std::string& name, const std::string& owner, Role role, const std::string& unit) {
  auto& cols = in_init_ ? mod_.init_columns : mod_.columns;
  cols.push_back(Column{name, owner, role, unit, "", 1});  // lowering sets a series' written unit (lower.cpp)
  return static_cast<int>(cols.size() - 1);
}

int Lowerer::stream(const std::string& name) {
  auto it = streams_.find(name);
  if (it != streams_.end()) return it->second;
  // The generator is keyed by a hash of the name; two names that hash alike
  // would share their draws, so the later one is salted until it is unique.
  std::uint32_t key = rng::stream_key(name);
  for (int salt = 1; std::any_of(mod_.streams.begin(), mod_.streams.end(), [&](const RandomStream& r) { return r.key == key; }); ++salt)
    key = rng::stream_key(fmt::format("{}#{}", name, salt));
  mod_.streams.push_back(RandomStream{name, key});
  int s = static_cast<int>(mod_.streams.size() - 1);
  streams_[name] = s;
  return s;
}

double Lowerer::literal(const ast::Expr& e) {
  double v = e.value;
  for (const auto& u : e.units)
    if (auto info = sema::builtin_unit(u.name)) v *= std::pow(info->scale, u.power);
  return v;
}

int Lowerer::period_length(sema::TimeBase base) {
  switch (base) {
    case sema::TimeBase::Hour: return ctx(ContextField::Hours);
    case sema::TimeBase::Month: return ctx(ContextField::Months);
    case sema::TimeBase::Year: return ctx(ContextField::YearFraction);
    case sema::TimeBase::Period:
    case sema::TimeBase::None: break;
  }
  return k(1);  // per period
}

int Lowerer::flow_amount(const ast::Expr& e) {
  const auto& t = m_.type_of(e);
  return mul(expr(e), period_length(sema::flow_base(t.dim, m_.deal.currency)));
}

int Lowerer::months_of(const ast::Expr& e) {
  int v = expr(e);
  switch (sema::duration_base(m_.type_of(e).dim)) {
    case sema::TimeBase::Year: return mul(v, k(12));
    case sema::TimeBase::Period: return mul(v, k(m_.deal.months_per_period));
    case sema::TimeBase::Month:
    case sema::TimeBase::Hour:
    case sema::TimeBase::None: break;
  }
  return v;
}

int Lowerer::expr(const ast::Expr& e) {
  using K = ast::ExprKind;
  // Names chain expressions (sema caps the same depth, but lowering visits
  // names in another order): a located error, not a stack overflow.
  constexpr int kMaxLowerDepth = 400;
  if (expr_depth_ >= kMaxLowerDepth)
    fail(DiagCode::TooDeep, e.span, fmt::format("this value is computed through names and expressions nested more than {} levels deep", kMaxLowerDepth));
  ++expr_depth_;
  struct Leave {
    int& depth;
    ~Leave() { --depth; }
  } leave{expr_depth_};
  switch (e.kind) {
    case K::Number: return k(literal(e));
    case K::Bool: return k(e.value);
    case K::Date:
    case K::String: fail(DiagCode::Unsupported, e.span, "dates and text are not per-period values");
    case K::Name:
    case K::Member: {
      // Sema resolved the member to the registry's id.
      const M member = m_.sema(e).member == (e.kind == K::Name ? sema::MemberRef::Bare : sema::MemberRef::Of) ? m_.sema(e).member_id : M::None;
      require_at_close(m_.sema(e).entity, member, e.span);
      return value(m_.sema(e).entity, member);
    }
    case K::Per: {
      double scale = 1;
      for (const auto& u : e.units)
        if (auto info = sema::builtin_unit(u.name)) scale *= std::pow(info->scale, u.power);
      int v = expr(*e.kids[0]);
      return scale == 1 ? v : div(v, k(scale));
    }
    case K::Unary: {
      int v = expr(*e.kids[0]);
      return e.op == ast::Operator::Not ? emit(Op::Not, v) : emit(Op::Neg, v);
    }
    case K::Binary: {
      int a = expr(*e.kids[0]);
      int b = expr(*e.kids[1]);
      Op o = Op::Or;
      switch (e.op) {
        case ast::Operator::Add: o = Op::Add; break;
        case ast::Operator::Sub: o = Op::Sub; break;
        case ast::Operator::Mul: o = Op::Mul; break;
        case ast::Operator::Div: o = Op::Div; break;
        case ast::Operator::Lt: o = Op::Lt; break;
        case ast::Operator::Le: o = Op::Le; break;
        case ast::Operator::Gt: o = Op::Gt; break;
        case ast::Operator::Ge: o = Op::Ge; break;
        case ast::Operator::Eq: o = Op::Eq; break;
        case ast::Operator::Ne: o = Op::Ne; break;
        case ast::Operator::And: o = Op::And; break;
        case ast::Operator::Or: o = Op::Or; break;
        case ast::Operator::None:
        case ast::Operator::Neg:
        case ast::Operator::Not: fail(DiagCode::Unsupported, e.span, "internal: a binary expression without its operator; please report the deal file");
      }
      int r = emit(o, a, b);
      if (o == Op::Div && money_valued(e)) {
        // A NaN or infinity is reported where it arises, not where it
        // surfaces in a column (ratios may be infinite: an LTV after a sale).
        std::string text = ast::expr_to_string(e);
        if (text.size() > 2 && text.front() == '(' && text.back() == ')') text = text.substr(1, text.size() - 2);
        mod_.checks.push_back(CheckInfo{std::move(text), e.span, true, true});
        emit(Op::Check, emit(Op::Abs, r), k(1e300), -1, static_cast<std::uint32_t>(mod_.checks.size() - 1));
      }
      return r;
    }
    case K::If: {
      int c = expr(*e.kids[0]);
      int a = expr(*e.kids[1]);
      int b = expr(*e.kids[2]);
      return sel(c, a, b);
    }
    case K::Call: break;
  }
  const ast::Expr& callee = *e.kids[0];
  std::size_t n = e.kids.size() - 1;
  auto arg = [&](std::size_t i) -> const ast::Expr& { return *e.kids[i + 1]; };
  if (callee.kind == K::Name && !m_.sema(callee).entity) {
    if (!m_.sema(e).function) fail(DiagCode::Unsupported, e.span, "internal: a call reached lowering unchecked; please report the deal file");
    const std::optional<vocab::Function> fn = vocab::as_function(*m_.sema(e).function);
    if (!fn)  // a draw, process or clause outside its construct
      fail(DiagCode::Unsupported, e.span, fmt::format("`{}` can only appear where its construct expects it", vocab::info(*m_.sema(e).function).name));
    switch (*fn) {
      case vocab::Function::Prev: {
        const ast::Expr& x = arg(0);
        EntityId entity = m_.sema(x).entity;
        M member = m_.sema(x).member != sema::MemberRef::None ? m_.sema(x).member_id : M::None;
        std::string init_text = n > 1 ? ast::expr_to_string(arg(1)) : "";
        PrevKey key{entity, member, init_text};
        auto it = prev_slots_.find(key);
        if (it == prev_slots_.end()) {
          std::string name = "prev(" + ast::expr_to_string(x) + (n > 1 ? ", " + init_text : "") + ")";
          it = prev_slots_.emplace(key, slot(name)).first;
          prev_initial_[key] = n > 1 ? &arg(1) : nullptr;
        }
        return load(it->second);
      }
      case vocab::Function::Min:
      case vocab::Function::Max: {
        int r = expr(arg(0));
        for (std::size_t i = 1; i < n; ++i) r = *fn == vocab::Function::Min ? min(r, expr(arg(i))) : max(r, expr(arg(i)));
        return r;
      }
      case vocab::Function::Trailing: return trailing(e);  // lower_project.cpp
      case vocab::Function::Abs: return emit(Op::Abs, expr(arg(0)));
      case vocab::Function::Exp: return emit(Op::Exp, expr(arg(0)));
      case vocab::Function::Log: return emit(Op::Log, expr(arg(0)));
      case vocab::Function::Sqrt: return emit(Op::Sqrt, expr(arg(0)));
      case vocab::Function::Round:
      case vocab::Function::Floor:
      case vocab::Function::Ceil:
      case vocab::Function::Mod: return rounding(e, *fn);
    }
  }
  // A curve read at a point.
  return curve_at(m_.sema(callee).entity, expr(arg(0)));
}

int Lowerer::curve_at(EntityId cent, int x) {
  // A template's `Curve` parameter stands for the curve its argument names.
  for (int hops = 0; cent && ent(cent).kind == EntityKind::TemplateArg && hops < 400; ++hops)
    cent = ent(cent).bound ? m_.sema(*ent(cent).bound).entity : EntityId::none();
  if (!cent || ent(cent).kind != EntityKind::Curve || !ent(cent).decl)
    fail(DiagCode::Unsupported, Span::none(), "internal: a curve reached lowering unresolved; please report the deal file");
  const auto& ce = ent(cent);
  auto it = curves_.find(ce.name);
  int ci;
  if (it == curves_.end()) {
    CurveTable t;
    t.name = ce.name;
    for (const auto& p : ce.decl->points) {
      t.x.push_back(literal(*p.x));
      t.y.push_back(literal(*p.y));
    }
    mod_.curves.push_back(std::move(t));
    ci = static_cast<int>(mod_.curves.size() - 1);
    curves_[ce.name] = ci;
  } else {
    ci = it->second;
  }
  return emit(Op::Curve, x, -1, -1, static_cast<std::uint32_t>(ci));
}
}  // namespace sluice::ir
