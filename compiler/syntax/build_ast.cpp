// Parse tree -> AST, for declarations, properties, waterfall steps, deals,
// templates and imports (expressions: build_expr.cpp).
#include "syntax/build_ast.hpp"

#include <cctype>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "calendar/date.hpp"
#include "syntax/grammar.hpp"

namespace sluice::syntax {

namespace g = grammar;
using ast::ExprKind;
using ast::ExprPtr;

const Node& AstBuilder::child(const Node& n, std::size_t i) const { return *n.children.at(i); }

Span AstBuilder::span(const Node& n) const {
  auto b = static_cast<std::uint32_t>(n.begin().byte);
  auto e = static_cast<std::uint32_t>(n.end().byte);
  // Nodes include the whitespace and comments after their last token: end
  // the span at the last character of code, so carets sit under the code and
  // a setting's text (`currency USD`) never includes a comment after it.
  const auto& text = sm_.file(file_).text;
  std::uint32_t last = b;
  for (std::uint32_t i = b; i < e; ++i) {
    char c = text[i];
    if (c == '"') {  // a string is code, comment markers inside it are not
      ++i;
      while (i < e && text[i] != '"' && text[i] != '\n') ++i;
      last = std::min(i + 1, e);
    } else if (c == '/' && i + 1 < e && text[i + 1] == '/') {
      while (i < e && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < e && text[i + 1] == '*') {
      i += 2;
      while (i + 1 < e && !(text[i] == '*' && text[i + 1] == '/')) ++i;
      ++i;  // on the closing '/'
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      last = i + 1;
    }
  }
  return Span{file_, b, last};
}

Span AstBuilder::word_span(const Node& n) const {
  auto b = static_cast<std::uint32_t>(n.begin().byte);
  const auto& text = sm_.file(file_).text;
  std::uint32_t e = b;
  while (e < text.size() && ident_char(text[e])) ++e;
  return Span{file_, b, e};
}

std::string AstBuilder::word(const Node& n) const { return std::string(sm_.text(word_span(n))); }

// `abl.reserve` as written (no blanks inside), and its span.
Span AstBuilder::dotted_span(const Node& n) const {
  auto b = static_cast<std::uint32_t>(n.begin().byte);
  const auto& text = sm_.file(file_).text;
  std::uint32_t e = b;
  while (e < text.size() && (ident_char(text[e]) || (text[e] == '.' && e + 1 < text.size() && ident_char(text[e + 1])))) ++e;
  return Span{file_, b, e};
}

std::string AstBuilder::dotted_text(const Node& n) const { return std::string(sm_.text(dotted_span(n))); }

std::vector<std::string> AstBuilder::dotted(const Node& n) const {
  std::vector<std::string> parts;
  const auto& text = sm_.file(file_).text;
  std::size_t i = n.begin().byte;
  std::string cur;
  while (i < text.size() && (ident_char(text[i]) || text[i] == '.')) {
    if (text[i] == '.') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += text[i];
    }
    ++i;
  }
  parts.push_back(cur);
  return parts;
}

ast::Clause AstBuilder::clause(const Node& n) {
  ast::Clause c;
  c.span = span(n);
  for (const auto& k : n.children) {
    if (k->is_type<g::phrase>() || k->is_type<g::lead_phrase>()) {
      c.words.push_back(ast::Word{word(*k), word_span(*k)});
    } else if (k->is_type<g::sculpted_phrase>()) {
      c.words.push_back(ast::Word{"sculpted", word_span(*k)});
    } else if (k->is_type<g::for_part>()) {
      c.for_value = inner_expr(*k);
    } else if (k->is_type<g::on_part>()) {
      c.on_value = inner_expr(*k);
    } else {
      c.value = expr(*k);
    }
  }
  return c;
}

void AstBuilder::block(const Node& n, std::vector<ast::Property>& out) {
  for (const auto& p : n.children) {
    ast::Property prop;
    prop.span = span(*p);
    prop.name = word(child(*p, 0));
    prop.name_span = word_span(child(*p, 0));
    for (std::size_t i = 1; i < p->children.size(); ++i) prop.clauses.push_back(clause(child(*p, i)));
    out.push_back(std::move(prop));
  }
}

ast::Target AstBuilder::target(const Node& n) {
  ast::Target t;
  t.span = span(n);
  for (const auto& c : n.children) {
    if (c->is_type<g::pro_rata_group>()) {
      for (const auto& m : c->children) {
        t.group.push_back(dotted_text(*m));
        t.group_spans.push_back(dotted_span(*m));
      }
    } else if (c->is_type<g::target_head>()) {
      t.path.push_back(word(*c));
    } else {  // target_member / target_member_plain: `.word`
      const auto& text = sm_.file(file_).text;
      std::size_t b = c->begin().byte + 1, e = b;
      while (e < text.size() && ident_char(text[e])) ++e;
      t.path.push_back(text.substr(b, e - b));
    }
  }
  return t;
}

std::vector<ast::Step> AstBuilder::steps(const Node& block) {
  std::vector<ast::Step> out;
  for (const auto& s : block.children) out.push_back(step(*s));
  return out;
}

ast::Step AstBuilder::step(const Node& n) {
  ast::Step s;
  s.span = span(n);
  if (n.is_type<g::pay_step>()) {
    s.kind = ast::StepKind::Pay;
    s.target = target(child(n, 0));
    if (n.children.size() > 1) {
      const Node& m = child(n, 1);
      if (m.is_type<g::mode_scheduled>()) s.mode = ast::PayMode::Scheduled;
      else if (m.is_type<g::mode_in_full>()) s.mode = ast::PayMode::InFull;
      else if (m.is_type<g::mode_residual>()) s.mode = ast::PayMode::Residual;
      else {
        s.mode = ast::PayMode::UpTo;
        s.amount = inner_expr(m);
      }
    }
  } else if (n.is_type<g::fill_step>()) {
    s.kind = ast::StepKind::Fill;
    s.account = dotted_text(child(n, 0));
    s.account_span = dotted_span(child(n, 0));
    if (!child(n, 1).is_type<g::fill_target>()) s.amount = expr(child(n, 1));
  } else if (n.is_type<g::draw_step>()) {
    s.kind = ast::StepKind::Draw;
    s.account = dotted_text(child(n, 0));
    s.account_span = dotted_span(child(n, 0));
    s.target = target(child(n, 1));
  } else if (n.is_type<g::sweep_step>()) {
    s.kind = ast::StepKind::Sweep;
    s.amount = inner_expr(child(n, 0));
    s.target = target(child(n, 1));
  } else if (n.is_type<g::liquidate_step>() || n.is_type<g::convert_step>()) {
    s.kind = n.is_type<g::liquidate_step>() ? ast::StepKind::Liquidate : ast::StepKind::Convert;
    s.target = target(child(n, 0));
  } else if (n.is_type<g::place_step>()) {
    s.kind = ast::StepKind::Place;
    s.target.path = dotted(child(n, 0));
    s.target.span = dotted_span(child(n, 0));
  } else if (n.is_type<g::if_step>()) {
    s.kind = ast::StepKind::If;
    s.conditions.push_back(inner_expr(child(n, 0)));
    s.branches.push_back(steps(child(n, 1)));
    for (std::size_t i = 2; i < n.children.size(); ++i) {
      const Node& c = child(n, i);
      if (c.is_type<g::else_if>()) {
        s.conditions.push_back(inner_expr(child(c, 0)));
        s.branches.push_back(steps(child(c, 1)));
      } else {
        s.has_else = true;
        s.else_steps = steps(child(c, 0));
      }
    }
  }
  return s;
}

ast::Decl AstBuilder::decl(const Node& n) {
  ast::Decl d;
  d.span = span(n);
  auto name_from = [&](const Node& c) {
    d.name = word(c);
    d.name_span = word_span(c);
  };
  auto simple = [&](ast::DeclKind k) {
    d.kind = k;
    name_from(child(n, 0));
    d.value = inner_expr(child(n, n.children.size() - 1));
  };
  if (n.is_type<g::unit_decl>()) {
    d.kind = ast::DeclKind::Unit;
    name_from(child(n, 0));
  } else if (n.is_type<g::param_decl>()) {
    simple(ast::DeclKind::Param);
    if (n.children.size() == 3) {
      d.type_name = word(child(n, 1));
      d.type_span = word_span(child(n, 1));
    }
  } else if (n.is_type<g::let_decl>()) simple(ast::DeclKind::Let);
  else if (n.is_type<g::test_decl>()) simple(ast::DeclKind::Test);
  else if (n.is_type<g::expense_decl>()) simple(ast::DeclKind::Expense);
  else if (n.is_type<g::fee_decl>()) simple(ast::DeclKind::Fee);
  else if (n.is_type<g::draw_decl>()) simple(ast::DeclKind::Draw);
  else if (n.is_type<g::factor_decl>()) {
    d.kind = ast::DeclKind::Factor;
    name_from(child(n, 0));
    d.value = inner_expr(child(n, 1));
    if (n.children.size() > 2) {
      const Node& j = child(n, 2);
      d.jump_rate = inner_expr(child(j, 0));
      d.jump_size = inner_expr(child(j, 1));
    }
  } else if (n.is_type<g::correlate_decl>()) {
    d.kind = ast::DeclKind::Correlate;
    name_from(child(n, 0));
    d.other = word(child(n, 1));
    d.other_span = word_span(child(n, 1));
    d.value = inner_expr(child(n, 2));
  } else if (n.is_type<g::equity_decl>()) {
    d.kind = ast::DeclKind::Equity;
    name_from(child(n, 0));
    if (n.children.size() > 1) block(child(n, 1), d.props);
  } else if (n.is_type<g::block_decl>()) {
    std::string k = word(child(n, 0));
    d.kind = k == "fleet" ? ast::DeclKind::Fleet
             : k == "holding" ? ast::DeclKind::Holding
             : k == "loan" ? ast::DeclKind::Loan
             : k == "receivables" ? ast::DeclKind::Receivables
             : k == "tranche" ? ast::DeclKind::Tranche
             : k == "convertible" ? ast::DeclKind::Convertible
             : k == "account" ? ast::DeclKind::Account
             : k == "hedge" ? ast::DeclKind::Hedge
                              : ast::DeclKind::Facility;
    name_from(child(n, 1));
    block(child(n, 2), d.props);
  } else if (n.is_type<g::lease_decl>()) {
    d.kind = ast::DeclKind::Lease;
    name_from(child(n, 0));
    d.other = dotted_text(child(n, 1));
    d.other_span = dotted_span(child(n, 1));
    block(child(n, 2), d.props);
  } else if (n.is_type<g::lease_tape_decl>() || n.is_type<g::loan_tape_decl>()) {
    // A tape: the file goes in `value` (a string), its rows become leases or loans in sema.
    const bool lease = n.is_type<g::lease_tape_decl>();
    d.kind = lease ? ast::DeclKind::Lease : ast::DeclKind::Loan;
    d.is_tape = true;
    std::size_t i = 0;
    name_from(child(n, i++));
    if (lease) {
      d.other = dotted_text(child(n, i));
      d.other_span = dotted_span(child(n, i++));
    }
    d.value = expr(child(child(n, i++), 0));
    block(child(n, i), d.props);
  } else if (n.is_type<g::use_decl>()) {
    d.kind = ast::DeclKind::Use;
    d.path = dotted(child(n, 0));
    d.path_span = span(child(n, 0));
    name_from(child(n, 1));
    block(child(n, 2), d.props);
  } else if (n.is_type<g::trigger_decl>()) {
    d.kind = ast::DeclKind::Trigger;
    name_from(child(n, 0));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const Node& c = child(n, i);
      if (c.is_type<g::trigger_when>()) d.when = inner_expr(c);
      else if (c.is_type<g::trigger_for>()) d.when_for = inner_expr(c);
      else if (c.is_type<g::cure_part>()) {
        d.cure = inner_expr(child(c, 0));
        if (c.children.size() > 1) d.cure_for = inner_expr(child(c, 1));
      }
    }
  } else if (n.is_type<g::waterfall_decl>()) {
    d.kind = ast::DeclKind::Waterfall;
    for (const auto& c : n.children) {
      if (c->is_type<g::waterfall_name>()) name_from(*c);
      else if (c->is_type<g::waterfall_when>()) d.when = inner_expr(*c);
      else d.steps = steps(*c);
    }
    if (d.name.empty()) d.name_span = Span{file_, d.span.begin, d.span.begin + 9};
  } else if (n.is_type<g::steps_decl>()) {
    d.kind = ast::DeclKind::Steps;
    for (const auto& c : n.children) {
      if (c->is_type<g::steps_name>()) name_from(*c);
      else d.steps = steps(*c);
    }
    if (d.name.empty()) d.name_span = Span{file_, d.span.begin, d.span.begin + 5};
  } else if (n.is_type<g::report_decl>()) {
    d.kind = ast::DeclKind::Report;
    d.name_span = Span{file_, d.span.begin, d.span.begin + 6};
    for (const auto& line : n.children) {
      ast::ReportItem item;
      item.section = word(child(*line, 0));
      // The grammar admits only these four words (report_section).
      item.kind = item.section == "metrics"       ? ast::ReportSection::Metrics
                  : item.section == "probability" ? ast::ReportSection::Probability
                  : item.section == "risk_free"   ? ast::ReportSection::RiskFree
                                                  : ast::ReportSection::Series;
      for (std::size_t i = 1; i < line->children.size(); ++i) item.items.push_back(expr(child(*line, i)));
      d.report.push_back(std::move(item));
    }
  } else if (n.is_type<g::curve_decl>()) {
    d.kind = ast::DeclKind::Curve;
    name_from(child(n, 0));
    const Node& body = child(n, 1);
    if (body.is_type<g::curve_table>()) {
      d.is_table = true;
      for (const auto& p : body.children) d.points.push_back(ast::CurvePoint{expr(child(*p, 0)), expr(child(*p, 1))});
    } else {
      d.value = expr(body);
    }
  } else if (n.is_type<g::holidays_decl>()) {
    d.kind = ast::DeclKind::Holidays;
    name_from(child(n, 0));
    for (std::size_t i = 1; i < n.children.size(); ++i) d.dates.push_back(expr(child(child(n, i), 0)));
  } else if (n.is_type<g::market_decl>()) {
    // flattened by the caller
  }
  return d;
}

