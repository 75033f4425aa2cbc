#include "driver/distributed.hpp"

#include <charconv>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "driver/errors.hpp"
#include "driver/output_files.hpp"
#include "ir/ir.hpp"
#include "montecarlo/risk.hpp"
#include "montecarlo/risk_workbook.hpp"

#ifndef SLUICE_VERSION
#error "SLUICE_VERSION must be defined by the build"
#endif

namespace sluice::driver {

namespace {

bool parse_u64(std::string_view s, std::uint64_t& v) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::optional<Shard> parse_shard(const std::string& spec, std::string& error) {
  auto slash = spec.find('/');
  Shard s;
  if (slash == std::string::npos || !parse_u64(std::string_view(spec).substr(0, slash), s.index) ||
      !parse_u64(std::string_view(spec).substr(slash + 1), s.count)) {
    error = fmt::format("--shard `{}` is not of the form i/k (for example 0/4: the first of four shards)", spec);
    return std::nullopt;
  }
  if (s.count == 0 || s.index >= s.count || s.count > 1'000'000) {
    error = fmt::format("--shard `{}`: i must run from 0 to k - 1, and k from 1 to 1,000,000", spec);
    return std::nullopt;
  }
  return s;
}

std::pair<std::uint64_t, std::uint64_t> shard_range(Shard s, std::uint64_t n) {
  __extension__ typedef unsigned __int128 u128;
  auto at = [&](std::uint64_t i) { return static_cast<std::uint64_t>(static_cast<u128>(i) * n / s.count); };
  return {at(s.index), at(s.index + 1) - at(s.index)};
}

mc::PartIdentity part_identity(const pipeline::Compiled& c, const std::vector<sema::ParamOverride>& sets, const mc::Options& o) {
  // Every file the deal read (imports, CSV factors) by content, not by path:
  // shards on different machines may mount the deal at different places.
  std::uint64_t h = mc::fnv64("sluice deal");
  for (std::size_t i = 0; i < c.sources.size(); ++i) {
    const auto& text = c.sources.file(static_cast<std::uint32_t>(i)).text;
    h = mc::fnv64(fmt::format("file {} bytes\n", text.size()), h);
    h = mc::fnv64(text, h);
  }
  for (const auto& s : sets) h = mc::fnv64(fmt::format("set {}={}\n", s.name, s.value), h);
  h = mc::fnv64(ir::print(*c.module), h);
  return {SLUICE_VERSION, fmt::format("{:016x}", h), o.seed, o.scenarios, o.fan_sample};
}

int write_atomically(const std::string& bytes, const std::string& path) { return write_outputs({{path, bytes}}); }

int run_merge(const MergeOptions& o) try {
  if (o.format == "xlsx" && o.out.empty())
    return refuse(kUsage, DiagCode::WorkbookNeedsFile, "--format xlsx writes a workbook, not text: give --out FILE.xlsx");
  if (o.format == "xlsx" && !mc::workbook_available())
    return refuse(kUsage, DiagCode::WorkbookUnavailable, "this sluice was built without libxlsxwriter, so it cannot write --format xlsx",
                  {"install Debian's libxlsxwriter-dev (`make` does) and configure the build again; --format csv has the same numbers"});
  if (int rc = check_outputs({o.out, o.scenarios_out}, o.parts)) return rc;
  std::vector<mc::Part> parts;
  for (const auto& path : o.parts) {
    std::string bytes, why;
    if (!read_regular_file(path, bytes, why, mc::kMaxPartBytes)) {
      return refuse(kNoInput, DiagCode::CannotRead, fmt::format("cannot read `{}`: {}", path, why));
    }
    auto part = mc::decode_part(bytes, why);
    if (!part)
      return refuse(kBadDeal, DiagCode::BadPart, fmt::format("`{}` cannot be merged: {}", path, why),
                    {"merge takes the files that `sluice run --shard i/k --out FILE` wrote, whole"});
    parts.push_back(std::move(*part));
  }
  std::string why;
  auto whole = mc::merge_parts(std::move(parts), o.parts, why);
  if (!whole)
    return refuse(kBadDeal, DiagCode::PartsMismatch, why,
                  {"give merge every shard of one run: the same deal, --set values, -n, --seed and --fan-sample, each shard once"});
  auto risk = mc::aggregate(whole->shape, whole->sim);
  if (whole->market) risk.market = mc::read_quotes(whole->shape, risk, *whole->market);
  std::vector<OutputFile> files;
  if (!o.scenarios_out.empty()) files.push_back({o.scenarios_out, mc::format_scenarios_csv(whole->sim)});
  std::string text;
  if (o.format == "xlsx") {
    auto workbook = mc::format_risk_xlsx(risk, why);
    if (!workbook) return refuse(kCantCreate, DiagCode::CannotRead, why);
    text = std::move(*workbook);
  } else {
    text = mc::format_risk(risk, o.format, o.color);
  }
  if (!o.out.empty()) files.push_back({o.out, std::move(text)});
  if (int rc = write_outputs(files)) return rc;
  if (o.out.empty()) std::cout << text;
  return kOk;
} catch (const std::bad_alloc&) {
  return refuse(kCantCreate, DiagCode::CannotRead, "the parts do not fit in this machine's memory", {"merge on a machine with more memory"});
}

}  // namespace sluice::driver
