// Visits every expression of a parsed file, subexpressions included: the
// index reads the types sema left on member expressions (`A.balance`).
#pragma once
#include "syntax/ast.hpp"

namespace sluice::lsp {

template <class F>
void for_each_expr(const ast::Expr* e, F&& f) {
  if (!e) return;
  f(*e);
  for (const auto& k : e->kids) for_each_expr(k.get(), f);
}

template <class F>
void for_each_expr(const std::vector<ast::Step>& steps, F&& f) {
  for (const auto& s : steps) {
    for_each_expr(s.amount.get(), f);
    for (const auto& c : s.conditions) for_each_expr(c.get(), f);
    for (const auto& b : s.branches) for_each_expr(b, f);
    for_each_expr(s.else_steps, f);
  }
}

template <class F>
void for_each_expr(const ast::Decl& d, F&& f) {
  for (const ast::Expr* e : {d.value.get(), d.jump_rate.get(), d.jump_size.get(), d.when.get(), d.when_for.get(), d.cure.get(),
                             d.cure_for.get()})
    for_each_expr(e, f);
  for (const auto& p : d.props)
    for (const auto& c : p.clauses) {
      for_each_expr(c.value.get(), f);
      for_each_expr(c.for_value.get(), f);
      for_each_expr(c.on_value.get(), f);
    }
  for (const auto& pt : d.points) {
    for_each_expr(pt.x.get(), f);
    for_each_expr(pt.y.get(), f);
  }
  for (const auto& e : d.dates) for_each_expr(e.get(), f);
  for_each_expr(d.steps, f);
  for (const auto& r : d.report)
    for (const auto& e : r.items) for_each_expr(e.get(), f);
}

template <class F>
void for_each_expr(const ast::File& file, F&& f) {
  for (const auto& d : file.top) for_each_expr(d, f);
  for (const auto& t : file.templates) {
    for (const auto& p : t.params) for_each_expr(p.default_value.get(), f);
    for (const auto& d : t.body) for_each_expr(d, f);
  }
  for (const auto& deal : file.deals) {
    for (const auto& s : deal.settings) for_each_expr(s.value.get(), f);
    for (const auto& d : deal.decls) for_each_expr(d, f);
  }
}

}  // namespace sluice::lsp
