#include "lsp/outline.hpp"

#include <functional>

namespace sluice::lsp {

namespace {

// The protocol's SymbolKind numbers.
enum SymbolKind : int {
  kModule = 2, kNamespace = 3, kClass = 5, kProperty = 7, kField = 8, kFunction = 12, kVariable = 13, kConstant = 14,
  kArray = 18, kObject = 19, kStruct = 23, kEvent = 24, kOperator = 25, kTypeParameter = 26,
};

int symbol_kind(ast::DeclKind k) {
  using D = ast::DeclKind;
  switch (k) {
    case D::Unit: return kConstant;
    case D::Param: return kConstant;
    case D::Let:
    case D::Test:
    case D::Draw:
    case D::Factor: return kVariable;
    case D::Correlate: return kOperator;
    case D::Curve: return kFunction;
    case D::Holidays: return kArray;
    case D::Fleet:
    case D::Lease:
    case D::Holding:
    case D::Loan:
    case D::Receivables: return kObject;
    case D::Expense:
    case D::Fee: return kField;
    case D::Tranche:
    case D::Convertible:
    case D::Facility:
    case D::Hedge:
    case D::Equity:
    case D::Use: return kClass;
    case D::Account: return kStruct;
    case D::Trigger: return kEvent;
    case D::Waterfall:
    case D::Steps:
    case D::Report: return kNamespace;
  }
  return kVariable;
}

// An item whose selection lies inside its range, as the protocol requires.
OutlineItem item(std::string name, std::string detail, int kind, Span range, Span selection) {
  if (!range.valid()) range = selection;
  if (!selection.valid() || selection.file != range.file || selection.begin < range.begin || selection.end > range.end)
    selection = Span{range.file, range.begin, range.begin};
  return OutlineItem{name.empty() ? "(unnamed)" : std::move(name), std::move(detail), kind, range, selection, {}};
}

OutlineItem decl_item(const ast::Decl& d, const std::map<std::string, std::string>& types, const std::string& qualifier) {
  std::string kind = d.kind == ast::DeclKind::Use ? "use" : ast::decl_kind_name(d.kind);
  std::string name = d.name;
  if (d.kind == ast::DeclKind::Correlate) name = d.name + ", " + d.other;
  if (name.empty()) name = kind;
  std::string detail = kind;
  if (auto it = types.find(qualifier + d.name); it != types.end() && !d.name.empty() && d.kind != ast::DeclKind::Correlate)
    detail += ": " + it->second;
  if (d.kind == ast::DeclKind::Lease && !d.other.empty()) detail += " on " + d.other;
  if (d.kind == ast::DeclKind::Use) {
    std::string p;
    for (std::size_t i = 0; i < d.path.size(); ++i) p += (i ? "." : "") + d.path[i];
    detail = "use " + p;
  }
  OutlineItem it = item(name, detail, symbol_kind(d.kind), d.span, d.name_span);
  for (const auto& p : d.props) it.children.push_back(item(p.name, "property", kProperty, p.span, p.name_span));
  // A waterfall's (or a template's step group's) placements of template
  // steps: `steps R.interest`, where each sits in the priority of payments.
  std::function<void(const std::vector<ast::Step>&)> placed = [&](const std::vector<ast::Step>& list) {
    for (const auto& s : list) {
      if (s.kind == ast::StepKind::Place) {
        std::string p;
        for (std::size_t i = 0; i < s.target.path.size(); ++i) p += (i ? "." : "") + s.target.path[i];
        it.children.push_back(item("steps " + p, "template steps", kNamespace, s.span, s.target.span));
      }
      for (const auto& b : s.branches) placed(b);
      placed(s.else_steps);
    }
  };
  placed(d.steps);
  return it;
}

}  // namespace

std::vector<OutlineItem> build_outline(const ast::File& doc, const std::map<std::string, std::string>& types) {
  std::vector<OutlineItem> out;
  for (const auto& im : doc.imports) {
    std::string name = im.file;
    for (std::size_t i = 0; i < im.module.size(); ++i) name += (i ? "." : "") + im.module[i];
    out.push_back(item(name, im.alias.empty() ? "import" : "import as " + im.alias, kModule, im.span, im.target_span));
  }
  for (const auto& d : doc.top) out.push_back(decl_item(d, types, ""));
  for (const auto& t : doc.templates) {
    OutlineItem ti = item(t.name, "template", kStruct, t.span, t.name_span);
    for (const auto& p : t.params)
      ti.children.push_back(item(p.name, p.type_name.empty() ? "parameter" : "parameter: " + p.type_name, kTypeParameter, p.span, p.span));
    for (const auto& d : t.body) ti.children.push_back(decl_item(d, types, ""));
    out.push_back(std::move(ti));
  }
  for (const auto& deal : doc.deals) {
    OutlineItem di = item(deal.name, "deal", kModule, deal.span, deal.name_span);
    for (const auto& s : deal.settings) di.children.push_back(item(s.name, s.text, kProperty, s.span, s.span));
    for (const auto& d : deal.decls) di.children.push_back(decl_item(d, types, ""));
    out.push_back(std::move(di));
  }
  return out;
}

}  // namespace sluice::lsp
