// p-multigrid preconditioner (Chebyshev on P2, ML AMG on the Galerkin vertex operator): it
// must reach the direct solver's solution, on a slender bar in bending (the hard case for
// AMG) and on a block whose faces are constrained in one component only (partly constrained
// vertices, several Newton iterations of a neo-Hookean law), with no more CG iterations
// than ML AMG on the full P2 matrix.
#include "common.h"

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    struct Outcome
    {
      double       value      = 0.;
      unsigned int iterations = 0;
    };

    Outcome
    solve(MPI_Comm comm, Checker &check, const bool block, const std::string &preconditioner)
    {
      ProblemSettings settings = quiet_settings(preconditioner == "Direct" ? "Direct" : "CG");
      settings.linear.preconditioner     = preconditioner;
      settings.linear.relative_tolerance = 1e-10;
      std::shared_ptr<DistributedMesh> mesh;
      if (block)
        {
          settings.materials[0]        = parse_material_spec("neo-Hookean(E=10, nu=0.45)");
          settings.boundary_conditions = parse_boundary_conditions(
            "0: fixed(x); 2: fixed(y); 4: fixed(z); 5: traction(0.3, 0.2, -1)");
          settings.load_stepping.initial_step = 0.5;
          mesh = box_mesh(comm, {6, 6, 6}, Point<3>(0, 0, 0), Point<3>(2, 2, 2));
        }
      else
        {
          settings.materials[0]        = parse_material_spec("linear-elastic(E=1000, nu=0.3)");
          settings.boundary_conditions = parse_boundary_conditions("0: fixed; 1: traction(0, 0.3, -1)");
          mesh = box_mesh(comm, {24, 2, 2}, Point<3>(0, 0, 0), Point<3>(16, 1, 1));
        }
      MechanicsProblem problem(comm, settings);
      problem.set_mesh(mesh);
      const std::string label = std::string(block ? "block" : "bar") + ", " + preconditioner;
      check.is_true("run completed (" + label + ")", problem.run().completed);
      // Bar: tip deflection; block: lateral displacement of the top face under shear.
      const auto motion = fit_rigid_body_motion_of_boundary(context_of(problem), {block ? 5u : 1u});
      Outcome outcome{block ? motion.translation[0] : motion.translation[2],
                      problem.last_linear_solve().iterations};
      if (Utilities::MPI::this_mpi_process(comm) == 0)
        std::cout << "  " << label << ": " << outcome.iterations << " iterations (last solve)"
                  << std::endl;
      return outcome;
    }

    Results
    p_multigrid(MPI_Comm comm, Checker &check)
    {
      Results results;
      for (const bool block : {false, true})
        {
          const std::string name   = block ? "block" : "bar";
          const Outcome     direct = solve(comm, check, block, "Direct");
          const Outcome     amg    = solve(comm, check, block, "AMG");
          const Outcome     pmg    = solve(comm, check, block, "p-multigrid");
          check.relative(name + ": p-multigrid solution = direct", pmg.value, direct.value, 1e-7);
          check.at_most(name + ": CG iterations p-multigrid / AMG", double(pmg.iterations) / amg.iterations,
                        1.);
          results[name + "_u"] = pmg.value;
        }
      return results;
    }

    const Register reg("p_multigrid", p_multigrid);
  } // namespace
} // namespace spine::verification
