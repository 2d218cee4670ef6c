// Penalty contact: two stacked blocks with non-matching meshes, a gap that closes under a
// prescribed compression (contact patch test: uniform pressure, against the closed form of
// two linear-elastic blocks in series with the penalty), the smoothed penalty law, the
// augmented Lagrangian, and the sensitivity to the penalty.
#include "common.h"
#include "two_boxes.h"

#include <spine/solver/surface_contact.h>

#include <deal.II/base/mpi.h>

#include <cmath>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    struct Outcome
    {
      double open_force, force, area, peak;
      bool   completed;
      double tangent_error;
      /// Contact couplings in the sparsity pattern (all ranks) at the open-gap must point, at the end.
      std::size_t open_couplings, couplings;
    };

    /// Block A = [0,1]^3, block B = [0,1]^2 x [1+gap, 2+gap]; symmetry planes x = 0, y = 0,
    /// A's base fixed in z, B's top moved down by @p push (must point at half of it).
    Outcome
    press(MPI_Comm comm, const double gap, const double push, const double E, const double penalty,
          const unsigned int degree, const unsigned int augmentations = 0, const double smoothing = 0.,
          const double margin = 0.3)
    {
      ProblemSettings settings = quiet_settings("Direct");
      settings.fe_degree       = degree;
      const std::string law    = "linear elastic(E=" + std::to_string(E) + ", nu=0.3)";
      settings.materials[0]    = parse_material_spec(law);
      settings.materials[1]    = parse_material_spec(law);
      settings.boundary_conditions = parse_boundary_conditions(
        "4: fixed(z); 0: fixed(x); 2: fixed(y); 10: fixed(x); 12: fixed(y); 15: displacement(z=" +
        std::to_string(-push) + ")");
      settings.load_stepping.must_points  = {0.25};
      settings.load_stepping.initial_step = 0.25;
      settings.load_stepping.maximum_step = 0.25;
      MechanicsProblem problem(comm, settings);
      auto contact = std::make_shared<SurfaceContact>(std::vector<ContactPair>{{"blocks", 5, 14}}, penalty, 0.5,
                                                      margin, 0.25, true, augmentations, 1e-6, smoothing);
      problem.add_interaction(contact);
      double      open_force = -1.;
      std::size_t open_couplings = 0;
      problem.add_postprocessor([&](const StepContext &c) {
        if (std::abs(c.load_factor - 0.25) < 1e-9)
          {
            open_force     = contact->results()[0].force;
            open_couplings = Utilities::MPI::sum(contact->n_couplings(), comm);
          }
      });
      problem.set_mesh(two_boxes(comm, Box{{2, 2, 2}, Point<3>(0, 0, 0), Point<3>(1, 1, 1)},
                                 Box{{3, 3, 2}, Point<3>(0, 0, 1 + gap), Point<3>(1, 1, 2 + gap)}));
      const RunSummary summary = problem.run();
      const auto &     r       = contact->results()[0];
      Outcome          outcome{open_force, r.force, r.area, r.peak_pressure, summary.completed, 0.,
                      open_couplings, Utilities::MPI::sum(contact->n_couplings(), comm)};

      // Tangent against central differences of the residual, in a sheared contact state.
      const IndexSet &owned = problem.dof_handler().locally_owned_dofs();
      Vector          u(owned, comm);
      u = problem.solution();
      // Push block B 0.0005 deeper and shear it, so that contact is active and sliding. The
      // tangent holds the master normal fixed: the neglected term is of order p/h, here
      // ~1e-3 of the penalty term.
      {
        std::vector<types::global_dof_index> cell_dofs(problem.fe().n_dofs_per_cell());
        for (const auto &cell : problem.dof_handler().active_cell_iterators())
          if (cell->is_locally_owned() && cell->material_id() == 1)
            {
              cell->get_dof_indices(cell_dofs);
              for (unsigned int i = 0; i < cell_dofs.size(); ++i)
                if (owned.is_element(cell_dofs[i]))
                  {
                    const unsigned int c = problem.fe().system_to_component_index(i).first;
                    u[cell_dofs[i]]      = problem.solution()[cell_dofs[i]] + (c == 2 ? -0.0005 : c == 0 ? 0.01 : 0.);
                  }
            }
        u.compress(VectorOperation::insert);
      }
      const auto rhs_at = [&](const Vector &state, const bool matrix) {
        Vector g;
        g.reinit(problem.solution());
        g = state;
        problem.assemble(g, 1., matrix);
        Vector r(owned, comm);
        r = problem.residual_rhs();
        return r;
      };
      rhs_at(u, true);
      double worst = 0., scale = 0.;
      for (types::global_dof_index j = 0; j < problem.dof_handler().n_dofs(); j += degree)
        {
          const double h = 1e-7;
          Vector       up = u, um = u, e(owned, comm), column(owned, comm);
          if (owned.is_element(j))
            {
              up[j] += h;
              um[j] -= h;
              e[j] = 1.;
            }
          up.compress(VectorOperation::insert);
          um.compress(VectorOperation::insert);
          e.compress(VectorOperation::insert);
          Vector fd = rhs_at(um, false);
          fd -= rhs_at(up, false);
          fd /= 2. * h; // -dR/du_j
          rhs_at(u, true);
          problem.tangent_matrix().vmult(column, e);
          // A Dirichlet DoF has only its diagonal entry: not a derivative, skip it.
          const double diagonal = Utilities::MPI::sum(owned.is_element(j) ? std::abs(column[j]) : 0., comm);
          if (std::abs(column.l1_norm() - diagonal) < 1e-12 * diagonal)
            continue;
          column -= fd;
          worst = std::max(worst, column.linfty_norm());
          scale = std::max(scale, fd.linfty_norm());
        }
      outcome.tangent_error = worst / scale;
      return outcome;
    }

    Results
    contact(MPI_Comm comm, Checker &check)
    {
      const double gap = 0.02, push = 0.06, E = 100., penalty = 1e4;
      // Uniaxial strain is avoided: lateral faces are free, so each block is in uniaxial
      // stress sigma; series springs: push - gap = 2 sigma / E + sigma / penalty.
      const double sigma = (push - gap) / (2. / E + 1. / penalty);
      Results      results;
      for (const unsigned int degree : {1u, 2u})
        {
          const auto        o = press(comm, gap, push, E, penalty, degree);
          const std::string p = "P" + std::to_string(degree) + ": ";
          check.is_true(p + "run completed", o.completed);
          check.is_true(p + "no contact force while the gap is open (" + std::to_string(o.open_force) + " N)",
                        o.open_force == 0.);
          check.relative(p + "contact force vs closed form", o.force, sigma * 1., 2e-3);
          check.relative(p + "contact area (patch test)", o.area, 1., 1e-6);
          check.relative(p + "peak pressure = uniform pressure (patch test)", o.peak, sigma, 5e-3);
          check.at_most(p + "tangent vs central differences of the residual (rel.)", o.tangent_error, 5e-3);
          results[p.substr(0, 2) + "_force"] = o.force;
          results[p.substr(0, 2) + "_peak"]  = o.peak;
        }
      // Augmented Lagrangian with a soft penalty (its compliance half the blocks'): the pure
      // penalty transmits a third less than the closed form without penetration, the
      // augmented one the closed form itself.
      {
        const double rigid = (push - gap) / (2. / E), soft = 100.;
        const auto   plain = press(comm, gap, push, E, soft, 1);
        const auto   augmented = press(comm, gap, push, E, soft, 1, 40);
        check.relative("soft penalty alone: force vs series springs", plain.force, (push - gap) / (2. / E + 1. / soft), 2e-3);
        check.is_true("soft penalty alone misses the impenetrable closed form by " +
                        std::to_string(100. * (1. - plain.force / rigid)) + " % (> 20 %)",
                      plain.force < 0.8 * rigid);
        check.is_true("augmented Lagrangian run completed", augmented.completed);
        check.relative("augmented Lagrangian: force vs impenetrable closed form", augmented.force, rigid, 1e-4);
        results["P1_augmented_force"] = augmented.force;
      }
      // Smoothed penalty law, penetration h below the smoothing delta: p = eps h^2 / (2 delta);
      // in series with the blocks, push - gap = 2 p / E + h, a quadratic in h. The tangent
      // check then runs on the quadratic branch (slope eps h / delta).
      {
        const double soft = 100., delta = 0.05, a = soft / (2. * delta) * 2. / E;
        const double h = (-1. + std::sqrt(1. + 4. * a * (push - gap))) / (2. * a);
        const auto   smooth = press(comm, gap, push, E, soft, 1, 0, delta);
        check.is_true("smoothed penalty: run completed, penetration " + std::to_string(h) + " mm < smoothing " +
                        std::to_string(delta) + " mm",
                      smooth.completed && h < delta);
        check.relative("smoothed penalty: force vs closed form (quadratic branch)", smooth.force,
                       soft * h * h / (2. * delta), 2e-3);
        check.at_most("smoothed penalty: tangent vs central differences (rel.)", smooth.tangent_error, 5e-3);
        results["P1_smoothed_force"] = smooth.force;
      }
      // The couplings follow the contact: with a margin (0.01) below the initial gap (0.02)
      // the pattern has none while the gap is open; the predictor of the step that closes it
      // adds them, and force and tangent are those of the run coupled from the start.
      {
        const auto late = press(comm, gap, push, E, penalty, 2, 0, 0., 0.01);
        check.is_true("late couplings: none while the gap is open (" + std::to_string(late.open_couplings) + ")",
                      late.completed && late.open_couplings == 0);
        check.is_true("late couplings: added once the gap closed (" + std::to_string(late.couplings) + ")",
                      late.couplings > 0);
        check.relative("late couplings: force as coupled from the start", late.force, results["P2_force"], 1e-9);
        check.at_most("late couplings: tangent vs central differences (rel.)", late.tangent_error, 5e-3);
      }
      // Ten times the penalty changes the force by less than 5 % (here the compliance of the
      // penalty is 1/400 of the blocks').
      const auto stiff = press(comm, gap, push, E, 10. * penalty, 1);
      check.at_most("force change with 10 x penalty", std::abs(stiff.force / results["P1_force"] - 1.), 0.05);
      // A contact surface that is not on the mesh is an input error before any solve.
      {
        ProblemSettings settings = quiet_settings("Direct");
        settings.materials[0]    = parse_material_spec("linear elastic(E=1, nu=0.3)");
        settings.materials[1]    = parse_material_spec("linear elastic(E=1, nu=0.3)");
        MechanicsProblem bad(comm, settings);
        bad.add_interaction(std::make_shared<SurfaceContact>(std::vector<ContactPair>{{"facet_left", 5, 99}}, 1e3));
        const std::string message = input_error_of([&] { bad.set_mesh(two_boxes(comm, Box{{1, 1, 1}, Point<3>(0, 0, 0), Point<3>(1, 1, 1)}, Box{{1, 1, 1}, Point<3>(0, 0, 2), Point<3>(1, 1, 3)})); });
        check.is_true("missing contact surface: '" + message + "'",
                      message.find("facet_left") != std::string::npos && message.find("99") != std::string::npos);
      }
      // A rim fade that is not positive is refused by name.
      const std::string margin = input_error_of([] { SurfaceContact({{"facet_left", 5, 6}}, 1e3, 1., -0.1); });
      check.is_true("negative coupling margin: '" + margin + "'", margin.find("coupling margin must be >= 0") != std::string::npos);
      const std::string fade = input_error_of([] { SurfaceContact({{"facet_left", 5, 6}}, 1e3, 1., 3., 0.); });
      check.is_true("rim fade 0: '" + fade + "'", fade.find("rim fade") != std::string::npos);
      const std::string smoothing = input_error_of([] { SurfaceContact({{"facet_left", 5, 6}}, 1e3, 1., 3., 0.25, true, 0, 0.01, -1.); });
      check.is_true("smoothing -1: '" + smoothing + "'", smoothing.find("penalty smoothing") != std::string::npos);
      return results;
    }

    const Register reg("contact", contact);
  } // namespace
} // namespace spine::verification
