// Consistency of the tangent with the residual, part by part. Newton converges
// quadratically only if K = dR/du; a part whose tangent misses a term (a load's geometric
// dependence, a law's kink handled wrongly) shows up as a large |K v - D v| with
// D v = (R(u + v) - R(u - v)) / 2 the central difference, exact to O(|v|^3).
#include <spine/solver/mechanics_problem.h>
#include <spine/solver/mesh_setup.h>

#include <cstdint>
#include <iomanip>
#include <sstream>

namespace spine::solver
{
  using namespace dealii;

  namespace
  {
    /// A value in [-1, 1] fixed by the global DoF index (reproducible for one partition).
    double
    pseudo_random(const types::global_dof_index i)
    {
      std::uint64_t x = i + 0x9E3779B97F4A7C15ull;
      x               = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
      x               = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
      x               = x ^ (x >> 31);
      return 2. * static_cast<double>(x >> 11) / static_cast<double>(1ull << 53) - 1.;
    }
  } // namespace

  std::vector<MechanicsProblem::TangentCheckRow>
  MechanicsProblem::check_tangent(const Vector &u, const double lambda, const Vector &direction)
  {
    std::vector<std::pair<std::string, AssemblyPart>> parts{{"whole model", {}}};
    for (const unsigned int id : global_material_ids(*mesh))
      parts.push_back({"cells of material " + std::to_string(id), {AssemblyPart::Kind::material, id}});
    bool any_load = false;
    for (const auto &bc : settings_.boundary_conditions)
      any_load = any_load || !bc.is_dirichlet();
    if (any_load)
      parts.push_back({"surface loads", {AssemblyPart::Kind::loads, 0}});
    for (unsigned int i = 0; i < interactions.size(); ++i)
      parts.push_back({interactions[i]->name(), {AssemblyPart::Kind::interaction, i}});

    Vector v = direction, Kv(v), difference(v), shifted(v);
    newton_constraints.set_zero(v);
    Vector     probe(ghosted_solution);
    const auto assemble_at = [&](const double sign, const bool with_matrix) {
      shifted = u;
      shifted.add(sign, v);
      probe = shifted;
      assemble(probe, lambda, with_matrix);
    };

    std::vector<TangentCheckRow> rows;
    for (const auto &[name, part] : parts)
      {
        assembly_part = part;
        assemble_at(0., true);
        tangent_operator().vmult(Kv, v);
        assemble_at(1., false);
        difference = system_rhs; // -R(u + v), constrained rows zero
        assemble_at(-1., false);
        difference -= system_rhs; // -(R(u + v) - R(u - v))
        difference *= -0.5;
        difference -= Kv;
        rows.push_back({name, Kv.l2_norm(), difference.l2_norm()});
      }
    assembly_part = AssemblyPart();
    assemble(ghosted_solution, lambda, false);
    return rows;
  }

  void
  MechanicsProblem::print_tangent_check(const double lambda, const Vector &step_increment)
  {
    // The step's increment is the direction Newton moved in; a random one reaches every DoF.
    const double size = 1e-6 * std::max(1., solution_owned.linfty_norm());
    Vector       random(owned, comm);
    for (const auto i : owned)
      random[i] = pseudo_random(i);
    random.compress(VectorOperation::insert);
    std::vector<std::pair<std::string, Vector>> directions;
    if (step_increment.linfty_norm() > 0.)
      directions.emplace_back("the step's increment", step_increment);
    directions.emplace_back("a random direction", random);

    for (auto &[label, v] : directions)
      {
        v *= size / v.linfty_norm();
        const auto rows = check_tangent(solution_owned, lambda, v);
        std::ostringstream table;
        table << "tangent check at load " << lambda << " along " << label << " (|v|_max = " << size
              << " mm): |K v|, |K v - D v| and relative error\n";
        for (const auto &row : rows)
          table << "  " << std::left << std::setw(24) << row.part << std::right << std::scientific
                << std::setprecision(3) << std::setw(12) << row.tangent_norm << std::setw(12) << row.error
                << std::setw(12) << row.error / std::max(row.tangent_norm, 1e-300) << std::defaultfloat
                << '\n';
        pcout << table.str() << std::flush;
      }
  }
} // namespace spine::solver
