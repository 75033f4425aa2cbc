// The sema entry point: builds scopes (built-ins, imported modules, the
// deal), applies `--set` overrides, then checks every declaration.
#include "sema/analyze.hpp"

#include <algorithm>
#include <filesystem>
#include <tuple>
#include <fmt/format.h>

#include "sema/checker.hpp"
#include "syntax/parser.hpp"

namespace sluice::sema {

namespace {

// `import std.gpu` binds `std` (a namespace holding `gpu`), and `import
// desk.gpu` binds `desk` the same way (a longer name nests a namespace per
// part); `import std.gpu as g` binds `g`; `import "./lib/abl.deal"` binds
// `abl` (the file's stem).
void bind_imports(Checker& c, const ast::File& f, ScopeId scope, const std::vector<ScopeId>& file_scopes) {
  for (std::size_t index = 0; index < f.imports.size(); ++index) {
    const auto& im = f.imports[index];
    auto found = c.prog.import_targets.find({f.file_id, index});
    if (found == c.prog.import_targets.end()) continue;  // reported by the loader
    int target = found->second;
    std::string bind = !im.alias.empty() ? im.alias : !im.module.empty() ? im.module[0] : std::filesystem::path(im.file).stem().string();
    // Scopes live in a vector that add_scope grows: look names up afresh
    // rather than holding a reference across it (a dangling reference here
    // lost every std import but the last).
    auto names = [&](ScopeId sc) -> auto& { return c.m.scopes[sc].names; };
    if (im.alias.empty() && im.module.size() > 1) {
      // Each part but the last: a namespace shared by every import under it
      // (`std` by every std import). One that holds a file (`import
      // "./desk.deal"`) is not shared: declaring the name again reports it.
      ScopeId holder = scope;
      std::string prefix;
      for (std::size_t k = 0; k + 1 < im.module.size(); ++k) {
        prefix += (k ? "." : "") + im.module[k];
        EntityId ns = names(holder).count(im.module[k]) ? names(holder)[im.module[k]] : EntityId::none();
        const auto* e = ns.valid() ? &c.m.entities[ns] : nullptr;
        bool shared = e && e->kind == EntityKind::Namespace &&
                      std::find(file_scopes.begin(), file_scopes.end(), e->inner_scope) == file_scopes.end();
        if (!shared) {
          bool clash = ns.valid();
          ns = c.add_entity(EntityKind::Namespace, prefix, im.span, nullptr, holder);
          ScopeId inner = c.add_scope(ScopeId::none());
          c.m.entities[ns].inner_scope = inner;
          if (clash) c.declare(holder, im.module[k], ns, im.span);
          else names(holder)[im.module[k]] = ns;
        }
        holder = c.m.entities[ns].inner_scope;
      }
      EntityId ns = c.add_entity(EntityKind::Namespace, prefix + "." + im.module.back(), im.span, nullptr, scope);
      c.m.entities[ns].inner_scope = file_scopes[target];
      names(holder)[im.module.back()] = ns;
    } else {
      EntityId ns = c.add_entity(EntityKind::Namespace, bind, im.span, nullptr, scope);
      c.m.entities[ns].inner_scope = file_scopes[target];
      c.declare(scope, bind, ns, im.span);
    }
  }
}

bool apply_overrides(Checker& c, const std::vector<ParamOverride>& sets) {
  bool ok = true;
  for (const auto& s : sets) {
    EntityId ent;
    auto it = c.m.scopes[c.m.deal_scope].names.find(s.name);
    if (it != c.m.scopes[c.m.deal_scope].names.end()) ent = it->second;
    if (!ent.valid() || c.m.entities[ent].kind != EntityKind::Param) {
      std::vector<std::string> params;
      for (const auto& [n, e] : c.m.scopes[c.m.deal_scope].names)
        if (c.m.entities[e].kind == EntityKind::Param) params.push_back(n);
      auto& d = c.diags.error(DiagCode::UnknownParam, Span::none(), fmt::format("--set {}: the deal has no param `{}`", s.name, s.name));
      auto near = closest_name(s.name, params);
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
      else if (!params.empty()) {
        std::string all;
        for (const auto& p : params) all += (all.empty() ? "" : ", ") + p;
        d.hints.push_back("the deal's params: " + all);
      } else {
        d.hints.push_back("the deal declares no params");
      }
      ok = false;
      continue;
    }
    auto& ent_ref = c.m.entities[ent];
    // Parse the value as an expression, in a source of its own so errors point into it.
    auto id = c.sm().add(fmt::format("--set {}", s.name), "", s.value);
    auto units = syntax::collect_units(c.sm().file(c.prog.files[0].file_id).text);
    Diagnostics parse_diags;
    auto expr = s.value.empty() ? nullptr : syntax::parse_expression(id, c.sm(), units, parse_diags);
    if (!expr) {
      std::string why = parse_diags.all().empty() ? "the value is empty" : parse_diags.all().front().message;
      Span at = parse_diags.all().empty() ? Span{id, 0, 0} : parse_diags.all().front().labels.front().span;
      auto& d = c.diags.error(DiagCode::BadParamValue, at, fmt::format("--set {}: the value does not parse: {}", s.name, why));
      d.hints.push_back(fmt::format("give a value as the deal would write it, such as --set {}=55% or --set {}=\"4m USD\"", s.name, s.name));
      ok = false;
      continue;
    }
    Type want = c.entity_type(ent, ent_ref.span);
    // Checked where it will live: sema's table knows a node by its address.
    c.m.owned_exprs.push_back(std::move(*expr));
    const ast::Expr& value = c.m.owned_exprs.back();
    Type got = c.check(value, c.m.deal_scope);
    if (got.is_error()) {
      ok = false;
      continue;
    }
    if (!(want == got) && !want.is_error()) {
      auto& d = c.diags.error(DiagCode::ParamUnit, value.span, fmt::format("--set {}: the param is {}, the value is {}", s.name, c.describe(want), c.describe(got)),
                              c.describe(got));
      d.labels.push_back(Label{ent_ref.bound ? ent_ref.bound->span : ent_ref.span, "declared here as " + c.describe(want), false});
      ok = false;
      continue;
    }
    ent_ref.bound = &value;
  }
  return ok;
}

}  // namespace

std::optional<Model> analyze(Program& prog, const std::vector<ParamOverride>& sets, Diagnostics& diags, bool& usage_error,
                             const std::string& stress) {
  usage_error = false;
  Checker c{prog, diags, Model{}, {}, {}};
  const ast::File& main = prog.files.at(0);
  if (main.deals.empty()) {
    auto& d = diags.error(DiagCode::NoDeal, Span{main.file_id, 0, 0}, "the file declares no deal");
    d.hints.push_back("a deal file holds `deal \"NAME\" { currency USD  start 2025-01-31  period monthly  horizon 60 months ... }`");
    return std::nullopt;
  }
  if (main.deals.size() > 1) {
    auto& d = diags.error(DiagCode::SeveralDeals, main.deals[1].name_span, "a file declares one deal; this is the second");
    d.labels.push_back(Label{main.deals[0].name_span, "the first", false});
    return std::nullopt;
  }
  // Root scope: built-in per-period values.
  ScopeId root = c.add_scope(ScopeId::none());
  for (const auto& b : vocab::kBuiltins) {
    const std::string word(b.word);
    EntityId e = c.add_entity(EntityKind::Builtin, word, Span::none(), nullptr, root);
    c.m.entities[e].builtin = b.id;
    c.m.scopes[root].names[word] = e;
  }
  // One scope per file; imported files first so their names exist.
  std::vector<ScopeId> file_scopes;
  for (std::size_t i = 0; i < prog.files.size(); ++i) file_scopes.push_back(c.add_scope(root));
  for (std::size_t i = 0; i < prog.files.size(); ++i) c.declare_file_items(prog.files[i], file_scopes[i]);
  for (std::size_t i = 0; i < prog.files.size(); ++i) bind_imports(c, prog.files[i], file_scopes[i], file_scopes);
  const ast::Deal& deal = main.deals[0];
  c.m.deal_scope = c.add_scope(file_scopes[0]);
  c.m.deal.currency = "USD";
  for (const auto& s : deal.settings)
    if (s.name == "currency") c.m.deal.currency = s.text;
  for (const auto& d : deal.decls) {
    EntityId e = c.declare_decl(d, c.m.deal_scope, "");
    if (e.valid()) c.m.order.push_back(e);
  }
  c.settings(deal);
  // A unit name that is also a value name would make `5 gpu` ambiguous.
  auto units = syntax::collect_units(c.sm().file(main.file_id).text);
  for (const auto& [n, e] : c.m.scopes[c.m.deal_scope].names)
    if (units.names.count(n) || builtin_unit(n)) {
      auto& d = diags.error(DiagCode::UnitNameClash, c.m.entities[e].span,
                            fmt::format("`{}` is a unit, so it cannot also name a {}", n, entity_kind_name(c.m.entities[e].kind)));
      d.hints.push_back(fmt::format("rename the {} (for example `{}_count`)", entity_kind_name(c.m.entities[e].kind), n));
    }
  if (!sets.empty() && !apply_overrides(c, sets)) {
    usage_error = true;
    return std::nullopt;
  }
  c.collect_stresses(file_scopes);
  if (!c.choose_stress(stress, sets)) {
    usage_error = true;
    return std::nullopt;
  }
  c.place_steps();
  for (std::size_t i = 0; i < c.m.entities.size() && !diags.full(); ++i) c.check_entity(EntityId(i));
  c.check_stresses();
  c.check_payment_dates();
  int defaults = 0;
  for (EntityId w : c.m.waterfalls) {
    const auto& we = c.m.entities[w];
    if (we.decl->when) continue;
    if (++defaults == 2)
      diags.error(DiagCode::Duplicate, we.span, "a second waterfall without `when`: only one can be the default")
          .hints.push_back("give all but one waterfall a condition: waterfall post_default when event_of_default { ... }");
  }
  if (c.m.waterfalls.empty()) diags.error(DiagCode::MissingProperty, deal.name_span, "the deal has no waterfall").hints.push_back("add `waterfall { pay A.interest ... }`");
  c.check_report();
  // Correlations: both names factors, the value a plain number in [-1, 1].
  for (auto& corr : c.m.correlations) {
    const ast::Decl& d = *corr.decl;
    EntityId f1 = c.lookup(c.m.deal_scope, d.name), f2 = c.lookup(c.m.deal_scope, d.other);
    if (!f1.valid() || c.m.entities[f1].kind != EntityKind::Factor)
      diags.error(DiagCode::UnknownName, d.name_span, fmt::format("`{}` is not a factor", d.name));
    if (!f2.valid() || c.m.entities[f2].kind != EntityKind::Factor)
      diags.error(DiagCode::UnknownName, d.other_span, fmt::format("`{}` is not a factor", d.other));
    for (auto [f, at, name] : {std::tuple{f1, d.name_span, d.name}, std::tuple{f2, d.other_span, d.other}})
      if (f.valid() && c.m.deterministic_factor(c.m.entities[f]))
        diags.error(DiagCode::BadCall, at, fmt::format("`{}` is known before the run: a deterministic factor has no shocks to correlate", name))
            .hints.push_back(fmt::format("correlate only {} factors", stochastic_processes()));
    if (c.expect_dim(*d.value, c.m.deal_scope, Dim{}, "a correlation") &&
        d.value->kind == ast::ExprKind::Number && (d.value->value < -1 || d.value->value > 1))
      diags.error(DiagCode::WrongUnit, d.value->span, "a correlation is between -1 and 1");
    if (f1.valid() && f1 == f2) diags.error(DiagCode::BadCall, d.other_span, "a factor is correlated with itself by definition");
    for (const auto& before : c.m.correlations) {
      if (&before == &corr) break;
      if ((before.first == f1 && before.second == f2) || (before.first == f2 && before.second == f1))
        diags.error(DiagCode::Duplicate, d.span, fmt::format("`{}` and `{}` are correlated twice", d.name, d.other))
            .labels.push_back(Label{before.decl->span, "first here", false});
    }
    corr.first = f1;
    corr.second = f2;
  }
  if (diags.has_errors()) return std::nullopt;
  return std::move(c.m);
}

}  // namespace sluice::sema
