// A run may start from the neutral state (step 0: pre-stress equilibrated at zero load) of an
// earlier run of the same model, as the study does for extension after flexion: it must end
// in the same state as a run that solves step 0 itself, without its Newton iterations, and a
// state that does not fit the DoFs (another mesh) must be ignored.
#include "common.h"

#include <deal.II/base/mpi.h>

#include <cmath>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    /// A clamped bar whose stress-free state is 5 % longer along an inclined axis than the
    /// mesh (so the clamped neutral state is bent and twisted), loaded at its free end.
    ProblemSettings
    prestressed_bar(const double end_traction)
    {
      ProblemSettings settings = quiet_settings("Direct");
      settings.materials[0] =
        parse_material_spec("neo-Hookean(E=10, nu=0.3, prestretch=1.05, pax=1, pay=0.3, paz=0.2)");
      settings.boundary_conditions =
        parse_boundary_conditions("0: fixed; 1: traction(0, 0, " + std::to_string(end_traction) + ")");
      settings.load_stepping.equilibrate_initial_state = true;
      settings.load_stepping.initial_step              = 0.5;
      return settings;
    }

    struct Outcome
    {
      RunSummary                     summary;
      Tensor<1, 3>                   end_translation, neutral_end_translation;
      MechanicsProblem::NeutralState neutral;
    };

    Outcome
    run_bar(MPI_Comm comm, const double end_traction, const std::vector<unsigned int> &repetitions,
            const MechanicsProblem::NeutralState *start = nullptr)
    {
      MechanicsProblem problem(comm, prestressed_bar(end_traction));
      problem.set_mesh(box_mesh(comm, repetitions, Point<3>(0, 0, 0), Point<3>(4, 1, 1)));
      if (start)
        problem.start_from_neutral_state(*start);
      Outcome o;
      bool    neutral_seen = false;
      problem.add_postprocessor([&](const StepContext &context) {
        if (!neutral_seen) // the first call is the neutral state (step 0)
          o.neutral_end_translation = fit_rigid_body_motion_of_boundary(context, {1}).translation;
        neutral_seen = true;
      });
      o.summary         = problem.run();
      o.end_translation = fit_rigid_body_motion_of_boundary(context_of(problem), {1}).translation;
      o.neutral         = problem.neutral_state();
      return o;
    }

    Results
    neutral_state(MPI_Comm comm, Checker &check)
    {
      const std::vector<unsigned int> mesh = {4, 1, 1}, other_mesh = {4, 2, 1};
      const Outcome up = run_bar(comm, 0.05, mesh);
      check.is_true("upward run completed", up.summary.completed);
      check.is_true("upward run recorded its neutral state", up.neutral.size() > 0);

      const Outcome down_solved = run_bar(comm, -0.05, mesh);
      const Outcome down_reused = run_bar(comm, -0.05, mesh, &up.neutral);
      check.is_true("downward runs completed", down_solved.summary.completed && down_reused.summary.completed);
      const double scale = down_solved.end_translation.norm();
      check.at_most("end displacement, reused vs solved neutral state (relative)",
                    (down_reused.end_translation - down_solved.end_translation).norm() / scale, 1e-9);
      check.at_most("neutral state seen by the postprocessors, reused vs solved (relative)",
                    (down_reused.neutral_end_translation - down_solved.neutral_end_translation).norm() /
                      down_solved.neutral_end_translation.norm(),
                    1e-12);
      check.is_true("the neutral state is not the undeformed mesh",
                    down_solved.neutral_end_translation.norm() > 0.01);
      check.is_true("the reused run skipped step 0's Newton iterations (" +
                      std::to_string(down_reused.summary.newton_iterations) + " < " +
                      std::to_string(down_solved.summary.newton_iterations) + ")",
                    down_reused.summary.newton_iterations < down_solved.summary.newton_iterations);
      // Step 0 is at zero load: the independently solved neutral states agree.
      MechanicsProblem::NeutralState difference = up.neutral;
      difference -= down_solved.neutral;
      check.at_most("neutral state after the upward vs the downward run (relative)",
                    difference.linfty_norm() / up.neutral.linfty_norm(), 1e-12);

      // Another mesh: the given state does not fit and step 0 is solved as usual.
      const Outcome other_solved = run_bar(comm, -0.05, other_mesh);
      const Outcome other_given  = run_bar(comm, -0.05, other_mesh, &up.neutral);
      check.is_true("a neutral state of another mesh is ignored (same iterations)",
                    other_given.summary.completed &&
                      other_given.summary.newton_iterations == other_solved.summary.newton_iterations);
      check.at_most("another mesh: same end displacement",
                    (other_given.end_translation - other_solved.end_translation).norm() /
                      other_solved.end_translation.norm(),
                    1e-12);
      return {{"end_z_up", up.end_translation[2]},
              {"end_z_down", down_reused.end_translation[2]},
              {"neutral_end_x", down_reused.neutral_end_translation[0]}};
    }

    const Register reg("neutral_state", neutral_state);
  } // namespace
} // namespace spine::verification
