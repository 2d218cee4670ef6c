// Beam cases: cantilever tip deflection vs Timoshenko beam theory (small strain), and a
// slender bar under a pure end moment curling to 90° (finite strain, follower couple).
#include "common.h"

#include <deal.II/base/numbers.h>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    Results
    cantilever(MPI_Comm comm, Checker &check)
    {
      // Bar along x, L = 10, square 1 x 1, clamped at x = 0, shear load P at x = L.
      const double L = 10., E = 1000., nu = 0., P = 1.;
      ProblemSettings settings = quiet_settings("CG");
      settings.materials[0]    = parse_material_spec("linear-elastic(E=1000, nu=0)");
      settings.boundary_conditions = parse_boundary_conditions("0: fixed; 1: traction(0, 0, -1)");
      MechanicsProblem problem(comm, settings);
      problem.set_mesh(box_mesh(comm, {20, 2, 2}, Point<3>(0, 0, 0), Point<3>(L, 1, 1)));
      const RunSummary summary = problem.run();
      check.is_true("run completed", summary.completed);

      const double I = 1. / 12., A = 1., G = E / (2. * (1. + nu)), kappa = 5. / 6.;
      const double expected = P * L * L * L / (3. * E * I) + P * L / (kappa * G * A);
      const auto   tip      = fit_rigid_body_motion_of_boundary(context_of(problem), {1});
      check.relative("tip deflection vs Timoshenko", -tip.translation[2], expected, 0.02);
      const auto reaction = reaction_on_boundary(context_of(problem), 0, Point<3>(0, 0.5, 0.5));
      check.relative("reaction force balances the load", reaction.force[2], P, 1e-8);
      check.relative("reaction moment = P L", -reaction.moment[1], P * L, 1e-3);
      return {{"tip_deflection", -tip.translation[2]},
              {"tip_rotation_y", tip.rotation_vector_deg[1]},
              {"reaction_Fz", reaction.force[2]}};
    }

    Results
    end_moment(MPI_Comm comm, Checker &check)
    {
      // Bar along x, L = 20, square 1 x 1, clamped at x = 0; moment about y at x = L.
      // Elastica: constant curvature M/(EI), tip rotation M L / (E I) at any rotation.
      const double L = 20., E = 1000., I = 1. / 12.;
      const double M = 0.5 * numbers::PI * E * I / L; // 90° at load factor 1
      ProblemSettings settings = quiet_settings("Direct");
      settings.materials[0]    = parse_material_spec("neo-Hookean(E=1000, nu=0)");
      BoundaryConditionSpec clamp, moment;
      clamp.boundary_id  = 0;
      moment.boundary_id = 1;
      moment.kind        = BoundaryKind::moment;
      moment.vector[1]   = -M; // negative about y lifts the tip towards +z
      settings.boundary_conditions       = {clamp, moment};
      settings.load_stepping.must_points = {1. / 3., 2. / 3., 1.};
      settings.load_stepping.initial_step = 0.1;
      settings.load_stepping.maximum_step = 0.1;
      settings.nonlinear.max_iterations   = 25;

      MechanicsProblem problem(comm, settings);
      Results          results;
      problem.add_postprocessor([&](const StepContext &context) {
        const auto   tip      = fit_rigid_body_motion_of_boundary(context, {1});
        const double expected = 90. * context.load_factor;
        const std::string at  = " at load " + std::to_string(context.load_factor);
        check.relative("tip rotation (deg)" + at, -tip.rotation_vector_deg[1], expected, 0.02);
        const auto &load = context.problem.load_resultants()[1];
        check.at_most("net force of the moment load / (M/L)" + at,
                      load.force.norm() / (M / L), 1e-6);
        check.relative("moment of the load" + at, -load.moment[1], M * context.load_factor, 1e-9);
        results["tip_rotation_deg_" + std::to_string(context.step)] = -tip.rotation_vector_deg[1];
        results["tip_x_" + std::to_string(context.step)] = tip.translation[0];
      });
      problem.set_mesh(box_mesh(comm, {20, 2, 2}, Point<3>(0, 0, 0), Point<3>(L, 1, 1)));
      const RunSummary summary = problem.run();
      check.is_true("run completed", summary.completed);
      // Circular arc: tip at x = R sin(theta), R = L / theta, measured at the axis.
      return results;
    }

    const Register reg1("cantilever", cantilever);
    const Register reg2("end_moment", end_moment);
  } // namespace
} // namespace spine::verification
