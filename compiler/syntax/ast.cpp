// AST utilities: deep copies (templates are instantiated by cloning their
// body) and the `sluice ast` dump.
#include "syntax/ast.hpp"

#include <fmt/format.h>

namespace sluice::ast {

Operator binary_operator(std::string_view t) {
  if (t == "+") return Operator::Add;
  if (t == "-") return Operator::Sub;
  if (t == "*") return Operator::Mul;
  if (t == "/") return Operator::Div;
  if (t == "<") return Operator::Lt;
  if (t == "<=") return Operator::Le;
  if (t == ">") return Operator::Gt;
  if (t == ">=") return Operator::Ge;
  if (t == "==") return Operator::Eq;
  if (t == "!=") return Operator::Ne;
  if (t == "and") return Operator::And;
  if (t == "or") return Operator::Or;
  return Operator::None;
}

ExprPtr Expr::clone() const {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->span = span;
  e->text = text;
  e->op = op;
  e->value = value;
  e->suffix = suffix;
  e->units = units;
  e->arg_names = arg_names;
  e->depth = depth;
  for (const auto& k : kids) e->kids.push_back(k ? k->clone() : nullptr);
  return e;
}

static ExprPtr clone_ptr(const ExprPtr& p) { return p ? p->clone() : nullptr; }

Clause Clause::clone() const {
  Clause c;
  c.words = words;
  c.value = clone_ptr(value);
  c.for_value = clone_ptr(for_value);
  c.on_value = clone_ptr(on_value);
  c.span = span;
  return c;
}

Property Property::clone() const {
  Property p;
  p.name = name;
  p.name_span = name_span;
  p.span = span;
  for (const auto& c : clauses) p.clauses.push_back(c.clone());
  return p;
}

Step Step::clone() const {
  Step s;
  s.kind = kind;
  s.span = span;
  s.target = target;
  s.mode = mode;
  s.amount = clone_ptr(amount);
  s.account = account;
  s.account_span = account_span;
  for (const auto& c : conditions) s.conditions.push_back(clone_ptr(c));
  for (const auto& b : branches) {
    std::vector<Step> copy;
    for (const auto& st : b) copy.push_back(st.clone());
    s.branches.push_back(std::move(copy));
  }
  for (const auto& st : else_steps) s.else_steps.push_back(st.clone());
  s.has_else = has_else;
  return s;
}

Decl Decl::clone() const {
  Decl d;
  d.kind = kind;
  d.span = span;
  d.name = name;
  d.name_span = name_span;
  d.value = clone_ptr(value);
  d.type_name = type_name;
  d.type_span = type_span;
  d.jump_rate = clone_ptr(jump_rate);
  d.jump_size = clone_ptr(jump_size);
  d.other = other;
  d.other_span = other_span;
  for (const auto& p : props) d.props.push_back(p.clone());
  for (const auto& pt : points) d.points.push_back(CurvePoint{clone_ptr(pt.x), clone_ptr(pt.y)});
  for (const auto& x : dates) d.dates.push_back(clone_ptr(x));
  d.is_table = is_table;
  d.is_tape = is_tape;
  d.when = clone_ptr(when);
  d.when_for = clone_ptr(when_for);
  d.cure = clone_ptr(cure);
  d.cure_for = clone_ptr(cure_for);
  for (const auto& s : steps) d.steps.push_back(s.clone());
  for (const auto& r : report) {
    ReportItem item;
    item.section = r.section;
    item.kind = r.kind;
    for (const auto& e : r.items) item.items.push_back(clone_ptr(e));
    d.report.push_back(std::move(item));
  }
  d.path = path;
  d.path_span = path_span;
  return d;
}

const char* decl_kind_name(DeclKind k) {
  switch (k) {
    case DeclKind::Unit: return "unit";
    case DeclKind::Param: return "param";
    case DeclKind::Let: return "let";
    case DeclKind::Test: return "test";
    case DeclKind::Draw: return "draw";
    case DeclKind::Factor: return "factor";
    case DeclKind::Correlate: return "correlate";
    case DeclKind::Curve: return "curve";
    case DeclKind::Holidays: return "holidays";
    case DeclKind::Fleet: return "fleet";
    case DeclKind::Lease: return "lease";
    case DeclKind::Holding: return "holding";
    case DeclKind::Loan: return "loan";
    case DeclKind::Receivables: return "receivables";
    case DeclKind::Expense: return "expense";
    case DeclKind::Tranche: return "tranche";
    case DeclKind::Convertible: return "convertible";
    case DeclKind::Fee: return "fee";
    case DeclKind::Account: return "account";
    case DeclKind::Facility: return "facility";
    case DeclKind::Hedge: return "hedge";
    case DeclKind::Equity: return "equity";
    case DeclKind::Trigger: return "trigger";
    case DeclKind::Waterfall: return "waterfall";
    case DeclKind::Report: return "report";
    case DeclKind::Use: return "use";
    case DeclKind::Steps: return "steps";
  }
  return "?";
}

namespace {

std::string units_text(const std::vector<UnitAtom>& units) {
  std::string s;
  for (const auto& u : units) {
    if (!s.empty() || u.power < 0) s += u.power < 0 ? "/" : "*";
    s += u.name;
  }
  return s;
}

std::string expr_text(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Number: {
      std::string s = fmt::format("{}", e.value);
      if (e.suffix == '%') s = fmt::format("{}%", e.value * 100);
      if (e.suffix == 'b') s = fmt::format("{}bp", e.value * 10000);
      if (e.suffix == 'x') s += "x";
      if (!e.units.empty()) s += " " + units_text(e.units);
      return s;
    }
    case ExprKind::Date: return e.text;
    case ExprKind::String: return fmt::format("\"{}\"", e.text);
    case ExprKind::Bool: return e.value != 0 ? "true" : "false";
    case ExprKind::Name: return e.text;
    case ExprKind::Member: return expr_text(*e.kids[0]) + "." + e.text;
    case ExprKind::Call: {
      std::string s = expr_text(*e.kids[0]) + "(";
      for (std::size_t i = 1; i < e.kids.size(); ++i) {
        if (i > 1) s += ", ";
        if (!e.arg_names[i - 1].empty()) s += e.arg_names[i - 1] + ": ";
        s += expr_text(*e.kids[i]);
      }
      return s + ")";
    }
    case ExprKind::Unary: return "(" + e.text + (e.op == Operator::Not ? " " : "") + expr_text(*e.kids[0]) + ")";
    case ExprKind::Binary: return "(" + expr_text(*e.kids[0]) + " " + e.text + " " + expr_text(*e.kids[1]) + ")";
    case ExprKind::If:
      return "(if " + expr_text(*e.kids[0]) + " then " + expr_text(*e.kids[1]) + " else " + expr_text(*e.kids[2]) + ")";
    case ExprKind::Per: return "(" + expr_text(*e.kids[0]) + " per " + units_text(e.units) + ")";
  }
  return "?";
}

struct Dumper {
  const SourceManager& sm;
  std::string out;
  void line(int depth, const std::string& s) { out += std::string(2 * depth, ' ') + s + "\n"; }
  std::string at(const Span& s) const {
    if (!s.valid() || s.file >= sm.size()) return "";
    auto lc = sm.file(s.file).position(s.begin);
    return fmt::format("  @{}:{}", lc.line, lc.column);
  }
  void steps(int depth, const std::vector<Step>& list) {
    for (const auto& s : list) step(depth, s);
  }
  std::string target(const Target& t) {
    std::string s;
    if (!t.group.empty()) {
      s = "pro_rata(";
      for (std::size_t i = 0; i < t.group.size(); ++i) s += (i ? ", " : "") + t.group[i];
      s += ")";
    }
    for (std::size_t i = 0; i < t.path.size(); ++i) s += (i || !t.group.empty() ? "." : "") + t.path[i];
    return s;
  }
  void step(int depth, const Step& s) {
    static const char* modes[] = {"", " scheduled", " in full", " up to", " residual"};
    switch (s.kind) {
      case StepKind::Pay:
        line(depth, "pay " + target(s.target) + modes[static_cast<int>(s.mode)] +
                        (s.amount ? " " + expr_text(*s.amount) : "") + at(s.span));
        break;
      case StepKind::Fill:
        line(depth, "fill " + s.account + " to " + (s.amount ? expr_text(*s.amount) : "target") + at(s.span));
        break;
      case StepKind::Draw: line(depth, "draw " + s.account + " for " + target(s.target) + at(s.span)); break;
      case StepKind::Sweep: line(depth, "sweep " + expr_text(*s.amount) + " to " + target(s.target) + at(s.span)); break;
      case StepKind::Liquidate: line(depth, "liquidate " + target(s.target) + at(s.span)); break;
      case StepKind::Convert: line(depth, "convert " + target(s.target) + at(s.span)); break;
      case StepKind::Place: line(depth, "steps " + target(s.target) + at(s.span)); break;
      case StepKind::If:
        for (std::size_t i = 0; i < s.conditions.size(); ++i) {
          line(depth, std::string(i ? "else if " : "if ") + expr_text(*s.conditions[i]) + at(s.span));
          steps(depth + 1, s.branches[i]);
        }
        if (s.has_else) {
          line(depth, "else");
          steps(depth + 1, s.else_steps);
        }
        break;
    }
  }
  void decl(int depth, const Decl& d) {
    std::string head = std::string(decl_kind_name(d.kind)) + (d.is_tape ? " tape" : "") + (d.name.empty() ? "" : " " + d.name);
    if (d.kind == DeclKind::Lease) head += " on " + d.other;
    if (d.is_tape && d.value) head += " from " + expr_text(*d.value);
    if (d.kind == DeclKind::Correlate) head += ", " + d.other;
    if (d.kind == DeclKind::Use) {
      std::string p;
      for (std::size_t i = 0; i < d.path.size(); ++i) p += (i ? "." : "") + d.path[i];
      head = "use " + p + " as " + d.name;
    }
    if (!d.type_name.empty()) head += ": " + d.type_name;
    if (d.value && !d.is_tape) head += " = " + expr_text(*d.value);
    if (d.jump_rate) head += " jumps " + expr_text(*d.jump_rate) + " size " + expr_text(*d.jump_size);
    line(depth, head + at(d.span));
    for (const auto& p : d.props) {
      std::string s = p.name;
      for (std::size_t i = 0; i < p.clauses.size(); ++i) {
        const auto& c = p.clauses[i];
        s += i ? ", " : " ";
        std::string part;
        for (const auto& w : c.words) part += (part.empty() ? "" : " ") + w.text;
        if (c.value) part += (part.empty() ? "" : " ") + expr_text(*c.value);
        if (c.for_value) part += " for " + expr_text(*c.for_value);
        if (c.on_value) part += " on " + expr_text(*c.on_value);
        s += part;
      }
      line(depth + 1, s + at(p.span));
    }
    for (const auto& pt : d.points) line(depth + 1, expr_text(*pt.x) + ": " + expr_text(*pt.y));
    for (const auto& x : d.dates) line(depth + 1, expr_text(*x));
    if (d.when) line(depth + 1, "when " + expr_text(*d.when) + (d.when_for ? " for " + expr_text(*d.when_for) : ""));
    if (d.cure) line(depth + 1, "cure when " + expr_text(*d.cure) + (d.cure_for ? " for " + expr_text(*d.cure_for) : ""));
    steps(depth + 1, d.steps);
    for (const auto& r : d.report) {
      std::string s = r.section;
      for (std::size_t i = 0; i < r.items.size(); ++i) s += (i ? ", " : " ") + expr_text(*r.items[i]);
      line(depth + 1, s);
    }
  }
};

}  // namespace

