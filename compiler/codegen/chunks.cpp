#include "codegen/chunks.hpp"

namespace sluice::codegen {

namespace {

using ir::Op;

std::size_t weight(const ir::Instr& in, unsigned lanes) {
  switch (in.op) {
    // a call over the lanes: runtime/math's (emit_math.hpp) or the
    // generator's (emit_random.hpp)
    case Op::Pow: case Op::Exp: case Op::Log: case Op::NormCdf:
    case Op::Uniform: case Op::Normal: case Op::NormInv:
      return 8 + std::size_t{lanes};
    // lane by lane: a call per lane, vectors spilled around calls
    case Op::Round: case Op::Mod: case Op::Curve:
      return 4 + 4 * std::size_t{lanes};
    // a draw, exp over the lanes and the count's function (emit_random.hpp)
    case Op::Poisson: return 16 + 2 * std::size_t{lanes};
    // a compare, a branch and a cold block of a few stores and one call
    case Op::Check: case Op::CheckRange: return 8;
    default: return 1;
  }
}

}  // namespace

bool rematerialized(Op op) {
  switch (op) {
    case Op::Const: case Op::Context: case Op::Scenario: case Op::Load:
    // no value: reads as 0 wherever it is named (as in one function)
    case Op::Store: case Op::Output: case Op::Check: case Op::CheckRange:
      return true;
    default: return false;
  }
}

std::vector<std::int32_t> operands(const ir::Instr& in) {
  const std::int32_t all[3] = {in.a, in.b, in.c};
  std::vector<std::int32_t> out;
  for (int i = 0; i < ir::op_arity(in.op) && i < 3; ++i)
    if (all[i] >= 0) out.push_back(all[i]);
  return out;
}

ChunkPlan plan_chunks(const ir::Program& p, unsigned lanes, std::size_t budget, const std::vector<char>* hoisted) {
  ChunkPlan plan;
  const std::size_t n = p.code.size();
  auto is_hoisted = [&](std::size_t i) { return hoisted && (*hoisted)[i]; };
  std::size_t begin = 0, used = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t w = is_hoisted(i) ? 0 : weight(p.code[i], lanes);
    if (used > 0 && used + w > budget) {
      plan.chunks.push_back({begin, i});
      begin = i;
      used = 0;
    }
    used += w;
  }
  if (begin < n || plan.chunks.empty()) plan.chunks.push_back({begin, n});
  // Registers read by a later chunk than their own, and not recomputable.
  std::vector<std::size_t> chunk_of(n, 0);
  for (std::size_t c = 0; c < plan.chunks.size(); ++c)
    for (std::size_t i = plan.chunks[c].begin; i < plan.chunks[c].end; ++i) chunk_of[i] = c;
  plan.slot.assign(n, -1);
  for (std::size_t i = 0; i < n; ++i)
    for (std::int32_t r : operands(p.code[i])) {
      const auto d = static_cast<std::size_t>(r);
      if (chunk_of[d] != chunk_of[i] && !rematerialized(p.code[d].op) && !is_hoisted(d) && plan.slot[d] < 0)
        plan.slot[d] = static_cast<std::int32_t>(plan.slots++);
    }
  return plan;
}

}  // namespace sluice::codegen
