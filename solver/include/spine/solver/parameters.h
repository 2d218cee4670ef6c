// The .prm layer of `spine-fe run`: one declare/parse pair per concern (step-44 style).
// parse() functions throw InputError naming the parameter and the offending value.
#pragma once

#include <spine/solver/settings.h>

#include <deal.II/base/parameter_handler.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace spine::solver
{
  /// Help text of `Finite element/Quadrature` (run and study files alike).
  inline constexpr const char *quadrature_help =
    "Cell quadrature of residual and tangent. standard: Gauss-simplex rule exact to degree 2p+1 (P2 14 "
    "points, P1 6). reduced: the lowest rule that integrates the small-strain stiffness exactly, degree "
    "2(p-1) (P2 4 points, as 10-node tetrahedra usually are; P1 1 point): tangent assembly measured "
    "1.7x cheaper (docs/benchmarks.md)";

  struct MeshParameters
  {
    std::string  file;
    unsigned int fe_degree       = 2;
    bool         mean_dilatation = false;
    bool         reduced_quadrature = true;
    static void  declare(dealii::ParameterHandler &prm);
    void         parse(dealii::ParameterHandler &prm);
  };

  struct MaterialParameters
  {
    std::map<dealii::types::material_id, MaterialSpec> materials;
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm);
  };

  struct BoundaryConditionParameters
  {
    std::vector<BoundaryConditionSpec> conditions;
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm);
  };

  struct LoadSteppingParameters
  {
    LoadSteppingSettings settings;
    static void          declare(dealii::ParameterHandler &prm);
    void                 parse(dealii::ParameterHandler &prm);
  };

  struct NonlinearSolverParameters
  {
    NonlinearSolverSettings settings;
    static void             declare(dealii::ParameterHandler &prm);
    void                    parse(dealii::ParameterHandler &prm);
  };

  struct LinearSolverParameters
  {
    LinearSolverSettings settings;
    static void          declare(dealii::ParameterHandler &prm);
    void                 parse(dealii::ParameterHandler &prm);
  };

  struct OutputParameters
  {
    OutputSettings settings;
    /// "label: id, id; label: id" -> rigid-body fits of those material ids.
    std::map<std::string, std::set<dealii::types::material_id>> rigid_body_fits;
    /// Boundary ids whose reaction force/moment is recorded every step.
    std::vector<dealii::types::boundary_id> reactions;
    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm);
  };

  struct RunParameters
  {
    MeshParameters              mesh;
    MaterialParameters          materials;
    BoundaryConditionParameters boundary_conditions;
    LoadSteppingParameters      load_stepping;
    NonlinearSolverParameters   nonlinear_solver;
    LinearSolverParameters      linear_solver;
    OutputParameters            output;

    static void declare(dealii::ParameterHandler &prm);
    void        parse(dealii::ParameterHandler &prm);
    ProblemSettings problem_settings() const;
  };
} // namespace spine::solver
