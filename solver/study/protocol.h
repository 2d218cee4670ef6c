// Loading protocol (subsection "Protocol"): pure moments in flexion and extension.
#pragma once
#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace spine::study
{
struct Protocol
{
  std::vector<double> moments_Nm;      ///< output levels, ascending; the last is the peak
  std::vector<std::string> directions; ///< "flexion", "extension"
  std::vector<std::string> cases;      ///< "intact", "operated"
  double follower_load_N = 0;          ///< compressive preload, applied before the moments
  double follower_offset_mm = 0;       ///< its line of action anterior of the endplate centroid

  static void declare(dealii::ParameterHandler &prm);
  void parse(dealii::ParameterHandler &prm, const std::string &file);
  /// Moment vector (N·mm) about the model x axis (left): flexion positive.
  static double sign(const std::string &direction) { return direction == "flexion" ? 1.0 : -1.0; }
  /// Throws InputError if the follower-load line misses the L4 endplate (|offset| beyond
  /// half the body depth).
  void check_follower_path(double l4_body_depth_mm, const std::string &file) const;
};
} // namespace spine::study
