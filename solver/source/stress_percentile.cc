// Volume-weighted von Mises percentiles over groups of cells (stress in the remaining lamina
// and pars after a laminotomy).
#include <spine/solver/postprocessing.h>
#include <spine/solver/kinematics.h>

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include <algorithm>
#include <cmath>

namespace spine::solver
{
  using namespace dealii;

  std::map<unsigned int, StressPercentile>
  von_mises_percentile(const StepContext &                                                      context,
                       const std::function<unsigned int(const DoFHandler<3>::active_cell_iterator &)> &group_of,
                       const double                                                              fraction)
  {
    const auto &           problem = context.problem;
    const QGaussSimplex<3> quadrature(problem.settings().fe_degree + 1);
    FEValues<3> fe_values(context.mapping, context.fe, quadrature,
                          update_gradients | update_JxW_values | update_quadrature_points);
    std::vector<std::vector<Tensor<1, 3>>> gradients(quadrature.size(), std::vector<Tensor<1, 3>>(3));
    // (group, von Mises, reference volume weight) per quadrature point; cells counted with
    // a negative weight marker (group, 0, -1).
    std::vector<double> local;
    for (const auto &cell : context.dof_handler.active_cell_iterators())
      {
        if (!cell->is_locally_owned())
          continue;
        const unsigned int group = group_of(cell);
        if (group == 0)
          continue;
        const MaterialLaw &law = problem.law(cell->material_id());
        fe_values.reinit(cell);
        fe_values.get_function_gradients(context.solution, gradients);
        for (unsigned int q = 0; q < quadrature.size(); ++q)
          {
            const Tensor<2, 3> F = deformation_gradient(gradients[q]);
            // The deviatoric stress does not depend on the mean-dilatation pressure.
            local.insert(local.end(), {double(group), von_mises(law.cauchy_stress(F, fe_values.quadrature_point(q))),
                                       fe_values.JxW(q)});
          }
        local.insert(local.end(), {double(group), 0., -1.});
      }
    std::map<unsigned int, std::vector<std::pair<double, double>>> samples;
    std::map<unsigned int, StressPercentile>                     result;
    for (const auto &part : Utilities::MPI::all_gather(context.comm, local))
      for (std::size_t k = 0; k + 2 < part.size(); k += 3)
        {
          const auto group = static_cast<unsigned int>(part[k]);
          if (part[k + 2] < 0.)
            ++result[group].cells;
          else
            samples[group].emplace_back(part[k + 1], part[k + 2]);
        }
    for (auto &[group, points] : samples)
      {
        // Sorting by (value, weight) makes the result independent of the gather order.
        std::sort(points.begin(), points.end());
        double total = 0.;
        for (const auto &p : points)
          total += p.second;
        StressPercentile &r = result[group];
        r.volume_mm3        = total;
        r.max_MPa           = points.back().first;
        double accumulated  = 0.;
        for (const auto &p : points)
          {
            accumulated += p.second;
            r.value_MPa = p.first;
            if (accumulated >= fraction * total)
              break;
          }
      }
    return result;
  }
} // namespace spine::solver