// A stress block as the dump shows it: one line per item, in source order.
void dump_stress(Dumper& d, int depth, const Stress& st) {
  d.line(depth, "stress " + st.name + d.at(st.span));
  for (const auto& it : st.items) {
    std::string s;
    switch (it.kind) {
      case StressKind::Fix: s = it.target + " = " + expr_text(*it.value); break;
      case StressKind::Shock:
        s = it.target + (it.rises ? " rises " : " falls ") + expr_text(*it.value) + " over " + expr_text(*it.over);
        break;
      case StressKind::Set: s = "set " + it.target + " = " + expr_text(*it.value); break;
      case StressKind::Default: s = "default " + it.target + (it.value ? " at " + expr_text(*it.value) : " never"); break;
      case StressKind::Rate: s = it.target + (it.prepayment ? " prepayment " : " default ") + expr_text(*it.value); break;
    }
    d.line(depth + 1, s + d.at(it.span));
  }
}

std::string dump(const File& file, const SourceManager& sm) {
  Dumper d{sm, {}};
  for (const auto& im : file.imports) {
    std::string t = im.file.empty() ? "" : "\"" + im.file + "\"";
    for (std::size_t i = 0; i < im.module.size(); ++i) t += (i ? "." : "") + im.module[i];
    d.line(0, "import " + t + (im.alias.empty() ? "" : " as " + im.alias) + d.at(im.span));
  }
  for (const auto& decl : file.top) d.decl(0, decl);
  for (const auto& t : file.templates) {
    std::string ps;
    for (const auto& p : t.params)
      ps += (ps.empty() ? "" : ", ") + p.name + ": " + p.type_name + (p.default_value ? " = " + expr_text(*p.default_value) : "");
    d.line(0, "template " + t.name + "(" + ps + ")" + d.at(t.span));
    for (const auto& decl : t.body) d.decl(1, decl);
  }
  for (const auto& deal : file.deals) {
    d.line(0, "deal \"" + deal.name + "\"" + d.at(deal.span));
    for (const auto& s : deal.settings) d.line(1, s.name + " " + s.text + (s.rule.empty() ? "" : " " + s.rule));
    for (const auto& decl : deal.decls) d.decl(1, decl);
    for (const auto& st : deal.stresses) dump_stress(d, 1, st);
  }
  for (const auto& st : file.stresses) dump_stress(d, 0, st);
  return d.out;
}

