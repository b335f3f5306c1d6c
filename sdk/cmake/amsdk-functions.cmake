# amsdk_add_plugin(<target> [C] SOURCES <files...>)
# Builds an amsearch plugin: a MODULE library, hidden visibility (only the entry symbol is
# exported, through AMS_EXPORT), no "lib" prefix, linked against nothing of the host.
# Inside the amsearch build the result goes where amhost looks for plugins.
function(amsdk_add_plugin target)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  if(TARGET amsdk::amsdk)
    target_link_libraries(${target} PRIVATE amsdk::amsdk)
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(DEFINED AMS_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${AMS_PLUGIN_OUTPUT_DIR})
    install(TARGETS ${target} LIBRARY DESTINATION ${AMS_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
