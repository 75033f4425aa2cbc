// Two clean-ups after lowering, which materializes freely: identical pure
// instructions are merged (common subexpressions), and instructions whose
// results no store, output or check uses are dropped. Both keep every
// computed value bit-identical: they only remove repeats and dead code.
#include <cstring>
#include <map>
#include <tuple>

#include "ir/ir.hpp"

namespace sluice::ir {

namespace {

bool has_effect(Op op) { return op == Op::Store || op == Op::Output || op == Op::Check || op == Op::CheckRange; }
// A draw is a pure function of (seed, scenario, stream, period), so two
// reads of one stream in one program are the same number and merge too.
bool mergeable(Op op) { return !has_effect(op); }

void remap(Instr& in, const std::vector<std::int32_t>& to) {
  for (std::int32_t* r : {&in.a, &in.b, &in.c})
    if (*r >= 0) *r = to[static_cast<std::size_t>(*r)];
}

}  // namespace

void optimize(Program& p) {
  const std::size_t n = p.code.size();
  // 1. Merge identical pure instructions.
  std::vector<std::int32_t> same(n);
  std::map<std::tuple<int, int, int, int, std::uint32_t, std::uint64_t>, std::int32_t> seen;
  for (std::size_t i = 0; i < n; ++i) {
    Instr& in = p.code[i];
    remap(in, same);
    same[i] = static_cast<std::int32_t>(i);
    if (!mergeable(in.op)) continue;
    std::uint64_t bits;
    std::memcpy(&bits, &in.imm, sizeof bits);
    auto key = std::make_tuple(static_cast<int>(in.op), in.a, in.b, in.c, in.aux, bits);
    auto [it, fresh] = seen.emplace(key, static_cast<std::int32_t>(i));
    if (!fresh) same[i] = it->second;
  }
  // 2. Keep what effects need.
  std::vector<bool> live(n, false);
  for (std::size_t i = n; i-- > 0;) {
    const Instr& in = p.code[i];
    if (has_effect(in.op)) live[i] = true;
    if (!live[i] || same[i] != static_cast<std::int32_t>(i)) continue;
    for (std::int32_t r : {in.a, in.b, in.c})
      if (r >= 0) live[static_cast<std::size_t>(r)] = true;
  }
  // 3. Compact and renumber.
  std::vector<std::int32_t> to(n, -1);
  std::vector<Instr> out;
  for (std::size_t i = 0; i < n; ++i) {
    if (!live[i] || same[i] != static_cast<std::int32_t>(i)) continue;
    Instr in = p.code[i];
    remap(in, to);
    to[i] = static_cast<std::int32_t>(out.size());
    out.push_back(in);
  }
  p.code = std::move(out);
}

}  // namespace sluice::ir
