// The unit pre-scan: which words are units, known before parsing starts.
#include <cctype>

#include "syntax/parser.hpp"

namespace sluice::syntax {

thread_local const UnitContext* current_units = nullptr;
thread_local std::size_t current_depth = 0;

namespace {
const char* const kTimeUnits[] = {
    // time: hours and days are interconvertible; months and years are calendar units
    "h", "hour", "hours", "day", "days", "month", "months", "year", "years", "period", "periods"};
// Currencies (the deal's own `currency` is added too).
const char* const kCurrencies[] = {"USD", "EUR", "GBP", "JPY", "CHF", "CNY", "HKD", "SGD", "CAD", "AUD", "NZD",
                                   "SEK", "NOK", "DKK", "KRW", "INR", "BRL", "MXN", "ZAR", "AED", "SAR", "TWD"};

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
}  // namespace

bool is_currency_code(std::string_view word) {
  for (const char* c : kCurrencies)
    if (word == c) return true;
  return false;
}

UnitContext collect_units(std::string_view t) {
  UnitContext ctx;
  for (const char* u : kTimeUnits) ctx.names.insert(u);
  for (const char* u : kCurrencies) ctx.names.insert(u);
  std::size_t i = 0, n = t.size();
  auto skip_ws = [&] {
    while (i < n && (t[i] == ' ' || t[i] == '\t')) ++i;
  };
  while (i < n) {
    char c = t[i];
    if (c == '/' && i + 1 < n && t[i + 1] == '/') {
      while (i < n && t[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      auto e = t.find("*/", i + 2);
      i = e == std::string_view::npos ? n : e + 2;
    } else if (c == '"') {
      ++i;
      while (i < n && t[i] != '"' && t[i] != '\n') i += (t[i] == '\\' ? 2 : 1);
      ++i;
    } else if (ident_char(c)) {
      std::size_t b = i;
      while (i < n && ident_char(t[i])) ++i;
      std::string_view w = t.substr(b, i - b);
      if ((w == "unit" || w == "currency") && (b == 0 || !ident_char(t[b - 1]))) {
        skip_ws();
        std::size_t nb = i;
        while (i < n && ident_char(t[i])) ++i;
        if (i > nb && !std::isdigit(static_cast<unsigned char>(t[nb]))) ctx.names.insert(std::string(t.substr(nb, i - nb)));
      }
    } else {
      ++i;
    }
  }
  return ctx;
}

}  // namespace sluice::syntax
