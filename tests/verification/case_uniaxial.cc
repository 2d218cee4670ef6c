// Finite-strain uniaxial stretch of a compressible neo-Hookean cube (symmetry conditions on
// three faces, lateral faces free) against the closed-form homogeneous solution; and the
// nonlinear driver's recovery from a too-large first step (cut-back) and its clean stop.
#include "common.h"

#include <spine/solver/fluid_cavity.h>

#include <cmath>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    /// Lateral stretch and nominal stress of uniaxial tension, W = mu/2 (I1-3) - mu lnJ +
    /// lambda/2 (lnJ)^2: S22 = mu (1 - 1/l2^2) + lambda ln(l1 l2^2) / l2^2 = 0.
    /// With @p cavity_K > 0 the cube is also a fluid cavity: P_ii gains K (J - 1) J / l_i.
    std::pair<double, double>
    closed_form(const double stretch, const double E, const double nu, const double cavity_K = 0.)
    {
      const double mu = E / (2. * (1. + nu)), lambda = E * nu / ((1. + nu) * (1. - 2. * nu));
      double       l2 = 1.;
      for (unsigned int it = 0; it < 100; ++it)
        {
          const auto g = [&](double x) {
            const double J = stretch * x * x;
            return mu * (x * x - 1.) + lambda * std::log(J) + cavity_K * (J - 1.) * J;
          }; // = l2^2 * S22
          const double h     = 1e-7;
          const double slope = (g(l2 + h) - g(l2 - h)) / (2. * h);
          l2 -= g(l2) / slope;
        }
      const double J   = stretch * l2 * l2;
      const double S11 = mu * (1. - 1. / (stretch * stretch)) + lambda * std::log(J) / (stretch * stretch) +
                         cavity_K * (J - 1.) * J / (stretch * stretch);
      return {l2, stretch * S11};
    }

    ProblemSettings
    uniaxial_settings(const double end_displacement)
    {
      ProblemSettings settings = quiet_settings("Direct");
      settings.materials[0]    = parse_material_spec("neo-Hookean(E=10, nu=0.3)");
      settings.boundary_conditions = parse_boundary_conditions(
        "0: fixed(x); 2: fixed(y); 4: fixed(z); 1: displacement(x=" +
        std::to_string(end_displacement) + ")");
      return settings;
    }

    Results
    uniaxial(MPI_Comm comm, Checker &check)
    {
      const double     stretch  = 2.0;
      ProblemSettings  settings = uniaxial_settings(stretch - 1.);
      settings.load_stepping.initial_step = 0.25;
      MechanicsProblem problem(comm, settings);
      problem.set_mesh(box_mesh(comm, {2, 2, 2}, Point<3>(0, 0, 0), Point<3>(1, 1, 1)));
      const RunSummary summary = problem.run();
      check.is_true("run completed", summary.completed);
      const auto [l2, P11] = closed_form(stretch, 10., 0.3);
      const auto side      = fit_rigid_body_motion_of_boundary(context_of(problem), {3});
      const auto reaction  = reaction_on_boundary(context_of(problem), 1);
      check.relative("lateral stretch", 1. + side.translation[1], l2, 1e-8);
      check.relative("nominal stress P11 (reaction / A0)", reaction.force[0], P11, 1e-8);
      return {{"lateral_stretch", 1. + side.translation[1]}, {"P11", reaction.force[0]}};
    }

    Results
    fluid_cavity(MPI_Comm comm, Checker &check)
    {
      // The whole cube is a fluid cavity with K 100x the solid's shear modulus: it keeps its
      // volume to ~1 % while the energy adds K/2 (J - 1)^2 per volume, so the homogeneous
      // closed form still holds; the cavity pressure is -K (J - 1).
      const double     stretch = 1.5, K = 400.;
      ProblemSettings  settings = uniaxial_settings(stretch - 1.);
      settings.load_stepping.initial_step = 0.25;
      MechanicsProblem problem(comm, settings);
      auto             cavity = std::make_shared<FluidCavity>(std::set<types::material_id>{0}, K);
      problem.add_interaction(cavity);
      problem.set_mesh(box_mesh(comm, {2, 2, 2}, Point<3>(0, 0, 0), Point<3>(1, 1, 1)));
      const RunSummary summary = problem.run();
      check.is_true("run completed", summary.completed);
      check.at_most("Newton iterations (rank-one tangent term is consistent)", summary.newton_iterations,
                    6. * summary.steps);
      const auto [l2, P11] = closed_form(stretch, 10., 0.3, K);
      const auto side      = fit_rigid_body_motion_of_boundary(context_of(problem), {3});
      const auto reaction  = reaction_on_boundary(context_of(problem), 1);
      const double J       = stretch * l2 * l2;
      check.relative("lateral stretch", 1. + side.translation[1], l2, 1e-8);
      check.relative("nominal stress P11 (reaction / A0)", reaction.force[0], P11, 1e-8);
      check.relative("cavity volume V/V0", cavity->volume() / cavity->reference_volume(), J, 1e-8);
      check.relative("cavity pressure", cavity->pressure(), -K * (J - 1.), 1e-6);
      const std::string message = input_error_of([&] {
        MechanicsProblem bad(comm, uniaxial_settings(0.1));
        bad.add_interaction(std::make_shared<FluidCavity>(std::set<types::material_id>{7}, K));
        bad.set_mesh(box_mesh(comm, {1, 1, 1}, Point<3>(0, 0, 0), Point<3>(1, 1, 1)));
      });
      check.is_true("cavity without cells rejected: '" + message + "'",
                    message.find("no cells of material id(s) 7") != std::string::npos);
      return {{"lateral_stretch", 1. + side.translation[1]}, {"P11", reaction.force[0]},
              {"cavity_pressure", cavity->pressure()}};
    }

    Results
    cutback(MPI_Comm comm, Checker &check)
    {
      // Compress to 30 % of the height in one step: the first attempt inverts elements,
      // the driver cuts the step and must still reach the closed-form end state.
      Results results;
      {
        ProblemSettings settings            = uniaxial_settings(-0.5);
        settings.load_stepping.initial_step = 1.;
        settings.load_stepping.maximum_step = 1.;
        settings.nonlinear.max_iterations   = 12;
        MechanicsProblem problem(comm, settings);
        problem.set_mesh(box_mesh(comm, {2, 2, 2}, Point<3>(0, 0, 0), Point<3>(1, 1, 1)));
        const RunSummary summary = problem.run();
        check.is_true("run completed", summary.completed);
        check.is_true("at least one cut-back happened (" + std::to_string(summary.cutbacks) + ")",
                      summary.cutbacks >= 1);
        const auto [l2, P11] = closed_form(0.5, 10., 0.3);
        const auto reaction  = reaction_on_boundary(context_of(problem), 1);
        check.relative("nominal stress after recovery", reaction.force[0], P11, 1e-8);
        results["P11_after_cutback"] = reaction.force[0];
        results["cutbacks"]          = summary.cutbacks;
      }
      {
        // One Newton iteration is never enough for a nonlinear step: the driver must stop
        // at the minimum step with a message and keep the converged state (none here).
        ProblemSettings settings            = uniaxial_settings(0.5);
        settings.nonlinear.max_iterations   = 1;
        settings.load_stepping.initial_step = 0.5;
        settings.load_stepping.minimum_step = 0.1;
        MechanicsProblem problem(comm, settings);
        problem.set_mesh(box_mesh(comm, {1, 1, 1}, Point<3>(0, 0, 0), Point<3>(1, 1, 1)));
        const RunSummary summary = problem.run();
        check.is_true("impossible run reports not completed", !summary.completed);
        check.is_true("message names the last converged load: '" + summary.message + "'",
                      summary.message.find("last converged load factor") != std::string::npos);
        check.at_most("last converged load < 1", summary.last_converged_load, 0.999);
      }
      return results;
    }

    Results
    follower_force(MPI_Comm comm, Checker &check)
    {
      // Uniaxial compression by a follower force F on the x+ face: its resultant stays F while
      // the face grows laterally, so P11 = -F / A0 exactly; the closed form gives the stretch.
      // Once as an ordinary load, once as a preload equilibrated in step 0.
      const double force = 2.;
      double       low = 0.3, high = 1.;
      for (unsigned int it = 0; it < 200; ++it)
        {
          const double mid = 0.5 * (low + high);
          (closed_form(mid, 10., 0.3).second < -force ? low : high) = mid;
        }
      const double stretch = 0.5 * (low + high);
      Results      results;
      for (const bool preload : {false, true})
        {
          ProblemSettings settings     = quiet_settings("Direct");
          settings.materials[0]        = parse_material_spec("neo-Hookean(E=10, nu=0.3)");
          settings.boundary_conditions = parse_boundary_conditions(
            "0: fixed(x); 2: fixed(y); 4: fixed(z); 1: follower_force(" + std::to_string(force) +
            (preload ? ", preload)" : ")"));
          check.is_true("preload flag parsed", settings.boundary_conditions.back().preload == preload);
          settings.load_stepping.initial_step = 0.25;
          MechanicsProblem problem(comm, settings);
          problem.set_mesh(box_mesh(comm, {2, 2, 2}, Point<3>(0, 0, 0), Point<3>(1, 1, 1)));
          double force_at_step0 = 0.;
          problem.add_postprocessor([&](const StepContext &context) {
            if (context.step == 0)
              force_at_step0 = reaction_on_boundary(context, 0).force[0];
          });
          const RunSummary summary = problem.run();
          const std::string tag = preload ? " (preload)" : " (load)";
          check.is_true("run completed" + tag, summary.completed);
          const auto end      = fit_rigid_body_motion_of_boundary(context_of(problem), {1});
          const auto reaction = reaction_on_boundary(context_of(problem), 0);
          check.relative("stretch" + tag, 1. + end.translation[0], stretch, 1e-8);
          check.relative("reaction = F" + tag, reaction.force[0], force, 1e-8);
          if (preload)
            check.relative("full preload already in step 0", force_at_step0, force, 1e-8);
          results[preload ? "stretch_preload" : "stretch"] = 1. + end.translation[0];
        }
      // A constraint cannot be a preload.
      ProblemSettings bad = quiet_settings("Direct");
      bad.materials[0]    = parse_material_spec("neo-Hookean(E=10, nu=0.3)");
      bad.boundary_conditions = parse_boundary_conditions("0: fixed");
      bad.boundary_conditions[0].preload = true;
      const std::string message = input_error_of([&] {
        MechanicsProblem problem(comm, bad);
        problem.set_mesh(box_mesh(comm, {1, 1, 1}, Point<3>(0, 0, 0), Point<3>(1, 1, 1)));
      });
      check.is_true("fixed preload rejected: '" + message + "'", message.find("cannot be a preload") != std::string::npos);
      return results;
    }

    const Register reg3("follower_force", follower_force);
    const Register reg1("uniaxial", uniaxial);
    const Register reg2("cutback", cutback);
    const Register reg4("fluid_cavity", fluid_cavity);
  } // namespace
} // namespace spine::verification
