// Cook's membrane, nearly incompressible neo-Hookean, plane strain: the finite-strain
// benchmark of Elguedj, Bazilevs, Calo & Hughes (CMAME 197, 2008): trapezoid (0,0),
// (48,44), (48,60), (0,44) mm clamped on the left edge, a dead vertical shear traction
// 100/16 N/mm^2 on the right edge, E = 240.565 MPa, nu = 0.4999 (mu = 80.1938 MPa,
// K = 4.00942e5 MPa). Reference: vertical displacement of the top-right corner 6.908 mm, the
// 128x128 mesh value of P. Krysl's FinEALE runner for this problem (F-bar results in the
// literature converge to 6.89-6.93). On a coarse mesh the mean-dilatation P2/P0 formulation
// must come within 2 %, while displacement-only P1 locks (more than 30 % too stiff).
#include "common.h"

#include <deal.II/grid/grid_tools.h>

#include <cmath>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    const double E = 240.565, nu = 0.4999, traction = 100. / 16., thickness = 1.;
    const double reference_tip_uy = 6.9083;
    // Measured here with P2/P0: 4x4: 6.624 mm (-4.1 %), 8x8: 6.870 (-0.55 %), 16x16: 6.935 (+0.38 %).
    const unsigned int cells_per_edge = 8;

    /// Unit square (x 0..1, y 0..1) mapped onto the trapezoid; ids 0 clamped edge, 1 loaded
    /// edge, 4/5 the plane-strain faces.
    std::shared_ptr<DistributedMesh>
    membrane(MPI_Comm comm, const unsigned int n)
    {
      return box_mesh(comm, {n, n, 1}, Point<3>(0, 0, 0), Point<3>(1, 1, thickness),
                      [](Triangulation<3> &tria) {
                        GridTools::transform(
                          [](const Point<3> &q) {
                            const double x = 48. * q[0], bottom = 44. * q[0], top = 44. + 16. * q[0];
                            return Point<3>(x, bottom + q[1] * (top - bottom), q[2]);
                          },
                          tria);
                      });
    }

    /// Vertical displacement of the corner (48, 60), averaged over its two vertices (z = 0, t).
    double
    tip_displacement(const MechanicsProblem &problem)
    {
      double sum = 0., count = 0.;
      for (const auto &cell : problem.dof_handler().active_cell_iterators())
        if (cell->is_locally_owned())
          for (const auto v : cell->vertex_indices())
            if (cell->vertex(v).distance(Point<3>(48, 60, cell->vertex(v)[2])) < 1e-9 &&
                problem.dof_handler().locally_owned_dofs().is_element(cell->vertex_dof_index(v, 1)))
              {
                sum += problem.solution()(cell->vertex_dof_index(v, 1));
                count += 1.;
              }
      // Each corner vertex is counted once per owning cell touching it: the mean is unaffected.
      return Utilities::MPI::sum(sum, problem.communicator()) / Utilities::MPI::sum(count, problem.communicator());
    }

    Results
    cook(MPI_Comm comm, Checker &check)
    {
      const double mu = E / (2. * (1. + nu)), K = E / (3. * (1. - 2. * nu));
      Results results;
      for (const ElementVariant v : {ElementVariant{"P1 displacement-only", 1, false},
                                     ElementVariant{"P2/P0 mean dilatation", 2, true}})
        {
          ProblemSettings settings     = nearly_incompressible_settings(v, mu, K);
          settings.boundary_conditions = parse_boundary_conditions(
            "0: fixed; 1: traction(0, " + std::to_string(traction) + ", 0); 4: fixed(z); 5: fixed(z)");
          settings.load_stepping.initial_step = 0.25;
          settings.load_stepping.maximum_step = 0.25;
          MechanicsProblem problem(comm, settings);
          problem.set_mesh(membrane(comm, cells_per_edge));
          check.is_true(v.name + ": run completed", problem.run().completed);
          const double tip   = tip_displacement(problem);
          const double error = std::abs(tip - reference_tip_uy) / reference_tip_uy;
          if (Utilities::MPI::this_mpi_process(comm) == 0)
            std::cout << "  " << v.name << " (" << cells_per_edge << " x " << cells_per_edge
                      << " x 1 hexahedra split into tetrahedra): u_y(48, 60) = " << tip
                      << " mm, reference " << reference_tip_uy << ", error " << 100. * error << " %" << std::endl;
          if (v.mean_dilatation)
            check.relative(v.name + " vs reference tip displacement", tip, reference_tip_uy, 0.02);
          else
            check.is_true(v.name + " locks (error > 30 %)", error > 0.3);
          results["tip_uy_P" + std::to_string(v.degree) + (v.mean_dilatation ? "_mixed" : "")] = tip;
        }
      return results;
    }

    const Register reg("cook", cook);
  } // namespace
} // namespace spine::verification