std::string expr_to_string(const Expr& e) { return expr_text(e); }

namespace {
int precedence(Operator op) {
  switch (op) {
    case Operator::Or: return 1;
    case Operator::And: return 2;
    case Operator::Lt:
    case Operator::Le:
    case Operator::Gt:
    case Operator::Ge:
    case Operator::Eq:
    case Operator::Ne: return 3;
    case Operator::Add:
    case Operator::Sub: return 4;
    case Operator::Mul:
    case Operator::Div: return 5;
    case Operator::None:
    case Operator::Neg:
    case Operator::Not: break;
  }
  return 6;
}
std::string display(const Expr& e, int outer) {
  switch (e.kind) {
    case ExprKind::Member: return display(*e.kids[0], 9) + "." + e.text;
    case ExprKind::Call: {
      std::string s = display(*e.kids[0], 9) + "(";
      for (std::size_t i = 1; i < e.kids.size(); ++i) {
        if (i > 1) s += ", ";
        if (!e.arg_names[i - 1].empty()) s += e.arg_names[i - 1] + ": ";
        s += display(*e.kids[i], 0);
      }
      return s + ")";
    }
    case ExprKind::Unary: {
      std::string s = e.text + (e.op == Operator::Not ? " " : "") + display(*e.kids[0], 7);
      return outer > 7 ? "(" + s + ")" : s;
    }
    case ExprKind::Binary: {
      // Every binary operator is left-associative (build_expr.cpp).
      int p = precedence(e.op);
      std::string s = display(*e.kids[0], p) + " " + e.text + " " + display(*e.kids[1], p + 1);
      return outer > p ? "(" + s + ")" : s;
    }
    case ExprKind::If: {
      std::string s = "if " + display(*e.kids[0], 0) + " then " + display(*e.kids[1], 0) + " else " + display(*e.kids[2], 0);
      return outer > 0 ? "(" + s + ")" : s;
    }
    case ExprKind::Per: {
      std::string s = display(*e.kids[0], 8) + " per " + units_text(e.units);
      return outer > 0 ? "(" + s + ")" : s;
    }
    default: return expr_text(e);
  }
}
}  // namespace

std::string expr_display(const Expr& e) { return display(e, 0); }

}  // namespace sluice::ast
