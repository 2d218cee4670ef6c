// The assembled Newton tangent is the derivative of the assembled residual: central
// differences of R along a direction v against K v, in a generic deformed state of a block
// made of the disc's laws (nucleus Mooney–Rivlin near incompressibility, annulus HGO with
// one fibre family, LF neo-Hookean with a pre-stretch and tension-only fibres) under a
// follower pressure, with and without mean dilatation, whole and part by part
// (MechanicsProblem::check_tangent, also behind `Nonlinear solver/Tangent check`). The constitutive checks
// (material_fd) test each law's own tangent; this one tests what the element does with it:
// the condensed P0 pressure/dilatation, the rank-one element term, the load linearisation.
#include "common.h"

#include <deal.II/base/function.h>
#include <deal.II/numerics/vector_tools.h>

#include <cmath>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    /// A smooth displacement, zero on z = 0: compression, shear and twist of the block.
    class DeformedState : public Function<3>
    {
    public:
      DeformedState()
        : Function<3>(3)
      {}
      double
      value(const Point<3> &p, const unsigned int c) const override
      {
        const double z = p[2];
        switch (c)
          {
            case 0:
              return z * (0.12 * std::sin(2. * p[1]) + 0.04 * p[0]) - 0.08 * z * (p[1] - 0.5);
            case 1:
              return z * (0.06 * p[0] * p[0] - 0.03) + 0.08 * z * (p[0] - 0.5);
            default:
              return z * (-0.10 + 0.07 * p[1] - 0.05 * p[0] * p[1]);
          }
      }
    };

    /// A direction that varies from node to node (unit amplitude).
    class RoughDirection : public Function<3>
    {
    public:
      RoughDirection()
        : Function<3>(3)
      {}
      double
      value(const Point<3> &p, const unsigned int c) const override
      {
        return std::sin(37. * p[0] + 23. * p[1] * (c + 1) + 29. * p[2] + 1.7 * c);
      }
    };

    std::vector<MechanicsProblem::TangentCheckRow>
    check_tangent(MPI_Comm comm, const bool mean_dilatation)
    {
      ProblemSettings settings = quiet_settings("Direct");
      settings.fe_degree       = 2;
      settings.mean_dilatation = mean_dilatation;
      // Nucleus at nu ~ 0.499 (spine-data.md §1), annulus of the calibration's literature box
      // with a fibre cylinder about the block's axis, LF with pre-stretch and fibres.
      settings.materials[0] = parse_material_spec("Mooney-Rivlin(C10=0.12, C01=0.03, K=150)");
      settings.materials[1] = parse_material_spec(
        "Holzapfel-Gasser-Ogden(C10=0.1351, K=2.6, k1=1.7, k2=37.4, kappa=0.0752, angle=30, families=1, "
        "cx=0.5, cy=-0.3, ax=0.1, ay=0, az=1)");
      settings.materials[2] = parse_material_spec(
        "neo-Hookean(E=1, nu=0.4, Ef=15, fax=0, fay=0.3, faz=1, prestretch=1.03, pax=0, pay=0, paz=1)");
      settings.boundary_conditions = parse_boundary_conditions("4: fixed; 5: pressure(0.05); 1: pressure(0.02)");
      MechanicsProblem problem(comm, settings);
      problem.set_mesh(box_mesh(comm, {3, 2, 2}, Point<3>(0, 0, 0), Point<3>(1.2, 1, 1), [](Triangulation<3> &tria) {
        for (auto &cell : tria.active_cell_iterators())
          cell->set_material_id(static_cast<types::material_id>(std::min(2., std::floor(cell->center()[0] / 0.4))));
      }));

      const IndexSet &owned = problem.dof_handler().locally_owned_dofs();
      Vector          u(owned, comm), v(owned, comm);
      VectorTools::interpolate(problem.mapping(), problem.dof_handler(), DeformedState(), u);
      // Direction: a rough field of the position (the same on any number of ranks); the
      // check zeroes it on the fixed face.
      VectorTools::interpolate(problem.mapping(), problem.dof_handler(), RoughDirection(), v);

      // The solver's own check (tangent_check.cc): the whole model, then each material's
      // cells and the surface loads alone, so a failure names the inconsistent part.
      v *= 2e-8;
      return problem.check_tangent(u, 1., v);
    }

    Results
    tangent_fd(MPI_Comm comm, Checker &check)
    {
      Results results;
      for (const bool mixed : {false, true})
        {
          const std::string tag = mixed ? "mean dilatation" : "displacement only";
          const auto        rows = check_tangent(comm, mixed);
          check.is_true("whole model, 3 materials and the surface loads checked, " + tag, rows.size() == 5);
          // Central differences with |v| ~ 2e-8 on |u| ~ 0.1: truncation and round-off ~1e-9.
          for (const auto &row : rows)
            {
              check.is_true(row.part + " is loaded by v, " + tag, row.tangent_norm > 0.);
              check.at_most("|K v - D v| / |K v|, " + row.part + ", " + tag, row.error / row.tangent_norm, 1e-6);
            }
          results[mixed ? "whole_model_Kv_mixed" : "whole_model_Kv"] = rows.front().tangent_norm;
        }
      return results;
    }

    const Register reg("tangent_fd", tangent_fd);
  } // namespace
} // namespace spine::verification
