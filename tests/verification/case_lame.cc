// Lamé thick-walled cylinder (plane strain) under internal pressure: a quarter ring with
// symmetry conditions, radial displacement of the inner and outer surfaces vs closed form.
#include "common.h"

#include <deal.II/grid/grid_tools.h>

#include <cmath>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    const double a = 1., b = 2., thickness = 0.25, E = 1000., nu = 0.3, p = 1.;

    double
    lame_radial_displacement(const double r)
    {
      return (1. + nu) * p * a * a / (E * (b * b - a * a)) * ((1. - 2. * nu) * r + b * b / r);
    }

    /// Mean radial displacement of the mesh vertices on boundary @p id.
    double
    mean_radial_displacement(const MechanicsProblem &problem, const types::boundary_id id)
    {
      double sum = 0., count = 0.;
      std::set<unsigned int> seen;
      for (const auto &cell : problem.dof_handler().active_cell_iterators())
        if (cell->is_locally_owned())
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == id)
              for (unsigned int v = 0; v < 3; ++v)
                {
                  const auto face = cell->face(f);
                  if (!problem.dof_handler().locally_owned_dofs().is_element(face->vertex_dof_index(v, 0)) ||
                      !seen.insert(face->vertex_index(v)).second)
                    continue;
                  Point<3> X = face->vertex(v);
                  X[2]       = 0.;
                  Tensor<1, 3> u;
                  for (unsigned int c = 0; c < 2; ++c)
                    u[c] = problem.solution()(face->vertex_dof_index(v, c));
                  sum += u * X / X.norm();
                  count += 1.;
                }
      return Utilities::MPI::sum(sum, problem.communicator()) /
             Utilities::MPI::sum(count, problem.communicator());
    }

    std::shared_ptr<DistributedMesh>
    quarter_ring(MPI_Comm comm)
    {
      return box_mesh(comm, {4, 16, 1}, Point<3>(a, 0, 0), Point<3>(b, 0.5 * numbers::PI, thickness),
                      [](Triangulation<3> &tria) {
                        GridTools::transform(
                          [](const Point<3> &q) {
                            return Point<3>(q[0] * std::cos(q[1]), q[0] * std::sin(q[1]), q[2]);
                          },
                          tria);
                        const types::boundary_id ids[6] = {10, 11, 13, 12, 14, 15};
                        for (const auto &cell : tria.active_cell_iterators())
                          for (const auto f : cell->face_indices())
                            if (cell->face(f)->at_boundary())
                              cell->face(f)->set_boundary_id(ids[cell->face(f)->boundary_id()]);
                      });
    }

    /// Nearly incompressible (nu = 0.49999) thick cylinder, Mooney–Rivlin with C01 = 0 in
    /// its linear range: displacement-only P1 locks (> 30 % too stiff), the mean-dilatation
    /// P2/P0 formulation matches Lamé within 2 %.
    Results
    locking(MPI_Comm comm, Checker &check)
    {
      const double mu = 1., nu_ni = 0.49999, pressure = 1e-4;
      const double K  = 2. * mu * (1. + nu_ni) / (3. * (1. - 2. * nu_ni));
      const double E_ni = 2. * mu * (1. + nu_ni);
      const double expected = (1. + nu_ni) * pressure * a * a / (E_ni * (b * b - a * a)) *
                              ((1. - 2. * nu_ni) * a + b * b / a);
      Results results;
      for (const ElementVariant v : {ElementVariant{"P1 displacement-only", 1, false},
                                     ElementVariant{"P2 displacement-only", 2, false},
                                     ElementVariant{"P2/P0 mean dilatation", 2, true}})
        {
          ProblemSettings settings     = nearly_incompressible_settings(v, mu, K);
          settings.boundary_conditions = parse_boundary_conditions(
            "10: pressure(" + std::to_string(pressure) + "); 12: fixed(x); 13: fixed(y); 14: fixed(z); 15: fixed(z)");
          settings.load_stepping.initial_step = 1.;
          settings.load_stepping.maximum_step = 1.;
          MechanicsProblem problem(comm, settings);
          problem.set_mesh(quarter_ring(comm));
          check.is_true(v.name + ": run completed", problem.run().completed);
          const double inner = mean_radial_displacement(problem, 10);
          const double error = std::abs(inner - expected) / expected;
          if (Utilities::MPI::this_mpi_process(comm) == 0)
            std::cout << "  " << v.name << ": u_r(a) = " << inner << ", Lame " << expected
                      << ", error " << 100. * error << " %" << std::endl;
          if (v.mean_dilatation)
            check.relative(v.name + " vs Lame (nu = 0.49999)", inner, expected, 0.02);
          if (v.degree == 1)
            check.is_true(v.name + " locks (error > 30 %)", error > 0.3);
          results["u_r_" + std::to_string(v.degree) + (v.mean_dilatation ? "_mixed" : "")] = inner;
        }
      return results;
    }

    Results
    lame(MPI_Comm comm, Checker &check)
    {
      ProblemSettings settings = quiet_settings("CG");
      settings.materials[0]    = parse_material_spec("linear-elastic(E=1000, nu=0.3)");
      // ids after relabelling: 10 inner, 11 outer, 12 x = 0 plane, 13 y = 0 plane, 14/15 z faces
      settings.boundary_conditions = parse_boundary_conditions(
        "10: pressure(1); 12: fixed(x); 13: fixed(y); 14: fixed(z); 15: fixed(z)");
      MechanicsProblem problem(comm, settings);
      problem.set_mesh(box_mesh(comm, {4, 16, 1}, Point<3>(a, 0, 0), Point<3>(b, 0.5 * numbers::PI, thickness),
                                [](Triangulation<3> &tria) {
                                  // (r, theta, z) box -> quarter ring; vertices lie exactly on
                                  // the circles, faces are flat (geometric error ~0.1 %).
                                  GridTools::transform(
                                    [](const Point<3> &q) {
                                      return Point<3>(q[0] * std::cos(q[1]), q[0] * std::sin(q[1]), q[2]);
                                    },
                                    tria);
                                  const types::boundary_id ids[6] = {10, 11, 13, 12, 14, 15};
                                  for (const auto &cell : tria.active_cell_iterators())
                                    for (const auto f : cell->face_indices())
                                      if (cell->face(f)->at_boundary())
                                        {
                                          // colorize ids 0..5 = r-, r+, theta-, theta+, z-, z+
                                          const auto id = cell->face(f)->boundary_id();
                                          cell->face(f)->set_boundary_id(ids[id]);
                                        }
                                }));
      check.is_true("run completed", problem.run().completed);
      const double inner = mean_radial_displacement(problem, 10);
      const double outer = mean_radial_displacement(problem, 11);
      check.relative("inner radial displacement vs Lame", inner, lame_radial_displacement(a), 0.005);
      check.relative("outer radial displacement vs Lame", outer, lame_radial_displacement(b), 0.005);
      return {{"inner_u_r", inner}, {"outer_u_r", outer}};
    }

    const Register reg("lame", lame);
    const Register reg2("locking", locking);
  } // namespace
} // namespace spine::verification
