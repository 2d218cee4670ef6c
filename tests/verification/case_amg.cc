// AMG near-null space: with all six rigid-body modes, CG needs at least 30 % fewer
// iterations than with the three translations deal.II passes by default (slender bar in
// bending, P2). Plain (unsmoothed) aggregation is an alternative hierarchy: it must reach the
// same solution.
#include "common.h"

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    Results
    amg_modes(MPI_Comm comm, Checker &check)
    {
      std::map<unsigned int, unsigned int> iterations;
      std::map<unsigned int, double>       tip;
      // 3 and 6 modes with smoothed aggregation; "7" = 6 modes with plain aggregation.
      for (const unsigned int modes : {3u, 6u, 7u})
        {
          ProblemSettings settings         = quiet_settings("CG");
          settings.linear.preconditioner   = "AMG"; // ML on the full P2 matrix
          settings.linear.rigid_body_modes = std::min(modes, 6u);
          settings.linear.smoothed_aggregation = modes != 7u;
          if (modes == 7u) // typed ML options reach ML (a wrong type would throw)
            settings.linear.ml_parameters = {{"smoother: sweeps", "2"}, {"aggregation: threshold", "0.0"}};
          settings.linear.relative_tolerance = 1e-10;
          settings.materials[0]            = parse_material_spec("linear-elastic(E=1000, nu=0.3)");
          settings.boundary_conditions     = parse_boundary_conditions("0: fixed; 1: traction(0, 0.3, -1)");
          MechanicsProblem problem(comm, settings);
          problem.set_mesh(box_mesh(comm, {24, 2, 2}, Point<3>(0, 0, 0), Point<3>(16, 1, 1)));
          check.is_true("run completed with " + std::to_string(modes) + " modes", problem.run().completed);
          iterations[modes] = problem.last_linear_solve().iterations;
          tip[modes] = fit_rigid_body_motion_of_boundary(context_of(problem), {1}).translation[2];
          if (Utilities::MPI::this_mpi_process(comm) == 0)
            std::cout << "  " << std::min(modes, 6u) << " near-null-space vectors"
                      << (modes == 7u ? ", plain aggregation: " : ": ") << iterations[modes] << " CG iterations"
                      << std::endl;
        }
      check.at_most("iterations(6 modes) / iterations(3 modes)",
                    double(iterations[6]) / iterations[3], 0.7);
      check.relative("same solution with both preconditioners", tip[6], tip[3], 1e-7);
      check.relative("same solution with plain aggregation", tip[7], tip[6], 1e-7);
      return {{"tip_uz", tip[6]}};
    }

    const Register reg("amg_modes", amg_modes);
  } // namespace
} // namespace spine::verification
