// `spine-fe mesh <file.prm>`: anatomy -> surgery -> mesh, with a geometry report.
#include "commands.h"
#include "meshes/input_error.h"
#include "meshes/mesh_job.h"

#include <deal.II/base/mpi.h>

#include <cstring>
#include <iomanip>
#include <iostream>

namespace spine::app
{
namespace
{
void print_mesh_usage(std::ostream &out)
{
  out << "usage: spine-fe mesh <file.prm>\n\n"
         "Builds the parametric L4-L5 segment (anatomy preset + overrides), imprints the surgical\n"
         "plan's tools, meshes it (or reuses the cached mesh) and writes into 'Output directory':\n"
         "  mesh.msh, mesh-<case>.msh   Gmsh 2.2 meshes of the intact and operated cases (shared nodes)\n"
         "  mesh.vtu                    ParaView file (region, tissue, removed_by_plan)\n"
         "  geometry.json               volumes, canal areas, removed volumes, attachments, quality\n"
         "  canal_mid_disc.svg          mid-disc canal outline, intact and operated\n"
         "  parameters.prm              the resolved parameters\n\n"
         "Parameters (defaults = the 'normal' anatomy):\n";
  dealii::ParameterHandler prm;
  meshes::declare_model_parameters(prm);
  prm.print_parameters(out, dealii::ParameterHandler::PRM);
}
} // namespace

int mesh_command(int argc, char **argv)
{
  const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)
  {
    if (root)
      print_mesh_usage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? 1 : 0;
  }
  if (!root)
    return 0; // meshing is serial
  const std::string file = argv[1];
  try
  {
    dealii::ParameterHandler prm;
    meshes::parse_with_presets(prm, file, meshes::declare_model_parameters);
    const meshes::MeshJob job = meshes::prepare_mesh_job(prm, file);
    const std::string out = job.input.output_directory;
    meshes::produce_directory(out, [&](const std::string &dir) { meshes::write_mesh_outputs(job, prm, dir); });
    std::cout << "mesh: " << job.model.mesh.tets.size() << " tetrahedra, " << job.model.mesh.nodes.size()
              << " nodes, " << job.model.regions.size() << " regions"
              << (job.reused_cache ? " (reused cached mesh)" : "") << ", " << std::fixed
              << std::setprecision(1) << job.seconds << " s\n";
    for (const auto &c : job.cases)
      for (const auto &m : c.canal)
        if (m.level == "mid-disc")
          std::cout << "  canal area at mid-disc, " << c.name << ": "
                    << (m.section.closed ? std::to_string(m.section.area) + " mm2" : "open (" + m.section.error + ")")
                    << '\n';
    for (const auto &w : job.model.warnings)
      std::cout << "  warning: " << w << '\n';
    std::cout << "results in " << out << "/ (geometry.json, mesh.vtu, canal_mid_disc.svg)\n";
    return 0;
  }
  catch (const std::exception &e)
  {
    std::cerr << "spine-fe mesh: error: " << e.what() << '\n';
    return 1;
  }
}
} // namespace spine::app
