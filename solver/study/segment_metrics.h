// Motion-segment metrics at each output load level: sagittal rotation (ROM) and translation
// of L4 relative to L5 from rigid-body fits, and the canal areas of the deformed segment.
#pragma once
#include "centre_of_rotation.h"
#include "meshes/canal_metric.h"

#include <spine/solver/mechanics_problem.h>
#include <spine/solver/postprocessing.h>

#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace spine::study
{
struct LevelResult
{
  double load_factor = 0, moment_Nm = 0;
  double rotation_deg = 0;    ///< L4 relative to L5 about the lateral axis, flexion positive
  double translation_mm = 0;  ///< L4 relative to L5 along the posterior axis
  double fit_rms_mm = 0;      ///< how rigid L4 moved (rms distance from its rigid fit)
  /// Centre of the sagittal rotation of L4 relative to L5 from the neutral state to this
  /// level, in the reference mid-segment frame (origin at the disc centre).
  SagittalCentre centre_of_rotation;
  std::map<std::string, double> canal_area_mm2; ///< by level name; NaN if the section is open
  double lf_infolding_mm = 0; ///< largest LF intrusion into the canal relative to neutral
  /// Where that intrusion is: the LF vertex's reference position in the mid-segment frame
  /// (lateral, posterior, cranial from the disc centre); zeros when nothing intrudes.
  std::array<double, 3> lf_infolding_at_mm{{0, 0, 0}};
  std::map<std::string, double> ligament_force_N; ///< by ligament, sum over its fibres
  std::map<std::string, double> facet_force_N;    ///< contact force per facet joint
  double intradiscal_pressure_MPa = 0; ///< mean hydrostatic pressure of the nucleus
  /// von Mises p95 (and peak, cells) in the L4 lamina and pars (arch_regions.h), by region name
  std::map<std::string, solver::StressPercentile> arch_stress;
  /// Mid-disc canal outline (closed polylines, mm, in the plane's own lateral/posterior
  /// coordinates, which move with the mid-segment frame); kept only at the neutral state and
  /// the peak moment, thinned to points >= 0.1 mm apart, for the report's picture.
  std::vector<std::vector<std::array<double, 2>>> mid_disc_outline;
};

/// The postprocessor records one LevelResult per must point into `results` (all ranks).
solver::Postprocessor make_segment_metrics(const std::set<dealii::types::material_id> &l4_regions,
                                           const std::set<dealii::types::material_id> &l5_regions,
                                           const std::set<dealii::types::material_id> &lf_regions,
                                           const meshes::CanalGauge &reference_gauge, double peak_moment_Nm,
                                           std::vector<LevelResult> &results);
} // namespace spine::study
