#include "common.h"

#include <deal.II/base/mpi.h>
#include <deal.II/grid/grid_generator.h>

#include <cmath>
#include <cstdlib>
#include <iostream>

namespace spine::verification
{
  using namespace dealii;

  Checker::Checker(MPI_Comm comm)
    : root(Utilities::MPI::this_mpi_process(comm) == 0)
  {}

  void
  Checker::relative(const std::string &what, const double value, const double expected, const double tolerance)
  {
    const double error = std::abs(value - expected) / std::max(std::abs(expected), 1e-300);
    const bool   ok    = error <= tolerance;
    n_failed += ok ? 0 : 1;
    if (root)
      std::cout << (ok ? "  ok    " : "  FAIL  ") << what << ": " << value << " vs " << expected
                << " (rel. error " << error << ", tolerance " << tolerance << ")" << std::endl;
  }

  void
  Checker::at_most(const std::string &what, const double value, const double limit)
  {
    const bool ok = value <= limit;
    n_failed += ok ? 0 : 1;
    if (root)
      std::cout << (ok ? "  ok    " : "  FAIL  ") << what << ": " << value << " <= " << limit
                << std::endl;
  }

  void
  Checker::is_true(const std::string &what, const bool condition)
  {
    n_failed += condition ? 0 : 1;
    if (root)
      std::cout << (condition ? "  ok    " : "  FAIL  ") << what << std::endl;
  }

  std::shared_ptr<DistributedMesh>
  box_mesh(MPI_Comm                                        comm,
           const std::vector<unsigned int> &               repetitions,
           const Point<3> &                                p1,
           const Point<3> &                                p2,
           const std::function<void(Triangulation<3> &)> &modify)
  {
    return create_distributed_mesh(comm, [&](Triangulation<3> &tria) {
      GridGenerator::subdivided_hyper_rectangle_with_simplices(tria, repetitions, p1, p2);
      // deal.II 9.4 cannot colorize simplex boxes: ids 2d (min) and 2d+1 (max) by position.
      for (const auto &cell : tria.active_cell_iterators())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary())
            {
              const Point<3> c = cell->face(f)->center();
              for (unsigned int d = 0; d < 3; ++d)
                {
                  const double tolerance = 1e-8 * (p2[d] - p1[d]);
                  if (std::abs(c[d] - p1[d]) < tolerance)
                    cell->face(f)->set_boundary_id(2 * d);
                  if (std::abs(c[d] - p2[d]) < tolerance)
                    cell->face(f)->set_boundary_id(2 * d + 1);
                }
            }
      if (modify)
        modify(tria);
    });
  }

  std::string
  input_error_of(const std::function<void()> &action)
  {
    try
      {
        action();
      }
    catch (const InputError &e)
      {
        return e.what();
      }
    return "";
  }

  ProblemSettings
  quiet_settings(const std::string &linear_solver)
  {
    ProblemSettings s;
    s.output.write_vtu                = false;
    s.output.write_files              = false;
    s.output.verbose                  = std::getenv("SPINE_VERBOSE") != nullptr;
    s.linear.type                     = linear_solver;
    s.linear.relative_tolerance       = 1e-12;
    s.linear.forcing_term             = "fixed"; // tight solves; inexact_newton tests the other
    s.nonlinear.residual_relative     = 1e-10;
    s.nonlinear.residual_absolute     = 1e-13;
    s.nonlinear.increment_relative    = 1e-9;
    s.nonlinear.increment_absolute    = 1e-14;
    return s;
  }

  ProblemSettings
  nearly_incompressible_settings(const ElementVariant &v, const double mu, const double K)
  {
    ProblemSettings settings = quiet_settings("Direct");
    settings.fe_degree       = v.degree;
    settings.mean_dilatation = v.mean_dilatation;
    settings.materials[0]    = parse_material_spec("Mooney-Rivlin(C10=" + std::to_string(mu / 2.) +
                                                ", C01=0, K=" + std::to_string(K) + ")");
    // K/mu of 1e3..1e5: the volumetric stress has a round-off floor near 1e-9..1e-8 relative.
    settings.nonlinear.residual_relative = 1e-8;
    return settings;
  }

  StepContext
  context_of(MechanicsProblem &problem)
  {
    static const std::string no_directory;
    return StepContext{problem,
                       problem.dof_handler(),
                       problem.mapping(),
                       problem.fe(),
                       problem.solution(),
                       problem.internal_force(),
                       1.,
                       0,
                       true,
                       problem.communicator(),
                       problem.statistics(),
                       no_directory};
  }

  std::map<std::string, Case> &
  registry()
  {
    static std::map<std::string, Case> cases;
    return cases;
  }
} // namespace spine::verification
