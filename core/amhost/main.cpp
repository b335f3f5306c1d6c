// amhost: the command-line driver. Everything it does is in libamcore (core/cli/).
#include "cli/cli.hpp"

int main(int argc, char** argv) { return amcore::amhost_main(argc, argv); }
