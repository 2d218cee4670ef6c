#include "meshes/mesh_job.h"

#include "meshes/mesh_cache.h"
#include "meshes/mesh_io.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace spine::meshes
{
namespace fs = std::filesystem;

std::string MeshJob::mesh_file(const std::string &case_name)
{
  return case_name == "intact" ? "mesh.msh" : "mesh-" + case_name + ".msh";
}

MeshJob prepare_mesh_job(dealii::ParameterHandler &prm, const std::string &file)
{
  const auto start = std::chrono::steady_clock::now();
  ModelInput input = parse_model_input(prm, file);
  bool reused = false;
  SegmentModel model = obtain_segment_model(input, reused);
  MeshJob job{input, model, {}, reused, 0};
  job.cases = geometry_cases(job.model);
  job.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return job;
}

void produce_directory(const std::string &final_dir, const std::function<void(const std::string &)> &writer)
{
  const fs::path target = fs::absolute(final_dir);
  fs::create_directories(target.parent_path());
  const fs::path tmp = target.parent_path() / ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  try
  {
    writer(tmp.string());
  }
  catch (...)
  {
    fs::remove_all(tmp);
    throw;
  }
  fs::remove_all(target);
  fs::rename(tmp, target);
}

void write_mesh_outputs(const MeshJob &job, dealii::ParameterHandler &prm, const std::string &dir)
{
  for (const auto &c : job.cases)
    write_msh(job.model, c.kept, dir + "/" + MeshJob::mesh_file(c.name));
  const std::string operated = operated_tool_name(job.input.plan);
  const CaseGeometry *intact = &job.cases.front(), *op = nullptr;
  for (const auto &c : job.cases)
    if (!operated.empty() && c.tool == operated)
      op = &c;
  write_vtu(job.model, op ? op->kept : intact->kept, dir + "/mesh.vtu");
  Json report = geometry_report(job.input, job.model, job.cases);
  report["mesh_seconds"] = job.seconds;
  report["mesh_reused_from_cache"] = job.reused_cache;
  report["operated_case"] = op ? op->name : "";
  write_atomically(dir + "/geometry.json", [&](std::ostream &o) { o << report.dump() << '\n'; });
  std::vector<const CaseGeometry *> pictured{intact};
  if (op)
    pictured.push_back(op);
  write_atomically(dir + "/canal_mid_disc.svg",
                   [&](std::ostream &o) { o << canal_outline_svg(pictured, "mid-disc"); });
  write_atomically(dir + "/parameters.prm",
                   [&](std::ostream &o) { prm.print_parameters(o, dealii::ParameterHandler::ShortPRM); });
}
} // namespace spine::meshes
