// Ligament fibres: the bilinear tension-only law (no force in compression, the force-strain
// curve), the consistent tangent of a fibre against central differences, and a block held by
// four fibres against a pulling traction (equilibrium and stretch against the closed form;
// on 2 ranks the fibres join cells of different ranks).
#include "common.h"
#include "two_boxes.h"

#include <spine/solver/ligament_fibres.h>

#include <deal.II/base/mpi.h>

#include <cmath>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    LigamentLaw
    test_law()
    {
      LigamentLaw law;
      law.E_toe             = 10.;
      law.E_linear          = 40.;
      law.transition_strain = 0.1;
      law.area              = 2.;
      law.prestrain         = 0.02;
      return law;
    }

    /// Strain at which the law carries @p force (inverse of the bilinear curve).
    double
    strain_at(const LigamentLaw &law, const double force)
    {
      const double toe_force = law.E_toe * law.area * law.transition_strain;
      return force <= toe_force ? force / (law.E_toe * law.area) :
                                  law.transition_strain + (force - toe_force) / (law.E_linear * law.area);
    }

    std::vector<FibreSpec>
    corner_fibres(const LigamentLaw &law)
    {
      std::vector<FibreSpec> fibres;
      for (const double y : {0., 1.})
        for (const double z : {0., 1.})
          {
            FibreSpec f;
            f.ligament    = "TEST";
            f.name        = "TEST-" + std::to_string(fibres.size() + 1);
            f.end_a       = Point<3>(1., y, z);
            f.end_b       = Point<3>(3., y, z);
            f.materials_a = {0};
            f.materials_b = {1};
            f.law         = law;
            fibres.push_back(f);
          }
      return fibres;
    }

    Results
    ligament(MPI_Comm comm, Checker &check)
    {
      const LigamentLaw law = test_law();
      check.is_true("no force in compression", law.force(-0.05) == 0. && law.stiffness(-0.05) == 0.);
      check.relative("force in the toe region", law.force(0.05), 10. * 2. * 0.05, 1e-14);
      check.relative("force beyond the transition", law.force(0.2), 2. * (10. * 0.1 + 40. * 0.1), 1e-14);

      // Block B ([3,4] x [0,1]^2, stiff) pulled in +x by 30 N, held by four fibres of length 2
      // to the fixed block A; B may only move in x.
      const double force = 30.;
      ProblemSettings settings = quiet_settings("Direct");
      settings.materials[0]    = parse_material_spec("neo-Hookean(E=1e5, nu=0.3)");
      settings.materials[1]    = parse_material_spec("neo-Hookean(E=1e5, nu=0.3)");
      settings.boundary_conditions = parse_boundary_conditions(
        "0: fixed; 14: fixed(z); 12: fixed(y); 11: traction(" + std::to_string(force) + ", 0, 0)");
      settings.load_stepping.initial_step = 0.5;
      MechanicsProblem problem(comm, settings);
      auto fibres = std::make_shared<LigamentFibres>(corner_fibres(law));
      problem.add_interaction(fibres);
      problem.set_mesh(two_boxes(comm, {Box{{2, 2, 2}, Point<3>(0, 0, 0), Point<3>(1, 1, 1)}},
                                 Box{{2, 2, 2}, Point<3>(3, 0, 0), Point<3>(4, 1, 1)}));
      const RunSummary summary = problem.run();
      check.is_true("run completed", summary.completed);
      if (Utilities::MPI::n_mpi_processes(comm) > 1)
        check.is_true("a fibre joins DoFs of two ranks", fibres->spans_ranks());

      double total = 0.;
      for (const auto &s : fibres->states())
        total += s.force;
      check.relative("fibre forces balance the traction", total, force, 1e-6);
      {
        // CG with the default (p-multigrid) preconditioner: the fibres couple DoFs that no
        // common cell holds (on 2 ranks DoFs of another rank), whose interpolation rows the
        // coarse operator imports; the solution must be the direct solver's.
        ProblemSettings iterative = settings;
        iterative.linear.type     = "CG";
        MechanicsProblem cg_problem(comm, iterative);
        auto             cg_fibres = std::make_shared<LigamentFibres>(corner_fibres(law));
        cg_problem.add_interaction(cg_fibres);
        cg_problem.set_mesh(two_boxes(comm, {Box{{2, 2, 2}, Point<3>(0, 0, 0), Point<3>(1, 1, 1)}},
                                      Box{{2, 2, 2}, Point<3>(3, 0, 0), Point<3>(4, 1, 1)}));
        check.is_true("run completed with CG + " + iterative.linear.preconditioner,
                      cg_problem.run().completed);
        for (unsigned int f = 0; f < 4; ++f)
          check.relative("fibre " + std::to_string(f) + " force, CG = direct",
                         cg_fibres->states()[f].force, fibres->states()[f].force, 1e-7);
      }
      // The four fibres share the load nearly equally (the block bends a little).
      const double strain = strain_at(law, force / 4.);
      Results      results{{"total_force", total}};
      for (unsigned int f = 0; f < 4; ++f)
        {
          const auto &s = fibres->states()[f];
          check.relative("fibre " + std::to_string(f) + " strain vs the inverse law", s.strain, strain, 3e-3);
          check.relative("fibre " + std::to_string(f) + " strain from its length", s.strain,
                         (s.length - 2.) / 2. + law.prestrain, 1e-12);
          results["fibre" + std::to_string(f) + "_strain"] = s.strain;
        }

      // Consistent tangent of the fibre forces against central differences (one rank holds
      // every DoF, so the displacement can be perturbed in place).
      if (Utilities::MPI::n_mpi_processes(comm) == 1)
        {
          TrilinosWrappers::MPI::Vector v0(problem.dof_handler().locally_owned_dofs(), comm);
          v0 = problem.solution();
          std::vector<types::global_dof_index> dofs;
          dealii::Vector<double>               f;
          FullMatrix<double>                   K;
          // Keeps the first fibre's contribution only.
          const auto first_fibre = [&](const std::vector<types::global_dof_index> &i,
                                       const dealii::Vector<double> &              force,
                                       const FullMatrix<double> *                  k) {
            if (!dofs.empty())
              return;
            dofs = i;
            f    = force;
            if (k)
              K = *k;
          };
          fibres->assemble(v0, true, first_fibre);
          v0[dofs[4]] += 0.05; // sideways offset of end b: exercises the geometric stiffness
          const auto evaluate = [&](const TrilinosWrappers::MPI::Vector &v, const bool matrix) {
            const auto keep = dofs;
            dofs.clear();
            fibres->assemble(v, matrix, first_fibre);
            dofs = keep;
            return f;
          };
          evaluate(v0, true);
          const FullMatrix<double> tangent = K;
          double worst = 0., scale = 0.;
          const double h = 1e-6;
          for (unsigned int j = 0; j < dofs.size(); ++j)
            {
              auto vp = v0, vm = v0;
              vp[dofs[j]] += h;
              vm[dofs[j]] -= h;
              const auto fp = evaluate(vp, false), fm = evaluate(vm, false);
              for (unsigned int i = 0; i < dofs.size(); ++i)
                {
                  worst = std::max(worst, std::abs((fp(i) - fm(i)) / (2 * h) - tangent(i, j)));
                  scale = std::max(scale, std::abs(tangent(i, j)));
                }
            }
          check.at_most("fibre tangent vs central differences (rel.)", worst / scale, 1e-6);
        }
      // An attachment site with no node of its bone nearby is an input error before any solve.
      {
        auto missing          = corner_fibres(law);
        missing[0].end_b      = Point<3>(30., 0., 0.);
        ProblemSettings other = settings;
        MechanicsProblem bad(comm, other);
        bad.add_interaction(std::make_shared<LigamentFibres>(missing));
        const std::string message = input_error_of([&] { bad.set_mesh(two_boxes(comm, Box{{1, 1, 1}, Point<3>(0, 0, 0), Point<3>(1, 1, 1)}, Box{{1, 1, 1}, Point<3>(3, 0, 0), Point<3>(4, 1, 1)})); });
        check.is_true("missing attachment: '" + message + "'",
                      message.find("TEST-1") != std::string::npos &&
                        message.find("missing from the mesh") != std::string::npos);
      }
      return results;
    }

    const Register reg("ligament", ligament);
  } // namespace
} // namespace spine::verification
