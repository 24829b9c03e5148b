# The self-contained build: cmake -DDL_STATIC=ON links libyaml, pcre2,
# jansson and libgit2, and what they need in turn, from static archives, so
# the deploylint executable needs only the C library (libc, libm, ld-linux).
# toml++ (the TOML reader, src/parse/toml.cc) is header-only: nothing to
# link but the C++ runtime, which this build links statically too
# (-static-libstdc++ -static-libgcc).
# Included from CMakeLists.txt after the pkg_check_modules() calls and the
# deploylint target; it re-points the PkgConfig:: imported targets at .a
# archives.
#
# libyaml, pcre2, jansson, zlib and http-parser: the .a archives of Debian's
# -dev packages. libgit2: Debian's libgit2.a is built with mbedTLS, libssh2
# and GSSAPI (OpenSSL, libgcrypt and Kerberos in turn), so this build uses
# one trimmed to local repositories, built from Debian's source package by
# tools/build-libgit2-static.sh into DL_LIBGIT2_STATIC_DIR (default: the
# environment's DL_LIBGIT2_CACHE, else <build>/libgit2-static; the first
# configure takes a few minutes, later ones reuse it).
option(DL_STATIC "Link libgit2, libyaml, pcre2 and jansson statically (self-contained binary)" OFF)
if(NOT DL_STATIC)
  return()
endif()
if(DL_SANITIZE)
  message(FATAL_ERROR "DL_STATIC and DL_SANITIZE do not go together")
endif()

if(NOT DL_LIBGIT2_STATIC_DIR)
  if(DEFINED ENV{DL_LIBGIT2_CACHE} AND NOT "$ENV{DL_LIBGIT2_CACHE}" STREQUAL "")
    set(dl_default_dir "$ENV{DL_LIBGIT2_CACHE}")
  else()
    set(dl_default_dir "${CMAKE_BINARY_DIR}/libgit2-static")
  endif()
  set(DL_LIBGIT2_STATIC_DIR "${dl_default_dir}" CACHE PATH
      "Where tools/build-libgit2-static.sh builds the trimmed static libgit2")
endif()
if(NOT EXISTS "${DL_LIBGIT2_STATIC_DIR}/.deploylint-libgit2-done")
  execute_process(
    COMMAND sh ${CMAKE_SOURCE_DIR}/tools/build-libgit2-static.sh ${DL_LIBGIT2_STATIC_DIR}
    RESULT_VARIABLE dl_rc)
  if(NOT dl_rc EQUAL 0)
    message(FATAL_ERROR "DL_STATIC: building the static libgit2 failed (see above)")
  endif()
endif()

# dl_static_libs(VAR MODULE [PKG_CONFIG_PATH]): the link items of
# `pkg-config --static --libs MODULE`, each -lNAME as the path of libNAME.a;
# the C library's own parts (c, m, rt, dl, pthread) stay dynamic.
function(dl_static_libs var module pcpath)
  set(dl_env "PKG_CONFIG_PATH=${pcpath}:$ENV{PKG_CONFIG_PATH}")
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env ${dl_env} ${PKG_CONFIG_EXECUTABLE} --static --libs ${module}
    OUTPUT_VARIABLE dl_out RESULT_VARIABLE dl_rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT dl_rc EQUAL 0)
    message(FATAL_ERROR "DL_STATIC: pkg-config --static --libs ${module} failed")
  endif()
  separate_arguments(dl_flags UNIX_COMMAND "${dl_out}")
  set(dl_dirs)
  set(dl_items)
  foreach(f IN LISTS dl_flags)
    if(f MATCHES "^-L(.+)$")
      list(APPEND dl_dirs "${CMAKE_MATCH_1}")
    elseif(f MATCHES "^-l(c|m|rt|dl|pthread)$")
      list(APPEND dl_items "${CMAKE_MATCH_1}")
    elseif(f STREQUAL "-pthread")
      list(APPEND dl_items Threads::Threads)
    elseif(f MATCHES "^-l(.+)$")
      set(name "${CMAKE_MATCH_1}")
      find_library(dl_archive_${name} NAMES lib${name}.a HINTS ${dl_dirs})
      if(NOT dl_archive_${name})
        message(FATAL_ERROR "DL_STATIC: no lib${name}.a for ${module} (install its -dev package)")
      endif()
      list(APPEND dl_items "${dl_archive_${name}}")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES dl_items)
  set(${var} "${dl_items}" PARENT_SCOPE)
endfunction()

find_package(Threads REQUIRED)
set(dl_pc "${DL_LIBGIT2_STATIC_DIR}/lib/pkgconfig")
foreach(pair YAML:yaml-0.1 PCRE2:libpcre2-8 JANSSON:jansson LIBGIT2:libgit2)
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 prefix)
  list(GET pair 1 module)
  dl_static_libs(dl_libs ${module} "${dl_pc}")
  set_target_properties(PkgConfig::${prefix} PROPERTIES
    INTERFACE_LINK_LIBRARIES "${dl_libs}" INTERFACE_LINK_OPTIONS "")
  message(STATUS "DL_STATIC: ${module}: ${dl_libs}")
endforeach()
set_target_properties(PkgConfig::LIBGIT2 PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${DL_LIBGIT2_STATIC_DIR}/include"
  INTERFACE_COMPILE_OPTIONS "")

# src/offline.c interposes mbedTLS's CA-bundle loading, which this libgit2
# (no HTTPS) never does: the static executable goes without it.
set_property(TARGET deploylint PROPERTY SOURCES ${CMAKE_SOURCE_DIR}/src/main.c)
# The C++ runtime of src/parse/toml.cc from GCC's archives (libstdc++.a of
# Debian's libstdc++-12-dev, which g++ brings), not libstdc++.so.6.
target_link_options(deploylint PRIVATE -static-libstdc++ -static-libgcc)
