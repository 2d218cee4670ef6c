// Bad input is rejected before any solve with a message naming the problem and the
// allowed range: unknown law, missing/unknown key, non-positive modulus, nu >= 0.5, a
// region without a law, a boundary condition on a missing boundary id.
#include "common.h"

namespace spine::verification
{
  using namespace dealii;

  namespace
  {
    /// Runs @p action and checks that it throws InputError whose text contains @p expected.
    template <typename Action>
    void
    expect_error(Checker &check, const std::string &what, const std::string &expected, Action action)
    {
      std::string message;
      try
        {
          action();
        }
      catch (const InputError &e)
        {
          message = e.what();
        }
      check.is_true(what + " -> \"" + message + "\"", message.find(expected) != std::string::npos);
    }

    Results
    bad_input(MPI_Comm comm, Checker &check)
    {
      expect_error(check, "unknown law", "unknown material law 'rubber'", [] {
        parse_material_spec("rubber(E=1)");
      });
      expect_error(check, "missing key", "missing key 'nu'", [] {
        parse_material_spec("neo-Hookean(E=1)");
      });
      expect_error(check, "unknown key", "unknown key 'G'", [] {
        parse_material_spec("neo-Hookean(E=1, nu=0.3, G=2)");
      });
      expect_error(check, "non-positive modulus", "E > 0", [] {
        parse_material_spec("linear-elastic(E=0, nu=0.3)");
      });
      expect_error(check, "negative C10", "C10 > 0", [] {
        parse_material_spec("Mooney-Rivlin(C10=-1, C01=0, K=10)");
      });
      expect_error(check, "nu >= 0.5", "-1 < nu < 0.5", [] {
        parse_material_spec("neo-Hookean(E=1, nu=0.5)");
      });
      expect_error(check, "material id in the map", "material id 3: law neo-Hookean: nu = 0.7", [] {
        parse_material_map("1: linear-elastic(E=1, nu=0.3); 3: neo-Hookean(E=1, nu=0.7)");
      });
      expect_error(check, "unknown boundary condition", "unknown boundary condition 'glued'", [] {
        parse_boundary_conditions("1: glued");
      });
      expect_error(check, "bad number", "'abc' is not a number", [] {
        parse_boundary_conditions("1: traction(0, abc, 1)");
      });

      const auto two_region_mesh = [&]() {
        return box_mesh(comm, {2, 1, 1}, Point<3>(0, 0, 0), Point<3>(2, 1, 1), [](Triangulation<3> &tria) {
          for (const auto &cell : tria.active_cell_iterators())
            cell->set_material_id(cell->center()[0] < 1. ? 1 : 2);
        });
      };
      expect_error(check, "region without material", "material id 2 but no law", [&] {
        ProblemSettings settings = quiet_settings();
        settings.materials[1]    = parse_material_spec("neo-Hookean(E=1, nu=0.3)");
        settings.boundary_conditions = parse_boundary_conditions("0: fixed");
        MechanicsProblem problem(comm, settings);
        problem.set_mesh(two_region_mesh());
      });
      expect_error(check, "missing boundary tag", "boundary id 7 (pressure) does not exist", [&] {
        ProblemSettings settings = quiet_settings();
        settings.materials[1]    = parse_material_spec("neo-Hookean(E=1, nu=0.3)");
        settings.materials[2]    = parse_material_spec("neo-Hookean(E=1, nu=0.3)");
        settings.boundary_conditions = parse_boundary_conditions("0: fixed; 7: pressure(1)");
        MechanicsProblem problem(comm, settings);
        problem.set_mesh(two_region_mesh());
      });
      return {};
    }

    const Register reg("bad_input", bad_input);
  } // namespace
} // namespace spine::verification
