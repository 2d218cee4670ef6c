// Mean hydrostatic pressure of a region (intradiscal pressure of the nucleus).
#include <spine/solver/postprocessing.h>
#include <spine/solver/kinematics.h>

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

namespace spine::solver
{
  using namespace dealii;

  RegionPressure
  mean_pressure_of_region(const StepContext &context, const std::set<types::material_id> &materials)
  {
    const auto &           problem = context.problem;
    const QGaussSimplex<3> quadrature(problem.settings().fe_degree + 1);
    FEValues<3> fe_values(context.mapping, context.fe, quadrature,
                          update_gradients | update_JxW_values | update_quadrature_points);
    std::vector<std::vector<Tensor<1, 3>>> gradients(quadrature.size(), std::vector<Tensor<1, 3>>(3));
    // Integrals of p dv, dv and dV over the owned cells of the region.
    std::vector<double>       sums(3, 0.);
    std::vector<Tensor<2, 3>> F(quadrature.size());
    for (const auto &cell : context.dof_handler.active_cell_iterators())
      {
        if (!cell->is_locally_owned() || !materials.count(cell->material_id()))
          continue;
        const MaterialLaw &law = problem.law(cell->material_id());
        fe_values.reinit(cell);
        fe_values.get_function_gradients(context.solution, gradients);
        double                    current = 0., reference = 0., pressure_integral = 0.;
        for (unsigned int q = 0; q < quadrature.size(); ++q)
          {
            F[q]           = deformation_gradient(gradients[q]);
            const double J = law.is_small_strain() ? 1. + trace(F[q]) - 3. : determinant(F[q]);
            current += J * fe_values.JxW(q);
            reference += fe_values.JxW(q);
            pressure_integral -= trace(law.cauchy_stress(F[q], fe_values.quadrature_point(q))) / 3. * J *
                                 fe_values.JxW(q);
          }
        // Mean dilatation: the isochoric stress is deviatoric, the pressure is U'(theta).
        if (problem.settings().mean_dilatation && law.has_volumetric_split())
          pressure_integral = -law.volumetric_pressure(current / reference) * current;
        sums[0] += pressure_integral;
        sums[1] += current;
        sums[2] += reference;
      }
    std::vector<double> total(3);
    Utilities::MPI::sum(sums, context.comm, total);
    RegionPressure result;
    AssertThrow(total[2] > 0., ExcMessage("mean pressure: no cells with the requested material ids"));
    result.mean_pressure    = total[0] / total[1];
    result.current_volume   = total[1];
    result.reference_volume = total[2];
    return result;
  }
} // namespace spine::solver
