// `spine-fe study`: the intact and the operated segment of one surgical plan (one shared mesh)
// under the same moment protocol, compared in study.json, a CSV and a report.
#pragma once
#include "ligament_set.h"
#include "protocol.h"
#include "segment_metrics.h"
#include "tissue_materials.h"

#include "meshes/mesh_job.h"

#include <spine/solver/settings.h>

#include <deal.II/base/parameter_handler.h>

#include <limits>
#include <string>
#include <vector>

namespace spine::study
{
struct DirectionResult
{
  std::string direction;
  bool completed = false;
  std::string message;
  std::vector<LevelResult> levels;
  /// Partition facts (for the rank-independence test): MPI ranks, whether a ligament fibre
  /// joins nodes owned by different ranks, which facet pairs have faces on several ranks.
  unsigned int ranks = 1;
  bool fibre_spans_ranks = false;
  std::vector<std::string> contact_pairs_spanning_ranks;
  double peak_rotation_deg() const { return levels.empty() ? std::numeric_limits<double>::quiet_NaN() : levels.back().rotation_deg; }
};

struct CaseResult
{
  std::string name;      ///< "intact" or "operated"
  std::string mesh_case; ///< mesh case name (intact, or the tool)
  std::map<std::string, double> undeformed_canal_mm2; ///< section of the undeformed mesh, by level
  std::vector<DirectionResult> directions;
  const DirectionResult *direction(const std::string &d) const;
};

struct StudySettings
{
  Protocol protocol;
  TissueMaterials materials;
  LigamentSet ligaments;
  bool facet_contact = true;
  double contact_penalty = 100; ///< N/mm³
  bool contact_smoothed_normals = true; ///< master normals interpolated from node normals
  double contact_penalty_smoothing = 0.01; ///< mm of penetration with a quadratic pressure onset
  unsigned int contact_augmentations = 0; ///< augmented-Lagrangian updates per step (0: penalty)
  double contact_augmentation_tolerance = 0.01; ///< relative change of the multipliers
  unsigned int fe_degree = 2;
  bool mean_dilatation = false; ///< condensed P0 pressure/dilatation for laws with a volumetric split
  bool reduced_quadrature = true; ///< cell rule exact to degree 2(p-1)
  bool write_vtu = true;
  solver::Partitioner partitioner = solver::Partitioner::graph;
  solver::LoadSteppingSettings load_stepping;
  solver::NonlinearSolverSettings nonlinear;
  solver::LinearSolverSettings linear;
};

/// Every parameter a study file may set (model, materials, protocol, solver).
void declare_study_parameters(dealii::ParameterHandler &prm);

/// Reads and validates `file` (presets, model, materials, protocol, solver) without running;
/// throws InputError on the first problem.
void check_study_file(const std::string &file);

/// Runs the study described by `file` on all ranks of `comm`; returns the exit code.
int run_study(MPI_Comm comm, const std::string &file);
} // namespace spine::study
