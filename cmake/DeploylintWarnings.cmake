# One place for compiler warnings (cmark's cmark_add_compile_options).
function(dl_target_warnings tgt)
  target_compile_options(${tgt} PRIVATE
    -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes
    -Wshadow -Wformat=2 -Wvla -Wwrite-strings -Wno-format-nonliteral)
  if(DL_WERROR)
    target_compile_options(${tgt} PRIVATE -Werror)
  endif()
endfunction()
