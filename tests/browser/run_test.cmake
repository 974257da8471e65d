# Runs one browser test file with node's test runner, after checking that what it needs is
# installed: a failure with a clear message, not a skip (./scripts/deps installs all three).
#   cmake -DNODE=... -DTEST_FILE=x.test.mjs -DMODULES=tests/browser/node_modules -P run_test.cmake
if(NOT NODE OR NOT EXISTS "${NODE}")
  message(FATAL_ERROR "node was not found when CMake configured the build: run ./scripts/deps "
    "(Debian packages nodejs npm), then cmake again")
endif()
if(NOT EXISTS "${MODULES}/playwright-core/package.json")
  message(FATAL_ERROR "${MODULES}/playwright-core is missing: run ./scripts/deps (it runs npm ci in tests/browser)")
endif()
set(chromium "$ENV{PPROF_CHROMIUM}")
if(NOT chromium)
  set(chromium /usr/bin/chromium)
endif()
if(NOT EXISTS "${chromium}")
  message(FATAL_ERROR "${chromium} is missing: run ./scripts/deps (Debian package chromium)")
endif()
execute_process(COMMAND "${NODE}" --test --test-reporter=spec "${TEST_FILE}" RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${TEST_FILE}: failed (${status})")
endif()
