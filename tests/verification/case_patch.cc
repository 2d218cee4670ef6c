// Patch test: an affine displacement prescribed on the whole boundary of a distorted mesh
// must be reproduced at every node to round-off, for small-strain Hooke and for
// finite-strain neo-Hookean (uniform F solves the homogeneous problem exactly).
#include "common.h"

#include <deal.II/grid/grid_tools.h>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    double
    max_nodal_error(MechanicsProblem &problem, const Tensor<2, 3> &H)
    {
      const StepContext context = context_of(problem);
      // Nodes of the whole mesh: a rigid-body fit would hide errors, so compare directly.
      const auto &fe = problem.fe();
      const Quadrature<3> support(fe.get_unit_support_points());
      FEValues<3>         values(problem.mapping(), fe, support, update_quadrature_points);
      std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
      double error = 0.;
      for (const auto &cell : problem.dof_handler().active_cell_iterators())
        if (cell->is_locally_owned())
          {
            values.reinit(cell);
            cell->get_dof_indices(dofs);
            for (unsigned int i = 0; i < dofs.size(); ++i)
              {
                const unsigned int c     = fe.system_to_component_index(i).first;
                const double       exact = (H * values.quadrature_point(i))[c];
                error = std::max(error, std::abs(context.solution(dofs[i]) - exact));
              }
          }
      return Utilities::MPI::max(error, context.comm);
    }

    Results
    patch_test(MPI_Comm comm, Checker &check)
    {
      Results results;
      const auto make_mesh = [&]() {
        return box_mesh(comm, {3, 3, 3}, Point<3>(0, 0, 0), Point<3>(1., 1.2, 0.8),
                        [](Triangulation<3> &tria) { GridTools::distort_random(0.25, tria, true); });
      };
      struct Variant
      {
        std::string law;
        double      scale;
        unsigned    degree;
        bool        reduced_quadrature = false;
      };
      // The reduced rules (P2 4 points, P1 1 point) must still reproduce a homogeneous state:
      // a rule too weak for the stiffness would leave zero-energy modes and fail here.
      for (const Variant v : {Variant{"linear-elastic(E=1000, nu=0.3)", 1e-3, 2},
                              Variant{"neo-Hookean(E=1000, nu=0.3)", 0.15, 2},
                              Variant{"Mooney-Rivlin(C10=100, C01=30, K=2000)", 0.15, 1},
                              Variant{"neo-Hookean(E=1000, nu=0.3)", 0.15, 2, true},
                              Variant{"Mooney-Rivlin(C10=100, C01=30, K=2000)", 0.15, 1, true}})
        {
          Tensor<2, 3> H;
          const double entries[3][3] = {{0.8, 0.3, -0.2}, {0.1, -0.5, 0.4}, {-0.3, 0.2, 0.6}};
          for (unsigned int i = 0; i < 3; ++i)
            for (unsigned int j = 0; j < 3; ++j)
              H[i][j] = v.scale * entries[i][j];
          ProblemSettings settings = quiet_settings("CG");
          settings.fe_degree       = v.degree;
          settings.reduced_quadrature = v.reduced_quadrature;
          settings.materials[0]    = parse_material_spec(v.law);
          for (unsigned int b = 0; b < 6; ++b)
            {
              BoundaryConditionSpec bc;
              bc.boundary_id           = b;
              bc.kind                  = BoundaryKind::displacement;
              bc.displacement_function = [H](const Point<3> &p) { return H * p; };
              settings.boundary_conditions.push_back(bc);
            }
          settings.load_stepping.initial_step = 0.5;
          MechanicsProblem problem(comm, settings);
          problem.set_mesh(make_mesh());
          const RunSummary summary = problem.run();
          check.is_true(v.law + ": run completed", summary.completed);
          const double error = max_nodal_error(problem, H);
          const std::string rule = v.reduced_quadrature ? " (reduced quadrature)" : "";
          check.at_most(v.law + " P" + std::to_string(v.degree) + rule + ": max nodal error / |H|",
                        error / v.scale, 1e-9);
          results[v.law.substr(0, 6) + (v.reduced_quadrature ? "_reduced" : "") + "_error_ok"] =
            error / v.scale < 1e-9 ? 1. : 0.;
        }
      return results;
    }

    const Register reg("patch", patch_test);
  } // namespace
} // namespace spine::verification
