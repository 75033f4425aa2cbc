// Ties a Sluice deal out to one of SIFMA's Standard Formulas tables
// (tests/oracles/sifma): runs `sluice run --engine E --format csv DEAL` on
// the interpreter and on the JIT, and compares every column of the oracle,
// month by month, with the deal's column of the same name (the oracle's
// header in lower case, its words joined by `_`: "Amort From\nDefaults" is
// `amort_from_defaults`). A figure agrees within the table's rounding: 0.5
// in its last printed digit (0.5 USD for the whole-dollar columns). Month 0
// (the opening figures) is compared with the deal's `opening_NAME` in
// period 1; the "Total" row with the sum of the deal's column. Prints the
// worst difference of each column; exits 1 when any figure disagrees, when
// a column is missing, or when the two engines' outputs differ.
//
//   sifma_check SLUICE ORACLE.csv DEAL
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Table = std::vector<std::vector<std::string>>;

// RFC 4180 with a UTF-8 byte-order mark, CRLF line ends and quoted fields
// that span lines (the oracle's headers do).
Table parse_csv(std::string text) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  Table rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') quoted = any = true;
    else if (c == ',') row.push_back(field), field.clear(), any = true;
    else if (c == '\r') continue;
    else if (c == '\n') {
      if (any || !field.empty()) row.push_back(field), rows.push_back(row);
      row.clear(), field.clear(), any = false;
    } else field += c, any = true;
  }
  if (any || !field.empty()) row.push_back(field), rows.push_back(row);
  return rows;
}

// "Amortized Default Bal In\nRecovery Month" -> "amortized_default_bal_in_recovery_month"
std::string column_name(const std::string& header) {
  std::string out, word;
  std::istringstream in(header);
  while (in >> word) {
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += (out.empty() ? "" : "_") + word;
  }
  return out;
}

// Half a unit in the last printed digit: "0.9993" -> 0.00005, "67098" -> 0.5.
double half_ulp(const std::string& printed) {
  auto dot = printed.find('.');
  int decimals = dot == std::string::npos ? 0 : static_cast<int>(printed.size() - dot - 1);
  return 0.5 * std::pow(10.0, -decimals);
}

bool run(const std::string& cmd, std::string& out) {
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return false;
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct Worst {
  double diff = -1, ours = 0, theirs = 0, tol = 0;
  std::string month;
  int bad = 0, compared = 0;
};

// Compares one engine's output with the oracle; true when every figure agrees.
bool compare(const Table& oracle, const Table& ours, const std::string& engine) {
  std::map<std::string, std::size_t> col;
  for (std::size_t j = 0; j < ours[0].size(); ++j) col[ours[0][j]] = j;
  auto ours_at = [&](std::size_t period, std::size_t j) { return std::stod(ours.at(period).at(j)); };
  bool ok = true;
  int bad = 0, compared = 0;
  std::cout << engine << ": column (worst difference: month, Sluice, SIFMA, tolerance)\n";
  for (std::size_t j = 1; j < oracle[0].size(); ++j) {
    std::string name = column_name(oracle[0][j]);
    if (!col.count(name)) {
      std::cout << "  " << name << ": MISSING in the deal's output\n";
      ok = false;
      continue;
    }
    Worst w;
    double sum = 0, total = -1;
    for (std::size_t i = 1; i < oracle.size(); ++i) {
      const auto& row = oracle[i];
      std::string month = row.at(0), cell = j < row.size() ? row[j] : "";
      double ours_v;
      if (month.empty()) {  // month 0: the opening figures, `opening_NAME` in period 1
        if (cell.empty()) continue;
        if (!col.count("opening_" + name)) {
          std::cout << "  opening_" << name << ": MISSING (month 0 of " << name << ")\n";
          ok = false;
          continue;
        }
        ours_v = ours_at(1, col["opening_" + name]);
      } else if (month == "Total") {
        if (cell.empty()) continue;
        ours_v = sum;
        total = std::fabs(sum - std::stod(cell));
      } else {
        std::size_t t = std::stoul(month);
        if (t >= ours.size()) {
          std::cout << "  " << name << ": the deal's output has no month " << t << "\n";
          ok = false;
          break;
        }
        ours_v = ours_at(t, col[name]);
        sum += ours_v;
      }
      double theirs = cell.empty() ? 0 : std::stod(cell);
      // The Total row is the exact sum, printed to the dollar like the rest.
      double tol = half_ulp(cell.empty() ? "0" : cell);
      double diff = std::fabs(ours_v - theirs);
      ++w.compared;
      if (diff > tol + 1e-9) ++w.bad;
      if (month != "Total" && diff / tol > w.diff / (w.tol > 0 ? w.tol : 1))
        w = Worst{diff, ours_v, theirs, tol, month.empty() ? "0" : month, w.bad, w.compared};
    }
    std::printf("  %-42s %s month %s: %.10g vs %.10g (%.3g, tolerance %g)\n", name.c_str(), w.bad ? "FAIL" : "ok  ", w.month.c_str(),
                w.ours, w.theirs, w.diff, w.tol);
    if (total >= 0) std::printf("    total over the months: %.6f from SIFMA's\n", total);
    if (w.bad) std::printf("    %d of %d figures outside the tolerance\n", w.bad, w.compared);
    bad += w.bad;
    compared += w.compared;
    ok = ok && w.bad == 0;
  }
  std::printf("%s: %d of %d figures agree\n", engine.c_str(), compared - bad, compared);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: sifma_check SLUICE ORACLE.csv DEAL\n";
    return 2;
  }
  std::ifstream f(argv[2], std::ios::binary);
  if (!f) {
    std::cerr << "cannot read " << argv[2] << "\n";
    return 2;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  Table oracle = parse_csv(ss.str());
  if (oracle.size() < 3 || column_name(oracle[0][0]) != "month") {
    std::cerr << argv[2] << " is not a SIFMA table (no Month column)\n";
    return 2;
  }
  bool ok = true;
  std::string first;
  for (const char* engine : {"interp", "jit"}) {
    std::string out;
    std::string cmd = std::string("'") + argv[1] + "' run --engine " + engine + " --format csv '" + argv[3] + "' 2>&1";
    if (!run(cmd, out)) {
      std::cout << engine << ": `" << cmd << "` failed:\n" << out;
      return 1;
    }
    Table ours = parse_csv(out);
    if (ours.size() < 2) {
      std::cout << engine << ": no rows in the output\n";
      return 1;
    }
    ok = compare(oracle, ours, engine) && ok;
    if (first.empty()) first = out;
    else if (out != first) {
      std::cout << "the interpreter's and the JIT's outputs differ\n";
      ok = false;
    }
  }
  return ok ? 0 : 1;
}
