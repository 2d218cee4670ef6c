#include "meshes/surgery_plan.h"

#include "meshes/input_error.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace spine::meshes
{
using dealii::ParameterHandler;
namespace Patterns = dealii::Patterns;

std::string to_string(Procedure p)
{
  switch (p)
  {
    case Procedure::none: return "none";
    case Procedure::mild: return "MILD";
    case Procedure::laminectomy: return "laminectomy";
    case Procedure::facetectomy: return "facetectomy";
    case Procedure::posterior_arch_removal: return "posterior arch removal";
    case Procedure::ligament_removal: return "ligament removal";
  }
  return "none";
}

void SurgeryPlan::declare(ParameterHandler &prm)
{
  prm.enter_subsection("Surgery");
  prm.declare_entry("Plan", "none", Patterns::Anything(),
                    "Surgical plan: a file params/surgery/<name>.prm read before this file's "
                    "own Surgery values, or 'none' (intact only)");
  prm.declare_entry("Procedure", "none",
                    Patterns::Selection("none|MILD|laminectomy|facetectomy|posterior arch removal|"
                                        "ligament removal"),
                    "Operation applied to the intact model");
  prm.declare_entry("Side", "bilateral", Patterns::Selection("left|right|bilateral"),
                    "Operated side(s)");
  prm.enter_subsection("MILD");
  prm.declare_entry("Laminotomy depth", "3", Patterns::Double(0, 40),
                    "Bone removed cranially from the inferior edge of the L4 lamina (mm)");
  prm.declare_entry("Imprinted laminotomy depths", "", Patterns::List(Patterns::Double(0, 40)),
                    "Further depths imprinted into the same mesh so that a depth sweep shares "
                    "one mesh (mm, comma separated; the plan's own depth is always added)");
  prm.declare_entry("Working width", "6", Patterns::Double(0.5, 20),
                    "Width of the working channel along the lamina (mm); the port is ~5 mm");
  prm.declare_entry("Working position", "6", Patterns::Double(0, 30),
                    "Centre of the working channel, distance from the midline along the lamina (mm)");
  prm.declare_entry("LF debulking", "60%", Patterns::Anything(),
                    "LF removed from its dorsal surface: a depth in mm (e.g. 2.5) or a fraction "
                    "of the LF thickness (e.g. 60%)");
  prm.declare_entry("Ventral LF margin", "1.0", Patterns::Double(0, 5),
                    "Minimum LF thickness left in front of the tool to protect the dura (mm)");
  prm.declare_entry("Approach angle", "0", Patterns::Double(-45, 45),
                    "Tilt of the laminotomy cut about the lamina axis (degrees)");
  prm.leave_subsection();
  prm.enter_subsection("Facetectomy");
  prm.declare_entry("Fraction", "0.5", Patterns::Double(0, 1),
                    "Medial fraction of the facet joint removed (0-1)");
  prm.leave_subsection();
  prm.enter_subsection("Ligament removal");
  prm.declare_entry("Ligaments", "", Patterns::List(Patterns::Selection("ALL|PLL|ISL|SSL|ITL|CL")),
                    "Ligaments cut in the operated case (their 1D fibres are left out by the solver; "
                    "comma separated). The procedure 'ligament removal' cuts only these; with another "
                    "procedure they are cut in addition to the tissue the tool removes (e.g. SSL, ISL "
                    "with a laminectomy)");
  prm.leave_subsection();
  prm.leave_subsection();
}

std::string SurgeryPlan::mild_tool_name(double depth)
{
  std::ostringstream s;
  s << "mild_d" << depth;
  return s.str();
}

void SurgeryPlan::parse(ParameterHandler &prm, const AnatomyParameters &anatomy,
                        const std::string &file)
{
  prm.enter_subsection("Surgery");
  name = prm.get("Plan");
  const std::string proc = prm.get("Procedure");
  procedure = proc == "MILD"          ? Procedure::mild
              : proc == "laminectomy" ? Procedure::laminectomy
              : proc == "facetectomy" ? Procedure::facetectomy
              : proc == "posterior arch removal" ? Procedure::posterior_arch_removal
              : proc == "ligament removal"       ? Procedure::ligament_removal
                                                 : Procedure::none;
  if (procedure == Procedure::none)
    name = "intact";
  const std::string side = prm.get("Side");
  sides = side == "left" ? std::vector<int>{1} : side == "right" ? std::vector<int>{-1}
                                                                  : std::vector<int>{1, -1};
  prm.enter_subsection("MILD");
  laminotomy_depth = prm.get_double("Laminotomy depth");
  imprinted_depths.clear();
  for (const auto &d : dealii::Utilities::split_string_list(prm.get("Imprinted laminotomy depths")))
    imprinted_depths.push_back(std::stod(d));
  working_width = prm.get_double("Working width");
  working_position = prm.get_double("Working position");
  ventral_lf_margin = prm.get_double("Ventral LF margin");
  approach_angle_deg = prm.get_double("Approach angle");
  const std::string debulk = prm.get("LF debulking");
  prm.leave_subsection();
  prm.enter_subsection("Facetectomy");
  facet_fraction = prm.get_double("Fraction");
  prm.leave_subsection();
  prm.enter_subsection("Ligament removal");
  removed_ligaments = dealii::Utilities::split_string_list(prm.get("Ligaments"));
  prm.leave_subsection();
  prm.leave_subsection();

  const double t_lf = anatomy.lf.thickness;
  try
  {
    std::size_t used = 0;
    if (!debulk.empty() && debulk.back() == '%')
    {
      const double fraction = std::stod(debulk.substr(0, debulk.size() - 1), &used) / 100.0;
      if (used != debulk.size() - 1 || fraction < 0 || fraction > 1)
        throw std::invalid_argument("fraction");
      lf_debulking_depth = fraction * t_lf;
    }
    else
    {
      lf_debulking_depth = std::stod(debulk, &used);
      if (used != debulk.size() || lf_debulking_depth < 0)
        throw std::invalid_argument("depth");
    }
  }
  catch (const std::invalid_argument &)
  {
    throw InputError("Surgery/MILD/LF debulking", debulk,
                     "a depth in mm >= 0 (e.g. 2.5) or a percentage 0-100% (e.g. 60%)", file);
  }

  if (procedure == Procedure::ligament_removal && removed_ligaments.empty())
    throw InputError("Surgery/Ligament removal/Ligaments", "",
                     "one or more of ALL, PLL, ISL, SSL, ITL, CL for the procedure 'ligament removal'", file);
  if (procedure == Procedure::none && !removed_ligaments.empty())
    throw InputError("Surgery/Procedure", "none",
                     "a procedure other than 'none' when Surgery/Ligament removal/Ligaments is set "
                     "(e.g. 'ligament removal')", file);
  if (procedure != Procedure::mild)
    return;
  const double lamina = anatomy.l4.lamina_height;
  for (double d : imprinted_depths)
    if (d > lamina)
      throw InputError("Surgery/MILD/Imprinted laminotomy depths", InputError::number(d),
                       "0 to the L4 lamina height, " + InputError::number(lamina) + " mm", file);
  if (laminotomy_depth > lamina)
    throw InputError("Surgery/MILD/Laminotomy depth", InputError::number(laminotomy_depth),
                     "0 to the L4 lamina height, " + InputError::number(lamina) +
                       " mm: the plan removes more lamina than exists",
                     file);
  if (t_lf - lf_debulking_depth < ventral_lf_margin - 1e-12)
    throw InputError("Surgery/MILD/LF debulking", debulk,
                     "at most LF thickness - ventral margin = " + InputError::number(t_lf) + " - " +
                       InputError::number(ventral_lf_margin) + " mm: the plan breaches the ventral "
                       "LF margin that protects the dura",
                     file);
  imprinted_depths.push_back(laminotomy_depth);
  std::sort(imprinted_depths.begin(), imprinted_depths.end());
  imprinted_depths.erase(std::unique(imprinted_depths.begin(), imprinted_depths.end()),
                         imprinted_depths.end());
}
} // namespace spine::meshes
