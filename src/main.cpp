#include <malloc.h>

#include "cli/cli.h"

int main(int argc, char** argv) {
  // A fixed threshold keeps every large block (argon2id's mem_limit, 19 MiB by default) in its
  // own mapping that goes back to the system when freed. glibc's default threshold rises after
  // the first such free, after which those blocks stay in the heap and the RSS never falls.
  mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
  return plangate::cli::Main(argc, argv);
}
