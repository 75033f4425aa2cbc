// Parse tree -> AST. Internal to the syntax phase.
#pragma once
#include <cctype>
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "diagnostics/diagnostic.hpp"
#include "syntax/ast.hpp"

namespace sluice::syntax {

using Node = tao::pegtl::parse_tree::node;

inline bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class AstBuilder {
 public:
  AstBuilder(std::uint32_t file_id, const SourceManager& sm, Diagnostics& diags)
      : file_(file_id), sm_(sm), diags_(diags) {}
  ast::File file(const Node& root);
  ast::ExprPtr expr(const Node& n);

 private:
  Span span(const Node& n) const;
  Span word_span(const Node& n) const;  // the leading identifier of a node
  std::string word(const Node& n) const;
  std::vector<std::string> dotted(const Node& n) const;
  Span dotted_span(const Node& n) const;        // `abl.reserve`: a dotted name as written
  std::string dotted_text(const Node& n) const;
  ast::ExprPtr number(const Node& n);
  ast::ExprPtr postfix_chain(const Node& n);
  ast::ExprPtr binary_chain(const Node& n);
  void units(const Node& n, std::vector<ast::UnitAtom>& out, std::size_t from);
  ast::Decl decl(const Node& n);
  void block(const Node& n, std::vector<ast::Property>& out);
  ast::Clause clause(const Node& n);
  std::vector<ast::Step> steps(const Node& block);
  ast::Step step(const Node& n);
  ast::Target target(const Node& n);
  ast::Deal deal(const Node& n);
  ast::Template templ(const Node& n);
  ast::Stress stress(const Node& n);  // build_stress.cpp
  const Node& child(const Node& n, std::size_t i) const;
  ast::ExprPtr inner_expr(const Node& wrapper);
  // Sets a node's depth from its kids; every later phase recurses over
  // expressions, so a tree deeper than this is refused here.
  ast::ExprPtr seal(ast::ExprPtr e);
  static constexpr int kMaxExprDepth = 200;

  std::uint32_t file_;
  const SourceManager& sm_;
  Diagnostics& diags_;
};

}  // namespace sluice::syntax
