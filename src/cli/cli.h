#pragma once

namespace plangate::cli {

// argv -> subcommand -> exit code.
int Main(int argc, char** argv);

}  // namespace plangate::cli
