// amhost: the command-line driver. Parses arguments and calls libamcore.
#include <cstdio>

int main() {
  std::puts("amhost: under construction");
  return 0;
}
