"""A PEP 517 build backend for `pip install .`: CMake builds the package, this packs it as a wheel.

It needs nothing from PyPI (pyproject.toml requires nothing), so it works offline with
Debian's packages. The CMake build tree is build/wheel under the source tree, or the one
named by `pip install . --config-settings build-dir=DIR` (an existing build, such as `build`, is reused).
"""
import base64
import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile

NAME, VERSION = "sluice", "0.1.0"


def _source():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _tag():
    py = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return py, py + getattr(sys, "abiflags", ""), platform


def _cmake(build, source):
    if not os.path.isfile(os.path.join(build, "CMakeCache.txt")):
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        subprocess.run(["cmake", "-S", source, "-B", build, *generator, "-DCMAKE_BUILD_TYPE=Release", f"-DPython3_EXECUTABLE={sys.executable}"],
                       check=True)
    jobs = str(os.cpu_count() or 2)
    subprocess.run(["cmake", "--build", build, "-j", jobs, "--target", "sluice_python", "sluice_jit"], check=True)


def _files(build, source):
    """(path in the wheel, path on disk): the package as the build tree lays it out, the JIT plugin, the standard library."""
    package = os.path.join(build, "python", NAME)
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    if not os.path.isfile(os.path.join(package, "_core" + suffix)):
        found = [f for f in os.listdir(package) if f.startswith("_core")] if os.path.isdir(package) else []
        raise RuntimeError(f"{build} holds no _core{suffix} for this Python ({sys.executable}); it has {found or 'none'}: "
                           "build for this Python (cmake -DPython3_EXECUTABLE=...) or give another --config-settings build-dir=")
    out = []
    for name in sorted(os.listdir(package)):
        if name.endswith(".py") or name == "_core" + suffix:
            out.append((f"{NAME}/{name}", os.path.join(package, name)))
    out.append((f"{NAME}/sluice-jit.so", os.path.join(build, "sluice-jit.so")))
    stdlib = os.path.join(source, "stdlib")
    for root, _, names in os.walk(stdlib):
        for name in sorted(names):
            if name.endswith(".deal"):
                path = os.path.join(root, name)
                out.append((f"{NAME}/stdlib/" + os.path.relpath(path, stdlib).replace(os.sep, "/"), path))
    return out


def _metadata(source):
    readme = os.path.join(source, "docs", "python.md")
    text = open(readme, encoding="utf-8").read() if os.path.isfile(readme) else ""
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
            "Summary: Sluice, a language for structured-finance deals: its compiler and engines from Python\n"
            "Requires-Python: >=3.9\nRequires-Dist: numpy\nRequires-Dist: pandas; extra == \"pandas\"\nProvides-Extra: pandas\n"
            f"Description-Content-Type: text/markdown\n\n{text}")


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def get_requires_for_build_wheel(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    source = _source()
    build = (config_settings or {}).get("build-dir") or os.path.join(source, "build", "wheel")
    build = os.path.abspath(build)
    _cmake(build, source)
    py, abi, platform = _tag()
    wheel = f"{NAME}-{VERSION}-{py}-{abi}-{platform}.whl"
    info = f"{NAME}-{VERSION}.dist-info"
    records = []
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w", zipfile.ZIP_DEFLATED) as z:
        def add(name, data, mode=0o644):
            entry = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            entry.external_attr = (0o100000 | mode) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(entry, data)
            records.append(_record_line(name, data))

        for name, path in _files(build, source):
            with open(path, "rb") as f:
                add(name, f.read(), 0o755 if name.endswith(".so") else 0o644)
        add(f"{info}/METADATA", _metadata(source).encode())
        add(f"{info}/WHEEL", f"Wheel-Version: 1.0\nGenerator: sluice_build\nRoot-Is-Purelib: false\nTag: {py}-{abi}-{platform}\n".encode())
        record = "\n".join(records + [f"{info}/RECORD,,"]) + "\n"
        entry = zipfile.ZipInfo(f"{info}/RECORD", date_time=(2020, 1, 1, 0, 0, 0))
        entry.external_attr = 0o100644 << 16
        z.writestr(entry, record)
    return wheel
