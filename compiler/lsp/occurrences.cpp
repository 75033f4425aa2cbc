// The occurrence table, read off sema's model. Everything this file knows of
// sema goes through `entity_at` and the model's own lookups (lookup,
// resolve_target), so the table follows sema's scoping rules exactly: a name
// inside a fleet's block that is the fleet's member is a member, a template's
// names resolve per instance (the clones sema checked carry the template
// file's spans, so every instance's use lands on the one declaration), and
// an alias parameter (`template t(c: Holding)`) is not taken for what it
// stands for.
#include "lsp/occurrences.hpp"

#include <algorithm>

#include "lsp/ast_walk.hpp"

namespace sluice::lsp {

namespace {

bool ident_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

std::vector<std::string> split_dotted(const std::string& s) {
  std::vector<std::string> parts;
  std::size_t b = 0;
  for (;;) {
    std::size_t e = s.find('.', b);
    parts.push_back(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
    if (e == std::string::npos) return parts;
    b = e + 1;
  }
}

struct Collector {
  const pipeline::Compiled& c;
  const sema::Model& m;
  std::vector<Occurrence> out;

  // The one place entities are read by id.
  const sema::Entity* entity_at(sema::EntityId id) const { return m.entities.contains(id) ? &m.entities[id] : nullptr; }

  std::string_view text_of(const Span& s) const {
    if (!s.valid() || s.file >= c.sources.size()) return {};
    const auto& t = c.sources.file(s.file).text;
    if (s.end > t.size()) return {};
    return std::string_view(t).substr(s.begin, s.end - s.begin);
  }

  // The entity's own name (the last part of `margin.loan`).
  static std::string short_name(const sema::Entity& e) {
    auto dot = e.name.rfind('.');
    return dot == std::string::npos ? e.name : e.name.substr(dot + 1);
  }

  // The bytes that declare `e`, when its span holds exactly its name.
  Span decl_span(const sema::Entity& e) const {
    Span s = e.span;
    if (!s.valid()) return Span::none();
    const std::string name = short_name(e);
    s.end = s.begin + static_cast<std::uint32_t>(name.size());
    return text_of(s) == name ? s : Span::none();
  }

  static bool named_declaration(sema::EntityKind k) {
    using K = sema::EntityKind;
    return k != K::Builtin && k != K::Namespace;
  }

  // `at` names entity `id`; dropped when the text there is another name
  // (an alias parameter resolves to what it stands for).
  void use(Span at, sema::EntityId id) {
    const sema::Entity* e = entity_at(id);
    if (!e || !at.valid() || text_of(at) != short_name(*e)) return;
    Occurrence o;
    o.at = at;
    o.kind = sema::entity_kind_name(e->kind);
    o.entity = id;
    if (e->kind == sema::EntityKind::Builtin) {
      o.role = NameRole::Builtin;
    } else if (e->kind == sema::EntityKind::Namespace) {
      o.role = NameRole::Module;
    } else {
      o.decl = decl_span(*e);
      if (!o.decl.valid()) return;
      o.declaration = o.decl.file == at.file && o.decl.begin == at.begin;
    }
    out.push_back(std::move(o));
  }

  void member(Span at) {
    if (!at.valid() || text_of(at).empty()) return;
    out.push_back(Occurrence{at, Span::none(), NameRole::Member, "member", false, sema::EntityId::none()});
  }

  void expr(const ast::Expr& x) {
    using K = ast::ExprKind;
    if (x.kind == K::Call && m.sema(x).function && !x.kids.empty() && x.kids[0]->kind == K::Name && !m.sema(*x.kids[0]).entity.valid())
      out.push_back(Occurrence{x.kids[0]->span, Span::none(), NameRole::Function, "built-in function", false, sema::EntityId::none()});
    if (x.kind == K::Name) {
      if (m.sema(x).member == sema::MemberRef::Bare) member(x.span);
      else use(x.span, m.sema(x).entity);
    } else if (x.kind == K::Member) {
      Span word = member_word(x);
      if (m.sema(x).member == sema::MemberRef::Of || m.sema(x).metric) member(word);  // `A.balance`; a report's `metrics A.wal`
      else use(word, m.sema(x).entity);
    }
  }

  // The member's own word ends a Member's span: `A.balance`, `std.gpu.h100_book`.
  Span member_word(const ast::Expr& x) const {
    Span word{x.span.file, x.span.end >= x.text.size() ? x.span.end - static_cast<std::uint32_t>(x.text.size()) : x.span.end, x.span.end};
    return text_of(word) == x.text ? word : Span::none();
  }

  // `covers A.interest, fees`: sema checks these claims with the model's
  // lookup and leaves no annotation, so the same lookup is made here.
  void claims(const sema::Entity& e) {
    const sema::PropValue* covers = e.property(vocab::PropId::Covers);
    if (!covers) return;
    for (const auto& cl : covers->clauses) {
      const ast::Expr* x = cl.value;
      if (!x) continue;
      if (x->kind == ast::ExprKind::Name) {
        use(x->span, m.lookup(e.scope, x->text));
      } else if (x->kind == ast::ExprKind::Member && x->kids[0]->kind == ast::ExprKind::Name) {
        use(x->kids[0]->span, m.lookup(e.scope, x->kids[0]->text));
        member(member_word(*x));
      }
    }
  }

  // The bytes of each part of a dotted path written inside `span`, found in order.
  std::vector<Span> parts_in(Span span, const std::vector<std::string>& parts) const {
    std::vector<Span> found;
    std::string_view t = text_of(span);
    std::size_t i = 0;
    while (i < t.size() && found.size() < parts.size()) {
      if (!ident_char(t[i])) {
        ++i;
        continue;
      }
      std::size_t b = i;
      while (i < t.size() && ident_char(t[i])) ++i;
      if (t.substr(b, i - b) == parts[found.size()])
        found.push_back(Span{span.file, span.begin + static_cast<std::uint32_t>(b), span.begin + static_cast<std::uint32_t>(i)});
    }
    return found;
  }

  // A dotted path sema resolves with the model's resolve_target (waterfall
  // targets, accounts, templates, calendars): each prefix that names a
  // declaration is a use of it; a claim part after it is a member.
  void path(sema::ScopeId scope, Span span, const std::vector<std::string>& parts) {
    auto spans = parts_in(span, parts);
    for (std::size_t k = 1; k <= spans.size(); ++k) {
      auto target = m.resolve_target(scope, std::vector<std::string>(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(k)));
      if (!target.entity.valid()) return;
      if (target.part.empty()) use(spans[k - 1], target.entity);
      else if (k == parts.size()) member(spans[k - 1]);
    }
  }

  void steps(sema::ScopeId outer, const std::vector<ast::Step>& list) {
    for (const auto& s : list) {
      // A template's steps as placed resolve in their instance's scope.
      const sema::ScopeId scope = m.origin_of(s) ? m.origin_of(s)->scope : outer;
      const auto& t = s.target;
      if (s.kind == ast::StepKind::Place) {
        // `steps R.interest`: each prefix that is a template instance is a
        // use of it; the group's name is no declaration.
        auto spans = parts_in(t.span, t.path);
        for (std::size_t k = 1; k <= spans.size(); ++k) {
          auto target = m.resolve_target(scope, std::vector<std::string>(t.path.begin(), t.path.begin() + static_cast<std::ptrdiff_t>(k)));
          if (!target.entity.valid() || !target.part.empty() || m.entities[target.entity].kind != sema::EntityKind::Instance) break;
          use(spans[k - 1], target.entity);
        }
      } else if (!t.group.empty()) {
        for (std::size_t i = 0; i < t.group.size() && i < t.group_spans.size(); ++i) path(scope, t.group_spans[i], split_dotted(t.group[i]));
        if (!t.path.empty() && !t.group_spans.empty()) {
          Span after{t.span.file, t.group_spans.back().end, t.span.end};
          for (const Span& p : parts_in(after, t.path)) member(p);
        }
      } else if (!t.path.empty()) {
        path(scope, t.span, t.path);
      }
      if (!s.account.empty()) path(scope, s.account_span, split_dotted(s.account));
      for (const auto& b : s.branches) steps(scope, b);
      steps(scope, s.else_steps);
    }
  }

  void declarations() {
    using K = sema::EntityKind;
    for (sema::EntityId id : m.entities.ids()) {
      const sema::Entity& e = m.entities[id];
      if (named_declaration(e.kind) && !(e.kind == K::Waterfall && e.decl && e.decl->name.empty())) use(decl_span(e), id);
      if (!e.decl) continue;
      if (e.kind == K::Waterfall) steps(e.scope, e.decl->steps);
      if (e.kind == K::Lease && e.fleet.valid()) use(e.decl->other_span, e.fleet);
      if (e.kind == K::Account || e.kind == K::Facility) claims(e);
      if (e.kind == K::Instance) {
        path(e.scope, e.decl->path_span, e.decl->path);
        // `use t as x { p value }`: `p` is the template's parameter.
        if (const sema::Entity* inst = entity_at(id); inst && inst->inner_scope.valid())
          for (const auto& p : e.decl->props) {
            const auto& names = m.scopes[inst->inner_scope].names;
            auto it = names.find(p.name);
            if (it != names.end()) use(p.name_span, it->second);
          }
      }
    }
    for (const auto& corr : m.correlations)
      if (corr.decl) {
        use(corr.decl->name_span, corr.first);
        use(corr.decl->other_span, corr.second);
      }
    if (!c.program.files.empty() && !c.program.files[0].deals.empty())
      for (const auto& s : c.program.files[0].deals[0].settings)
        if (s.name == "calendar" && s.text != "weekdays") path(m.deal_scope, s.value_span, split_dotted(s.text));
  }

  void build() {
    auto visit = [&](const ast::Expr& x) { expr(x); };
    for (const auto& f : c.program.files) for_each_expr(f, visit);
    for (const auto& d : m.owned_decls) for_each_expr(d, visit);  // template bodies, as each instance checked them
    for (const auto& list : m.owned_steps) {  // template steps, as each placement checked them
      for_each_expr(list, visit);
      steps(m.deal_scope, list);
    }
    declarations();
    // One entry a name: a declaration wins over a use at the same bytes.
    std::stable_sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) {
      if (a.at.file != b.at.file) return a.at.file < b.at.file;
      if (a.at.begin != b.at.begin) return a.at.begin < b.at.begin;
      return a.declaration > b.declaration;
    });
    out.erase(std::unique(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) { return a.at.file == b.at.file && a.at.begin == b.at.begin; }),
              out.end());
  }
};

}  // namespace

