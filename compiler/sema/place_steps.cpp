// A template's waterfall steps, placed where the deal says. A template
// declares step groups (`steps { ... }`, `steps interest { ... }`); a
// waterfall step `steps R` or `steps R.interest` is replaced by a clone of
// the group's steps whose names resolve in the instance's scope, so `pay
// line.interest` in std.abl's revolver pays `R.line.interest`. The clones
// are checked and lowered like the deal's own steps (Model::steps_of,
// Model::step_scope); nothing of the template's text is rewritten.
#include <fmt/format.h>
#include <functional>

#include "sema/checker.hpp"

namespace sluice::sema {

namespace {

using Group = std::pair<EntityId, std::string>;  // an instance and one of its step groups ("" the unnamed)

// How a group is named in messages and hints: `R`, `R.interest`.
std::string group_path(const Model& m, const Group& g) { return m.entities[g.first].name + (g.second.empty() ? "" : "." + g.second); }

std::string list_groups(const Model& m, EntityId inst) {
  std::string out;
  for (const auto& [name, d] : m.entities[inst].step_groups)
    out += fmt::format("{}`steps {}`", out.empty() ? "" : ", ", group_path(m, {inst, name}));
  return out;
}

bool places_any(const std::vector<ast::Step>& list) {
  for (const auto& s : list) {
    if (s.kind == ast::StepKind::Place) return true;
    for (const auto& b : s.branches)
      if (places_any(b)) return true;
    if (places_any(s.else_steps)) return true;
  }
  return false;
}

struct Placer {
  Checker& c;
  Model& m;
  std::set<Group>& used;
  std::set<EntityId>& misnamed;  // instances a placement named with no such group: reported once
  // Groups placed on the path through the waterfall walked so far, and where.
  using Placed = std::map<Group, Span>;
  std::vector<Model::StepOrigin> preorder{};  // the origin of each step made, in preorder

  // The group a placement names, from the scope its step resolves in; none
  // (reported) when it names none.
  std::optional<Group> resolve(const ast::Step& s, ScopeId scope) {
    const auto& path = s.target.path;
    EntityId inst = path.empty() ? EntityId::none() : c.lookup(scope, path[0]);
    if (!inst || m.entities[inst].kind != EntityKind::Instance) {
      std::vector<std::string> instances;
      for (ScopeId sc = scope; sc; sc = m.scopes[sc].parent)
        for (const auto& [n, e] : m.scopes[sc].names)
          if (m.entities[e].kind == EntityKind::Instance) instances.push_back(n);
      auto& d = c.diags.error(DiagCode::UnknownStepGroup, s.target.span,
                              !inst ? fmt::format("`{}` is not declared", path.empty() ? "?" : path[0])
                                    : fmt::format("`{}` is {}, not a template instance: `steps` places a template's steps", path[0],
                                                  a_kind(m.entities[inst].kind)));
      auto near = closest_name(path.empty() ? "" : path[0], instances);
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `{}`?", near));
      else d.hints.push_back("`steps ALIAS` names a `use TEMPLATE as ALIAS { ... }` of the deal");
      return std::nullopt;
    }
    std::size_t i = 1;
    for (; i < path.size(); ++i) {
      const auto& x = m.entities[inst];
      if (i + 1 == path.size() && x.step_groups.count(path[i])) return Group{inst, path[i]};
      auto it = m.scopes[x.inner_scope].names.find(path[i]);
      if (it != m.scopes[x.inner_scope].names.end() && m.entities[it->second].kind == EntityKind::Instance) {
        inst = it->second;
        continue;
      }
      misnamed.insert(inst);
      std::vector<std::string> names;
      for (const auto& [n, d] : x.step_groups)
        if (!n.empty()) names.push_back(n);
      auto& d = c.diags.error(DiagCode::UnknownStepGroup, s.target.span,
                              fmt::format("`{}` (template `{}`) has no step group `{}`", x.name, x.decl ? dotted(x.decl->path) : "?", path[i]));
      auto near = closest_name(path[i], names);
      if (!near.empty()) d.hints.push_back(fmt::format("did you mean `steps {}.{}`?", x.name, near));
      if (!x.step_groups.empty()) d.hints.push_back("its step groups: " + list_groups(m, inst));
      else d.hints.push_back(fmt::format("template `{}` declares no steps: pay its claims with the deal's own steps", x.decl ? dotted(x.decl->path) : "?"));
      return std::nullopt;
    }
    const auto& x = m.entities[inst];
    if (x.step_groups.count("")) return Group{inst, ""};
    misnamed.insert(inst);
    auto& d = c.diags.error(DiagCode::UnknownStepGroup, s.target.span,
                            fmt::format("`{}` (template `{}`) has no unnamed steps", x.name, x.decl ? dotted(x.decl->path) : "?"));
    if (!x.step_groups.empty()) d.hints.push_back("name one of its step groups: " + list_groups(m, inst));
    else d.hints.push_back(fmt::format("template `{}` declares no steps: pay its claims with the deal's own steps", x.decl ? dotted(x.decl->path) : "?"));
    return std::nullopt;
  }

