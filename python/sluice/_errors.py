"""The exceptions the package raises for a deal that does not compile or a run that fails."""
import re

# The first line of a rendered diagnostic (docs/language.md, "Diagnostics"):
# `file:line:col: error[E0301]: message`, or `error[E0800]: message`, or
# `error: message` for a failure no code describes.
_FIRST = re.compile(r"^(?:(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): )?error(?:\[(?P<code>E\d{4})\])?: (?P<message>.*)$", re.M)


class Diagnostic:
    """One diagnostic of a compile: severity, code ("E0301"), message, location and the rendered text."""

    __slots__ = ("severity", "code", "message", "file", "line", "column", "rendered")

    def __init__(self, severity, code, message, file, line, column, rendered):
        self.severity, self.code, self.message = severity, code, message
        self.file, self.line, self.column, self.rendered = file, line, column, rendered

    @classmethod
    def from_dict(cls, d):
        return cls(d["severity"], d["code"], d["message"], d["file"], d["line"], d["column"], d["rendered"])

    def __repr__(self):
        where = f"{self.file}:{self.line}:{self.column}: " if self.file else ""
        return f"<Diagnostic {where}{self.severity}[{self.code}]: {self.message}>"

    def __str__(self):
        return self.rendered


class DealError(Exception):
    """A deal that does not compile, or a run that stopped (a broken invariant, money that is not finite).

    str(error) is the diagnostic exactly as the CLI prints it (source line, caret, hints);
    code, file, line, column and message are those of its first error; exit_code is what
    the CLI would exit with (65 a bad deal, 66 a missing file, 64 a bad value, 70 an engine failure).
    """

    def __init__(self, rendered, exit_code, diagnostics=()):
        super().__init__(rendered.rstrip("\n"))
        self.rendered = rendered
        self.exit_code = exit_code
        self.diagnostics = list(diagnostics)
        first = _FIRST.search(rendered)
        self.code = first["code"] if first else None
        self.message = first["message"] if first else rendered.strip()
        self.file = first["file"] if first else None
        self.line = int(first["line"]) if first and first["line"] else None
        self.column = int(first["column"]) if first and first["column"] else None


class NoBoundary(DealError):
    """solve() found the target holding at both ends of the range, or at neither."""


def raise_for(result, diagnostics=()):
    """Raises the error a _core call reported (its exit code and rendered diagnostics), if any."""
    code = result["exit"]
    if code == 0:
        return
    cls = NoBoundary if code == 1 else DealError
    raise cls(result["errors"], code, diagnostics)
