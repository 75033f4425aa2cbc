#pragma once
// Text from a deal or a file, made safe to show: control bytes (C0, DEL and
// the C1 range U+0080..U+009F, which terminals obey too) and bytes that are
// not valid UTF-8 become `?`, so what reaches a terminal is plain UTF-8 text
// that cannot move the cursor, set a title or clear the screen. One rule for
// diagnostics and for every table the CLI prints.
#include <string>
#include <string_view>

namespace sluice {

// `tab_width` > 0 expands a tab to that many blanks (a diagnostic's source
// line, so the caret lines up); 0 makes it a `?` like any control byte.
std::string printable_text(std::string_view s, std::size_t tab_width = 0);

}  // namespace sluice
