// The copy of a period's staged output row into each lane's row of the
// batch's tables (internal to codegen).
#pragma once
#include <llvm/IR/Module.h>

namespace sluice::codegen {

// void sluice_unstage(ptr staged, ptr rows, i64 stride, i64 columns):
// lane l's row (rows + l x stride doubles) takes column c from
// staged[c x W + l], for c < columns.
llvm::Function* emit_unstage(llvm::Module& mod, unsigned lanes);

}  // namespace sluice::codegen
