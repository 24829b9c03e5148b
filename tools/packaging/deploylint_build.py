"""PEP 517 build backend of the deploylint Python package (pyproject.toml).

The wheel carries one file that matters: the self-contained deploylint
executable (CMake, -DDL_STATIC=ON: libgit2, libyaml, PCRE2 and Jansson
linked in, only the C library needed), installed as a script
(deploylint-VERSION.data/scripts/deploylint), the way ruff and uv ship
theirs. Standard library only, so `pip install` and `python3 -m build
--no-isolation` need nothing downloaded (Python < 3.11 asks for tomli).

Environment:
  DEPLOYLINT_BUILD_DIR  CMake build directory to use and keep (default: a
                        temporary one, removed afterwards)
  DL_LIBGIT2_CACHE      where the trimmed static libgit2 is built once
                        (default: $XDG_CACHE_HOME/deploylint/libgit2-static,
                        i.e. ~/.cache/deploylint/libgit2-static)
  DEPLOYLINT_WHEEL_PLAT platform tag to use instead of the computed one
  CMAKE_BUILD_PARALLEL_LEVEL  build jobs (default: the number of CPUs)

The platform tag: manylinux_X_Y_ARCH (PEP 600) when the executable needs
only the libraries manylinux allows (libc, libm, libpthread, libdl, librt,
ld-linux) and X.Y is the newest glibc symbol version it uses; else
linux_ARCH (a shared build, or no readelf/objdump to check with).
"""

import base64
import hashlib
import io
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MANYLINUX_LIBS = {
    "libc.so.6",
    "libm.so.6",
    "libpthread.so.0",
    "libdl.so.2",
    "librt.so.1",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
}


def _toml():
    try:
        import tomllib
    except ImportError:
        import tomli as tomllib
    return tomllib


def _version():
    """The version of CMakeLists.txt's project(deploylint VERSION x.y.z)."""
    with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
        m = re.search(r"project\(\s*deploylint\s+VERSION\s+([0-9][0-9.]*)", f.read())
    if not m:
        raise RuntimeError("no project(deploylint VERSION ...) in CMakeLists.txt")
    return m.group(1)


def _metadata():
    """METADATA (core metadata 2.1) from pyproject.toml's [project]."""
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        project = _toml().load(f)["project"]
    lines = [
        "Metadata-Version: 2.1",
        "Name: " + project["name"],
        "Version: " + _version(),
        "Summary: " + project["description"],
    ]
    if project.get("keywords"):
        lines.append("Keywords: " + ",".join(project["keywords"]))
    for c in project.get("classifiers", []):
        lines.append("Classifier: " + c)
    for label, url in project.get("urls", {}).items():
        lines.append("Project-URL: %s, %s" % (label, url))
    if project.get("requires-python"):
        lines.append("Requires-Python: " + project["requires-python"])
    lines.append("Description-Content-Type: text/markdown")
    with open(os.path.join(ROOT, project["readme"]), encoding="utf-8") as f:
        readme = f.read()
    return "\n".join(lines) + "\n\n" + readme


def _name_ver():
    return "deploylint-" + _version()


def _run(cmd, **kw):
    print("deploylint build:", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)


def _build_binary(build_dir):
    if not shutil.which("cmake"):
        raise RuntimeError(
            "building deploylint needs cmake, a C and C++ compiler and the -dev packages of "
            "libyaml, pcre2, libgit2, jansson, toml++, zlib and http-parser (on Debian: "
            "sh tools/install-deps.sh, or see the README's 'From source')"
        )
    env = dict(os.environ)
    if not env.get("DL_LIBGIT2_CACHE"):
        cache = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        env["DL_LIBGIT2_CACHE"] = os.path.join(cache, "deploylint", "libgit2-static")
    _run(
        [
            "cmake",
            "-S",
            ROOT,
            "-B",
            build_dir,
            "-DCMAKE_BUILD_TYPE=Release",
            "-DDL_STATIC=ON",
            "-DDL_TESTS=OFF",
            "-DDL_WERROR=OFF",
        ],
        env=env,
    )
    jobs = env.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 2)
    _run(["cmake", "--build", build_dir, "--target", "deploylint", "-j", jobs], env=env)
    return os.path.join(build_dir, "deploylint")


