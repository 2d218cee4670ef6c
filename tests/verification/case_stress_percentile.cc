// Volume-weighted von Mises percentiles over cell groups: a bar of two materials side by side
// (nu = 0) stretched by a prescribed end displacement has the uniform stress E_i * strain in
// each material, so every percentile of a material is E_i * strain, and over the whole bar
// (half the volume each) percentiles below 0.5 give the softer value, above it the stiffer.
#include "common.h"

#include <cmath>

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    Results
    stress_percentile(MPI_Comm comm, Checker &check)
    {
      const double E0 = 1000., E1 = 3000., strain = 1e-3;
      ProblemSettings settings = quiet_settings("Direct");
      settings.materials[0]    = parse_material_spec("linear-elastic(E=" + std::to_string(E0) + ", nu=0)");
      settings.materials[1]    = parse_material_spec("linear-elastic(E=" + std::to_string(E1) + ", nu=0)");
      settings.boundary_conditions = parse_boundary_conditions(
        "0: fixed(x); 2: fixed(y); 4: fixed(z); 1: displacement(x=" + std::to_string(2. * strain) + ")");
      MechanicsProblem problem(comm, settings);
      problem.set_mesh(box_mesh(comm, {4, 4, 2}, Point<3>(0, 0, 0), Point<3>(2, 1, 0.5), [](Triangulation<3> &tria) {
        for (const auto &cell : tria.active_cell_iterators())
          cell->set_material_id(cell->center()[1] < 0.5 ? 0 : 1);
      }));
      check.is_true("run completed", problem.run().completed);
      const StepContext context = context_of(problem);
      const auto by_material = von_mises_percentile(context, [](const auto &cell) { return cell->material_id() + 1u; });
      const auto whole = [&](double fraction) {
        return von_mises_percentile(context, [](const auto &) { return 1u; }, fraction).at(1);
      };
      check.relative("p95, soft half", by_material.at(1).value_MPa, E0 * strain, 1e-8);
      check.relative("p95, stiff half", by_material.at(2).value_MPa, E1 * strain, 1e-8);
      check.relative("volume of the soft half", by_material.at(1).volume_mm3, 0.5, 1e-10);
      check.is_true("every cell counted once", by_material.at(1).cells + by_material.at(2).cells ==
                                                   problem.dof_handler().get_triangulation().n_global_active_cells());
      check.relative("whole bar, p40 = soft value", whole(0.4).value_MPa, E0 * strain, 1e-8);
      check.relative("whole bar, p95 = stiff value", whole(0.95).value_MPa, E1 * strain, 1e-8);
      check.relative("whole bar, max", whole(0.95).max_MPa, E1 * strain, 1e-8);
      return {{"p95_soft", by_material.at(1).value_MPa}, {"p95_stiff", by_material.at(2).value_MPa}};
    }

    const Register reg("stress_percentile", stress_percentile);
  } // namespace
} // namespace spine::verification
