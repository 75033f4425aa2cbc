#include "lsp/symbol_index.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "lsp/ast_walk.hpp"
#include "lsp/outline.hpp"
#include "sema/checker.hpp"

namespace sluice::lsp {

namespace {

bool holds(const Span& s, std::size_t offset) { return s.valid() && offset >= s.begin && offset <= s.end; }

std::optional<sema::EntityKind> entity_kind(ast::DeclKind k) {
  using D = ast::DeclKind;
  using E = sema::EntityKind;
  switch (k) {
    case D::Fleet: return E::Fleet;
    case D::Lease: return E::Lease;
    case D::Holding: return E::Holding;
    case D::Loan: return E::Loan;
    case D::Receivables: return E::Receivables;
    case D::Expense: return E::Expense;
    case D::Tranche: return E::Tranche;
    case D::Convertible: return E::Convertible;
    case D::Fee: return E::Fee;
    case D::Account: return E::Account;
    case D::Facility: return E::Facility;
    case D::Hedge: return E::Hedge;
    case D::Equity: return E::Equity;
    case D::Factor: return E::Factor;
    case D::Trigger: return E::Trigger;
    default: return std::nullopt;
  }
}

struct Builder {
  const pipeline::Compiled& c;
  const SymbolIndex* previous;
  SymbolIndex out;
  std::string currency = "USD";

  const SourceManager& sm() const { return c.sources; }
  std::string file_path(std::uint32_t file) const {
    if (file >= sm().size()) return "";
    const auto& f = sm().file(file);
    return f.real_path.empty() ? f.path : f.real_path;
  }
  // The declaration's first line as written (hover shows it), at most 160 bytes.
  std::string first_line(Span s) const {
    if (!s.valid() || s.file >= sm().size()) return "";
    const auto& text = sm().file(s.file).text;
    if (s.begin >= text.size()) return "";
    auto end = text.find('\n', s.begin);
    if (end == std::string::npos) end = text.size();
    end = std::min<std::size_t>({end, s.end > s.begin ? static_cast<std::size_t>(s.end) : end, s.begin + std::size_t{160}});
    std::string line = text.substr(s.begin, end - s.begin);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '{')) line.pop_back();
    return line;
  }
  // A type the analysis gave `key`, or the one the previous index kept.
  std::string type_for(const std::string& key) const {
    auto it = out.types.find(key);
    if (it != out.types.end()) return it->second;
    if (previous) {
      auto p = previous->types.find(key);
      if (p != previous->types.end()) return p->second;
    }
    return "";
  }

  void record_types() {
    if (!c.model) return;
    const auto& m = *c.model;
    currency = m.deal.currency;
    for (const auto& e : m.entities) {
      if (!e.type_done || e.name.empty()) continue;
      auto k = e.type.kind;
      if (k == sema::Kind::Entity || k == sema::Kind::Error) continue;
      out.types[e.name] = sema::type_text(e.type, currency);
    }
    // Members as the deal uses them: `A.balance`, and `book_value` bare inside its fleet.
    for (const auto& f : c.program.files)
      for_each_expr(f, [&](const ast::Expr& x) {
        const sema::ExprSema& s = m.sema(x);
        bool member = (x.kind == ast::ExprKind::Member && s.member == sema::MemberRef::Of) || (x.kind == ast::ExprKind::Name && s.member == sema::MemberRef::Bare);
        if (!member || !m.entities.contains(s.entity) || !m.types.contains(s.type)) return;
        out.types[m.entities[s.entity].name + "." + x.text] = sema::type_text(m.types[s.type], currency);
      });
  }

