#include "engine_call.hpp"

#include <iostream>
#include <mutex>
#include <sstream>

namespace py = pybind11;

namespace sluice::python {

namespace {

std::mutex& engine_mutex() {
  static std::mutex m;
  return m;
}

// The renderer colours what it writes when stderr is a terminal; a message
// held in an exception must not carry the escape sequences.
std::string strip_ansi(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      i += 2;
      while (i < s.size() && !(s[i] >= '@' && s[i] <= '~')) ++i;
      continue;
    }
    out += s[i];
  }
  return out;
}

// std::cerr into a string for the lifetime of the object.
class CaptureStderr {
 public:
  CaptureStderr() : old_(std::cerr.rdbuf(buffer_.rdbuf())) {}
  ~CaptureStderr() { std::cerr.rdbuf(old_); }
  std::string text() const { return buffer_.str(); }

 private:
  std::ostringstream buffer_;
  std::streambuf* old_;
};

}  // namespace

CallResult call_engine(const std::function<int()>& work) {
  CallResult r;
  py::gil_scoped_release nogil;
  std::lock_guard<std::mutex> lock(engine_mutex());
  CaptureStderr capture;
  r.exit = work();
  r.errors = strip_ansi(capture.text());
  return r;
}

std::function<bool()> python_cancel() {
  return [] {
    py::gil_scoped_acquire gil;
    return PyErr_CheckSignals() != 0;
  };
}

void raise_if_interrupted() {
  if (PyErr_Occurred()) throw py::error_already_set();
}

}  // namespace sluice::python
