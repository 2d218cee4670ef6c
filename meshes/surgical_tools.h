// Tool solids of a surgical plan: named unions of oriented boxes. Each tool is imprinted into
// the intact model; the operated model is the intact one without the cells inside the tool.
#pragma once
#include "meshes/anatomy_layout.h"
#include "meshes/surgery_plan.h"

#include <string>
#include <vector>

namespace spine::meshes
{
/// A box in its own frame, optionally clipped by further boxes (their intersection).
struct OrientedBox
{
  Frame frame;
  Vec3 lo, hi;
  std::vector<OrientedBox> within; ///< the box is cut down to the inside of each of these
  bool contains(const Vec3 &p) const;
};

struct SurgicalTool
{
  std::string name;            ///< e.g. "mild_d4", "laminectomy"
  std::string description;
  std::vector<OrientedBox> boxes;
  std::vector<OrientedBox> spared; ///< never removed (e.g. the facet joints during MILD)
  bool contains(const Vec3 &p) const;
};

/// All tools of the plan's family (e.g. one per imprinted MILD depth); empty when intact.
std::vector<SurgicalTool> make_surgical_tools(const AnatomyLayout &layout, const SurgeryPlan &plan);
/// Name of the tool that the plan itself applies ("" when intact).
std::string operated_tool_name(const SurgeryPlan &plan);
/// Mesh case of the operated model: the plan's tool, "intact" when the plan cuts ligaments
/// only (1D fibres, no cells removed), "" when the plan has no surgery.
std::string operated_mesh_case(const SurgeryPlan &plan);
} // namespace spine::meshes
