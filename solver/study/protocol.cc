#include "protocol.h"

#include "meshes/input_error.h"

#include <algorithm>
#include <cmath>
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
  prm.declare_entry("Follower load", "0", dealii::Patterns::Anything(),
                    "Compressive follower preload in N (not kN), applied and equilibrated before the "
                    "moments: a force normal to the L4 superior endplate that turns with it (in vitro "
                    "practice: 0-1200 N, e.g. 500 N; Patwardhan 1999). 0 = pure moments only");
  prm.declare_entry("Follower load offset", "0", dealii::Patterns::Anything(),
                    "Line of action of the follower load in mm anterior (+) or posterior (-) of the "
                    "endplate centroid; must stay within the endplate (|offset| < half the L4 body "
                    "depth). An anterior offset adds a flexion moment F x offset");
  prm.leave_subsection();
}

void Protocol::parse(dealii::ParameterHandler &prm, const std::string &file)
{
  prm.enter_subsection("Protocol");
  const std::string text = prm.get("Moments");
  directions = dealii::Utilities::split_string_list(prm.get("Directions"));
  cases = dealii::Utilities::split_string_list(prm.get("Cases"));
  const std::string follower = prm.get("Follower load"), offset = prm.get("Follower load offset");
  prm.leave_subsection();
  const auto number = [&](const std::string &name, const std::string &value, const std::string &allowed) {
    std::istringstream in(value);
    double v = 0;
    if (!(in >> v) || !(in >> std::ws).eof())
      throw InputError("Protocol/" + name, value, allowed, file);
    return v;
  };
  follower_load_N = number("Follower load", follower, "a number of newtons, 0 <= F <= 3000");
  // In vitro follower loads reach ~1200 N; larger values are a unit slip (kN, N·mm) or typo.
  if (follower_load_N < 0 || follower_load_N > 3000)
    throw InputError("Protocol/Follower load", follower, "0 <= F <= 3000 N (compressive, in N)", file);
  follower_offset_mm = number("Follower load offset", offset, "a distance in mm");
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

void Protocol::check_follower_path(double l4_body_depth_mm, const std::string &file) const
{
  const double limit = 0.5 * l4_body_depth_mm;
  if (follower_load_N > 0 && std::abs(follower_offset_mm) >= limit)
  {
    std::ostringstream allowed;
    allowed << "|offset| < " << limit << " mm: the follower-load line misses the L4 endplate (body depth "
            << l4_body_depth_mm << " mm)";
    std::ostringstream value;
    value << follower_offset_mm;
    throw InputError("Protocol/Follower load offset", value.str(), allowed.str(), file);
  }
}
} // namespace spine::study
