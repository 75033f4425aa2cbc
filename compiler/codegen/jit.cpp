// ORC LLJIT: the emitted module is compiled for the host CPU, linked
// against Sluice's runtime functions only (no process symbols), and wrapped
// as an exec::Evaluator.
#include "codegen/jit.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SmallVectorMemoryBuffer.h>
#include <llvm/Support/SHA256.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>
#include <mutex>
#include <unistd.h>

#include "codegen/chunks.hpp"
#include "codegen/emit.hpp"
#include "codegen/emit_math.hpp"
#include "codegen/runtime_bridge.hpp"
#include "ir/ir.hpp"

namespace sluice::codegen {

namespace {

// std::round under a private name (see emit_instr.cpp), as the interpreter calls
// it: exact, so the same in every C library. exp, log, pow and erfc are
// runtime/math's (emit_math.hpp).
double libm_round(double a) { return std::round(a); }

std::string fmt_sizes(const ir::Module& m) {
  std::string out = std::to_string(m.state.size()) + "/" + std::to_string(m.columns.size()) + "/" + std::to_string(m.init_columns.size());
  for (const auto& st : m.streams) out += "/" + std::to_string(st.key);
  return out;
}

using ScenarioFn = void (*)(std::uint64_t seed, std::uint64_t scenario, const double* context, std::int64_t periods, double* init_out,
                            double* rows_out, double* state, double* next, void* rt, double* scratch,
                            void (*row_sink)(void*, std::int64_t, const double*), void* sink_context);

using CalendarFn = void (*)(double* rows, std::int64_t periods, void* rt, double* state, double* next);

std::string message(llvm::Error e) { return llvm::toString(std::move(e)); }

class JitEvaluator final : public exec::Evaluator {
 public:
  // `rows`: the schedule's context rows, each followed by the calendar's
  // columns (emit.hpp), filled once here.
  JitEvaluator(const ir::Module& m, const exec::Schedule& s, std::unique_ptr<llvm::orc::LLJIT> jit, ScenarioFn fn, unsigned lanes,
               std::size_t scratch, CalendarFn calendar, std::size_t columns)
      : m_(m), s_(s), jit_(std::move(jit)), fn_(fn), lanes_(lanes), scratch_(scratch) {
    constexpr auto F = static_cast<std::size_t>(ir::ContextField::kCount);
    const auto periods = static_cast<std::size_t>(std::max(0, s_.periods()));
    rows_.assign(std::max<std::size_t>(1, periods * (F + columns)), 0.0);
    for (std::size_t t = 0; t < periods; ++t)
      std::copy_n(s_.context.begin() + static_cast<std::ptrdiff_t>(t * F), F, rows_.begin() + static_cast<std::ptrdiff_t>(t * (F + columns)));
    RuntimeContext rt{&m_, std::nullopt};
    std::vector<double> state(std::max<std::size_t>(1, m_.state.size())), next(state.size());
    calendar(rows_.data(), static_cast<std::int64_t>(periods), &rt, state.data(), next.data());
  }
  const char* name() const override { return "jit"; }

  void evaluate(exec::Batch& b) const override { run(b, nullptr); }
  void stream(exec::Batch& b, exec::RowSink& sink) const override { run(b, &sink); }