  static std::string dotted(const std::vector<std::string>& p) {
    std::string out;
    for (const auto& x : p) out += (out.empty() ? "" : ".") + x;
    return out;
  }

  // Appends `in`, resolved from `where`, to `out`: placements expanded,
  // `if` branches each with their own record of what is placed.
  void expand(const std::vector<ast::Step>& in, const Model::StepOrigin& where, std::vector<ast::Step>& out, Placed& placed) {
    for (const auto& s : in) {
      if (s.kind == ast::StepKind::Place) {
        auto g = resolve(s, where.scope);
        if (!g) continue;
        // The deal's placement is the one messages point at; a template's
        // steps placing a nested instance's keep the outer one.
        const Span at = where.instance ? where.placed_at : s.span;
        if (auto first = placed.find(*g); first != placed.end()) {
          auto& d = c.diags.error(DiagCode::StepsPlacedTwice, s.span, fmt::format("the steps of `{}` are placed twice", group_path(m, *g)),
                                  "placed again here");
          d.labels.push_back(Label{first->second, "first placed here", false});
          d.hints.push_back("each step group is placed once on a path through the waterfall; in different branches of an `if` it may appear in each");
          continue;
        }
        placed[*g] = s.span;
        used.insert(*g);
        const auto& inst = m.entities[g->first];
        expand(inst.step_groups.at(g->second)->steps, Model::StepOrigin{inst.inner_scope, g->first, at}, out, placed);
        continue;
      }
      preorder.push_back(where);
      if (s.kind != ast::StepKind::If) {
        out.push_back(s.clone());
        continue;
      }
      ast::Step copy;
      copy.kind = s.kind;
      copy.span = s.span;
      copy.has_else = s.has_else;
      for (const auto& cond : s.conditions) copy.conditions.push_back(cond->clone());
      Placed after = placed;
      auto branch = [&](const std::vector<ast::Step>& list) {
        Placed mine = placed;
        std::vector<ast::Step> made;
        expand(list, where, made, mine);
        after.insert(mine.begin(), mine.end());
        return made;
      };
      for (const auto& b : s.branches) copy.branches.push_back(branch(b));
      copy.else_steps = branch(s.else_steps);
      placed = std::move(after);
      out.push_back(std::move(copy));
    }
  }
};

}  // namespace

void Checker::place_steps() {
  std::set<Group> used;
  std::set<EntityId> misnamed;
  for (EntityId w : m.waterfalls) {
    const auto& steps = m.entities[w].decl->steps;
    if (!places_any(steps)) continue;
    Placer p{*this, m, used, misnamed};
    Placer::Placed placed;
    std::vector<ast::Step> out;
    p.expand(steps, Model::StepOrigin{m.entities[w].scope, EntityId::none(), Span::none()}, out, placed);
    m.owned_steps.push_back(std::move(out));
    const auto& made = m.owned_steps.back();
    m.placed_steps[w] = &made;
    // The clones no longer move: record where each one's names resolve.
    std::size_t i = 0;
    std::function<void(const std::vector<ast::Step>&)> record = [&](const std::vector<ast::Step>& list) {
      for (const auto& s : list) {
        const auto& o = p.preorder.at(i++);
        if (o.instance) m.step_origin[&s] = o;
        for (const auto& b : s.branches) record(b);
        record(s.else_steps);
      }
    };
    record(made);
  }
  // A group never placed leaves its claims unpaid: the deal forgot it (or
  // misnamed it, which is reported already).
  for (std::size_t i = 0; i < m.entities.size(); ++i) {
    const EntityId id(i);
    const auto& x = m.entities[id];
    if (x.kind != EntityKind::Instance || misnamed.count(id)) continue;
    for (const auto& [name, d] : x.step_groups) {
      if (used.count({id, name})) continue;
      const std::string path = group_path(m, {id, name});
      auto& err = diags.error(DiagCode::StepsNotPlaced, x.span,
                              name.empty() ? fmt::format("the steps of `{}` are never placed in the waterfall", x.name)
                                           : fmt::format("step group `{}` of `{}` is never placed in the waterfall", name, x.name));
      err.labels.push_back(Label{d->name_span, "the template's steps", false});
      err.hints.push_back(fmt::format("write `steps {}` in the waterfall where these steps rank", path));
    }
  }
}

}  // namespace sluice::sema
