// Parse tree -> AST for a stress block (`stress NAME { ... }`): one item a
// line, its kind from the rule that matched. Sema checks what each names.
#include "syntax/build_ast.hpp"
#include "syntax/grammar.hpp"

namespace sluice::syntax {

namespace g = grammar;

ast::Stress AstBuilder::stress(const Node& n) {
  ast::Stress st;
  st.span = span(n);
  st.name = word(child(n, 0));
  st.name_span = word_span(child(n, 0));
  for (std::size_t i = 1; i < n.children.size(); ++i) {
    const Node& c = child(n, i);
    ast::StressItem it;
    it.span = span(c);
    it.target = word(child(c, 0));
    it.target_span = word_span(child(c, 0));
    // Every item's children: its target, then its values in order (a
    // stress_never or a stress_rises marks what the words alone say).
    for (std::size_t k = 1; k < c.children.size(); ++k) {
      const Node& v = child(c, k);
      if (v.is_type<g::stress_rises>()) it.rises = true;
      else if (v.is_type<g::stress_prepayment>()) it.prepayment = true;
      else if (v.is_type<g::stress_over>()) it.over = inner_expr(v);
      else if (v.is_type<g::stress_value>()) it.value = inner_expr(v);
    }
    if (c.is_type<g::stress_set>()) it.kind = ast::StressKind::Set;
    else if (c.is_type<g::stress_default>()) it.kind = ast::StressKind::Default;
    else if (c.is_type<g::stress_shock>()) it.kind = ast::StressKind::Shock;
    else if (c.is_type<g::stress_rate>()) it.kind = ast::StressKind::Rate;
    else it.kind = ast::StressKind::Fix;
    st.items.push_back(std::move(it));
  }
  return st;
}

}  // namespace sluice::syntax