 private:
  // Block by block of `lanes_` scenarios. Into tables (no sink): whole
  // blocks write straight into the batch, and a last, partial block runs in
  // scratch tables (its spare lanes compute scenarios past the batch, which
  // are dropped). Streamed: each block's rows go to the sink as the kernel
  // stages them, with no table and no copy (the sink reads the staged row
  // in place); a block opens with its first period (the kernel writes its
  // init rows first), or at its close where there are no periods.
  void run(exec::Batch& b, exec::RowSink* sink) const {
    const std::size_t ic = m_.init_columns.size(), rc = static_cast<std::size_t>(s_.periods()) * m_.columns.size();
    const auto n = static_cast<std::size_t>(b.count);
    b.prepare(m_, s_, sink == nullptr);
    const std::size_t w = lanes_;
    std::vector<double> state(std::max<std::size_t>(1, m_.state.size() * w)), next(state.size());
    std::vector<double> scratch(std::max<std::size_t>(1, scratch_));
    std::vector<double> spare_init, spare_rows;
    std::vector<RuntimeContext> rt(w);
    struct Block {
      exec::RowSink* sink;
      int first, lanes;
      const double* init;
      std::size_t init_stride, stride;
      bool open;
      void start() {
        if (!open) sink->open(first, lanes, init, init_stride), open = true;
      }
    };
    auto on_row = [](void* context, std::int64_t t, const double* staged) {
      auto& k = *static_cast<Block*>(context);
      k.start();
      k.sink->period(static_cast<int>(t), staged, k.stride);
    };
    for (std::size_t i = 0; i < n; i += w) {
      for (auto& c : rt) c = RuntimeContext{&m_, std::nullopt};
      const std::size_t valid = std::min(w, n - i);
      double* init = b.init.data() + i * ic;
      double* rows = sink ? nullptr : b.rows.data() + i * rc;
      if (valid < w) {
        spare_init.assign(w * ic + 1, 0.0);
        init = spare_init.data();
        if (!sink) spare_rows.assign(w * rc + 1, 0.0), rows = spare_rows.data();
      }
      Block k{sink, static_cast<int>(i), static_cast<int>(valid), init, ic, w, false};
      fn_(b.seed, b.first + i, rows_.data(), s_.periods(), init, rows, state.data(), next.data(), rt.data(), scratch.data(),
          sink ? +on_row : nullptr, &k);
      if (valid < w) {
        std::copy_n(spare_init.begin(), valid * ic, b.init.begin() + static_cast<std::ptrdiff_t>(i * ic));
        if (!sink) std::copy_n(spare_rows.begin(), valid * rc, b.rows.begin() + static_cast<std::ptrdiff_t>(i * rc));
      }
      note_violation(b, rt, i, valid);
      if (sink) k.start(), sink->close();
    }
  }

  // The batch's first broken invariant: the lowest lane of the first block with one.
  static void note_violation(exec::Batch& b, const std::vector<RuntimeContext>& rt, std::size_t i, std::size_t valid) {
    for (std::size_t l = 0; l < valid && !b.violation; ++l)
      if (rt[l].violation) {
        b.violation = rt[l].violation;
        b.violation_scenario = b.first + i + l;
      }
  }

