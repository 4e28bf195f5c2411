# The SARIF 2.1.0 JSON schema, for validating `--format sarif` in output_test: fetched from the npm registry by
# exact version and checked by sha512, like the grammar (grammars/python/grammar.cmake); nothing of it is committed.
#
# Why this package: @microsoft/jest-sarif (MIT) ships the schema of the SARIF SDK's "2.1.0-rtm.5" revision
# (lib/schemas/sarif-2.1.0-rtm.5.json, draft-04, "version": {"enum": ["2.1.0"]}), the schema SARIF 2.1.0 logs are
# validated with; no Debian or npm package ships the OASIS file itself.
# Sets EDGESCAN_SARIF_SCHEMA to the extracted file.
set(_sarif_pkg "@microsoft/jest-sarif@1.0.0-beta.0")
set(_sarif_tgz_name "microsoft-jest-sarif-1.0.0-beta.0.tgz")
set(_sarif_sha512
    "0357ce84f77a21ce620e4e05f583f0d6a341e1717eefe22f891ef197caf617a433424c7972963d2ec1a4dab1318852047016e3a559d29b058606e9004a4890f4")
set(_sarif_dir "${CMAKE_BINARY_DIR}/_schemas")
set(_sarif_tgz "${_sarif_dir}/${_sarif_tgz_name}")
set(EDGESCAN_SARIF_SCHEMA "${_sarif_dir}/sarif-2.1.0-rtm.5.json")
file(MAKE_DIRECTORY "${_sarif_dir}")

set(_sarif_ok FALSE)
if(EXISTS "${_sarif_tgz}")
  file(SHA512 "${_sarif_tgz}" _h)
  if(_h STREQUAL _sarif_sha512)
    set(_sarif_ok TRUE)
  endif()
endif()
if(NOT _sarif_ok AND EDGESCAN_GRAMMAR_CACHE AND EXISTS "${EDGESCAN_GRAMMAR_CACHE}/${_sarif_tgz_name}")
  file(COPY "${EDGESCAN_GRAMMAR_CACHE}/${_sarif_tgz_name}" DESTINATION "${_sarif_dir}")
endif()
if(NOT _sarif_ok)
  if(NOT EXISTS "${_sarif_tgz}")
    find_program(NPM_EXECUTABLE npm)
    if(NOT NPM_EXECUTABLE)
      message(FATAL_ERROR "edgescan: npm is needed to fetch ${_sarif_pkg} (the SARIF schema for tests); run tools/setup "
                          "or put ${_sarif_tgz_name} in EDGESCAN_GRAMMAR_CACHE")
    endif()
    message(STATUS "edgescan: fetching ${_sarif_pkg} (SARIF 2.1.0 schema for tests) with npm pack")
    execute_process(COMMAND "${NPM_EXECUTABLE}" pack "${_sarif_pkg}" --silent --pack-destination "${_sarif_dir}"
                    WORKING_DIRECTORY "${_sarif_dir}" RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "edgescan: npm pack ${_sarif_pkg} failed: ${_err}")
    endif()
  endif()
  file(SHA512 "${_sarif_tgz}" _h)
  if(NOT _h STREQUAL _sarif_sha512)
    file(REMOVE "${_sarif_tgz}")
    message(FATAL_ERROR "edgescan: ${_sarif_tgz_name} does not match the recorded sha512; refusing to use it")
  endif()
endif()
if(NOT EXISTS "${EDGESCAN_SARIF_SCHEMA}")
  file(REMOVE_RECURSE "${_sarif_dir}/package")
  file(ARCHIVE_EXTRACT INPUT "${_sarif_tgz}" DESTINATION "${_sarif_dir}" PATTERNS package/lib/schemas)
  file(RENAME "${_sarif_dir}/package/lib/schemas/sarif-2.1.0-rtm.5.json" "${EDGESCAN_SARIF_SCHEMA}")
  file(REMOVE_RECURSE "${_sarif_dir}/package")
endif()
