// Manufactured solution: small-strain elasticity with a smooth exact displacement, body
// force -div sigma(u_exact) and Dirichlet data from u_exact on three mesh levels; P2 must
// converge with L2 rate ~3 and H1 rate ~2.
#include "common.h"

#include <deal.II/base/function.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/numerics/vector_tools.h>

#include <cmath>
#include <iomanip>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    const double amplitude = 0.01, pi = numbers::PI;
    const double E = 1., nu = 0.3;
    const double mu = E / (2. * (1. + nu)), lambda = E * nu / ((1. + nu) * (1. - 2. * nu));

    Tensor<1, 3>
    exact_u(const Point<3> &p)
    {
      const double x = p[0], y = p[1], z = p[2];
      return amplitude * Tensor<1, 3>({std::sin(pi * x) * std::cos(pi * y) + z * z,
                                       std::sin(pi * y) * std::cos(pi * z) + x * y,
                                       std::sin(pi * z) * std::cos(pi * x) - y * z * x});
    }

    Tensor<2, 3>
    exact_grad(const Point<3> &p)
    {
      const double x = p[0], y = p[1], z = p[2];
      Tensor<2, 3> g;
      g[0][0] = pi * std::cos(pi * x) * std::cos(pi * y);
      g[0][1] = -pi * std::sin(pi * x) * std::sin(pi * y);
      g[0][2] = 2. * z;
      g[1][0] = y;
      g[1][1] = pi * std::cos(pi * y) * std::cos(pi * z) + x;
      g[1][2] = -pi * std::sin(pi * y) * std::sin(pi * z);
      g[2][0] = -pi * std::sin(pi * z) * std::sin(pi * x) - y * z;
      g[2][1] = -z * x;
      g[2][2] = pi * std::cos(pi * z) * std::cos(pi * x) - y * x;
      return amplitude * g;
    }

    Tensor<2, 3>
    exact_stress(const Point<3> &p)
    {
      const Tensor<2, 3> g   = exact_grad(p);
      const Tensor<2, 3> eps = 0.5 * (g + transpose(g));
      return 2. * mu * eps + lambda * trace(eps) * Tensor<2, 3>(unit_symmetric_tensor<3>());
    }

    /// b = -div sigma, by central differences of the exact stress (error ~1e-10).
    Tensor<1, 3>
    body_force(const Point<3> &p)
    {
      const double h = 1e-4;
      Tensor<1, 3> divergence;
      for (unsigned int j = 0; j < 3; ++j)
        {
          Point<3> plus = p, minus = p;
          plus[j] += h;
          minus[j] -= h;
          const Tensor<2, 3> d = (exact_stress(plus) - exact_stress(minus)) / (2. * h);
          for (unsigned int i = 0; i < 3; ++i)
            divergence[i] += d[i][j];
        }
      return -divergence;
    }

    class ExactSolution : public Function<3>
    {
    public:
      ExactSolution()
        : Function<3>(3)
      {}
      double
      value(const Point<3> &p, const unsigned int c) const override
      {
        return exact_u(p)[c];
      }
      Tensor<1, 3>
      gradient(const Point<3> &p, const unsigned int c) const override
      {
        return exact_grad(p)[c];
      }
    };

    Results
    mms(MPI_Comm comm, Checker &check)
    {
      Results             results;
      std::vector<double> l2, h1, h;
      const ExactSolution exact;
      for (const unsigned int n : {2u, 4u, 8u})
        {
          // Direct solver: the error norms are small differences, and the 1- vs 2-rank
          // comparison needs them free of Krylov tolerance noise.
          ProblemSettings settings = quiet_settings("Direct");
          settings.materials[0]    = parse_material_spec("linear-elastic(E=1, nu=0.3)");
          settings.body_force      = body_force;
          for (unsigned int b = 0; b < 6; ++b)
            {
              BoundaryConditionSpec bc;
              bc.boundary_id           = b;
              bc.kind                  = BoundaryKind::displacement;
              bc.displacement_function = exact_u;
              settings.boundary_conditions.push_back(bc);
            }
          settings.load_stepping.initial_step = 1.;
          settings.load_stepping.maximum_step = 1.;
          MechanicsProblem problem(comm, settings);
          auto             mesh = box_mesh(comm, {n, n, n}, Point<3>(0, 0, 0), Point<3>(1, 1, 1));
          problem.set_mesh(mesh);
          check.is_true("run completed (n = " + std::to_string(n) + ")", problem.run().completed);

          dealii::Vector<float> cellwise(mesh->n_active_cells());
          const QGaussSimplex<3> quadrature(4);
          VectorTools::integrate_difference(problem.mapping(), problem.dof_handler(),
                                            problem.solution(), exact, cellwise, quadrature,
                                            VectorTools::L2_norm);
          l2.push_back(VectorTools::compute_global_error(*mesh, cellwise, VectorTools::L2_norm));
          VectorTools::integrate_difference(problem.mapping(), problem.dof_handler(),
                                            problem.solution(), exact, cellwise, quadrature,
                                            VectorTools::H1_seminorm);
          h1.push_back(VectorTools::compute_global_error(*mesh, cellwise, VectorTools::H1_seminorm));
          h.push_back(1. / n);
          results["L2_error_n" + std::to_string(n)] = l2.back();
          results["H1_error_n" + std::to_string(n)] = h1.back();
        }
      if (Utilities::MPI::this_mpi_process(comm) == 0)
        {
          std::cout << "  h        L2 error     rate   H1 error     rate\n";
          for (unsigned int i = 0; i < h.size(); ++i)
            {
              std::cout << "  " << std::setw(7) << h[i] << "  " << std::scientific
                        << std::setprecision(3) << l2[i] << "  ";
              if (i > 0)
                std::cout << std::fixed << std::setprecision(2)
                          << std::log(l2[i - 1] / l2[i]) / std::log(2.) << "  " << std::scientific
                          << std::setprecision(3) << h1[i] << "  " << std::fixed
                          << std::setprecision(2) << std::log(h1[i - 1] / h1[i]) / std::log(2.);
              else
                std::cout << "      " << std::scientific << std::setprecision(3) << h1[i];
              std::cout << std::defaultfloat << "\n";
            }
        }
      const double l2_rate = std::log(l2[1] / l2[2]) / std::log(2.);
      const double h1_rate = std::log(h1[1] / h1[2]) / std::log(2.);
      check.at_most("L2 rate >= 2.7 (is " + std::to_string(l2_rate) + ")", -l2_rate, -2.7);
      check.at_most("H1 rate >= 1.8 (is " + std::to_string(h1_rate) + ")", -h1_rate, -1.8);
      return results;
    }

    const Register reg("mms", mms);
  } // namespace
} // namespace spine::verification