  // The type of a member the deal never reads (so sema typed no use of it),
  // by the registry's rule (vocabulary/members.def), as sema's member_type.
  std::string unused_member_type(const ast::Decl& d, const vocab::MemberInfo& m, const std::string& own_type) const {
    if (!c.model) return "";
    using T = vocab::MemberType;
    switch (m.type) {
      case T::Claim: return "";  // claim parts, paid by the waterfall, not values
      case T::Bool: return "Bool";
      case T::Rate: return sema::type_text(sema::Type::number(sema::Dim{{"year", -1}}), currency);
      case T::Months: return sema::type_text(sema::Type::number(sema::Dim{{"month", 1}}), currency);
      case T::Ratio: return sema::type_text(sema::Type::number(), currency);
      case T::FactorStart: return own_type;  // a factor's start has the factor's type
      case T::OfProperty:
      case T::LeasedUnits:
      case T::OfUnits:
        for (const auto& p : d.props)
          if (p.name == (m.type == T::OfUnits ? std::string_view("units") : m.word) && !p.clauses.empty() && p.clauses[0].value) {
            const sema::TypeId t = c.model->sema(*p.clauses[0].value).type;
            if (c.model->types.contains(t)) return sema::type_text(c.model->types[t], currency);
          }
        return "";
      case T::Money: break;
    }
    return sema::type_text(sema::Type::number(sema::Dim{{currency, 1}}), currency);
  }

  Declared declared(const ast::Decl& d, Span visible, const std::string& qualifier) {
    Declared n;
    n.name = d.name;
    n.kind = d.kind == ast::DeclKind::Use ? "template instance" : ast::decl_kind_name(d.kind);
    n.path = file_path(d.name_span.file);
    n.at = d.name_span.valid() ? d.name_span : d.span;
    n.visible = visible;
    n.source_line = first_line(d.span);
    n.type = d.kind == ast::DeclKind::Curve ? "Curve" : type_for(qualifier + d.name);
    // A fee or an expense used by name is money (sema types it only where it is used).
    if (n.type.empty() && c.model && (d.kind == ast::DeclKind::Fee || d.kind == ast::DeclKind::Expense))
      n.type = sema::type_text(sema::Type::number(sema::Dim{{currency, 1}}), currency);
    if (!n.type.empty()) out.types.emplace(qualifier + d.name, n.type);  // for the outline, and the next index
    if (auto ek = entity_kind(d.kind); ek && sema::construct_of(*ek))
      for (const auto* m : vocab::members_of(*sema::construct_of(*ek))) {
        Declared mem;
        mem.name = m->word;
        mem.kind = "member";
        mem.doc = m->doc;
        mem.type = type_for(qualifier + d.name + "." + mem.name);
        if (mem.type.empty()) mem.type = unused_member_type(d, *m, n.type);
        mem.path = n.path;
        mem.at = n.at;
        mem.source_line = n.kind + " `" + d.name + "`";  // the owner, which hover names
        n.members.push_back(std::move(mem));
      }
    if (d.kind == ast::DeclKind::Use)
      if (const ast::Template* t = find_template(d.path)) n.members = template_members(*t, d.name + ".");
    return n;
  }

  std::vector<Declared> template_members(const ast::Template& t, const std::string& qualifier) {
    std::vector<Declared> members;
    for (const auto& p : t.params) {
      Declared a;
      a.name = p.name;
      a.kind = "template parameter";
      a.type = p.type_name;
      a.path = file_path(p.span.file);
      a.at = p.span;
      a.source_line = first_line(t.span);  // the template's header: parameters with their types and defaults
      members.push_back(std::move(a));
    }
    for (const auto& d : t.body)
      if (!d.name.empty()) members.push_back(declared(d, Span::none(), qualifier));
    // An instance forwards members it lacks to its first tranche, convertible
    // or facility (`x.interest`), as sema does.
    for (const auto& d : t.body) {
      if (d.kind != ast::DeclKind::Tranche && d.kind != ast::DeclKind::Convertible && d.kind != ast::DeclKind::Facility) continue;
      for (auto& m : declared(d, Span::none(), qualifier).members) {
        bool taken = false;
        for (const auto& have : members) taken |= have.name == m.name;
        if (taken) continue;
        if (m.type.empty()) m.type = type_for(qualifier + m.name);
        members.push_back(std::move(m));
      }
      break;
    }
    return members;
  }

  // The names a module offers after `std.gpu.`: its templates, curves and units.
  std::vector<Declared> module_members(const ast::File& f) {
    std::vector<Declared> members;
    for (const auto& d : f.top)
      if (!d.name.empty()) members.push_back(declared(d, Span::none(), ""));
    for (const auto& t : f.templates) {
      Declared n = template_declared(t);
      n.members = template_members(t, "");
      members.push_back(std::move(n));
    }
    return members;
  }

