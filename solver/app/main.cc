// spine-fe: one executable, one subcommand per job (mesh, run, study).
#include "commands.h"

#include <spine/solver/run_command.h>

#include <deal.II/base/mpi.h>

#include <cstring>
#include <iostream>

namespace
{
void print_usage(std::ostream &out)
{
  out << "usage: spine-fe <command> [arguments]\n\n"
         "commands:\n"
         "  mesh <file.prm>    parametric L4-L5 anatomy + surgery -> mesh and geometry report\n"
         "  run <file.prm>     quasi-static finite-strain analysis of a mesh\n"
         "  study <file.prm>   intact vs operated segment under the loading protocol\n\n"
         "'spine-fe <command> --help' lists the command's parameters.\n";
}
} // namespace

int main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  const std::string command = argc >= 2 ? argv[1] : "";
  if (command == "mesh")
    return spine::app::mesh_command(argc - 1, argv + 1);
  if (command == "run")
    return spine::solver::run_command(argc - 1, argv + 1);
  if (command == "study")
    return spine::app::study_command(argc - 1, argv + 1);
  const bool help = command == "--help" || command == "-h";
  if (root && !help && !command.empty())
    std::cerr << "spine-fe: error: unknown command '" << command << "' (allowed: mesh, run, study)\n";
  else if (root)
    print_usage(help ? std::cout : std::cerr);
  return help ? 0 : 1;
}
