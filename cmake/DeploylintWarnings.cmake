# One place for compiler warnings (cmark's cmark_add_compile_options).
# The C-only ones are given to C sources only: the C++ file of the core
# (src/parse/toml.cc) gets the others, -Werror included.
function(dl_target_warnings tgt)
  target_compile_options(${tgt} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wvla -Wwrite-strings
    -Wno-format-nonliteral
    $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes -Wmissing-prototypes>
    $<$<COMPILE_LANGUAGE:CXX>:-Wmissing-declarations>)
  if(DL_WERROR)
    target_compile_options(${tgt} PRIVATE -Werror)
  endif()
endfunction()
