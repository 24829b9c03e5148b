# CPACK_PRE_BUILD_SCRIPTS step of cmake/DeploylintPackage.cmake: gzips the
# manual pages in CPack's staging directory, as Debian's policy asks.
file(GLOB_RECURSE dl_pages "${CPACK_TEMPORARY_DIRECTORY}/*/share/man/man1/*.1"
     "${CPACK_TEMPORARY_DIRECTORY}/share/man/man1/*.1")
foreach(page IN LISTS dl_pages)
  execute_process(COMMAND gzip -9nf "${page}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip ${page} failed")
  endif()
endforeach()
