# amsdk_add_plugin(<target> SOURCES <files...>
#                  [LIBRARIES <libs...>]
#                  [OUTPUT_DIRECTORY <dir>]
#                  [INSTALL_DESTINATION <dir> | NO_INSTALL])
#
# Builds an amsearch plugin: a MODULE library named <target>.so (no "lib" prefix), with hidden
# visibility so that only the entry symbol (marked AMS_EXPORT by AMS_PLUGIN_ENTRY) is exported,
# linked against nothing of the host. Sources may be C (C99) or C++.
#
# Where the library is built:
#   OUTPUT_DIRECTORY if given; inside the amsearch build, where amhost looks for its plugins;
#   otherwise CMake's default (the current binary folder, or CMAKE_LIBRARY_OUTPUT_DIRECTORY).
# Where `cmake --install` puts it:
#   INSTALL_DESTINATION if given (relative to the install prefix), nothing with NO_INSTALL,
#   otherwise the folder amhost searches relative to its own prefix (AMSDK_PLUGIN_INSTALL_DIR,
#   e.g. lib/amhost/plugins): installing into amhost's prefix makes the plugin found without
#   any --plugin-path.
#
# Works in the amsearch tree and in any project that did find_package(amsdk).
function(amsdk_add_plugin target)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIRECTORY;INSTALL_DESTINATION"
                        "SOURCES;LIBRARIES" ${ARGN})
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "amsdk_add_plugin(${target}): unexpected arguments: "
                        "${ARG_UNPARSED_ARGUMENTS} (expected SOURCES, LIBRARIES, "
                        "OUTPUT_DIRECTORY, INSTALL_DESTINATION, NO_INSTALL)")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "amsdk_add_plugin(${target}): no SOURCES given")
  endif()
  if(ARG_NO_INSTALL AND ARG_INSTALL_DESTINATION)
    message(FATAL_ERROR "amsdk_add_plugin(${target}): NO_INSTALL and INSTALL_DESTINATION "
                        "exclude each other")
  endif()
  if(NOT TARGET amsdk::amsdk)
    message(FATAL_ERROR "amsdk_add_plugin(${target}): the target amsdk::amsdk is missing; "
                        "call find_package(amsdk REQUIRED) first")
  endif()

  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE amsdk::amsdk ${ARG_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    SUFFIX ".so"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON)
  # ams.h is C99; a project may still ask for a newer C standard itself.
  get_target_property(c_standard ${target} C_STANDARD)
  if(NOT c_standard)
    set_target_properties(${target} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON)
  endif()

  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  elseif(DEFINED AMS_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${AMS_PLUGIN_OUTPUT_DIR})
  endif()

  if(ARG_NO_INSTALL)
    return()
  endif()
  if(ARG_INSTALL_DESTINATION)
    set(destination ${ARG_INSTALL_DESTINATION})
  elseif(DEFINED AMS_PLUGIN_INSTALL_DIR)  # inside the amsearch build
    set(destination ${AMS_PLUGIN_INSTALL_DIR})
  elseif(DEFINED AMSDK_PLUGIN_INSTALL_DIR)  # from find_package(amsdk)
    set(destination ${AMSDK_PLUGIN_INSTALL_DIR})
  else()
    set(destination lib/amhost/plugins)
  endif()
  install(TARGETS ${target} LIBRARY DESTINATION ${destination})
endfunction()