ast::Template AstBuilder::templ(const Node& n) {
  ast::Template t;
  t.span = span(n);
  t.name = word(child(n, 0));
  t.name_span = word_span(child(n, 0));
  for (const auto& p : child(n, 1).children) {
    ast::TemplateParam tp;
    tp.name = word(child(*p, 0));
    tp.span = word_span(child(*p, 0));
    tp.type_name = word(child(*p, 1));
    tp.type_span = word_span(child(*p, 1));
    if (p->children.size() > 2) tp.default_value = expr(child(*p, 2));
    t.params.push_back(std::move(tp));
  }
  for (std::size_t i = 2; i < n.children.size(); ++i) {
    const Node& c = child(n, i);
    if (c.is_type<g::market_decl>())
      for (const auto& m : c.children) t.body.push_back(decl(*m));
    else
      t.body.push_back(decl(c));
  }
  return t;
}

ast::Deal AstBuilder::deal(const Node& n) {
  ast::Deal d;
  d.span = span(n);
  const Node& nm = child(n, 0);
  d.name_span = span(nm);
  d.name = std::string(sm_.text(d.name_span));
  if (d.name.size() >= 2) d.name = d.name.substr(1, d.name.size() - 2);
  for (std::size_t i = 1; i < n.children.size(); ++i) {
    const Node& c = child(n, i);
    auto setting = [&](const char* name) {
      ast::Setting s;
      s.name = name;
      s.span = span(c);
      const Node& v = child(c, 0);
      s.value_span = span(v);
      s.text = std::string(sm_.text(s.value_span));
      d.settings.push_back(std::move(s));
      return &d.settings.back();
    };
    if (c.is_type<g::setting_currency>()) setting("currency");
    else if (c.is_type<g::setting_start>()) setting("start");
    else if (c.is_type<g::setting_first_payment>()) setting("first_payment");
    else if (c.is_type<g::setting_period>()) setting("period");
    else if (c.is_type<g::setting_day_count>()) setting("day_count");
    else if (c.is_type<g::setting_cutoff>()) setting("cutoff");
    else if (c.is_type<g::setting_settlement>()) setting("settlement");
    else if (c.is_type<g::setting_payment_day>()) setting("payment_day");
    else if (c.is_type<g::setting_wal>()) {
      // `wal [from ORIGIN] [on BASIS]`: text is the origin, rule the basis.
      ast::Setting s;
      s.name = "wal";
      s.span = s.value_span = span(c);
      for (const auto& part : c.children) {
        const Node& v = child(*part, 0);
        std::string text(sm_.text(span(v)));
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
        if (part->is_type<g::wal_from>()) s.text = text, s.value_span = span(v);
        else s.rule = text, s.rule_span = span(v);
      }
      d.settings.push_back(std::move(s));
    }
    else if (c.is_type<g::setting_calendar>()) {
      auto* s = setting("calendar");
      s->text = dotted(child(c, 0)).size() ? "" : s->text;
      for (const auto& part : dotted(child(c, 0))) s->text += (s->text.empty() ? "" : ".") + part;
      if (c.children.size() > 1) s->rule = word(child(c, 1));
    }
    else if (c.is_type<g::setting_horizon>()) setting("horizon")->value = inner_expr(child(c, 0));
    else if (c.is_type<g::market_decl>())
      for (const auto& m : c.children) d.decls.push_back(decl(*m));
    else if (c.is_type<g::stress_decl>())
      d.stresses.push_back(stress(c));
    else
      d.decls.push_back(decl(c));
  }
  return d;
}

ast::File AstBuilder::file(const Node& root) {
  ast::File f;
  f.file_id = file_;
  for (const auto& c : root.children) {
    if (c->is_type<g::import_decl>()) {
      ast::Import im;
      im.span = span(*c);
      const Node& t = child(*c, 0);
      im.target_span = span(t);
      if (t.is_type<g::import_file>()) {
        auto s = expr(child(t, 0));
        im.file = s->text;
      } else {
        im.module = dotted(t);
      }
      if (c->children.size() > 1) im.alias = word(child(*c, 1));
      f.imports.push_back(std::move(im));
    } else if (c->is_type<g::template_decl>()) {
      f.templates.push_back(templ(*c));
    } else if (c->is_type<g::deal_decl>()) {
      f.deals.push_back(deal(*c));
    } else if (c->is_type<g::stress_decl>()) {
      f.stresses.push_back(stress(*c));
    } else {
      f.top.push_back(decl(*c));
    }
  }
  return f;
}

}  // namespace sluice::syntax
