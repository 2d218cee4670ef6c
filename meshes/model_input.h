// Reading a model file: presets first (params/anatomy/<preset>.prm, params/surgery/<plan>.prm),
// then the file's own values on top. Every error names the parameter, value and file.
#pragma once
#include "meshes/segment_model.h"
#include "meshes/surgery_plan.h"

#include <deal.II/base/parameter_handler.h>

#include <functional>
#include <string>

namespace spine::meshes
{
/// Folder holding anatomy/, surgery/, materials/ ... (SPINE_FE_PARAMS overrides the default).
std::string params_directory();

/// Declares Anatomy, Surgery, Mesh and "Output directory".
void declare_model_parameters(dealii::ParameterHandler &prm);

/// Parses `file` into `prm` (declared by `declare`), reading the anatomy preset and the
/// surgical plan named in it first. Throws InputError with a one-line message.
void parse_with_presets(dealii::ParameterHandler &prm, const std::string &file,
                        const std::function<void(dealii::ParameterHandler &)> &declare);

struct ModelInput
{
  std::string file;
  AnatomyParameters anatomy;
  SurgeryPlan plan;
  MeshSizes sizes;
  std::string output_directory;
  std::string anatomy_preset;
};
/// Reads the model sections from an already parsed handler.
ModelInput parse_model_input(dealii::ParameterHandler &prm, const std::string &file);

/// Runs `f`, turning deal.II parameter exceptions into InputError naming `file`.
void rethrow_as_input_error(const std::function<void()> &f, const std::string &file);
} // namespace spine::meshes