def _platform_tag(binary):
    forced = os.environ.get("DEPLOYLINT_WHEEL_PLAT")
    if forced:
        return forced
    machine = platform.machine()
    fallback = "linux_" + machine
    if not sys.platform.startswith("linux"):
        return re.sub(r"[^A-Za-z0-9]", "_", "%s_%s" % (sys.platform, machine))
    try:
        dyn = subprocess.run(["readelf", "-d", binary], check=True, capture_output=True, text=True).stdout
        syms = subprocess.run(["objdump", "-T", binary], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return fallback
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dyn))
    if not needed <= MANYLINUX_LIBS:
        return fallback
    versions = {tuple(int(x) for x in v.split(".")) for v in re.findall(r"GLIBC_([0-9]+\.[0-9]+)", syms)}
    if not versions:
        return fallback
    major, minor = max(versions)[:2]
    return "manylinux_%d_%d_%s" % (major, minor, machine)


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def _zip_add(z, path, data, mode):
    info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, data)


# --- PEP 517 hooks ---


def get_requires_for_build_wheel(config_settings=None):
    try:
        import tomllib  # noqa: F401
    except ImportError:
        return ["tomli"]
    return []


get_requires_for_build_sdist = get_requires_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    keep = os.environ.get("DEPLOYLINT_BUILD_DIR")
    build_dir = os.path.abspath(keep) if keep else tempfile.mkdtemp(prefix="deploylint-build-")
    try:
        binary = _build_binary(build_dir)
        stripped = os.path.join(build_dir, "deploylint.wheel")
        shutil.copyfile(binary, stripped)
        if shutil.which("strip"):
            _run(["strip", stripped])
        with open(stripped, "rb") as f:
            exe = f.read()
        tag = _platform_tag(stripped)
    finally:
        if not keep:
            shutil.rmtree(build_dir, ignore_errors=True)

    nv = _name_ver()
    dist_info = nv + ".dist-info"
    wheel_name = "%s-py3-none-%s.whl" % (nv, tag)
    with open(os.path.join(ROOT, "tools", "packaging", "copyright"), "rb") as f:
        copyright_text = f.read()
    files = [
        (nv + ".data/scripts/deploylint", exe, 0o755),
        (dist_info + "/METADATA", _metadata().encode("utf-8"), 0o644),
        (
            dist_info + "/WHEEL",
            (
                "Wheel-Version: 1.0\nGenerator: deploylint_build\n"
                "Root-Is-Purelib: false\nTag: py3-none-%s\n" % tag
            ).encode(),
            0o644,
        ),
        (dist_info + "/COPYRIGHT", copyright_text, 0o644),
    ]
    record = [_record_line(p, d) for p, d, _ in files] + [dist_info + "/RECORD,,"]
    files.append((dist_info + "/RECORD", ("\n".join(record) + "\n").encode(), 0o644))
    os.makedirs(wheel_directory, exist_ok=True)
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w") as z:
        for path, data, mode in files:
            _zip_add(z, path, data, mode)
    return wheel_name


def _sdist_files():
    """The files of the source distribution: git's tracked files when this
    is a git checkout, else every file outside build directories."""
    try:
        out = subprocess.run(
            ["git", "-C", ROOT, "ls-files", "-z"], check=True, capture_output=True
        ).stdout.decode()
        names = [n for n in out.split("\0") if n]
        if names:
            return sorted(n for n in names if os.path.isfile(os.path.join(ROOT, n)))
    except (OSError, subprocess.CalledProcessError):
        pass
    names = []
    for d, dirs, files in os.walk(ROOT):
        rel = os.path.relpath(d, ROOT)
        dirs[:] = sorted(
            x for x in dirs if not (x.startswith("build") or x in (".git", "__pycache__", "node_modules"))
        )
        for f in files:
            names.append(os.path.normpath(os.path.join(rel, f)))
    return sorted(names)


def build_sdist(sdist_directory, config_settings=None):
    nv = _name_ver()
    name = nv + ".tar.gz"
    os.makedirs(sdist_directory, exist_ok=True)
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as t:
        for rel in _sdist_files():
            t.add(os.path.join(ROOT, rel), arcname=nv + "/" + rel, recursive=False)
        pkg_info = _metadata().encode("utf-8")
        info = tarfile.TarInfo(nv + "/PKG-INFO")
        info.size = len(pkg_info)
        info.mtime = int(time.time())
        info.mode = 0o644
        t.addfile(info, io.BytesIO(pkg_info))
    return name
