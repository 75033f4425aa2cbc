// Named stresses (`stress NAME { ... }`): every stress the deal sees (its
// own, then those at the top of each imported file) checked against the
// deal, and the one a run applies (`--stress NAME`) recorded for lowering as
// Model::stress. A stress changes only deterministic inputs: a factor's path
// (fixed, or shocked relative to the base case), a draw's value, a param's
// value, a lessee's default time and a pool's default or prepayment rate,
// so the base case's one engine runs it.
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace sluice::sema {

namespace {

// `24 months` or `2 years` as months; none for anything else.
std::optional<double> literal_months(const ast::Expr& e) {
  if (e.kind != ast::ExprKind::Number || e.units.size() != 1 || e.units[0].power != 1 || e.suffix != 0) return std::nullopt;
  const std::string& u = e.units[0].name;
  if (u == "month" || u == "months") return e.value;
  if (u == "year" || u == "years") return e.value * 12;
  return std::nullopt;
}

// What a line of each kind may name, for messages and "did you mean".
std::vector<EntityKind> wanted_kinds(ast::StressKind k) {
  switch (k) {
    case ast::StressKind::Fix: return {EntityKind::Factor, EntityKind::Draw};
    case ast::StressKind::Shock: return {EntityKind::Factor};
    case ast::StressKind::Set: return {EntityKind::Param};
    case ast::StressKind::Default: return {EntityKind::Lease};
    case ast::StressKind::Rate: return {EntityKind::Loan, EntityKind::Receivables};
  }
  return {};
}

const char* wanted_text(ast::StressKind k) {
  switch (k) {
    case ast::StressKind::Fix: return "a factor or a draw";
    case ast::StressKind::Shock: return "a factor";
    case ast::StressKind::Set: return "a param";
    case ast::StressKind::Default: return "a lease";
    case ast::StressKind::Rate: return "a pool's rate";
  }
  return "";
}

// How to write a line for a declaration of kind `k`.
std::string form_for(EntityKind k, const std::string& name) {
  switch (k) {
    case EntityKind::Factor: return fmt::format("`{} = path(CURVE)` or `{} falls 50% over 24 months`", name, name);
    case EntityKind::Draw: return fmt::format("`{} = VALUE` (a draw is fixed, not shocked)", name);
    case EntityKind::Param: return fmt::format("`set {} = VALUE`", name);
    case EntityKind::Lease: return fmt::format("`default {} at 18 months` or `default {} never`", name, name);
    case EntityKind::Loan:
    case EntityKind::Receivables: return fmt::format("`{} default cdr(8%)` or `{} prepayment cpr(20%)`", name, name);
    default: return "";
  }
}

}  // namespace

// Every stress, its name once across the deal and its imports. Lines of a
// stress in an imported file resolve in that file's names first (its own
// curves), then the deal's (the factors it stresses).
void Checker::collect_stresses(const std::vector<ScopeId>& file_scopes) {
  auto add = [&](const ast::Stress& st, ScopeId scope) {
    for (const ast::Stress* before : m.stresses)
      if (before->name == st.name) {
        diags.error(DiagCode::DuplicateStress, st.name_span, fmt::format("a second stress named `{}`", st.name))
            .labels.push_back(Label{before->name_span, "the first", false});
        return;
      }
    m.stresses.push_back(&st);
    stress_scopes.push_back(scope);
  };
  for (const auto& st : prog.files[0].deals[0].stresses) add(st, m.deal_scope);
  for (std::size_t i = 0; i < prog.files.size(); ++i) {
    if (prog.files[i].stresses.empty()) continue;
    ScopeId scope = m.deal_scope;
    if (i > 0) {
      scope = add_scope(m.deal_scope);
      m.scopes[scope].names = m.scopes[file_scopes[i]].names;
    }
    for (const auto& st : prog.files[i].stresses) add(st, scope);
  }
}

// `--stress NAME`: the stress this compile applies. Its `set` lines bind
// their params before anything is checked, as `--set` does; a param both
// set by the stress and by `--set` is refused (neither silently wins).
bool Checker::choose_stress(const std::string& name, const std::vector<ParamOverride>& sets) {
  if (name.empty()) return true;
  std::size_t index = m.stresses.size();
  std::vector<std::string> names;
  for (std::size_t i = 0; i < m.stresses.size(); ++i) {
    names.push_back(m.stresses[i]->name);
    if (m.stresses[i]->name == name) index = i;
  }
  if (index == m.stresses.size()) {
    auto& d = diags.error(DiagCode::UnknownStress, Span::none(), fmt::format("--stress {}: the deal has no stress `{}`", name, name));
    auto near = closest_name(name, names);
    if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
    else if (!names.empty()) {
      std::string all;
      for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
      d.hints.push_back("the deal's stresses: " + all + " (or --stress all)");
    } else {
      d.hints.push_back("the deal declares no stress: add `stress NAME { gpu_rate falls 50% over 24 months }` to it, or import a file of stresses");
    }
    return false;
  }
  chosen_stress = index;
  m.stress.emplace();
  m.stress->name = name;
  const ast::Stress& st = *m.stresses[index];
  bool ok = true;
  for (const auto& it : st.items) {
    if (it.kind != ast::StressKind::Set) continue;
    EntityId ent = lookup(stress_scopes[index], it.target);
    if (!ent.valid() || m.entities[ent].kind != EntityKind::Param) continue;  // reported with the other lines
    for (const auto& s : sets)
      if (s.name == it.target) {
        diags.error(DiagCode::DuplicateStress, it.target_span,
                    fmt::format("the stress `{}` sets `{}`, and so does --set {}", st.name, it.target, it.target))
            .hints.push_back("drop the --set, or run the stress as written");
        ok = false;
      }
    if (!ok) continue;
    Type want = entity_type(ent, it.target_span);
    Type got = check(*it.value, stress_scopes[index]);
    if (got.is_error() || want.is_error()) continue;
    if (!(want == got)) continue;  // reported with the other lines
    m.entities[ent].bound = it.value.get();
    m.entities[ent].bound_scope = stress_scopes[index];
  }
  return ok;
}

// Every line of every stress, after the deal's own declarations are checked.
void Checker::check_stresses() {
  for (std::size_t s = 0; s < m.stresses.size(); ++s) {
    const ast::Stress& st = *m.stresses[s];
    const ScopeId scope = stress_scopes[s];
    ActiveStress scratch;
    ActiveStress& into = chosen_stress == s && m.stress ? *m.stress : scratch;
    std::map<std::pair<EntityId, int>, Span> seen;  // a pool's two rates are two things
    for (const auto& it : st.items) {
      EntityId ent = lookup(scope, it.target);
      const auto kinds = wanted_kinds(it.kind);
      if (!ent.valid()) {
        std::vector<std::string> near;
        for (const auto& [n, e] : m.scopes[m.deal_scope].names)
          for (EntityKind k : kinds)
            if (m.entities[e].kind == k) near.push_back(n);
        auto& d = diags.error(DiagCode::UnknownStressTarget, it.target_span,
                              fmt::format("the stress `{}` names `{}`, which the deal does not declare", st.name, it.target));
        auto best = closest_name(it.target, near);
        if (!best.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", best));
        else d.hints.push_back(fmt::format("this line names {} of the deal", wanted_text(it.kind)));
        continue;
      }
      const Entity& e = m.entities[ent];
      bool fits = false;
      for (EntityKind k : kinds) fits = fits || e.kind == k;
      if (!fits) {
        auto& d = diags.error(DiagCode::BadStressTarget, it.target_span,
                              fmt::format("`{}` is {}; this line changes {}", it.target, a_kind(e.kind), wanted_text(it.kind)));
        auto form = form_for(e.kind, it.target);
        d.hints.push_back(!form.empty() ? "write " + form : "a stress changes factors, draws, params and lessees' defaults");
        continue;
      }
      const int what = it.kind != ast::StressKind::Rate ? 0 : it.prepayment ? 2 : 1;
      if (auto [at, fresh] = seen.emplace(std::pair{ent, what}, it.span); !fresh) {
        diags.error(DiagCode::DuplicateStress, it.span,
                    fmt::format("the stress `{}` changes `{}`{} twice", st.name, it.target, what == 0 ? "" : what == 1 ? "'s default" : "'s prepayment"))
            .labels.push_back(Label{at->second, "first here", false});
        continue;
      }
      ActiveStress::Line line{&it, EntityId::none(), 0, 0};
      auto bad_value = [&](const ast::Expr& v, std::string msg, std::string hint) {
        diags.error(DiagCode::BadStressValue, v.span, std::move(msg)).hints.push_back(std::move(hint));
      };
      switch (it.kind) {
        case ast::StressKind::Fix:
        case ast::StressKind::Set: {
          if (it.kind == ast::StressKind::Set && chosen_stress == s && m.stress && e.bound == it.value.get()) break;  // bound and checked
          Type want = entity_type(ent, it.target_span);
          Type got = check(*it.value, scope);
          if (got.is_error() || want.is_error()) break;
          if (!(want == got)) {
            auto& d = diags.error(DiagCode::BadStressValue, it.value->span,
                                  fmt::format("`{}` is {}, the stress gives {}", it.target, describe(want), describe(got)), describe(got));
            d.labels.push_back(Label{e.span, "declared here as " + describe(want), false});
            break;
          }
          const auto& info = m.sema(*it.value);
          if (it.kind == ast::StressKind::Fix && info.function && vocab::as_process(*info.function)) {
            if (e.kind != EntityKind::Factor || *vocab::as_process(*info.function) != vocab::Process::Path) {
              bad_value(*it.value, "a stress fixes a path: it cannot draw one",
                        "fix a factor to `path(CURVE)` or to a value, a draw to a value");
              break;
            }
            line.curve = m.sema(*it.value->kids[1]).entity;
          }
          if (it.kind == ast::StressKind::Fix) (e.kind == EntityKind::Factor ? into.factors : into.draws)[ent] = line;
          break;
        }
        case ast::StressKind::Shock: {
          const ast::Expr& p = *it.value;
          if (p.kind != ast::ExprKind::Number || !p.units.empty() || p.suffix == 'x') {
            bad_value(p, "the size of a shock is a percentage written as a number, such as `50%`", "write `gpu_rate falls 50% over 24 months`");
            break;
          }
          if (it.rises ? !(p.value > 0) : !(p.value > 0 && p.value <= 1)) {
            bad_value(p, fmt::format("a {} is above 0%{}, not {}%", it.rises ? "rise" : "fall", it.rises ? "" : " and at most 100%", p.value * 100),
                      it.rises ? "a rise of 50% ends at 1.5 times the base case" : "a fall of 50% ends at half the base case; 100% at zero");
            break;
          }
          auto months = literal_months(*it.over);
          if (!months || !(*months > 0)) {
            bad_value(*it.over, "a shock takes a number of months or years above zero, such as `24 months`",
                      "`over 1 month` is a fall within the first month; the factor stays at the level reached after the window");
            break;
          }
          line.size = p.value;
          line.months = *months;
          into.factors[ent] = line;
          break;
        }
        case ast::StressKind::Default: {
          if (!m.prop(ent, vocab::PropId::Default)) {
            diags.error(DiagCode::BadStressTarget, it.target_span, fmt::format("`{}` has no `default`: its lessee cannot default", it.target))
                .hints.push_back(fmt::format("give the lease `default hazard 0% per year` (and a recovery) to stress its default"));
            break;
          }
          if (it.value) {
            auto months = literal_months(*it.value);
            if (!months || !(*months >= 0)) {
              bad_value(*it.value, "a default's time is a number of months or years after the start, such as `18 months`",
                        "the lessee defaults in the period that ends at or after it");
              break;
            }
            line.months = *months;
          }
          into.defaults[ent] = line;
          break;
        }
        case ast::StressKind::Rate: {
          // The pool's rate as the pool writes it: a convention of the
          // property and its one argument, a ratio (checked against its
          // domain where lowered, as the pool's own is).
          const vocab::PropId prop = it.prepayment ? vocab::PropId::Prepayment : vocab::PropId::Default;
          const char* word = it.prepayment ? "prepayment" : "default";
          const vocab::PropertyInfo* info = vocab::property(*construct_of(e.kind), prop);
          if (!m.prop(ent, prop)) {
            diags.error(DiagCode::BadStressTarget, it.target_span, fmt::format("`{}` declares no `{}`: a stress replaces the rate a pool declares", it.target, word))
                .hints.push_back(fmt::format("give the pool `{}` to stress it", it.prepayment ? "prepayment cpr(0%)" : "default cdr(0%)"));
            break;
          }
          const ast::Expr& v = *it.value;
          std::optional<vocab::Option> option;
          if (v.kind == ast::ExprKind::Call && v.kids[0]->kind == ast::ExprKind::Name)
            option = vocab::option_named(info->options, v.kids[0]->text);
          if (!option || v.kids.size() != 2 || !v.arg_names[0].empty()) {
            bad_value(v, fmt::format("a pool's {} in a stress is written as the pool writes it: {}", word, info->doc),
                      fmt::format("write `{} {} {}`", it.target, word, it.prepayment ? "cpr(20%)" : "cdr(8%)"));
            break;
          }
          const ast::Expr& arg = *v.kids[1];
          Type got = check(arg, scope);
          if (got.is_error()) break;
          if (!got.is_number() || !got.dim.empty()) {
            bad_value(arg, fmt::format("the rate of `{}` is a ratio such as `8%`, not {}", v.kids[0]->text, describe(got)),
                      "numbers and params: a stress's rate is fixed before the run");
            break;
          }
          line.option = *option;
          line.rate = &arg;
          (it.prepayment ? into.pool_prepayments : into.pool_defaults)[ent] = line;
          break;
        }
      }
    }
  }
}

}  // namespace sluice::sema
