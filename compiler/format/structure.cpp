// Reads statement extents and unary signs off the AST (stage 2 in layout.hpp).
#include "format/layout.hpp"

#include <algorithm>

namespace sluice::format {

namespace {

using ast::DeclKind;

class Collector {
 public:
  explicit Collector(const std::vector<Token>& tokens) : tokens_(tokens) {}

  Structure run(const ast::File& f) {
    for (const auto& im : f.imports) leaf(im.span, Family::None);
    for (const auto& d : f.top) decl(d);
    for (const auto& t : f.templates) {
      block_head(t.span);
      for (const auto& p : t.params) expr(p.default_value.get());
      for (const auto& d : t.body) decl(d);
    }
    for (const auto& deal : f.deals) {
      block_head(deal.span);
      for (const auto& s : deal.settings) {
        leaf(s.span, Family::Setting);
        expr(s.value.get());
      }
      for (const auto& d : deal.decls) decl(d);
      for (const auto& st : deal.stresses) stress(st);
    }
    for (const auto& st : f.stresses) stress(st);
    std::sort(out_.statements.begin(), out_.statements.end(),
              [](const Statement& a, const Statement& b) { return a.begin < b.begin; });
    return std::move(out_);
  }

 private:
  void leaf(const Span& s, Family fam, bool separate = true) {
    out_.statements.push_back(Statement{s.begin, s.end, fam, separate});
  }

  // A block's head (`tranche A`, `if cond`, `deal "x"`) ends at its `{`.
  void block_head(const Span& s) {
    std::uint32_t end = s.end;
    auto it = std::lower_bound(tokens_.begin(), tokens_.end(), s.begin,
                               [](const Token& t, std::uint32_t off) { return t.begin < off; });
    for (; it != tokens_.end() && it->begin < s.end; ++it)
      if (it->is("{")) {
        end = it->begin;
        break;
      }
    out_.statements.push_back(Statement{s.begin, end, Family::None, true});
  }

  // `stress NAME { ... }`: one statement a line, none aligned with another.
  void stress(const ast::Stress& st) {
    block_head(st.span);
    for (const auto& it : st.items) {
      leaf(it.span, Family::None);
      expr(it.value.get());
      expr(it.over.get());
    }
  }

  void expr(const ast::Expr* e) {
    if (!e) return;
    if (e->kind == ast::ExprKind::Unary && e->op == ast::Operator::Neg) out_.unary_minus.insert(e->span.begin);
    for (const auto& k : e->kids) expr(k.get());
  }

  void steps(const std::vector<ast::Step>& list) {
    for (const auto& s : list) {
      expr(s.amount.get());
      if (s.kind != ast::StepKind::If) {
        leaf(s.span, Family::None);
        continue;
      }
      block_head(s.span);
      for (const auto& c : s.conditions) {
        expr(c.get());
        leaf(c->span, Family::None, false);
      }
      for (const auto& b : s.branches) steps(b);
      steps(s.else_steps);
    }
  }

  // A report line starts at its section word, just before its first item
  // (past any opening parentheses, which the item's span leaves out).
  void report_line(const ast::ReportItem& r) {
    if (r.items.empty()) return;
    std::uint32_t first = r.items.front()->span.begin;
    auto it = std::lower_bound(tokens_.begin(), tokens_.end(), first,
                               [](const Token& t, std::uint32_t off) { return t.begin < off; });
    while (it != tokens_.begin()) {
      --it;
      if (it->kind == TokKind::Word && it->text == r.section) {
        out_.statements.push_back(Statement{it->begin, r.items.back()->span.end, Family::Report, true});
        return;
      }
      if (!it->is("(") && !it->is_comment()) return;
    }
  }

  void decl(const ast::Decl& d) {
    switch (d.kind) {
      case DeclKind::Param: case DeclKind::Let: case DeclKind::Test: case DeclKind::Expense:
      case DeclKind::Fee: case DeclKind::Draw: case DeclKind::Factor:
        leaf(d.span, Family::Assign);
        break;
      case DeclKind::Trigger:
        leaf(d.span, Family::Trigger);
        break;
      case DeclKind::Fleet: case DeclKind::Lease: case DeclKind::Holding: case DeclKind::Loan:
      case DeclKind::Receivables: case DeclKind::Tranche: case DeclKind::Convertible: case DeclKind::Account:
      case DeclKind::Facility: case DeclKind::Hedge: case DeclKind::Use: case DeclKind::Waterfall: case DeclKind::Steps: case DeclKind::Report:
        block_head(d.span);
        break;
      case DeclKind::Equity:  // `equity E`, or `equity E { shares N }`
        if (d.props.empty()) leaf(d.span, Family::None);
        else block_head(d.span);
        break;
      default:  // unit, correlate, curve, holidays
        leaf(d.span, Family::None);
    }
    for (const ast::ExprPtr* e : {&d.value, &d.jump_rate, &d.jump_size, &d.when, &d.when_for, &d.cure, &d.cure_for})
      expr(e->get());
    for (const auto& p : d.points) {
      expr(p.x.get());
      expr(p.y.get());
    }
    for (const auto& e : d.dates) expr(e.get());
    for (const auto& p : d.props) {
      leaf(p.span, Family::Property);
      for (const auto& c : p.clauses) {
        expr(c.value.get());
        expr(c.for_value.get());
        expr(c.on_value.get());
      }
    }
    steps(d.steps);
    for (const auto& r : d.report) {
      report_line(r);
      for (const auto& e : r.items) expr(e.get());
    }
  }

  const std::vector<Token>& tokens_;
  Structure out_;
};

}  // namespace

Structure collect_structure(const ast::File& file, const std::vector<Token>& tokens) {
  return Collector(tokens).run(file);
}

}  // namespace sluice::format
