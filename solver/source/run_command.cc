#include <spine/solver/mechanics_problem.h>
#include <spine/solver/parameters.h>
#include <spine/solver/postprocessing.h>
#include <spine/solver/run_command.h>

#include <deal.II/base/exceptions.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    /// deal.II exception text collapsed to one line (without the stack-trace banner).
    std::string
    one_line(const std::exception &e)
    {
      std::ostringstream text;
      if (const auto *dealii_exception = dynamic_cast<const ExceptionBase *>(&e))
        dealii_exception->print_info(text);
      else
        text << e.what();
      std::string line;
      bool        space = false;
      for (const char c : text.str())
        {
          if (std::isspace(static_cast<unsigned char>(c)))
            space = !line.empty();
          else
            {
              if (space)
                line += ' ';
              line += c;
              space = false;
            }
        }
      return line;
    }
  } // namespace

  void
  print_run_usage(std::ostream &out)
  {
    out << "usage: spine-fe run <file.prm>\n"
           "Runs a quasi-static finite-strain analysis. Parameters (defaults shown):\n\n";
    ParameterHandler prm;
    RunParameters::declare(prm);
    prm.print_parameters(out, ParameterHandler::PRM);
  }

  int
  run_command(int argc, char **argv)
  {
    MPI_Comm           comm = MPI_COMM_WORLD;
    const bool         root = Utilities::MPI::this_mpi_process(comm) == 0;
    const std::string  usage = "usage: spine-fe run <file.prm>   (spine-fe run --help)";
    if (argc < 2)
      {
        if (root)
          std::cerr << usage << std::endl;
        return 1;
      }
    const std::string prm_file = argv[1];
    if (prm_file == "--help" || prm_file == "-h")
      {
        if (root)
          print_run_usage(std::cout);
        return 0;
      }

    ParameterHandler prm;
    RunParameters    parameters;
    ProblemSettings  settings;
    std::string      mesh_file;
    try
      {
        if (!std::ifstream(prm_file))
          throw InputError("cannot open parameter file");
        RunParameters::declare(prm);
        prm.parse_input(prm_file);
        parameters.parse(prm);
        settings  = parameters.problem_settings();
        mesh_file = parameters.mesh.file;
        if (std::filesystem::path(mesh_file).is_relative())
          mesh_file =
            (std::filesystem::path(prm_file).parent_path() / mesh_file).lexically_normal().string();
      }
    catch (const std::exception &e)
      {
        if (root)
          std::cerr << "spine-fe run: error in " << prm_file << ": " << one_line(e) << std::endl;
        return 1;
      }

    std::unique_ptr<MechanicsProblem> problem;
    try
      {
        problem = std::make_unique<MechanicsProblem>(comm, settings);
        problem->set_mesh(read_distributed_gmsh(comm, mesh_file));
      }
    catch (const InputError &e)
      {
        if (root)
          std::cerr << "spine-fe run: error in " << prm_file << " (mesh " << mesh_file
                    << "): " << e.what() << std::endl;
        return 1;
      }

    for (const auto &[label, ids] : parameters.output.rigid_body_fits)
      problem->add_postprocessor(make_rigid_body_fit_postprocessor(label, ids),
                                 MechanicsProblem::When::every_step);
    for (const auto id : parameters.output.reactions)
      problem->add_postprocessor(make_reaction_postprocessor(id), MechanicsProblem::When::every_step);

    if (root)
      {
        std::filesystem::create_directories(settings.output.directory);
        std::ostringstream resolved;
        prm.print_parameters(resolved, ParameterHandler::PRM);
        write_file_atomically(settings.output.directory + "/parameters.prm", resolved.str());
      }
    const RunSummary summary = problem->run();
    if (!summary.completed)
      {
        if (root)
          std::cerr << "spine-fe run: analysis stopped: " << summary.message << std::endl;
        return 2;
      }
    return 0;
  }
} // namespace spine::solver
