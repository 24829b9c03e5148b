# Writes the shell completions (bash, zsh, fish) from completions/*.in,
# filling @DL_RULE_IDS@ and @DL_RULE_FAMILIES@ from the rule registry as the
# built binary prints it (`deploylint --list-rules`), so they cannot drift.
# usage: cmake -DBIN=deploylint -DSRC=completions -DOUT=dir -P this-file
execute_process(COMMAND ${BIN} --list-rules
                OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BIN} --list-rules failed (${rc})")
endif()
# A summary may hold ';' or brackets, which CMake's lists give a meaning of
# their own (an unbalanced '[' keeps every later row in one element): keep
# only what the ids need before splitting into rows.
string(REPLACE ";" "," listing "${listing}")
string(REPLACE "[" "(" listing "${listing}")
string(REPLACE "]" ")" listing "${listing}")
string(REPLACE "\n" ";" lines "${listing}")
set(ids)
set(families)
foreach(line IN LISTS lines)
  # rows start with the id: letters then digits (the header starts with "ID ")
  if(line MATCHES "^([A-Z]+)([0-9]+) ")
    list(APPEND ids "${CMAKE_MATCH_1}${CMAKE_MATCH_2}")
    list(APPEND families "${CMAKE_MATCH_1}")
  endif()
endforeach()
list(LENGTH ids n)
if(n EQUAL 0)
  message(FATAL_ERROR "no rule ids in the output of ${BIN} --list-rules")
endif()
list(REMOVE_DUPLICATES families)
string(REPLACE ";" " " DL_RULE_IDS "${ids}")
string(REPLACE ";" " " DL_RULE_FAMILIES "${families}")
foreach(f deploylint.bash _deploylint deploylint.fish)
  configure_file(${SRC}/${f}.in ${OUT}/${f} @ONLY)
endforeach()
