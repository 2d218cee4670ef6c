// `spine-fe study <file.prm>`: intact vs operated segment under the moment protocol.
#include "commands.h"
#include "study/study_driver.h"

#include <deal.II/base/mpi.h>

#include <cstring>
#include <sstream>
#include <vector>
#include <iostream>

namespace spine::app
{
int study_command(int argc, char **argv)
{
  const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  const std::string arg = argc >= 2 ? argv[1] : "";
  if (arg.empty() || arg == "--help" || arg == "-h")
  {
    if (root)
    {
      std::ostream &out = arg.empty() ? std::cerr : std::cout;
      out << "usage: spine-fe study <file.prm>\n"
             "       spine-fe study --list-parameters\n"
             "       spine-fe study --check <file.prm>   validate a file without running it\n\n"
             "Meshes the plan's segment (one mesh shared by the intact and the operated case), loads\n"
             "each case in flexion and extension with pure moments and writes into 'Output directory':\n"
             "  study.json   headline metrics (ROM, stiffness, canal areas and gains) and per-level detail\n"
             "  study.csv    one row per case, direction and moment\n"
             "  report.md    report with plots (moment-rotation, canal outline, metrics)\n"
             "  mesh/        the mesh command's outputs; <case>-<direction>/ solver outputs (PVTU, CSV)\n"
             "Exit code 0: all cases reached the peak moment; 1: bad input; 2: a case stopped early.\n\n"
             "Parameters:\n";
      dealii::ParameterHandler prm;
      study::declare_study_parameters(prm);
      prm.print_parameters(out, dealii::ParameterHandler::PRM);
    }
    return arg.empty() ? 1 : 0;
  }
  if (arg == "--list-parameters")
  {
    if (root)
    {
      dealii::ParameterHandler prm;
      study::declare_study_parameters(prm);
      std::ostringstream s;
      prm.print_parameters(s, dealii::ParameterHandler::ShortPRM);
      // Turn the nested "subsection X / set Y = v" text into one path per line.
      std::vector<std::string> stack;
      std::istringstream in(s.str());
      for (std::string line; std::getline(in, line);)
      {
        const auto b = line.find_first_not_of(' ');
        if (b == std::string::npos)
          continue;
        line = line.substr(b);
        if (line.rfind("subsection ", 0) == 0)
          stack.push_back(line.substr(11));
        else if (line == "end")
          stack.pop_back();
        else if (line.rfind("set ", 0) == 0)
        {
          std::string name = line.substr(4, line.find('=') - 4);
          name.erase(name.find_last_not_of(' ') + 1);
          std::string path;
          for (const auto &p : stack)
            path += p + "/";
          std::cout << path << name << '\n';
        }
      }
    }
    return 0;
  }
  if (arg == "--check")
  {
    if (argc < 3)
    {
      std::cerr << "usage: spine-fe study --check <file.prm>\n";
      return 1;
    }
    try
    {
      study::check_study_file(argv[2]);
      if (root)
        std::cout << argv[2] << ": ok\n";
      return 0;
    }
    catch (const std::exception &e)
    {
      if (root)
        std::cerr << "spine-fe study: error: " << e.what() << '\n';
      return 1;
    }
  }
  return study::run_study(MPI_COMM_WORLD, arg);
}
} // namespace spine::app
