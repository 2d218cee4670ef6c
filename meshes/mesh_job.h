// `spine-fe mesh`: build (or reuse) the model of a file and write its mesh, ParaView file,
// geometry report and canal picture into the output folder.
#pragma once
#include "meshes/geometry_report.h"
#include "meshes/model_input.h"

#include <deal.II/base/parameter_handler.h>

#include <string>

namespace spine::meshes
{
struct MeshJob
{
  ModelInput input;
  SegmentModel model;
  std::vector<CaseGeometry> cases;
  bool reused_cache = false;
  double seconds = 0;

  /// Mesh file name of a case inside an output folder.
  static std::string mesh_file(const std::string &case_name);
};

/// Builds or loads the model; no files written.
MeshJob prepare_mesh_job(dealii::ParameterHandler &prm, const std::string &file);

/// Writes every output of the mesh command into `directory` (created fresh).
void write_mesh_outputs(const MeshJob &job, dealii::ParameterHandler &prm, const std::string &directory);

/// Replaces `final_dir` by the content produced by `writer` in a temporary sibling folder,
/// so an interrupted run never leaves a half-written result folder behind.
void produce_directory(const std::string &final_dir, const std::function<void(const std::string &)> &writer);
} // namespace spine::meshes
