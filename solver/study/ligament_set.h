// The spinal ligaments of a study: literature force-strain laws per ligament (parameters),
// fibres between the attachment sites of the anatomy, minus those a surgical tool removes.
#pragma once

#include "meshes/anatomy_layout.h"
#include "meshes/ligament_attachments.h"
#include "meshes/surgical_tools.h"

#include <spine/solver/ligament_fibres.h>

#include <deal.II/base/parameter_handler.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace spine::study
{
struct LigamentSet
{
  bool enabled = true;
  double snap_tolerance_mm = 5;
  /// By ligament (ALL, PLL, ISL, SSL, ITL, CL); area is the whole ligament's cross-section.
  std::map<std::string, solver::LigamentLaw> laws;

  static void declare(dealii::ParameterHandler &prm);
  void parse(dealii::ParameterHandler &prm, const std::string &file);

  /// Fibres whose attachments survive @p tool (nullptr: intact) and whose ligament is not in
  /// @p cut, each with its share of the intact ligament's cross-section; ends snap to nodes of
  /// the L4 / L5 regions given.
  std::vector<solver::FibreSpec> fibres(const std::vector<meshes::LigamentFibre> &sites,
                                        const meshes::SurgicalTool *tool, const std::vector<std::string> &cut,
                                        const std::set<dealii::types::material_id> &l4_regions,
                                        const std::set<dealii::types::material_id> &l5_regions) const;
};
} // namespace spine::study
