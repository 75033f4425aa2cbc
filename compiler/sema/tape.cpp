// Tapes: `lease tape NAME on FLEET from "FILE.csv" { ... }` and `loan tape
// NAME from "FILE.csv" { ... }`. Each row of the file becomes an ordinary
// lease or loan declaration before anything is checked, so the IR, the
// interpreter and the JIT see nothing new and a row costs what a
// hand-written lease costs. The rows live in the tape's own scope
// (`NAME.ID`); the tape's aggregate members (`NAME.rent_due`,
// `NAME.largest_share`, ...) are `let`s built only when the deal reads them.
//
// The header names the columns: `name` or `name[UNIT]` (`rent[USD/gpu/h]`).
// A column named as one of the construct's properties gives that property
// for its row, unless the block gives it; any column is readable in the
// block as `row.COL`, with its header's unit. `id` names the row's obligor
// (a word; default r1, r2, ...), `group` its group for concentration.
#include <algorithm>
#include <functional>
#include <set>
#include <fmt/format.h>

#include "sema/checker.hpp"
#include "sema/csv_file.hpp"
#include "syntax/grammar.hpp"
#include "syntax/parser.hpp"

namespace sluice::sema {

namespace {

using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;

struct Column {
  std::string name;
  std::vector<ast::UnitAtom> units;
  Span span;         // the header cell
  bool text = false; // id, group and text properties (`lessee`) hold words, the rest numbers
  bool read = false; // some `row.NAME` in the block reads it
  const vocab::PropertyInfo* prop = nullptr;  // the property it gives, if it gives one
};

bool is_word(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

ExprPtr node(ExprKind k, Span s, std::string text = {}) {
  auto e = std::make_unique<Expr>();
  e->kind = k;
  e->span = s;
  e->text = std::move(text);
  return e;
}
ExprPtr seal(ExprPtr e) {
  int d = 0;
  for (const auto& k : e->kids) d = std::max(d, k ? k->depth : 0);
  e->depth = d + 1;
  return e;
}
ExprPtr binary(const char* op, ExprPtr a, ExprPtr b) {
  auto e = node(ExprKind::Binary, a->span, op);
  e->op = ast::binary_operator(op);
  e->kids.push_back(std::move(a));
  e->kids.push_back(std::move(b));
  return seal(std::move(e));
}
ExprPtr member(const std::string& obj, const std::string& mem, Span s) {
  auto e = node(ExprKind::Member, s, mem);
  e->kids.push_back(node(ExprKind::Name, s, obj));
  return seal(std::move(e));
}
ExprPtr number(double v, Span s) {
  auto e = node(ExprKind::Number, s);
  e->value = v;
  return e;
}
// A sum as a balanced tree, so 10,000 rows nest 14 deep, not 10,000.
ExprPtr balanced_sum(std::vector<ExprPtr>& terms, std::size_t b, std::size_t e) {
  if (e - b == 1) return std::move(terms[b]);
  std::size_t mid = b + (e - b) / 2;
  ExprPtr left = balanced_sum(terms, b, mid);
  return binary("+", std::move(left), balanced_sum(terms, mid, e));
}
// `if W > 0 * W then PART / W else 0`: a share that is 0 once nothing is left.
ExprPtr share(ExprPtr part, const ExprPtr& whole, Span s) {
  auto e = node(ExprKind::If, s);
  e->kids.push_back(binary(">", whole->clone(), binary("*", number(0, s), whole->clone())));
  e->kids.push_back(binary("/", std::move(part), whole->clone()));
  e->kids.push_back(number(0, s));
  return seal(std::move(e));
}

// Every expression a declaration holds, for the scan of `TAPE.member` reads.
template <typename F>
void walk(const Expr& e, F& f) {
  f(e);
  for (const auto& k : e.kids)
    if (k) walk(*k, f);
}
template <typename F>
void walk_steps(const std::vector<ast::Step>& steps, F& f) {
  for (const auto& s : steps) {
    if (s.amount) walk(*s.amount, f);
    for (const auto& c : s.conditions)
      if (c) walk(*c, f);
    for (const auto& b : s.branches) walk_steps(b, f);
    walk_steps(s.else_steps, f);
  }
}
template <typename F>
void walk_decl(const ast::Decl& d, F& f) {
  for (const ExprPtr* p : {&d.value, &d.jump_rate, &d.jump_size, &d.when, &d.when_for, &d.cure, &d.cure_for})
    if (*p) walk(**p, f);
  for (const auto& p : d.props)
    for (const auto& c : p.clauses) {
      if (c.value) walk(*c.value, f);
      if (c.for_value) walk(*c.for_value, f);
    }
  for (const auto& pt : d.points) {
    if (pt.x) walk(*pt.x, f);
    if (pt.y) walk(*pt.y, f);
  }
  walk_steps(d.steps, f);
  for (const auto& r : d.report)
    for (const auto& x : r.items)
      if (x) walk(*x, f);
}

}  // namespace

void Checker::expand_tape(const ast::Decl& d, ScopeId scope) {
  const bool lease = d.kind == ast::DeclKind::Lease;
  const vocab::Construct construct = lease ? vocab::Construct::Lease : vocab::Construct::Loan;
  const ast::Expr& file = *d.value;
  // The tape itself: a name whose members are its rows and its aggregates.
  EntityId tape = add_entity(EntityKind::Instance, d.name, d.name_span, &d, scope);
  const ScopeId members = add_scope(scope), rows_scope = add_scope(scope);
  m.entities[tape].inner_scope = members;
  declare(scope, d.name, tape, d.name_span);

  const CsvReader reader{"a tape", "tape", "a tape needs a file name"};
  const std::optional<std::uint32_t> loaded = load_csv(prog, diags, file, reader);
  if (!loaded) return;
  const std::uint32_t id = *loaded;
  const std::string& t = sm().file(id).text;
  const auto lines = csv_rows(sm().file(id));
  if (lines.size() < 2) {
    auto& e = diags.error(DiagCode::TapeEmpty, lines.empty() ? Span{id, 0, 0} : Span{id, lines[0].first, lines[0].second},
                          lines.empty() ? fmt::format("`{}` is empty", file.text) : fmt::format("`{}` has a header but no rows", file.text));
    e.labels.push_back(Label{file.span, "the tape reads it here", false});
    e.hints.push_back("a tape's file has a header row of column names, then one row per obligor");
    return;
  }
  if (lines.size() - 1 > kMaxCsvRows) {
    diags.error(DiagCode::TapeEmpty, Span{id, lines[kMaxCsvRows + 1].first, lines[kMaxCsvRows + 1].second},
                fmt::format("`{}` has {} rows; a tape reads at most {}", file.text, lines.size() - 1, kMaxCsvRows))
        .hints.push_back("split the tape into several tapes");
    return;
  }

  // The header: `name` or `name[UNIT]`.
  const auto units_known = syntax::collect_units(sm().file(prog.files[0].file_id).text);
  std::vector<Column> cols;
  bool bad = false;
  for (const Cell& h : split_row(t, lines[0].first, lines[0].second)) {
    Column c;
    c.span = Span{id, h.begin, h.end};
    std::string text = h.text;
    const auto open = text.find('[');
    if (open != std::string::npos) {
      const std::string unit = text.substr(open + 1, text.size() - open - 1);
      if (text.back() != ']' || unit.size() < 2) {
        diags.error(DiagCode::TapeBadHeader, c.span, fmt::format("`{}` is not `name` or `name[UNIT]`", text))
            .hints.push_back("write a column's unit in brackets after its name: `rent[USD/gpu/h]`, `units[gpu]`, `term[months]`");
        bad = true;
        continue;
      }
      // `USD/gpu/h`: atoms after `/` are divided (power -1) until a `*`.
      int power = 1;
      std::uint32_t at = h.begin + static_cast<std::uint32_t>(open) + 1;
      std::string atom;
      const std::string body = unit.substr(0, unit.size() - 1) + "*";
      for (std::size_t i = 0; i < body.size(); ++i) {
        const char ch = body[i];
        if (ch != '/' && ch != '*') {
          atom += ch;
          continue;
        }
        const Span aspan{id, at + static_cast<std::uint32_t>(i - atom.size()), at + static_cast<std::uint32_t>(i)};
        while (!atom.empty() && blank(atom.back())) atom.pop_back();
        while (!atom.empty() && blank(atom.front())) atom.erase(atom.begin());
        if (!units_known.names.count(atom)) {
          auto& e = diags.error(DiagCode::TapeBadHeader, aspan, atom.empty() ? std::string("a unit is missing here") : fmt::format("unknown unit `{}`", atom),
                                "in the header");
          e.hints.push_back("a column's unit is one the deal knows: its currency, a `unit` it declares, or a time unit (h, months, years)");
          bad = true;
        }
        c.units.push_back(ast::UnitAtom{atom, power, aspan});
        power = ch == '/' ? -1 : 1;
        atom.clear();
      }
      text = text.substr(0, open);
      while (!text.empty() && blank(text.back())) text.pop_back();
    }
    if (!is_word(text)) {
      diags.error(DiagCode::TapeBadHeader, c.span, text.empty() ? std::string("a column has no name") : fmt::format("`{}` is not a column name", text))
          .hints.push_back("a column's name is a word (letters, digits, `_`), optionally with its unit: `rent[USD/gpu/h]`");
      bad = true;
      continue;
    }
    c.name = text;
    for (const auto& before : cols)
      if (before.name == c.name) {
        diags.error(DiagCode::TapeDuplicate, c.span, fmt::format("`{}` names the column `{}` twice", file.text, c.name))
            .labels.push_back(Label{before.span, "first here", false});
        bad = true;
      }
    c.prop = vocab::property(construct, c.name);
    c.text = c.name == "id" || c.name == "group" || (c.prop && c.prop->rule == vocab::PropRule::Text);
    cols.push_back(std::move(c));
  }
  if (bad) return;
  auto col_of = [&](const std::string& n) -> Column* {
    for (auto& c : cols)
      if (c.name == n) return &c;
    return nullptr;
  };

  // `row.COL` in the block: every column it reads must exist.
  std::map<std::string, const ast::Property*> given;
  for (const auto& p : d.props) given[p.name] = &p;
  auto find_reads = [&](const Expr& e) {
    if (e.kind != ExprKind::Member || e.kids[0]->kind != ExprKind::Name || e.kids[0]->text != "row") return;
    if (Column* c = col_of(e.text)) {
      c->read = true;
      return;
    }
    std::vector<std::string> names;
    for (const auto& c : cols) names.push_back(c.name);
    auto& x = diags.error(DiagCode::TapeMissingColumn, e.span, fmt::format("`{}` has no column `{}`", file.text, e.text), "read here");
    x.labels.push_back(Label{Span{id, lines[0].first, lines[0].second}, "the header", false});
    auto near = closest_name(e.text, names);
    std::string all;
    for (const auto& n : names) all += (all.empty() ? "`" : ", `") + n + "`";
    x.hints.push_back(near.empty() ? fmt::format("its columns: {}", all) : fmt::format("did you mean `row.{}`?", near));
    bad = true;
  };
  for (const auto& p : d.props)
    for (const auto& c : p.clauses) {
      if (c.value) walk(*c.value, find_reads);
      if (c.for_value) walk(*c.for_value, find_reads);
    }
  // A property given both ways, with the block not reading the column, is a slip.
  for (const auto& c : cols)
    if (c.prop && given.count(c.name) && !c.read) {
      auto& x = diags.error(DiagCode::TapeDuplicate, given[c.name]->name_span, fmt::format("`{}` is given by the block and by the column `{}`", c.name, c.name));
      x.labels.push_back(Label{c.span, "the column", false});
      x.hints.push_back(fmt::format("drop one, or read the column in the block as `row.{}`", c.name));
      bad = true;
    }
  if (bad) return;

  // The rows: one declaration each.
  const std::string qual = d.name + ".";
  std::vector<EntityId> rows;
  std::vector<std::string> row_groups;
  std::map<std::string, Span> ids;
  std::size_t cell_errors = 0;
  constexpr std::size_t kMaxCellErrors = 5;  // a wrong column can fail on every row
  for (std::size_t r = 1; r < lines.size() && cell_errors < kMaxCellErrors; ++r) {
    const auto [b, e] = lines[r];
    const std::vector<Cell> cells = split_row(t, b, e);
    const Span row_span{id, b, e};
    if (cells.size() != cols.size()) {
      diags.error(cells.size() < cols.size() ? DiagCode::TapeMissingColumn : DiagCode::TapeBadCell, row_span,
                  fmt::format("row {} has {} cell{}; the header names {} columns", r, cells.size(), cells.size() == 1 ? "" : "s", cols.size()))
          .hints.push_back("every row has one cell per column (an empty cell is written as nothing between two commas)");
      ++cell_errors;
      continue;
    }
    // Each cell as an expression: a number with its column's unit, or a word.
    std::vector<ExprPtr> values(cols.size());
    bool row_ok = true;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      const Cell& cell = cells[c];
      const Span at{id, cell.begin, cell.end};
      if (cell.text.empty()) continue;
      if (cols[c].text) {
        values[c] = node(ExprKind::String, at, cell.text);
        continue;
      }
      if (!cols[c].read && !cols[c].prop) continue;  // a column nothing reads is not checked
      auto v = cell_number(cell.text);
      if (!v) {
        diags.error(DiagCode::TapeBadCell, at, fmt::format("`{}` is not a number", cell.text), "not a number")
            .hints.push_back(fmt::format("the column `{}` holds numbers such as `4.30`, `-0.5` or `4.30%`{}", cols[c].name,
                                         cols[c].units.empty() ? "" : ", in the header's unit"));
        row_ok = false;
        continue;
      }
      auto x = number(*v, at);
      if (!cell.text.empty() && cell.text.back() == '%') x->suffix = '%';
      x->units = cols[c].units;
      values[c] = std::move(x);
    }
    std::string name = fmt::format("r{}", r);
    Span name_span = row_span;
    std::string group;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (cols[c].name == "id" && values[c]) {
        name = values[c]->text;
        name_span = values[c]->span;
        if (!is_word(name) || syntax::grammar::is_reserved_word(name)) {
          diags.error(DiagCode::TapeBadCell, name_span, fmt::format("`{}` cannot name an obligor", name), "not a name")
              .hints.push_back("an `id` is a word (letters, digits, `_`, not starting with a digit) that is not a keyword");
          row_ok = false;
        }
      } else if (cols[c].name == "id") {
        diags.error(DiagCode::TapeBadCell, Span{id, cells[c].begin, cells[c].end}, fmt::format("row {} has no `id`", r), "empty")
            .hints.push_back("give every row an `id`, or drop the column to name the rows r1, r2, ...");
        row_ok = false;
      }
      if (cols[c].name == "group" && values[c]) {
        group = values[c]->text;
        if (!is_word(group)) {
          diags.error(DiagCode::TapeBadCell, values[c]->span, fmt::format("`{}` cannot name a group", group), "not a name")
              .hints.push_back("a group is a word: it names the tape's member `GROUP_share`");
          row_ok = false;
        }
      }
    }
    if (row_ok) {
      auto [it, fresh] = ids.emplace(name, name_span);
      if (!fresh) {
        diags.error(DiagCode::TapeDuplicate, name_span, fmt::format("`{}` names two rows of the tape", name), "again here")
            .labels.push_back(Label{it->second, "first here", false});
        row_ok = false;
      }
    }
    // `row.COL` read where that row's cell is empty.
    std::function<void(ExprPtr&)> subst = [&](ExprPtr& x) {
      if (!x) return;
      if (x->kind == ExprKind::Member && x->kids[0]->kind == ExprKind::Name && x->kids[0]->text == "row") {
        for (std::size_t c = 0; c < cols.size(); ++c) {
          if (cols[c].name != x->text) continue;
          if (values[c]) {
            x = values[c]->clone();
          } else {
            diags.error(DiagCode::TapeBadCell, Span{id, cells[c].begin, cells[c].end}, fmt::format("row {} has no `{}`", r, cols[c].name), "empty")
                .labels.push_back(Label{x->span, "the block reads it here", false});
            row_ok = false;
          }
          return;
        }
      }
      for (auto& k : x->kids) subst(k);
    };
    ast::Decl row;
    row.kind = d.kind;
    row.span = row_span;
    row.name = name;
    row.name_span = name_span;
    row.other = d.other;
    row.other_span = d.other_span;
    for (const auto& p : d.props) {
      ast::Property q = p.clone();
      for (auto& c : q.clauses) {
        subst(c.value);
        subst(c.for_value);
      }
      row.props.push_back(std::move(q));
    }
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (!cols[c].prop || given.count(cols[c].name) || !values[c]) continue;
      ast::Property q;
      q.name = cols[c].name;
      q.name_span = cols[c].span;
      q.span = values[c]->span;
      ast::Clause clause;
      clause.span = values[c]->span;
      clause.value = values[c]->clone();
      q.clauses.push_back(std::move(clause));
      row.props.push_back(std::move(q));
    }
    if (!row_ok) {
      ++cell_errors;
      continue;
    }
    m.owned_decls.push_back(std::move(row));
    EntityId ent = declare_decl(m.owned_decls.back(), rows_scope, qual);
    if (!ent.valid()) continue;
    m.order.push_back(ent);
    m.entities[ent].tape = tape;
    m.entities[ent].group = group;
    m.scopes[members].names[name] = ent;
    rows.push_back(ent);
    row_groups.push_back(group);
  }
  if (cell_errors > 0 || rows.empty()) return;

  // The aggregates the deal reads (`T.rent_due`), each a `let` in the tape's scope.
  std::set<std::string> wanted;
  auto find_members = [&](const Expr& e) {
    if (e.kind == ExprKind::Member && e.kids[0]->kind == ExprKind::Name && e.kids[0]->text == d.name) wanted.insert(e.text);
  };
  for (const auto& x : prog.files[0].deals[0].decls) walk_decl(x, find_members);
  const Span s = d.name_span;
  auto over_rows = [&](auto&& term) {
    std::vector<ExprPtr> terms;
    for (std::size_t i = 0; i < rows.size(); ++i) terms.push_back(term(i));
    return terms;
  };
  auto row_name = [&](std::size_t i) { return m.entities[rows[i]].name.substr(qual.size()); };
  // The concentration weight: a lease's performing units, a loan's performing balance.
  auto weight = [&](std::size_t i) -> ExprPtr {
    if (!lease) return member(row_name(i), "balance", s);
    return binary("*", member(row_name(i), "units", s), member(row_name(i), "performing", s));
  };
  auto total_weight = [&] {
    auto terms = over_rows(weight);
    return balanced_sum(terms, 0, terms.size());
  };
  auto largest = [&](std::vector<ExprPtr> terms) -> ExprPtr {
    if (terms.size() == 1) return std::move(terms[0]);
    auto call = node(ExprKind::Call, s);
    call->kids.push_back(node(ExprKind::Name, s, "max"));
    for (auto& x : terms) {
      call->kids.push_back(std::move(x));
      call->arg_names.emplace_back();
    }
    return seal(std::move(call));
  };
  std::vector<std::string> groups;
  for (const auto& g : row_groups)
    if (!g.empty() && std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  auto group_weight = [&](const std::string& g) -> ExprPtr {
    std::vector<ExprPtr> terms;
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (row_groups[i] == g) terms.push_back(weight(i));
    return balanced_sum(terms, 0, terms.size());
  };
  for (const std::string& w : wanted) {
    if (m.scopes[members].names.count(w)) continue;  // a row's id
    ExprPtr value;
    const auto* info = vocab::member(construct, w);
    using T = vocab::MemberType;
    if (w == "count") {
      value = number(static_cast<double>(rows.size()), s);
    } else if (w == "largest_share") {
      value = share(largest(over_rows(weight)), total_weight(), s);
    } else if (w == "largest_group_share" && !groups.empty()) {
      std::vector<ExprPtr> terms;
      for (const auto& g : groups) terms.push_back(group_weight(g));
      value = share(largest(std::move(terms)), total_weight(), s);
    } else if (w.size() > 6 && w.ends_with("_share") && std::find(groups.begin(), groups.end(), w.substr(0, w.size() - 6)) != groups.end()) {
      value = share(group_weight(w.substr(0, w.size() - 6)), total_weight(), s);
    } else if (lease && w == "performing") {
      auto units = over_rows([&](std::size_t i) { return member(row_name(i), "units", s); });
      value = share(total_weight(), balanced_sum(units, 0, units.size()), s);
    } else if (info && (info->type == T::Money || info->type == T::LeasedUnits || info->type == T::OfProperty)) {
      auto terms = over_rows([&](std::size_t i) { return member(row_name(i), w, s); });
      value = balanced_sum(terms, 0, terms.size());
    } else {
      continue;  // not a tape member: the read reports it (E0201)
    }
    m.owned_decls.emplace_back();
    ast::Decl& let = m.owned_decls.back();
    let.kind = ast::DeclKind::Let;
    let.span = d.span;
    let.name = w;
    let.name_span = s;
    let.value = std::move(value);
    EntityId e = declare_decl(let, members, qual);
    if (e.valid()) m.order.push_back(e);
  }
}

}  // namespace sluice::sema
