// How a command ends, sysexits-style: what the pipeline reports for a deal
// it refuses (a bad deal, a missing file, a bad --set) and what the commands
// exit with, one table for both so a deal's errors end every command alike.
#pragma once

namespace sluice {

enum Exit : int { kOk = 0, kUsage = 64, kBadDeal = 65, kNoInput = 66, kSoftware = 70, kCantCreate = 73 };

}  // namespace sluice