std::vector<Occurrence> occurrences(const pipeline::Compiled& c) {
  if (!c.model) return {};
  Collector col{c, *c.model, {}};
  col.build();
  return std::move(col.out);
}

std::string declared_as(const pipeline::Compiled& c, const std::string& name) {
  if (!c.model) return "";
  for (const auto& scope : c.model->scopes) {
    auto it = scope.names.find(name);
    if (it == scope.names.end()) continue;
    Collector col{c, *c.model, {}};
    if (const sema::Entity* e = col.entity_at(it->second)) return std::string(sema::entity_kind_name(e->kind)) + " `" + e->name + "`";
  }
  return "";
}

const Occurrence* occurrence_at(const std::vector<Occurrence>& table, std::uint32_t file, std::size_t offset) {
  auto it = std::upper_bound(table.begin(), table.end(), std::pair<std::uint32_t, std::size_t>{file, offset},
                             [](const std::pair<std::uint32_t, std::size_t>& k, const Occurrence& o) {
                               return k.first < o.at.file || (k.first == o.at.file && k.second < o.at.begin);
                             });
  if (it == table.begin()) return nullptr;
  --it;
  return it->at.file == file && offset >= it->at.begin && offset <= it->at.end ? &*it : nullptr;
}

}  // namespace sluice::lsp
