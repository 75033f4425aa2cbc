// Calls: built-in functions (min, max, prev, ...), random draws, market
// processes with named arguments, and curves read at a point. Which names
// are built in, the shape of their arguments, their parameters and their
// unit rules are the rows of vocabulary/functions.def; this file checks
// each shape and annotates the call with its FunctionId.
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace sluice::sema {

namespace {
// "a, b or c".
std::string or_list(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : i + 1 == v.size() ? " or " : ", ") + v[i];
  return out;
}
std::vector<std::string> factor_rows(vocab::Motion motion, bool usage) {
  std::vector<std::string> v;
  for (const auto& f : vocab::functions())
    if (f.place == vocab::Place::Factor && f.motion == motion) v.emplace_back(usage ? f.usage : f.name);
  return v;
}
}  // namespace

std::string factor_forms() {
  std::vector<std::string> random;
  for (auto& n : factor_rows(vocab::Motion::Stochastic, false)) random.push_back(n + "(...)");
  return fmt::format("{}, or a deterministic {}", or_list(random), or_list(factor_rows(vocab::Motion::Deterministic, true)));
}

std::string stochastic_processes() { return or_list(factor_rows(vocab::Motion::Stochastic, false)); }

Type Checker::check_call(const ast::Expr& e, ScopeId scope) {
  // Calls: built-in functions, random draws, processes and curves.
  const ast::Expr& callee = *e.kids[0];
  const std::size_t nargs = e.kids.size() - 1;
  std::vector<Type> args;
  auto arg = [&](std::size_t i) -> const ast::Expr& { return *e.kids[i + 1]; };
  if (callee.kind == ast::ExprKind::Name && !lookup(scope, callee.text)) {
    const std::string& f = callee.text;
    m.annotate(callee).type = TypeId::none();
    const std::optional<vocab::FunctionId> id = vocab::lookup(f);
    if (id) m.annotate(e).function = *id;  // lowering switches on this, never on the name
    if (id && vocab::info(*id).shape == vocab::Shape::Prev) return check_prev(e, scope);
    for (std::size_t i = 0; i < nargs; ++i) args.push_back(check(arg(i), scope));
    for (const auto& t : args)
      if (t.is_error()) return set(e, Type::error());
    if (!id) {
      std::vector<std::string> fns;
      for (const auto& b : vocab::functions()) fns.emplace_back(b.name);
      for (auto& n : visible_names(scope)) fns.push_back(n);
      auto& d = diags.error(DiagCode::UnknownName, callee.span, fmt::format("there is no function `{}`", f));
      auto near = closest_name(f, fns);
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
      return set(e, Type::error());
    }
    const vocab::FunctionInfo& fi = vocab::info(*id);
    const std::string usage(fi.usage);
    auto want = [&](std::size_t lo, std::size_t hi) { return want_args(e, f, lo, hi, usage.c_str()); };
    const Dim per_year{{"year", -1}};
    switch (fi.shape) {
      case vocab::Shape::Variadic:
        if (nargs < 2) {
          diags.error(DiagCode::BadCall, e.span, fmt::format("`{}` takes two or more arguments", f)).hints.push_back(fmt::format("usage: {}", usage));
          return set(e, Type::error());
        }
        for (std::size_t i = 1; i < nargs; ++i)
          if (!(args[i] == args[0]) || !args[i].is_number()) {
            auto& d = diags.error(DiagCode::UnitMismatch, arg(i).span, fmt::format("`{}` needs arguments of one unit: {} and {}", f, describe(args[0]), describe(args[i])), describe(args[i]));
            d.labels.push_back(Label{arg(0).span, describe(args[0]), false});
            return set(e, Type::error());
          }
        return set(e, args[0]);
      case vocab::Shape::Unary:
        if (!want(1, 1)) return set(e, Type::error());
        return set(e, args[0]);
      case vocab::Shape::PlainUnary:
        if (!want(1, 1)) return set(e, Type::error());
        if (!args[0].is_number() || !args[0].dim.empty()) {
          diags.error(DiagCode::WrongUnit, arg(0).span, fmt::format("`{}` needs a plain ratio, not {}", f, describe(args[0])));
          return set(e, Type::error());
        }
        return set(e, args[0]);
      case vocab::Shape::Rounding: return check_rounding(e, args);
      case vocab::Shape::Prev: break;  // checked above, before its arguments
      case vocab::Shape::Pair:
        if (!want(2, 2)) return set(e, Type::error());
        if (!(args[0] == args[1]) || !args[0].is_number()) {
          diags.error(DiagCode::UnitMismatch, arg(1).span, fmt::format("`{}` needs both arguments in one unit: {} and {}", f, describe(args[0]), describe(args[1])));
          return set(e, Type::error());
        }
        return set(e, args[0]);
      case vocab::Shape::Options:
        if (nargs < 1) return want(1, 100), set(e, Type::error());
        for (std::size_t i = 1; i < nargs; ++i)
          if (!(args[i] == args[0])) {
            diags.error(DiagCode::UnitMismatch, arg(i).span, fmt::format("`{}` needs options of one unit", f));
            return set(e, Type::error());
          }
        return set(e, args[0]);
      case vocab::Shape::Named: return check_named(e, args, *id);
      case vocab::Shape::Path: return check_path(e);
      case vocab::Shape::Csv: return check_csv(e, args);
      case vocab::Shape::Trailing: {
        // trailing(x, N months): a window in months, years or periods;
        // lowering checks it is fixed before the run and whole (E0259).
        if (!want(2, 2)) return set(e, Type::error());
        if (!args[0].is_number()) {
          diags.error(DiagCode::WrongKind, arg(0).span, fmt::format("`trailing` sums a number, not {}", describe(args[0])));
          return set(e, Type::error());
        }
        const bool window = args[1].is_number() && (args[1].dim == Dim{{"month", 1}} || args[1].dim == Dim{{"year", 1}} || args[1].dim == Dim{{"period", 1}});
        if (!window) {
          diags.error(DiagCode::BadTrailingWindow, arg(1).span, fmt::format("the window of `trailing` is a duration such as `12 months` or `4 periods`, not {}", describe(args[1])),
                      args[1].is_number() ? dim_text(args[1].dim) : describe(args[1]))
              .hints.push_back(fmt::format("usage: {}", usage));
          return set(e, Type::error());
        }
        return set(e, args[0]);
      }
      case vocab::Shape::Intensity:
        if (!want(1, 1)) return set(e, Type::error());
        if (args[0].dim != per_year) {
          diags.error(DiagCode::WrongUnit, arg(0).span, fmt::format("the jump intensity must be a number per year, not {}", describe(args[0])));
          return set(e, Type::error());
        }
        return set(e, args[0]);
    }
    return set(e, Type::error());
  }
  // A curve call: curve(x).
  Type ct = check(callee, scope);
  if (ct.is_error()) return set(e, ct);
  if (ct.kind != Kind::Curve) {
    diags.error(DiagCode::NotCallable, callee.span, fmt::format("{} cannot be called", describe(ct)));
    return set(e, Type::error());
  }
  if (nargs != 1) {
    diags.error(DiagCode::BadCall, e.span, "a curve takes one argument: the point to read it at");
    return set(e, Type::error());
  }
  Type x = check(arg(0), scope);
  if (x.is_error()) return set(e, x);
  EntityId cent = m.sema(callee).entity;
  const auto* cd = cent.valid() ? m.entities[cent].decl : nullptr;
  if (cd && cd->is_table && !cd->points.empty()) {
    Type px = check(*cd->points[0].x, m.entities[cent].scope);
    if (!px.is_error() && !(px == x)) {
      diags.error(DiagCode::UnitMismatch, arg(0).span, fmt::format("the curve is read at {}, not {}", describe(px), describe(x)));
      return set(e, Type::error());
    }
    return set(e, check(*cd->points[0].y, m.entities[cent].scope));
  }
  return set(e, Type::number());
}

