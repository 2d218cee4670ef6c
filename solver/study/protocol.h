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

  static void declare(dealii::ParameterHandler &prm);
  void parse(dealii::ParameterHandler &prm, const std::string &file);
  /// Moment vector (N·mm) about the model x axis (left): flexion positive.
  static double sign(const std::string &direction) { return direction == "flexion" ? 1.0 : -1.0; }
};
} // namespace spine::study
