# The tree-sitter Python grammar, fetched from the npm registry by exact version and checked by sha512.
#
# Why npm: the grammar's generated parser (src/parser.c + src/scanner.c) ships in the npm package, so we
# need neither the tree-sitter CLI nor Node to generate it. 0.23.6 is ABI 14, which Debian's libtree-sitter
# 0.20.7 loads (it accepts ABI 13-14); 0.25.x is ABI 15 and would fail at start-up (see parse/python_parser.cc).
#
# To bump: change the version, run `npm pack tree-sitter-python@X --json` and copy its "integrity" (base64
# sha512) below as hex (`echo ... | base64 -d | xxd -p -c 1000`), then check the ABI in src/parser.c.
set(EDGESCAN_PYTHON_GRAMMAR_VERSION "0.23.6")
set(EDGESCAN_PYTHON_GRAMMAR_SHA512
    "c8833dcf4a31288c53edb02d3ce860a1597a8135e59a5221b9eee58854f8a013c5fe585aec76b8750052f3602fea130c459a159c5248f0cea62fe4b05a82c3dc")
# Optional: a directory holding tree-sitter-python-<version>.tgz already (offline builds, mirrors).
set(EDGESCAN_GRAMMAR_CACHE "" CACHE PATH "Directory with pre-downloaded grammar tarballs")

set(_tgz_name "tree-sitter-python-${EDGESCAN_PYTHON_GRAMMAR_VERSION}.tgz")
set(_dl_dir "${CMAKE_BINARY_DIR}/_grammars")
set(_tgz "${_dl_dir}/${_tgz_name}")
set(_src "${_dl_dir}/tree-sitter-python-${EDGESCAN_PYTHON_GRAMMAR_VERSION}")
file(MAKE_DIRECTORY "${_dl_dir}")

function(_edgescan_check_hash path out_ok)
  if(EXISTS "${path}")
    file(SHA512 "${path}" _h)
    if(_h STREQUAL EDGESCAN_PYTHON_GRAMMAR_SHA512)
      set(${out_ok} TRUE PARENT_SCOPE)
      return()
    endif()
  endif()
  set(${out_ok} FALSE PARENT_SCOPE)
endfunction()

_edgescan_check_hash("${_tgz}" _ok)
if(NOT _ok AND EDGESCAN_GRAMMAR_CACHE AND EXISTS "${EDGESCAN_GRAMMAR_CACHE}/${_tgz_name}")
  file(COPY "${EDGESCAN_GRAMMAR_CACHE}/${_tgz_name}" DESTINATION "${_dl_dir}")
  _edgescan_check_hash("${_tgz}" _ok)
endif()
if(NOT _ok)
  find_program(NPM_EXECUTABLE npm)
  if(NOT NPM_EXECUTABLE)
    message(FATAL_ERROR "edgescan: npm is needed to fetch tree-sitter-python@${EDGESCAN_PYTHON_GRAMMAR_VERSION} "
                        "(run tools/setup, or put ${_tgz_name} in EDGESCAN_GRAMMAR_CACHE)")
  endif()
  message(STATUS "edgescan: fetching tree-sitter-python@${EDGESCAN_PYTHON_GRAMMAR_VERSION} with npm pack")
  execute_process(COMMAND "${NPM_EXECUTABLE}" pack "tree-sitter-python@${EDGESCAN_PYTHON_GRAMMAR_VERSION}"
                          --silent --pack-destination "${_dl_dir}"
                  WORKING_DIRECTORY "${_dl_dir}" RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "edgescan: npm pack tree-sitter-python@${EDGESCAN_PYTHON_GRAMMAR_VERSION} failed: ${_err}")
  endif()
  _edgescan_check_hash("${_tgz}" _ok)
  if(NOT _ok)
    file(REMOVE "${_tgz}")
    message(FATAL_ERROR "edgescan: ${_tgz_name} does not match the recorded sha512; refusing to build with it")
  endif()
endif()

if(NOT EXISTS "${_src}/src/parser.c")
  file(REMOVE_RECURSE "${_src}" "${_dl_dir}/package")
  file(ARCHIVE_EXTRACT INPUT "${_tgz}" DESTINATION "${_dl_dir}" PATTERNS package/src)
  file(RENAME "${_dl_dir}/package" "${_src}")
endif()

add_library(tree_sitter_python STATIC "${_src}/src/parser.c" "${_src}/src/scanner.c")
target_include_directories(tree_sitter_python PRIVATE "${_src}/src")
set_target_properties(tree_sitter_python PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(tree_sitter_python PRIVATE -w)
target_compile_definitions(tree_sitter_python INTERFACE
  EDGESCAN_PYTHON_GRAMMAR_VERSION="${EDGESCAN_PYTHON_GRAMMAR_VERSION}")
