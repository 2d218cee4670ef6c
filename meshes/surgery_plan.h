// A surgical plan (params/surgery/*.prm): which tissue the operation removes, as parameters.
#pragma once
#include "meshes/anatomy_parameters.h"

#include <string>
#include <vector>

namespace spine::meshes
{
enum class Procedure { none, mild, laminectomy, facetectomy, posterior_arch_removal, ligament_removal };

struct SurgeryPlan
{
  Procedure procedure = Procedure::none;
  std::string name = "intact";
  std::vector<int> sides; ///< +1 left, -1 right

  // MILD: partial laminotomy of the inferior-ventral L4 lamina + LF debulking.
  double laminotomy_depth = 0;            ///< cranial extent from the lamina's inferior edge (mm)
  std::vector<double> imprinted_depths;   ///< tool family sharing one mesh (includes the plan's)
  double working_width = 6, working_position = 8, approach_angle_deg = 0;
  double lf_debulking_depth = 0;          ///< removed from the dorsal LF surface (mm)
  double ventral_lf_margin = 1;           ///< LF left in front of the tool (mm), protects the dura
  // Facetectomy
  double facet_fraction = 0.5;
  // Ligaments cut in the operated case (1D elements: names only); alone or with a procedure
  std::vector<std::string> removed_ligaments;

  static void declare(dealii::ParameterHandler &prm);
  /// Parses "Surgery" and checks the plan against the anatomy (margins, available lamina).
  void parse(dealii::ParameterHandler &prm, const AnatomyParameters &anatomy, const std::string &file);
  /// Tool name for a MILD depth, e.g. "mild_d4" (one name per imprinted depth).
  static std::string mild_tool_name(double depth);
};

std::string to_string(Procedure p);
} // namespace spine::meshes