// `f` takes lo to hi arguments; a located error with the usage otherwise.
bool Checker::want_args(const ast::Expr& e, const std::string& f, std::size_t lo, std::size_t hi, const char* usage) {
  const std::size_t nargs = e.kids.size() - 1;
  if (nargs < lo || nargs > hi) {
    diags.error(DiagCode::BadCall, e.span, fmt::format("`{}` takes {} argument{}", f, lo == hi ? fmt::format("{}", lo) : fmt::format("{} to {}", lo, hi), hi == 1 ? "" : "s"))
        .hints.push_back(fmt::format("usage: {}", usage));
    return false;
  }
  return true;
}

// Processes and fire_sale: named arguments, the parameters of functions.def
// in its order; the required ones may be given positionally, in order.
Type Checker::check_named(const ast::Expr& e, const std::vector<Type>& args, vocab::FunctionId id) {
  const std::string& f = e.kids[0]->text;
  const std::size_t nargs = e.kids.size() - 1;
  auto arg = [&](std::size_t i) -> const ast::Expr& { return *e.kids[i + 1]; };
  const auto params = vocab::params(id);
  std::size_t required = 0;
  std::vector<std::string> all;
  for (const auto& p : params) {
    all.emplace_back(p.name);
    if (p.need == vocab::Need::Required) ++required;
  }
  std::vector<int> at(all.size(), -1);  // the argument given for each parameter
  for (std::size_t i = 0; i < nargs; ++i) {
    const std::string& n = e.arg_names[i];
    std::size_t k = all.size();
    if (n.empty() && i < required) k = i;
    for (std::size_t j = 0; j < all.size(); ++j)
      if (all[j] == n) k = j;
    if (k == all.size()) {
      auto& d = diags.error(DiagCode::BadCall, arg(i).span, fmt::format("`{}` has no argument `{}`", f, n.empty() ? "(positional)" : n));
      auto near = closest_name(n, all);
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}:`?", near));
      return set(e, Type::error());
    }
    at[k] = static_cast<int>(i);
  }
  for (std::size_t j = 0; j < required; ++j)
    if (at[j] < 0) {
      diags.error(DiagCode::BadCall, e.span, fmt::format("`{}` needs the argument `{}:`", f, all[j]));
      return set(e, Type::error());
    }
  // Lowering reads each parameter's argument from here, not by its name.
  m.annotate(e).params.clear();
  for (std::size_t j = 0; j < params.size(); ++j)
    if (at[j] >= 0) m.annotate(e).params.emplace_back(*vocab::param_id(params[j].name), static_cast<std::size_t>(at[j]) + 1);
  auto type_of = [&](std::string_view name) -> Type {
    for (std::size_t j = 0; j < params.size(); ++j)
      if (params[j].name == name && at[j] >= 0) return args[static_cast<std::size_t>(at[j])];
    return Type::error();
  };
  const Type start = type_of("start");
  for (std::size_t j = 0; j < params.size(); ++j) {
    if (at[j] < 0) continue;
    const vocab::Param& p = params[j];
    const ast::Expr& x = arg(static_cast<std::size_t>(at[j]));
    const Type& t = args[static_cast<std::size_t>(at[j])];
    std::optional<Dim> d;
    switch (p.rule) {
      case vocab::Rule::Any:
      case vocab::Rule::ByConstruct: break;  // the construct checks it against its own units
      case vocab::Rule::SameAsStart: d = start.dim; break;
      case vocab::Rule::PerYear: d = Dim{{"year", -1}}; break;
      case vocab::Rule::Ratio: d = Dim{}; break;
      case vocab::Rule::Vol:
        if (!t.is_number() || !(t.dim.empty() || t.dim == Dim{{"year", -1}})) {
          diags.error(DiagCode::WrongUnit, x.span, fmt::format("`{}:` must be a ratio per year, such as `25% per year`, not {}", p.name, describe(t)));
          return set(e, Type::error());
        }
        break;
    }
    if (d && (!t.is_number() || t.dim != *d)) {
      diags.error(DiagCode::WrongUnit, x.span, fmt::format("`{}:` must be {}, not {}", p.name, p.what, describe(t)), describe(t));
      return set(e, Type::error());
    }
  }
  switch (vocab::info(id).result) {
    case vocab::Result::Start: return set(e, start);
    case vocab::Result::Construct: return set(e, Type{Kind::Entity, {}});
    case vocab::Result::First:
    case vocab::Result::ByChecker: break;
  }
  return set(e, nargs ? args[0] : Type::error());
}

// prev(x) or prev(x, initial): checked before its arguments, since the
// argument names a value whose type may still be being inferred.
Type Checker::check_prev(const ast::Expr& e, ScopeId scope) {
  const std::string& f = e.kids[0]->text;
  const std::size_t nargs = e.kids.size() - 1;
  auto arg = [&](std::size_t i) -> const ast::Expr& { return *e.kids[i + 1]; };
  auto want = [&](std::size_t lo, std::size_t hi, const char* usage) { return want_args(e, f, lo, hi, usage); };
  if (!want(1, 2, "prev(x) or prev(x, initial)")) return set(e, Type::error());
  const ast::Expr& x = arg(0);
  if (x.kind != ast::ExprKind::Name && x.kind != ast::ExprKind::Member) {
    diags.error(DiagCode::BadPrev, x.span, "prev() reads last period's value of a name, such as prev(A.interest_shortfall)");
    return set(e, Type::error());
  }
  // prev(a) inside a's own definition: a's unit is not known yet, so the
  // initial value must give it.
  EntityId target = x.kind == ast::ExprKind::Name ? lookup(scope, x.text) : EntityId::none();
  if (target.valid() && m.entities[target].type_busy) {
    m.annotate(x).entity = target;
    if (nargs < 2) {
      diags.error(DiagCode::BadPrev, e.span, fmt::format("prev({0}) inside {0}'s own definition needs an initial value that gives its unit", x.text))
          .hints.push_back(fmt::format("write prev({}, 0 USD), with the unit {} has", x.text, x.text));
      return set(e, Type::error());
    }
    Type init = check(arg(1), scope);
    set(x, init);
    return set(e, init);
  }
  Type t = check(x, scope);
  if (nargs == 2) {
    Type i = check(arg(1), scope);
    if (!i.is_error() && !t.is_error() && !(i == t)) {
      diags.error(DiagCode::UnitMismatch, arg(1).span, fmt::format("the initial value must be {} like the value, not {}", describe(t), describe(i)));
      return set(e, Type::error());
    }
  }
  return set(e, t);
}

// Deterministic factors. `path` reads a curve of months elapsed; `csv`
// names a file whose column sema reads when it checks the factor.
Type Checker::check_path(const ast::Expr& e) {
  const std::size_t nargs = e.kids.size() - 1;
  auto arg = [&](std::size_t i) -> const ast::Expr& { return *e.kids[i + 1]; };
  const char* usage = "path(CURVE), with `curve CURVE = table { 0 months: 4.30%, 12 months: 3.90% }`";
  if (nargs != 1 || !e.arg_names[0].empty()) {
    diags.error(DiagCode::BadCall, e.span, "`path` takes one argument: the name of a curve").hints.push_back(fmt::format("usage: {}", usage));
    return set(e, Type::error());
  }
  const ast::Expr& c = arg(0);
  // Follow template parameters to the curve they stand for.
  EntityId ce = (c.kind == ast::ExprKind::Name || c.kind == ast::ExprKind::Member) ? m.sema(c).entity : EntityId::none();
  for (int hops = 0; ce.valid() && hops < 64 && m.entities[ce].kind == EntityKind::TemplateArg; ++hops) {
    const ast::Expr* b = m.entities[ce].bound;
    ce = b && (b->kind == ast::ExprKind::Name || b->kind == ast::ExprKind::Member) ? m.sema(*b).entity : EntityId::none();
  }
  const ast::Decl* cd = ce.valid() && m.entities[ce].kind == EntityKind::Curve ? m.entities[ce].decl : nullptr;
  if (!cd) {
    EntityId named_ent = (c.kind == ast::ExprKind::Name || c.kind == ast::ExprKind::Member) ? m.sema(c).entity : EntityId::none();
    std::string what = named_ent.valid() ? fmt::format("`{}` is a {}, not a curve", ast::expr_to_string(c), entity_kind_name(m.entities[named_ent].kind))
                                      : "`path` reads a curve by its name, not an expression";
    diags.error(DiagCode::BadCall, c.span, what).hints.push_back(fmt::format("usage: {}", usage));
    return set(e, Type::error());
  }
  if (!cd->is_table || cd->points.empty()) return set(e, Type::error());  // the curve reports its own form
  const ScopeId cscope = m.entities[ce].scope;
  Type px = check(*cd->points[0].x, cscope), py = check(*cd->points[0].y, cscope);
  if (px.is_error() || py.is_error()) return set(e, Type::error());
  if (!px.is_number() || px.dim != Dim{{"month", 1}}) {
    auto& d = diags.error(DiagCode::UnitMismatch, c.span,
                          fmt::format("`path` reads its curve at the months elapsed, but `{}` is read at {}", m.entities[ce].name, describe(px)),
                          describe(px));
    d.labels.push_back(Label{cd->points[0].x->span, "the curve's x", false});
    d.hints.push_back("give the curve's points in months: `0 months: 4.30%, 12 months: 3.90%`");
    return set(e, Type::error());
  }
  m.annotate(c).entity = ce;  // lowering reads the table from here; the argument is never a value
  return set(e, py);
}

Type Checker::check_csv(const ast::Expr& e, const std::vector<Type>& args) {
  const std::size_t nargs = e.kids.size() - 1;
  auto arg = [&](std::size_t i) -> const ast::Expr& { return *e.kids[i + 1]; };
  const char* usage = "csv(\"rates.csv\", column: \"sofr\", scale: 1%)";
  if (nargs < 1 || !e.arg_names[0].empty() || arg(0).kind != ast::ExprKind::String) {
    diags.error(DiagCode::BadCall, nargs < 1 ? e.span : arg(0).span, "`csv` takes the file's name first, as a quoted string")
        .hints.push_back(fmt::format("usage: {}", usage));
    return set(e, Type::error());
  }
  const std::vector<std::string> known = {"column", "scale"};
  std::vector<bool> seen(known.size(), false);
  for (std::size_t i = 1; i < nargs; ++i) {
    const std::string& n = e.arg_names[i];
    std::size_t kx = n == "column" ? 0 : n == "scale" ? 1 : known.size();
    if (kx == known.size()) {
      auto& d = diags.error(DiagCode::BadCall, arg(i).span,
                            n.empty() ? std::string("`csv` takes its column and scale by name") : fmt::format("`csv` has no argument `{}`", n));
      auto near = closest_name(n, known);
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}:`?", near));
      else d.hints.push_back(fmt::format("usage: {}", usage));
      return set(e, Type::error());
    }
    if (seen[kx]) {
      diags.error(DiagCode::BadCall, arg(i).span, fmt::format("`{}:` is given twice", n));
      return set(e, Type::error());
    }
    seen[kx] = true;
    if (kx == 0 && arg(i).kind != ast::ExprKind::String) {
      diags.error(DiagCode::BadCall, arg(i).span, "`column:` is the column's name in the file's header, as a quoted string")
          .hints.push_back(fmt::format("usage: {}", usage));
      return set(e, Type::error());
    }
    if (kx == 1 && !args[i].is_number()) {
      diags.error(DiagCode::BadCall, arg(i).span, fmt::format("`scale:` multiplies each cell, so it is a number, not {}", describe(args[i])));
      return set(e, Type::error());
    }
  }
  if (!seen[0]) {
    diags.error(DiagCode::BadCall, e.span, "`csv` needs the argument `column:`").hints.push_back(fmt::format("usage: {}", usage));
    return set(e, Type::error());
  }
  m.annotate(e).params.clear();
  for (std::size_t i = 1; i < nargs; ++i)
    m.annotate(e).params.emplace_back(e.arg_names[i] == "column" ? vocab::ParamId::Column : vocab::ParamId::Scale, i + 1);
  // The cells are plain numbers; `scale:` gives the factor its unit.
  for (std::size_t i = 1; i < nargs; ++i)
    if (e.arg_names[i] == "scale") return set(e, args[i]);
  return set(e, Type::number());
}

}  // namespace sluice::sema
