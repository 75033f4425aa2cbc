// ORC LLJIT: the emitted module is optimized for the host CPU, linked
// against Sluice's runtime functions only (no process symbols), and wrapped
// as an interp::Evaluator.
#include "codegen/jit.hpp"

#include <cmath>
#include <cstring>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/Module.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>
#include <mutex>

#include "codegen/emit.hpp"
#include "codegen/runtime_bridge.hpp"

namespace sluice::codegen {

namespace {

// libm under private names (see emit.cpp): the same functions the
// interpreter's std::pow, std::exp and std::log call.
double libm_pow(double a, double b) { return std::pow(a, b); }
double libm_exp(double a) { return std::exp(a); }
double libm_log(double a) { return std::log(a); }

using ScenarioFn = void (*)(std::uint64_t seed, std::uint64_t scenario, const double* context, std::int64_t periods, double* init_out,
                            double* rows_out, double* state, double* next, void* rt);

std::string message(llvm::Error e) { return llvm::toString(std::move(e)); }

class JitEvaluator final : public interp::Evaluator {
 public:
  JitEvaluator(const ir::Module& m, const interp::Schedule& s, std::unique_ptr<llvm::orc::LLJIT> jit, ScenarioFn fn)
      : m_(m), s_(s), jit_(std::move(jit)), fn_(fn) {}
  const char* name() const override { return "jit"; }

  void evaluate(interp::Batch& b) const override {
    const std::size_t ic = m_.init_columns.size(), rc = static_cast<std::size_t>(s_.periods()) * m_.columns.size();
    const auto n = static_cast<std::size_t>(b.count);
    b.init.assign(n * ic, 0.0);
    b.rows.assign(n * rc, 0.0);
    b.violation.reset();
    std::vector<double> state(std::max<std::size_t>(1, m_.state.size())), next(state.size());
    for (std::size_t i = 0; i < n; ++i) {
      RuntimeContext rt;
      rt.module = &m_;
      fn_(b.seed, b.first + i, s_.context.data(), s_.periods(), b.init.data() + i * ic, b.rows.data() + i * rc, state.data(), next.data(), &rt);
      if (rt.violation && !b.violation) {
        b.violation = rt.violation;
        b.violation_scenario = b.first + i;
      }
    }
  }

 private:
  const ir::Module& m_;
  const interp::Schedule& s_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  ScenarioFn fn_;
};

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

// An O1-class pipeline: the emitted code is straight-line arithmetic, so
// O2's loop and inlining work buys little and costs compile time.
void optimize(llvm::Module& mod, llvm::TargetMachine& tm) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cam, mam);
  pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O1).run(mod, mam);
}

}  // namespace

std::unique_ptr<interp::Evaluator> make_jit(const ir::Module& m, const interp::Schedule& s, bool random, std::string& error) {
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
  jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  auto tm = jtmb->createTargetMachine();
  if (!tm) {
    error = message(tm.takeError());
    return nullptr;
  }
  auto ctx = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::Module> mod;
  try {
    mod = emit_module(m, *ctx, random);
  } catch (const std::exception& e) {
    error = e.what();
    return nullptr;
  }
  target_host(*mod, **tm);
  optimize(*mod, **tm);

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
  // The only symbols generated code may reach: the runtime bridge, three
  // libm functions, and the memory intrinsics' library calls.
  llvm::orc::SymbolMap symbols;
  auto bind = [&](const char* name, auto* address) {
    symbols[(*jit)->mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                               llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
  };
  bind("sluice_rt_uniform", &sluice_rt_uniform);
  bind("sluice_rt_normal", &sluice_rt_normal);
  bind("sluice_rt_poisson", &sluice_rt_poisson);
  bind("sluice_rt_normal_cdf", &sluice_rt_normal_cdf);
  bind("sluice_rt_curve", &sluice_rt_curve);
  bind("sluice_rt_check", &sluice_rt_check);
  bind("sluice_libm_pow", &libm_pow);
  bind("sluice_libm_exp", &libm_exp);
  bind("sluice_libm_log", &libm_log);
  bind("memcpy", &std::memcpy);
  bind("memset", &std::memset);
  if (auto e = (*jit)->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols)))) {
    error = message(std::move(e));
    return nullptr;
  }
  if (auto e = (*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(mod), std::move(ctx)))) {
    error = message(std::move(e));
    return nullptr;
  }
  auto addr = (*jit)->lookup(kScenarioFunction);
  if (!addr) {
    error = message(addr.takeError());
    return nullptr;
  }
  auto fn = addr->toPtr<ScenarioFn>();
  return std::make_unique<JitEvaluator>(m, s, std::move(*jit), fn);
}

}  // namespace sluice::codegen
