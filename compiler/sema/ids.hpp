// Typed ids for the checked model's tables: an EntityId indexes
// Model::entities, a ScopeId Model::scopes, a TypeId Model::types, an
// ExprId Model's record of one expression. Each is its own type, so an
// entity cannot index the scopes, and none converts to or from a bare int
// by accident; an IdVector is indexed by its id type only.
#pragma once
#include <compare>
#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

namespace sluice::sema {

// An index into one table, or none (the default). Ordered by the index, so
// maps keyed by ids iterate in the order the table was built.
template <class Tag>
class Id {
 public:
  constexpr Id() = default;  // none
  constexpr explicit Id(std::size_t index) : v_(static_cast<int>(index)) {}
  static constexpr Id none() { return Id(); }
  constexpr bool valid() const { return v_ >= 0; }
  constexpr explicit operator bool() const { return valid(); }
  // The row in the table (only for a valid id).
  constexpr std::size_t index() const { return static_cast<std::size_t>(v_); }
  // The raw number, for dumps and stable orders (-1 when none).
  constexpr int raw() const { return v_; }
  constexpr auto operator<=>(const Id&) const = default;

 private:
  int v_ = -1;
};

struct EntityTag;
struct ScopeTag;
struct TypeTag;
struct ExprTag;
using EntityId = Id<EntityTag>;
using ScopeId = Id<ScopeTag>;
using TypeId = Id<TypeTag>;
using ExprId = Id<ExprTag>;

// A vector indexed by one kind of id; push_back hands back the new row's id.
template <class I, class T>
class IdVector {
 public:
  T& operator[](I i) { return rows_[i.index()]; }
  const T& operator[](I i) const { return rows_[i.index()]; }
  const T& at(I i) const { return rows_.at(i.index()); }
  // Whether `i` names a row (false for none and for ids past the end).
  bool contains(I i) const { return i.valid() && i.index() < rows_.size(); }
  I push_back(T v) {
    rows_.push_back(std::move(v));
    return I(rows_.size() - 1);
  }
  template <class... A>
  I emplace_back(A&&... a) {
    rows_.emplace_back(std::forward<A>(a)...);
    return I(rows_.size() - 1);
  }
  T& back() { return rows_.back(); }
  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  // The rows in order; ids() walks their ids.
  auto begin() { return rows_.begin(); }
  auto end() { return rows_.end(); }
  auto begin() const { return rows_.begin(); }
  auto end() const { return rows_.end(); }
  const T* data() const { return rows_.data(); }
  // The id of a row of this vector, from a reference to it.
  I id_of(const T& row) const { return I(static_cast<std::size_t>(&row - rows_.data())); }
  struct Ids {
    std::size_t n;
    struct It {
      std::size_t i;
      I operator*() const { return I(i); }
      It& operator++() {
        ++i;
        return *this;
      }
      bool operator!=(const It& o) const { return i != o.i; }
    };
    It begin() const { return {0}; }
    It end() const { return {n}; }
  };
  Ids ids() const { return {rows_.size()}; }

 private:
  std::vector<T> rows_;
};

}  // namespace sluice::sema

template <class Tag>
struct std::hash<sluice::sema::Id<Tag>> {
  std::size_t operator()(sluice::sema::Id<Tag> id) const noexcept { return std::hash<int>()(id.raw()); }
};
