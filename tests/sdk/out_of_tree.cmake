# cmake -P script run by CTest (see CMakeLists.txt). Every step that fails stops the test with
# the step's output.
#   AMS_BUILD_DIR   the amsearch build to install (amhost and the plugins must be built)
#   AMS_SOURCE_DIR  the amsearch sources (for examples/)
#   WORK_DIR        scratch folder, emptied first
cmake_minimum_required(VERSION 3.20)
foreach(var AMS_BUILD_DIR AMS_SOURCE_DIR WORK_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "out_of_tree.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT BUILD_TYPE)
  set(BUILD_TYPE Release)
endif()

set(prefix ${WORK_DIR}/prefix)
# The example and its data, copied as a vendor would have them, away from any build folder
# that may exist in the source tree.
set(example ${WORK_DIR}/examples/custom_strategy)
set(example_build ${example}/build-sdk-test)
set(run_dir ${WORK_DIR}/run)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/examples/data)
file(COPY ${AMS_SOURCE_DIR}/examples/custom_strategy DESTINATION ${WORK_DIR}/examples
     PATTERN build* EXCLUDE PATTERN runs EXCLUDE)
file(COPY ${AMS_SOURCE_DIR}/examples/data/iris.csv DESTINATION ${WORK_DIR}/examples/data)

# step(<name> <command...>): runs a command, fails the test with its output when it fails.
function(step name)
  message(STATUS "[sdk test] ${name}: ${ARGN}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "[sdk test] ${name} failed (exit ${rc}):\n${out}\n${err}")
  endif()
  set(step_output "${out}${err}" PARENT_SCOPE)
endfunction()

# 1. Install.
step("install" ${CMAKE_COMMAND} --install ${AMS_BUILD_DIR} --prefix ${prefix})
foreach(f bin/amhost include/ams/ams.h include/ams/plugin.hpp)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "[sdk test] the install lacks ${f}")
  endif()
endforeach()
file(GLOB_RECURSE config_files ${prefix}/*/amsdkConfig.cmake)
if(NOT config_files)
  message(FATAL_ERROR "[sdk test] the install lacks lib/cmake/amsdk/amsdkConfig.cmake")
endif()
file(GLOB_RECURSE installed_plugins ${prefix}/*/amhost/plugins/*.so)
if(NOT installed_plugins)
  message(FATAL_ERROR "[sdk test] the install has no plugins in lib/amhost/plugins")
endif()
foreach(p ${installed_plugins})
  get_filename_component(name ${p} NAME)
  if(name MATCHES "^abi_")
    message(FATAL_ERROR "[sdk test] a test-only plugin was installed: ${p}")
  endif()
endforeach()

# 2. Build the example out of tree, knowing only the prefix.
set(configure_args -S ${example} -B ${example_build} -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_BUILD_TYPE=${BUILD_TYPE})
if(C_COMPILER)
  list(APPEND configure_args -DCMAKE_C_COMPILER=${C_COMPILER})
endif()
step("configure the example" ${CMAKE_COMMAND} ${configure_args})
step("build the example" ${CMAKE_COMMAND} --build ${example_build})
if(NOT EXISTS ${example_build}/halton_perturb.so)
  message(FATAL_ERROR "[sdk test] the example build made no halton_perturb.so")
endif()

# 3. The installed amhost sees the plugin and its own installed plugins.
set(amhost ${CMAKE_COMMAND} -E env --unset=AMHOST_PLUGIN_PATH ${prefix}/bin/amhost)
step("list plugins" ${amhost} plugins --plugin-path ${example_build})
foreach(name halton_perturb knn logistic_regression csv accuracy)
  if(NOT step_output MATCHES "${name}")
    message(FATAL_ERROR "[sdk test] 'amhost plugins' does not list ${name}:\n${step_output}")
  endif()
endforeach()

# 4. Run the example pipeline with it.
step("run the example" ${amhost} ${example}/pipeline.toml --plugin-path ${example_build}
     --output ${run_dir} --quiet)
foreach(f trials.csv best.json)
  if(NOT EXISTS ${run_dir}/${f})
    message(FATAL_ERROR "[sdk test] the run left no ${f} in ${run_dir}:\n${step_output}")
  endif()
endforeach()
# The strategy's max_trials = 24 ends the study before its own limit of 40.
file(STRINGS ${run_dir}/trials.csv lines)
list(LENGTH lines n_lines)
math(EXPR n_trials "${n_lines} - 1")
if(NOT n_trials EQUAL 24)
  message(FATAL_ERROR "[sdk test] expected 24 trials (the strategy's max_trials), "
                      "trials.csv has ${n_trials}")
endif()
file(READ ${run_dir}/best.json best)
if(NOT best MATCHES "knn|logistic_regression")
  message(FATAL_ERROR "[sdk test] best.json names no candidate model:\n${best}")
endif()
message(STATUS "[sdk test] passed: ${n_trials} trials, best in ${run_dir}/best.json")