  // A template's own entry: its name where it is declared.
  Declared template_declared(const ast::Template& t) {
    Declared n;
    n.name = t.name;
    n.kind = "template";
    n.path = file_path(t.name_span.file);
    n.at = t.name_span;
    n.source_line = first_line(t.span);
    return n;
  }

  // The file an import of the document binds, by the name it binds
  // ("std.gpu", an alias, a quoted file's stem).
  const ast::File* imported(const std::string& binding) const {
    const ast::File& doc = c.program.files[0];
    for (std::size_t i = 0; i < doc.imports.size(); ++i) {
      const auto& im = doc.imports[i];
      std::string bind = !im.alias.empty() ? im.alias
                         : !im.module.empty() ? (im.module.size() == 2 ? im.module[0] + "." + im.module[1] : "")
                                              : std::filesystem::path(im.file).stem().string();
      if (bind != binding) continue;
      auto it = c.program.import_targets.find({doc.file_id, i});
      if (it != c.program.import_targets.end() && it->second >= 0 && static_cast<std::size_t>(it->second) < c.program.files.size())
        return &c.program.files[static_cast<std::size_t>(it->second)];
    }
    return nullptr;
  }

  const ast::Template* find_template(const std::vector<std::string>& path) const {
    if (path.empty()) return nullptr;
    const ast::File* f = &c.program.files[0];
    if (path.size() > 1) {
      std::string module;
      for (std::size_t i = 0; i + 1 < path.size(); ++i) module += (i ? "." : "") + path[i];
      f = imported(module);
    }
    if (f)
      for (const auto& t : f->templates)
        if (t.name == path.back()) return &t;
    return nullptr;
  }

  void add_imports(const ast::File& doc) {
    Declared std_ns;
    std_ns.name = "std";
    std_ns.kind = "module";
    std_ns.source_line = "the standard library";
    for (const auto& im : doc.imports) {
      std::string bind = !im.alias.empty() ? im.alias : !im.module.empty() ? "" : std::filesystem::path(im.file).stem().string();
      std::string key = im.module.size() == 2 ? im.module[0] + "." + im.module[1] : bind;
      const ast::File* f = imported(!im.alias.empty() ? im.alias : key);
      if (!f) continue;
      Declared mod;
      mod.kind = "module";
      mod.path = file_path(f->file_id);
      mod.at = Span{f->file_id, 0, 0};
      mod.source_line = first_line(im.span);
      mod.members = module_members(*f);
      if (bind.empty() && im.module.size() == 2 && im.module[0] == "std") {
        mod.name = im.module[1];
        std_ns.members.push_back(std::move(mod));
      } else if (!bind.empty()) {
        mod.name = bind;
        out.names.push_back(std::move(mod));
      }
    }
    if (!std_ns.members.empty()) out.names.push_back(std::move(std_ns));
  }

  void add_builtins() {
    const std::pair<const char*, sema::Type> values[] = {
        {"collections", sema::Type::number(sema::Dim{{currency, 1}})},
        {"year_fraction", sema::Type::number()},
        {"hours", sema::Type::number(sema::Dim{{"h", 1}})},
        {"period_number", sema::Type::number()},
        {"months_elapsed", sema::Type::number(sema::Dim{{"month", 1}})},
    };
    for (const auto& [name, type] : values) {
      Declared b;
      b.name = name;
      b.kind = "built-in value";
      b.type = sema::type_text(type, currency);
      out.names.push_back(std::move(b));
    }
  }

