// `spine-fe run <file.prm>`: reads the parameters, builds the mesh and runs the analysis.
#pragma once

#include <string>

namespace spine::solver
{
  /// Entry point of the subcommand; argv[0] is "run" (or the program), argv[1] the .prm
  /// file. MPI must be initialised. Returns the process exit code: 0 success, 1 bad input,
  /// 2 analysis stopped before load factor 1.
  int run_command(int argc, char **argv);

  /// Prints the subcommand's usage and all parameters with their defaults and documentation.
  void print_run_usage(std::ostream &out);
} // namespace spine::solver