  const ir::Module& m_;
  const exec::Schedule& s_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  ScenarioFn fn_;
  unsigned lanes_;
  std::size_t scratch_;  // doubles
  std::vector<double> rows_;
};

// Lanes per call: the host's vector width in doubles (8 with AVX-512, 4
// with AVX, else 2), unrolled twice so two vectors are in flight.
unsigned host_lanes(llvm::TargetMachine& tm) {
  std::string features = tm.getTargetFeatureString().str();
  auto has = [&](const char* f) { return features.find(std::string("+") + f) != std::string::npos; };
  unsigned width = has("avx512f") ? 8 : has("avx") ? 4 : 2;
  return width * 2;
}

// Host CPU name and features on every function, so the code generator may
// use what this machine has (AVX2, ...), as `-march=native` would.
void target_host(llvm::Module& mod, llvm::TargetMachine& tm) {
  mod.setDataLayout(tm.createDataLayout());
  mod.setTargetTriple(tm.getTargetTriple().str());
  for (auto& f : mod) {
    if (f.isDeclaration()) continue;
    f.addFnAttr("target-cpu", tm.getTargetCPU());
    f.addFnAttr("target-features", tm.getTargetFeatureString());
  }
}

// What the object code depends on: the program (printed IR, whose
// constants print exactly), the sizes and stream keys baked into it, the
// mode, the CPU and its features, LLVM's version and this cache's format.
std::string cache_key(const ir::Module& m, bool random, llvm::TargetMachine& tm) {
  llvm::SHA256 h;
  // v2: runtime/math in place of libm; v3: the kernel takes a scratch
  // buffer; v4: a context row of one more slot (ACT/ACT ISDA's accrual);
  // v5: a domain's or an exchange rate's two bounds one check
  // (CheckRange, calling sluice_rt_range); v6: no IR optimizer, the
  // generator called rather than inlined, a check's cold block one call
  // over the lanes (sluice_rt_check and sluice_rt_range take pointers);
  // v7: the state's two buffers swap roles each period instead of being
  // copied, and the lane functions call runtime/math's by-value forms.
  // v8: the values of the period alone computed once per period by
  // sluice_calendar, read from the period's row by the kernel.
  // v9: Poisson counts inverted in the lanes (sluice_poisson).
  // v10: a pow's call skipped for a group of lanes whose exponents are all
  // zero; the inverse normal's tail only where a lane needs it.
  // v11: memoized calls (CalendarPlan::memo) and their scratch.
  // v12: the staged row copied out four columns at a time (a transpose).
  // v13: a row sink: rows handed over as staged, no table (exec::RowSink).
  h.update("sluice-jit-object-v13\n");
  h.update(LLVM_VERSION_STRING);
  h.update(tm.getTargetTriple().str());
  h.update(tm.getTargetCPU());
  h.update(tm.getTargetFeatureString());
  h.update(random ? "random" : "base");
  h.update(ir::print(m));
  h.update(fmt_sizes(m));
  std::string hex;
  for (std::uint8_t byte : h.final()) {
    const char* digits = "0123456789abcdef";
    hex += digits[byte >> 4];
    hex += digits[byte & 15];
  }
  return hex;
}

// Compiles the module to an object file in memory.
std::unique_ptr<llvm::MemoryBuffer> compile_object(llvm::Module& mod, llvm::TargetMachine& tm, std::string& error) {
  llvm::SmallVector<char, 0> bytes;
  llvm::raw_svector_ostream os(bytes);
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return nullptr;
  }
  pm.run(mod);
  return std::make_unique<llvm::SmallVectorMemoryBuffer>(std::move(bytes), "sluice-jit", false);
}

// Writes the object under its key, atomically (a temporary file renamed), so
// a concurrent or interrupted run never leaves a half-written entry.
void store(const std::filesystem::path& dir, const std::string& key, const llvm::MemoryBuffer& obj) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto tmp = dir / (key + ".tmp." + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out.write(obj.getBufferStart(), static_cast<std::streamsize>(obj.getBufferSize()))) return;
  }
  std::filesystem::rename(tmp, dir / (key + ".o"), ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

}  // namespace

