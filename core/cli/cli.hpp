// amhost's commands over libamcore, and the mapping of errors to exit statuses:
// 0 done, 1 failure, 2 bad input (InputError), 3 plugin load failure (PluginError).
#pragma once

#include <cstdio>

namespace amcore {

int amhost_main(int argc, const char* const* argv);

}  // namespace amcore
