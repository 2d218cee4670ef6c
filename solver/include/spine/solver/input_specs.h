// Text specifications of materials and boundary conditions, and their parsers.
// Parsers throw InputError with a message that names the offending piece and the allowed
// values; callers prepend the parameter name and file (see run_command.cc).
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>
#include <deal.II/base/types.h>

#include <array>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace spine::solver
{
  struct InputError : std::runtime_error
  {
    using std::runtime_error::runtime_error;
  };

  /// A constitutive law and its parameters, e.g. {"neo-Hookean", {{"E",12},{"nu",0.3}}}.
  /// Units are the caller's (the project uses mm, N, MPa).
  struct MaterialSpec
  {
    std::string                        law;
    std::map<std::string, double>      parameters;
    std::map<std::string, std::string> files; ///< file-valued keys: `field` (HGO fibre field, fibre_field.h)
  };

  /// Names of the laws that create_material_law() knows.
  std::vector<std::string> known_material_laws();

  /// Parses "neo-Hookean(E=12000, nu=0.3)" and validates it (validate_material_spec()).
  MaterialSpec parse_material_spec(const std::string &text);

  /// Throws InputError for an unknown law, a missing/unknown key or a value out of range.
  void validate_material_spec(const MaterialSpec &spec);

  /// Parses "1: neo-Hookean(E=1, nu=0.3); 30: Mooney-Rivlin(C10=0.12, C01=0.03, K=10)".
  std::map<dealii::types::material_id, MaterialSpec>
  parse_material_map(const std::string &text);

  /// Throws InputError naming the first material id in @p mesh_ids that has no law.
  void check_material_coverage(
    const std::map<dealii::types::material_id, MaterialSpec> &materials,
    const std::set<dealii::types::material_id> &              mesh_ids);

  enum class BoundaryKind
  {
    fixed,        ///< selected displacement components are zero
    displacement, ///< prescribed displacement vector, scaled by the load factor
    traction,     ///< dead traction per reference area, scaled by the load factor
    pressure,     ///< follower pressure on the current surface (positive pushes inward)
    moment,       ///< pure couple on the current surface, scaled by the load factor
    /// compressive force of fixed magnitude normal to the current surface, spread as a
    /// uniform pressure F / A(current): a follower load whose resultant stays F
    follower_force
  };

  std::string to_string(BoundaryKind kind);

  /// One load or constraint on the boundary faces that carry @p boundary_id.
  struct BoundaryConditionSpec
  {
    dealii::types::boundary_id boundary_id = 0;
    BoundaryKind               kind        = BoundaryKind::fixed;
    /// fixed / displacement: which components are constrained.
    std::array<bool, 3> components = {{true, true, true}};
    /// displacement [length], traction [stress] or moment [force·length] at load factor 1.
    dealii::Tensor<1, 3> vector;
    /// pressure [stress] at load factor 1.
    double pressure = 0.;
    /// follower_force [force] at load factor 1.
    double force = 0.;
    /// Loads only: applied in full from the start instead of scaled by the load factor
    /// (e.g. a compressive follower preload). The driver equilibrates it first, ramped, as
    /// step 0; the load-factor steps then add the other loads on top.
    bool preload = false;
    /// C++ API only: a position-dependent prescribed displacement at load factor 1
    /// (reference coordinates). Overrides @p vector for kind == displacement.
    std::function<dealii::Tensor<1, 3>(const dealii::Point<3> &)> displacement_function;

    bool
    is_dirichlet() const
    {
      return kind == BoundaryKind::fixed || kind == BoundaryKind::displacement;
    }
  };

  /// Parses one entry: "2: fixed", "3: fixed(x,z)", "4: displacement(0,0,-0.5)",
  /// "5: displacement(z=-0.5)", "6: traction(0,0,-1)", "7: pressure(0.5)",
  /// "8: moment(0, 7500, 0)", "9: follower_force(500)", "9: follower_force(500, preload)".
  BoundaryConditionSpec parse_boundary_condition(const std::string &text);

  /// Parses a ';'-separated list of entries. Two constraints on one id are an error.
  std::vector<BoundaryConditionSpec> parse_boundary_conditions(const std::string &text);

  /// Throws InputError naming the first boundary id used by @p conditions that is not in
  /// @p mesh_ids.
  void check_boundary_ids_exist(const std::vector<BoundaryConditionSpec> &conditions,
                                const std::set<dealii::types::boundary_id> &mesh_ids);

  /// Parses "0.25, 0.5, 1" into sorted load factors in (0,1].
  std::vector<double> parse_load_factor_list(const std::string &text);
} // namespace spine::solver
