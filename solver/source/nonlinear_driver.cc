// Load stepping 0 -> 1 with must points, extrapolated predictor, cut-back and growth, and
// Newton–Raphson with a backtracking line search.
#include <spine/solver/forcing_term.h>
#include <spine/solver/newton_error_estimate.h>
#include <spine/solver/mechanics_problem.h>

#include <deal.II/base/utilities.h>

#include <cmath>
#include <iomanip>
#include <sstream>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    std::string
    seconds_text(const double s)
    {
      std::ostringstream out;
      out << std::fixed << std::setprecision(s < 10 ? 2 : 0) << s << " s";
      return out.str();
    }

    std::string
    short_text(const double x)
    {
      std::ostringstream out;
      out << std::scientific << std::setprecision(0) << x;
      return out.str();
    }
  } // namespace

  MechanicsProblem::NewtonOutcome
  MechanicsProblem::solve_step(Vector &u, const double lambda, const unsigned int step)
  {
    const auto &   nl = settings_.nonlinear;
    NewtonOutcome  outcome;
    Vector         du(owned, comm), u_start(owned, comm);
    Timer          clock;
    if (settings_.linear.reuse_preconditioner)
      reset_preconditioner();

    const auto evaluate = [&](const Vector &trial, const bool with_matrix) -> double {
      ghosted_solution = trial;
      if (!assemble(ghosted_solution, lambda, with_matrix))
        return std::numeric_limits<double>::infinity();
      return system_rhs.l2_norm();
    };

    double residual = evaluate(u, true);
    double reference = std::max(residual, internal_force_owned.l2_norm());
    if (!std::isfinite(residual))
      {
        outcome.failure = "inverted element in the initial guess";
        return outcome;
      }

    // A geometrically linear run is solved by its first Newton iteration: keep it exact.
    const bool inexact = settings_.linear.forcing_term == "Eisenstat-Walker" && !geometrically_linear;
    const ForcingTerm forcing{settings_.linear.relative_tolerance};
    double            previous_residual = 0., previous_increment = 0.;
    for (unsigned int it = 1; it <= nl.max_iterations; ++it)
      {
        const double target_residual = std::max(nl.residual_absolute, nl.residual_relative * reference);
        const double tolerance =
          inexact ? forcing.next(residual, previous_residual, target_residual) : settings_.linear.relative_tolerance;
        previous_residual = residual;
        LinearSolveReport report;
        try
          {
            report = solve_linear_system(du, tolerance);
          }
        catch (const std::exception &e)
          {
            outcome.failure = "linear solver failed";
            return outcome;
          }
        outcome.linear_iterations += report.iterations;

        // The increment test is known before the residual: an update that fails it cannot be
        // the last and assembles the tangent with its residual; one that passes it may be the
        // last and assembles the residual alone (the tangent follows only if Newton goes on).
        // A geometrically linear model is solved once the residual is small: its first
        // increment is the whole solution and says nothing about convergence.
        // The test is on the error left after the update (newton_error_estimate.h).
        const double du_norm = du.l2_norm();
        const auto   increment_small = [&](const double length) {
          const double error = newton_error_estimate(length * du_norm, previous_increment);
          return geometrically_linear || error <= nl.increment_absolute ||
                 error <= nl.increment_relative * u.l2_norm();
        };

        // Backtracking line search on the residual norm.
        u_start         = u;
        double step_length = 1.;
        u.add(1., du);
        bool         increment_ok   = increment_small(1.);
        double       trial_residual = evaluate(u, !increment_ok);
        const double full_step_residual = trial_residual;
        const auto   decreased = [&]() { return trial_residual < (1. - 1e-4 * step_length) * residual; };
        if (nl.line_search && !decreased())
          {
            // Shorter steps are tried on the residual alone; the tangent is assembled once,
            // at the step that is finally taken.
            for (unsigned int ls = 0; ls < nl.max_line_search_steps && !decreased(); ++ls)
              {
                step_length *= 0.5;
                u = u_start;
                u.add(step_length, du);
                trial_residual = evaluate(u, false);
              }
            // No shorter step helped either: the residual norm is a poor merit function here
            // (typically a large rotation, whose linearised first step raises |R| before
            // Newton converges quadratically), so take the full Newton step if it was
            // admissible, else the shortest one.
            if (!decreased() && std::isfinite(full_step_residual))
              {
                step_length = 1.;
                u           = u_start;
                u.add(1., du);
              }
            increment_ok   = increment_small(step_length);
            trial_residual = evaluate(u, !increment_ok);
          }
        residual = trial_residual;
        outcome.iterations = it;
        outcome.residual   = residual;
        if (!std::isfinite(residual))
          {
            outcome.failure = "inverted element or non-finite residual";
            return outcome;
          }
        reference = std::max(reference, internal_force_owned.l2_norm());
        const double increment = step_length * du_norm;
        const double u_norm    = u.l2_norm();
        previous_increment     = increment;

        const double elapsed = run_clock.wall_time();
        const double eta     = lambda > 0. ? elapsed * (1. - lambda) / lambda : 0.;
        pcout << "step " << std::setw(3) << step << "  load " << std::fixed << std::setprecision(4)
              << lambda << "  it " << std::setw(2) << it << std::scientific << std::setprecision(2)
              << "  |R| " << residual << " (rel " << residual / std::max(reference, 1e-300) << ")"
              << "  |du| " << increment << (step_length < 1. ? "  ls " : "")
              << (step_length < 1. ? std::to_string(step_length) : std::string())
              << "  lin " << report.iterations
              << (inexact && settings_.linear.type != "Direct" ? "  tol " + short_text(tolerance) : std::string())
              << "  elapsed " << seconds_text(elapsed)
              << "  left ~" << seconds_text(eta) << std::defaultfloat << std::endl;

        const bool residual_ok =
          residual <= nl.residual_absolute || residual <= nl.residual_relative * reference;
        // Round-off floor: an update below 1e-11 |u| cannot reduce the residual further
        // (e.g. nearly incompressible laws, where U'(J) suffers cancellation at J ~ 1).
        const bool at_round_off = it > 1 && increment <= 1e-11 * u_norm;
        if ((residual_ok || at_round_off) && increment_ok)
          {
            if (!residual_ok)
              pcout << "  (residual at round-off level; update " << increment
                    << " below 1e-11 |u|: accepted)" << std::endl;
            outcome.converged = true;
            return outcome;
          }
        if (increment_ok && it < nl.max_iterations)
          evaluate(u, true);
      }
    outcome.failure = "no convergence in " + std::to_string(nl.max_iterations) + " iterations";
    (void)clock;
    return outcome;
  }

  RunSummary
  MechanicsProblem::run()
  {
    Assert(mesh, ExcMessage("set_mesh() must be called before run()"));
    Timer       wall;
    run_clock.restart();
    const auto &ls = settings_.load_stepping;
    RunSummary  summary;

    std::vector<double> must_points = ls.must_points;
    must_points.push_back(1.);
    std::sort(must_points.begin(), must_points.end());

    if (Utilities::MPI::this_mpi_process(comm) == 0 &&
        (settings_.output.write_files || settings_.output.write_vtu))
      std::system(("mkdir -p '" + settings_.output.directory + "'").c_str());
    MPI_Barrier(comm);

    Vector u(owned, comm), u_previous(owned, comm), u_trial(owned, comm);
    double lambda = 0., step_size = std::min(ls.initial_step, ls.maximum_step);
    double last_step_size = 0.;
    bool   last_step_failed = false;
    const double tiny = 1e-12;

    bool any_preload = false;
    for (const auto &bc : settings_.boundary_conditions)
      any_preload = any_preload || bc.preload;
    if (ls.equilibrate_initial_state || any_preload)
      {
        // Step 0: the neutral state with pre-stress and preloads; preloads are ramped with
        // the load-stepping controls (cut-back on failure), pre-stress alone is one solve.
        apply_dirichlet_values(u, 0.);
        Vector        u_converged = u;
        NewtonOutcome outcome;
        double        applied = 0., ramp = any_preload ? std::min(ls.initial_step, ls.maximum_step) : 1.;
        // The neutral state does not depend on the moment's direction: take it from an
        // earlier run of the same model if one was given (every rank must have it).
        const bool fits = given_neutral_state_.size() == u.size() &&
                          given_neutral_state_.locally_owned_elements() == owned;
        if (Utilities::MPI::min(fits ? 1u : 0u, comm) == 1u)
          {
            u                 = given_neutral_state_;
            applied           = 1.;
            outcome.converged = true;
            pcout << "step   0  neutral state taken from the previous run of this model" << std::endl;
          }
        while (applied < 1. - tiny)
          {
            preload_factor = std::min(1., applied + ramp);
            if (any_preload)
              pcout << "preload " << preload_factor << " of 1" << std::endl;
            u       = u_converged;
            outcome = solve_step(u, 0., 0);
            summary.newton_iterations += outcome.iterations;
            summary.linear_iterations += outcome.linear_iterations;
            if (outcome.converged)
              {
                applied     = preload_factor;
                u_converged = u;
                if (outcome.iterations <= ls.easy_iterations)
                  ramp = std::min(ramp * ls.growth_factor, ls.maximum_step);
                continue;
              }
            ++summary.cutbacks;
            ramp *= ls.cutback_factor;
            if (!any_preload || ramp < ls.minimum_step)
              break;
          }
        preload_factor = applied;
        if (!outcome.converged)
          {
            summary.message = std::string(any_preload ? "the preloaded" : "the pre-stressed") +
                              " neutral state did not equilibrate (" + outcome.failure + ")";
            summary.wall_seconds = wall.wall_time();
            pcout << "STOPPED: " << summary.message << std::endl;
            if (settings_.output.write_files)
              write_summary(summary);
            return summary;
          }
        u_previous       = u;
        ghosted_solution = u;
        solution_owned   = u;
        neutral_state_   = u;
        assemble(ghosted_solution, 0., false);
        record_step_statistics(0, 0., outcome);
        StepContext context{*this, dofs, *mapping_, *fe_, ghosted_solution, ghosted_internal_force, 0., 0, true,
                            comm, statistics_, settings_.output.directory};
        for (const auto &entry : postprocessors)
          entry.first(context);
      }

    while (lambda < 1. - tiny)
      {
        const double next_must =
          *std::find_if(must_points.begin(), must_points.end(), [&](double m) { return m > lambda + tiny; });
        // No short remainder step before a must point (it costs as many Newton iterations
        // as a full one): reach the must point at once if that stretches the step by at
        // most one growth factor (not right after a cut-back), else split the way there
        // into equal steps.
        const double distance = next_must - lambda;
        double       increment = std::min(step_size, ls.maximum_step);
        if (distance <= std::min(ls.growth_factor * increment, ls.maximum_step) && !last_step_failed)
          increment = distance;
        else if (distance > increment)
          increment = distance / std::ceil(distance / increment - 1e-9);
        else
          increment = distance;
        const double target = std::abs(lambda + increment - next_must) < tiny ? next_must :
                                                                               lambda + increment;
        increment = target - lambda;

        // Predictor: extrapolate the last converged increment, then impose the Dirichlet
        // values of the new load level.
        u_trial = u;
        if (ls.extrapolate && last_step_size > 0.)
          {
            u_trial.add(increment / last_step_size, u);
            u_trial.add(-increment / last_step_size, u_previous);
          }
        apply_dirichlet_values(u_trial, target);
        if (update_interaction_couplings(u_trial))
          pcout << "step " << std::setw(3) << summary.steps + 1 << "  contact couplings grew: matrix rebuilt"
                << std::endl;

        NewtonOutcome outcome = solve_step(u_trial, target, summary.steps + 1);
        summary.newton_iterations += outcome.iterations;
        summary.linear_iterations += outcome.linear_iterations;
        // Augmented Lagrangian: while an interaction's multipliers still move, solve the step
        // again at the same load from its converged state (every interaction is asked: the
        // calls are collective).
        const auto settled = [&]() {
          bool all = true;
          for (const auto &interaction : interactions)
            all = interaction->augment() && all;
          return all;
        };
        while (outcome.converged && !settled())
          {
            pcout << "step " << std::setw(3) << summary.steps + 1 << "  multipliers updated (augmented Lagrangian)"
                  << std::endl;
            const NewtonOutcome again = solve_step(u_trial, target, summary.steps + 1);
            summary.newton_iterations += again.iterations;
            summary.linear_iterations += again.linear_iterations;
            outcome.converged = again.converged;
            outcome.failure   = again.failure;
            outcome.residual  = again.residual;
            outcome.iterations += again.iterations;
            outcome.linear_iterations += again.linear_iterations;
          }
        for (const auto &interaction : interactions)
          interaction->finish_step(outcome.converged);

        if (outcome.converged)
          {
            last_step_failed = false;
            u_previous = u;
            u          = u_trial;
            last_step_size = increment;
            lambda         = target;
            ++summary.steps;
            summary.last_converged_load = lambda;
            ghosted_solution            = u;
            solution_owned              = u;
            if (settings_.nonlinear.tangent_check)
              {
                Vector step_increment = u;
                step_increment -= u_previous;
                print_tangent_check(lambda, step_increment);
              }
            // Residual state (f_int, load resultants) at the converged solution.
            assemble(ghosted_solution, lambda, false);

            const bool must = std::abs(lambda - next_must) < tiny;
            record_step_statistics(summary.steps, lambda, outcome);
            StepContext context{*this,
                                dofs,
                                *mapping_,
                                *fe_,
                                ghosted_solution,
                                ghosted_internal_force,
                                lambda,
                                summary.steps,
                                must,
                                comm,
                                statistics_,
                                settings_.output.directory};
            {
              TimerOutput::Scope scope(*timer, "postprocessing");
              for (const auto &[postprocessor, when] : postprocessors)
                if (must || when == When::every_step)
                  postprocessor(context);
            }
            if (must && settings_.output.write_vtu)
              write_output(summary.steps, lambda);
            if (settings_.output.write_files && Utilities::MPI::this_mpi_process(comm) == 0)
              statistics_.write_csv(settings_.output.directory + "/statistics.csv",
                                    "spine-fe load-step statistics (one row per converged step)");

            if (outcome.iterations <= ls.easy_iterations)
              step_size = std::min(std::max(step_size, increment) * ls.growth_factor,
                                   ls.maximum_step);
          }
        else
          {
            last_step_failed = true;
            ++summary.cutbacks;
            step_size = increment * ls.cutback_factor;
            pcout << "step " << summary.steps + 1 << " at load " << target << " failed ("
                  << outcome.failure << "); cutting the load increment to " << step_size
                  << std::endl;
            if (step_size < ls.minimum_step)
              {
                std::ostringstream message;
                message << "load increment " << step_size << " fell below the minimum step "
                        << ls.minimum_step << " (" << outcome.failure
                        << "); last converged load factor " << lambda;
                summary.message = message.str();
                break;
              }
          }
      }

    summary.completed    = lambda >= 1. - tiny;
    summary.wall_seconds = wall.wall_time();
    if (summary.completed)
      summary.message = "completed";
    ghosted_solution = u;
    pcout << (summary.completed ? "completed: " : "STOPPED: ") << summary.message << "; "
          << summary.steps << " steps, " << summary.newton_iterations << " Newton and "
          << summary.linear_iterations << " linear iterations, " << summary.cutbacks
          << " cut-backs, " << seconds_text(summary.wall_seconds) << std::endl;
    if (settings_.output.verbose)
      timer->print_summary();
    if (settings_.output.write_files)
      write_summary(summary);
    return summary;
  }

  void
  MechanicsProblem::record_step_statistics(const unsigned int   step,
                                           const double         lambda,
                                           const NewtonOutcome &outcome)
  {
    statistics_.start_row();
    statistics_.add_value("step", step);
    statistics_.add_value("load_factor", lambda);
    statistics_.add_value("newton_iterations", outcome.iterations);
    statistics_.add_value("linear_iterations", outcome.linear_iterations);
    statistics_.add_value("residual", outcome.residual, "N");
    for (const auto &interaction : interactions)
      interaction->add_statistics(statistics_);
    for (unsigned int b = 0; b < resultants.size(); ++b)
      if (settings_.boundary_conditions[b].kind == BoundaryKind::moment ||
          settings_.boundary_conditions[b].kind == BoundaryKind::pressure ||
          settings_.boundary_conditions[b].kind == BoundaryKind::follower_force ||
          settings_.boundary_conditions[b].kind == BoundaryKind::traction)
        {
          const std::string prefix = "load" + std::to_string(b) + "_" +
                                     to_string(settings_.boundary_conditions[b].kind) + "_b" +
                                     std::to_string(settings_.boundary_conditions[b].boundary_id);
          const char *axes = "xyz";
          for (unsigned int d = 0; d < 3; ++d)
            statistics_.add_value(prefix + "_F" + axes[d], resultants[b].force[d], "N");
          for (unsigned int d = 0; d < 3; ++d)
            statistics_.add_value(prefix + "_M" + axes[d], resultants[b].moment[d], "N mm");
        }
  }
} // namespace spine::solver