  void build() {
    record_types();
    const ast::File& doc = c.program.files[0];
    add_imports(doc);
    for (const auto& d : doc.top)
      if (!d.name.empty()) out.names.push_back(declared(d, Span::none(), ""));
    for (const auto& t : doc.templates) {
      out.names.push_back(template_declared(t));
      for (auto& inside : template_members(t, "")) {
        inside.visible = t.span;
        out.names.push_back(std::move(inside));
      }
    }
    for (const auto& deal : doc.deals) {
      for (const auto& s : deal.settings)
        if (s.name == "currency" && !s.text.empty()) {
          Declared cur;
          cur.name = s.text;
          cur.kind = "currency";
          cur.type = "Money (" + s.text + ")";
          cur.path = file_path(s.span.file);
          cur.at = s.value_span.valid() ? s.value_span : s.span;
          cur.source_line = first_line(s.span);
          out.names.push_back(std::move(cur));
        }
      for (const auto& d : deal.decls) {
        if (d.name.empty() || d.kind == ast::DeclKind::Correlate || d.kind == ast::DeclKind::Report) continue;
        out.names.push_back(declared(d, Span::none(), ""));
        if (!out.names.back().members.empty()) out.blocks.push_back({d.span, out.names.size() - 1});
      }
    }
    add_builtins();
    // Keep what earlier analyses knew for names this one did not type.
    if (previous)
      for (const auto& [k, v] : previous->types) out.types.emplace(k, v);
    out.outline = build_outline(doc, out.types);
  }
};

}  // namespace

const Declared* SymbolIndex::lookup(const std::string& name, std::size_t offset) const {
  const Declared* best = nullptr;
  for (const auto& n : names) {
    if (n.name != name) continue;
    if (n.visible.valid() && !holds(n.visible, offset)) continue;
    // A name visible in a narrower region (a template's body) wins.
    if (!best || (n.visible.valid() && (!best->visible.valid() || n.visible.end - n.visible.begin < best->visible.end - best->visible.begin)))
      best = &n;
  }
  return best;
}

const Declared* SymbolIndex::resolve(const std::vector<std::string>& chain, std::size_t offset) const {
  if (chain.empty()) return nullptr;
  const Declared* cur = lookup(chain[0], offset);
  if (!cur && chain.size() == 1)
    if (const Declared* owner = enclosing_block(offset))
      for (const auto& m : owner->members)
        if (m.name == chain[0]) return &m;
  for (std::size_t i = 1; cur && i < chain.size(); ++i) {
    const Declared* next = nullptr;
    for (const auto& m : cur->members)
      if (m.name == chain[i]) next = &m;
    cur = next;
  }
  return cur;
}

const Declared* SymbolIndex::enclosing_block(std::size_t offset) const {
  for (const auto& b : blocks)
    if (holds(b.span, offset) && b.name < names.size()) return &names[b.name];
  return nullptr;
}

SymbolIndex build_index(const pipeline::Compiled& c, const SymbolIndex* previous) {
  Builder b{c, previous, {}, "USD"};
  if (!c.program.files.empty()) b.build();
  return std::move(b.out);
}

const std::vector<std::string>& builtin_values() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> w;
    for (const auto& b : vocab::kBuiltins) w.emplace_back(b.word);
    return w;
  }();
  return v;
}

std::optional<vocab::Construct> construct_named(const std::string& kind) {
  for (const auto& x : vocab::kConstructs)
    if (x.word == kind) return x.id;
  return std::nullopt;
}

const std::vector<std::string>& keywords() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> w{"deal", "import", "unit", "template", "curve", "table", "param", "let", "test", "market", "draw", "factor",
                               "correlate", "jumps", "size"};
    // The declarations with properties or members, from the registry.
    for (const auto& x : vocab::kConstructs)
      if (x.id != vocab::Construct::Test && x.id != vocab::Construct::Factor) w.emplace_back(x.word);
    for (const char* k : {"waterfall", "steps", "report", "use", "as", "on",
      "when", "cure", "for", "per", "if", "then", "else", "and", "or", "not", "true", "false", "pay", "fill", "sweep",
      "liquidate", "convert", "to", "up", "in", "full", "scheduled", "residual", "pro_rata", "target", "series",
      "metrics", "probability", "risk_free", "currency", "start", "first_payment", "period", "horizon", "day_count", "calendar", "holidays",
      "cutoff", "settlement", "payment_day", "wal", "from", "sculpted", "dscr"})
      w.emplace_back(k);
    return w;
  }();
  return v;
}

}  // namespace sluice::lsp
