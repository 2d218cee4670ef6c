#include "protocol.h"

#include "meshes/input_error.h"

#include <algorithm>
#include <sstream>

namespace spine::study
{
void Protocol::declare(dealii::ParameterHandler &prm)
{
  prm.enter_subsection("Protocol");
  prm.declare_entry("Moments", "1, 2.5, 5, 7.5", dealii::Patterns::Anything(),
                    "Pure-moment output levels in N·m (not N·mm), ascending; the last is the peak "
                    "(in vitro standard: 1, 2.5, 5, 7.5 N·m)");
  prm.declare_entry("Directions", "flexion, extension",
                    dealii::Patterns::List(dealii::Patterns::Selection("flexion|extension")),
                    "Sagittal directions, each loaded separately from the neutral posture");
  prm.declare_entry("Cases", "intact, operated",
                    dealii::Patterns::List(dealii::Patterns::Selection("intact|operated")),
                    "Which models to load: the intact segment and/or the operated one (e.g. only "
                    "'operated' for the disc-alone calibration specimen)");
  prm.leave_subsection();
}

void Protocol::parse(dealii::ParameterHandler &prm, const std::string &file)
{
  prm.enter_subsection("Protocol");
  const std::string text = prm.get("Moments");
  directions = dealii::Utilities::split_string_list(prm.get("Directions"));
  cases = dealii::Utilities::split_string_list(prm.get("Cases"));
  prm.leave_subsection();
  moments_Nm.clear();
  for (const auto &item : dealii::Utilities::split_string_list(text))
  {
    std::istringstream in(item);
    double m = 0;
    if (!(in >> m) || !(in >> std::ws).eof())
      throw InputError("Protocol/Moments", text, "a comma-separated list of numbers in N·m", file);
    // A lumbar segment is tested up to ~10 N·m; thousands mean N·mm was entered.
    if (m <= 0 || m > 30)
      throw InputError("Protocol/Moments", item,
                       "0 < moment <= 30 N·m (values are N·m, not N·mm)", file);
    moments_Nm.push_back(m);
  }
  if (moments_Nm.empty())
    throw InputError("Protocol/Moments", text, "at least one moment in N·m", file);
  if (!std::is_sorted(moments_Nm.begin(), moments_Nm.end()))
    throw InputError("Protocol/Moments", text, "ascending values", file);
  if (cases.empty())
    throw InputError("Protocol/Cases", "", "intact and/or operated", file);
  if (directions.empty())
    throw InputError("Protocol/Directions", "", "flexion and/or extension", file);
}
} // namespace spine::study
