// Confined compression of nucleus tissue: the lateral faces cannot move, the top is pushed
// down to a stretch l. The deformation F = diag(1, 1, l) is homogeneous and the isochoric
// stress is deviatoric, so the mean pressure is the volumetric part alone:
// p = -U'(l) = -K/2 (l - 1/l) (Mooney-Rivlin volumetric energy). Checks the region-pressure
// postprocessor (intradiscal pressure) with and without mean dilatation, on one of two
// material regions.
#include "common.h"

#include <deal.II/grid/tria.h>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    Results
    confined(MPI_Comm comm, Checker &check)
    {
      const double stretch = 0.85, K = 15.;
      const double expected = -0.5 * K * (stretch - 1. / stretch);
      Results      results;
      for (const bool mixed : {false, true})
        {
          ProblemSettings settings = quiet_settings("Direct");
          settings.mean_dilatation = mixed;
          // Nucleus defaults of the study (Schmidt 2007; K for nu ~ 0.49), in two regions.
          for (const types::material_id id : {0, 1})
            settings.materials[id] = parse_material_spec("Mooney-Rivlin(C10=0.12, C01=0.03, K=15)");
          settings.boundary_conditions = parse_boundary_conditions(
            "0: fixed(x); 1: fixed(x); 2: fixed(y); 3: fixed(y); 4: fixed(z); 5: displacement(z=" +
            std::to_string(1.5 * (stretch - 1.)) + ")");
          settings.load_stepping.initial_step = 0.5;
          MechanicsProblem problem(comm, settings);
          problem.set_mesh(box_mesh(comm, {2, 2, 2}, Point<3>(0, 0, 0), Point<3>(1, 1, 1.5), [](Triangulation<3> &tria) {
            for (auto &cell : tria.active_cell_iterators())
              cell->set_material_id(cell->center()[2] > 0.75 ? 1 : 0);
          }));
          const RunSummary summary = problem.run();
          check.is_true("run completed", summary.completed);
          const std::string tag      = mixed ? "mean dilatation" : "displacement only";
          const auto        pressure = mean_pressure_of_region(context_of(problem), {1});
          check.relative("mean pressure, " + tag, pressure.mean_pressure, expected, 1e-8);
          check.relative("volume of region 1, " + tag, pressure.current_volume, 0.75 * stretch, 1e-8);
          // The pressure is positive in compression: a sign error would pass a |p| check.
          check.is_true("pressure is compressive, " + tag, pressure.mean_pressure > 1.);
          results[mixed ? "p_mixed" : "p"] = pressure.mean_pressure;
        }
      return results;
    }

    const Register reg("confined", confined);
  } // namespace
} // namespace spine::verification
