// Plain settings of a mechanics run. The prm layer (parameters.h) fills them, and C++
// callers (the study driver, tests) may fill them directly.
#pragma once

#include <spine/solver/input_specs.h>

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace spine::solver
{
  /// How the serial mesh is split among the ranks: `graph` (METIS, fewest cut faces: the
  /// default) or `slabs` (equal numbers of cells in slabs along z, the cranial axis: cuts
  /// through the middle of the segment, e.g. to make every facet joint span two ranks in a
  /// rank-independence test).
  enum class Partitioner
  {
    graph,
    slabs
  };

  struct LoadSteppingSettings
  {
    double              initial_step    = 0.1;   ///< first load-factor increment
    double              minimum_step    = 1e-4;  ///< give up below this increment
    double              maximum_step    = 0.25;  ///< never grow beyond this increment
    std::vector<double> must_points     = {1.}; ///< load factors that are hit exactly and written
    /// Solve at load factor 0 first (pre-stressed tissue): the equilibrated neutral state is
    /// step 0, passed to the postprocessors like a must point.
    bool                equilibrate_initial_state = false;
    double              growth_factor   = 1.5;   ///< step growth after an easy step
    double              cutback_factor  = 0.5;   ///< step reduction after a failed step
    unsigned int        easy_iterations = 4;     ///< Newton iterations counting as "easy"
    bool                extrapolate     = true;  ///< linear extrapolation of the initial guess
  };

  struct NonlinearSolverSettings
  {
    unsigned int max_iterations         = 15;
    double       residual_absolute      = 1e-9;
    double       residual_relative      = 1e-8;  ///< relative to max(|R_0|, |f_int|)
    double       increment_absolute     = 1e-10;
    double       increment_relative     = 1e-6;  ///< relative to |u|
    bool         line_search            = true;
    /// Linearise follower pressure and moment loads (local part). Makes the tangent
    /// non-symmetric, so it is used only with GMRES or Direct, never with CG.
    bool         follower_load_tangent  = true;
    unsigned int max_line_search_steps  = 5;
    /// Diagnostic: after each converged load step, compare the assembled tangent with a
    /// central difference of the residual, part by part (tangent_check.cc).
    bool         tangent_check          = false;
  };

  struct LinearSolverSettings
  {
    std::string  type                 = "CG"; ///< CG, GMRES or Direct
    std::string  direct_package       = "Amesos_Klu"; ///< or Amesos_Mumps
    double       relative_tolerance   = 1e-8;
    /// "Eisenstat-Walker" (inexact Newton: between 0.1 and relative_tolerance, following the
    /// Newton convergence; forcing_term.h) or "fixed" (relative_tolerance for every solve).
    /// Geometrically linear runs always use the fixed tolerance (one Newton iteration).
    std::string  forcing_term         = "Eisenstat-Walker";
    unsigned int max_iterations       = 2000;
    unsigned int rigid_body_modes     = 6;  ///< AMG near-null space: 6 (all) or 3 (translations)
    bool         reuse_preconditioner = true; ///< keep the AMG hierarchy within a load step (halves the time of a typical step)
    bool         smoothed_aggregation = true; ///< smoothed (true) or plain aggregation AMG prolongators
    /// "p-multigrid" (smoothing on P2, ML on the vertex space; P1 uses "AMG") or "AMG" (ML
    /// on the full matrix)
    std::string  preconditioner       = "p-multigrid";
    unsigned int smoother_degree      = 3; ///< Chebyshev degree of the p-multigrid smoother
    /// ML options set after the defaults ("smoother: sweeps" -> "2"), for tuning on a machine.
    std::vector<std::pair<std::string, std::string>> ml_parameters;
  };

  struct OutputSettings
  {
    std::string  directory       = "results";
    bool         write_vtu       = true;
    unsigned int subdivisions    = 0; ///< patch subdivisions per cell; 0 = FE degree
    bool         write_files     = true; ///< statistics CSV and summary.json
    bool         verbose         = true; ///< progress lines on rank 0
  };

  struct ProblemSettings
  {
    unsigned int                                       fe_degree = 2;
    /// Mean-dilatation (displacement / piecewise-constant pressure and dilatation,
    /// condensed per element) for laws with a volumetric split: avoids volumetric locking
    /// of nearly incompressible regions; the global system stays displacement-only.
    bool mean_dilatation = false;
    /// Cell rule exact to degree 2(p-1) instead of 2p+1 (Finite element/Quadrature = reduced).
    bool reduced_quadrature = true;
    std::map<dealii::types::material_id, MaterialSpec> materials;
    std::vector<BoundaryConditionSpec>                 boundary_conditions;
    /// C++ API only: body force per reference volume at load factor 1 (dead load).
    std::function<dealii::Tensor<1, 3>(const dealii::Point<3> &)> body_force;
    LoadSteppingSettings    load_stepping;
    NonlinearSolverSettings nonlinear;
    LinearSolverSettings    linear;
    OutputSettings          output;
  };
} // namespace spine::solver