std::unique_ptr<exec::Evaluator> make_jit(const ir::Module& m, const exec::Schedule& s, bool random, std::string& error,
                                          const JitOptions& o) {
  static std::once_flag init;
  std::call_once(init, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) {
    error = message(jtmb.takeError());
    return nullptr;
  }
  // No fused multiply-add: the interpreter rounds every product.
  jtmb->getOptions().AllowFPOpFusion = llvm::FPOpFusion::Strict;
  // The code generator at its default level: at None (fast instruction
  // selection and register allocation) the flagship compiled in half the
  // instructions but its kernel ran 6-8% slower (docs/performance.md,
  // "Cold compile (issue 17, 2026-12-07)").
  jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  auto tm = jtmb->createTargetMachine();
  if (!tm) {
    error = message(tm.takeError());
    return nullptr;
  }
  // The object: from the cache when it has this key, else emitted,
  // compiled here (and stored when a cache is configured).
  const unsigned lanes = o.lanes ? o.lanes : host_lanes(**tm);
  const std::size_t budget = o.chunk_budget ? o.chunk_budget : kChunkBudget;
  const std::string key = cache_key(m, random, **tm) + "-" + std::to_string(lanes) + "-" + std::to_string(budget);
  std::unique_ptr<llvm::MemoryBuffer> object;
  const std::filesystem::path dir = o.cache_dir;
  if (!o.cache_dir.empty()) {
    auto cached = llvm::MemoryBuffer::getFile((dir / (key + ".o")).string());
    // A damaged entry is a miss: it is compiled again and replaced.
    if (cached) {
      auto parsed = llvm::object::ObjectFile::createObjectFile((*cached)->getMemBufferRef());
      if (parsed) object = std::move(*cached);
      else llvm::consumeError(parsed.takeError());
    }
  }
  if (o.cache_hit) *o.cache_hit = object != nullptr;
  if (!object && o.cache_only) return nullptr;
  if (!object) {
    const auto abandoned = [&] { return o.abandon && o.abandon->load(); };
    llvm::LLVMContext ctx;
    std::unique_ptr<llvm::Module> mod;
    try {
      mod = emit_module(m, ctx, random, lanes, budget);
    } catch (const std::exception& e) {
      error = e.what();
      return nullptr;
    }
    if (abandoned()) return nullptr;
    // Straight to the code generator, with no IR optimizer: the emitted
    // code is already what should run (the IR's own optimizer merged and
    // dropped instructions; no loops to transform, nothing to inline), and
    // LLVM's O1 pipeline cost the flagship a fifth of its cold compile for
    // a kernel 1% faster (docs/performance.md, "Cold compile").
    target_host(*mod, **tm);
    object = compile_object(*mod, **tm, error);
    if (!object) return nullptr;
    if (!o.cache_dir.empty()) store(dir, key, *object);
    if (abandoned()) return nullptr;  // no need to link what nobody will run
  }

  // The process-symbols library ORC's platform wants is left empty: no
  // search of the process, so generated code reaches only what `bind`
  // lists below.
  auto jit = llvm::orc::LLJITBuilder()
                 .setJITTargetMachineBuilder(std::move(*jtmb))
                 .setProcessSymbolsJITDylibSetup([](llvm::orc::LLJIT& j) -> llvm::Expected<llvm::orc::JITDylibSP> {
                   return &j.getExecutionSession().createBareJITDylib("<no process symbols>");
                 })
                 .create();
  if (!jit) {
    error = message(jit.takeError());
    return nullptr;
  }
  // The only symbols generated code may reach: the runtime bridge,
  // runtime/math's functions, round, and the memory intrinsics' library
  // calls.
  llvm::orc::SymbolMap symbols;
  auto bind = [&](const char* name, auto* address) {
    symbols[(*jit)->mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                               llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
  };
  bind("sluice_rt_uniform", &sluice_rt_uniform);
  bind("sluice_rt_normal", &sluice_rt_normal);
  bind("sluice_rt_poisson", &sluice_rt_poisson);
  bind("sluice_rt_curve", &sluice_rt_curve);
  bind("sluice_rt_check", &sluice_rt_check);
  bind("sluice_rt_range", &sluice_rt_range);
  std::size_t count = 0;
  const MathSymbol* math = math_symbols(count);
  for (std::size_t i = 0; i < count; ++i) bind(math[i].name, math[i].address);
  bind("sluice_libm_round", &libm_round);
  bind("sluice_rt_mod", &sluice_rt_mod);
  bind("memcpy", &std::memcpy);
  bind("memset", &std::memset);
  if (auto e = (*jit)->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols)))) {
    error = message(std::move(e));
    return nullptr;
  }
  if (auto e = (*jit)->addObjectFile(std::move(object))) {
    error = message(std::move(e));
    return nullptr;
  }
  auto addr = (*jit)->lookup(kScenarioFunction);
  if (!addr) {
    error = message(addr.takeError());
    return nullptr;
  }
  auto fn = addr->toPtr<ScenarioFn>();
  auto scratch = (*jit)->lookup(kScratchSize);
  if (!scratch) {
    error = message(scratch.takeError());
    return nullptr;
  }
  auto calendar = (*jit)->lookup(kCalendarFunction);
  if (!calendar) {
    error = message(calendar.takeError());
    return nullptr;
  }
  auto columns = (*jit)->lookup(kCalendarColumns);
  if (!columns) {
    error = message(columns.takeError());
    return nullptr;
  }
  return std::make_unique<JitEvaluator>(m, s, std::move(*jit), fn, lanes, *scratch->toPtr<const std::uint64_t*>(),
                                        calendar->toPtr<CalendarFn>(), *columns->toPtr<const std::uint64_t*>());
}

}  // namespace sluice::codegen
