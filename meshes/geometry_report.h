// The mesh command's report: region volumes (CAD and mesh), canal areas per case and plane,
// removed volume per tissue, surviving ligament attachments, frames and mesh quality.
#pragma once
#include "meshes/canal_metric.h"
#include "meshes/json.h"
#include "meshes/model_input.h"
#include "meshes/segment_model.h"

#include <string>

namespace spine::meshes
{
struct CaseGeometry
{
  std::string name;  ///< "intact" or the tool name
  std::string tool;
  std::vector<bool> kept;
  std::vector<CanalMeasurement> canal;
};

/// Intact model plus one case per tool of the plan's family.
std::vector<CaseGeometry> geometry_cases(const SegmentModel &model);

Json frame_json(const Frame &f);
Json geometry_report(const ModelInput &input, const SegmentModel &model,
                     const std::vector<CaseGeometry> &cases);

/// SVG of the canal outlines of the given cases at one level (plane coordinates, mm).
std::string canal_outline_svg(const std::vector<const CaseGeometry *> &cases, const std::string &level);
} // namespace spine::meshes
