#include "meshes/mesh_io.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <set>
#include <stdexcept>
#include <unistd.h>

namespace spine::meshes
{
void write_atomically(const std::string &file, const std::function<void(std::ostream &)> &writer)
{
  const std::string tmp = file + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp);
    if (!out)
      throw std::runtime_error("cannot write " + tmp);
    writer(out);
    if (!out)
      throw std::runtime_error("error while writing " + tmp);
  }
  std::filesystem::rename(tmp, file);
}

void write_msh(const SegmentModel &model, const std::vector<bool> &kept, const std::string &file)
{
  const TetMesh &m = model.mesh;
  std::set<int> kept_regions;
  for (std::size_t i = 0; i < m.tets.size(); ++i)
    if (kept[i])
      kept_regions.insert(m.tets[i].region);
  write_atomically(file, [&](std::ostream &out) {
    out << "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\n" << m.nodes.size() << '\n'
        << std::setprecision(17);
    for (std::size_t i = 0; i < m.nodes.size(); ++i)
      out << i + 1 << ' ' << m.nodes[i][0] << ' ' << m.nodes[i][1] << ' ' << m.nodes[i][2] << '\n';
    std::size_t n_tri = 0, n_tet = 0;
    for (const auto &t : m.tagged_triangles)
      n_tri += kept_regions.count(t.region);
    for (std::size_t i = 0; i < m.tets.size(); ++i)
      n_tet += kept[i];
    out << "$EndNodes\n$Elements\n" << n_tri + n_tet << '\n';
    std::size_t id = 0;
    for (const auto &t : m.tagged_triangles)
      if (kept_regions.count(t.region))
        out << ++id << " 2 2 " << t.surface << ' ' << t.surface << ' ' << t.v[0] + 1 << ' '
            << t.v[1] + 1 << ' ' << t.v[2] + 1 << '\n';
    for (std::size_t i = 0; i < m.tets.size(); ++i)
      if (kept[i])
      {
        const auto &t = m.tets[i];
        out << ++id << " 4 2 " << t.region << ' ' << t.region;
        for (auto v : t.v)
          out << ' ' << v + 1;
        out << '\n';
      }
    out << "$EndElements\n";
  });
}

void write_vtu(const SegmentModel &model, const std::vector<bool> &kept, const std::string &file)
{
  const TetMesh &m = model.mesh;
  write_atomically(file, [&](std::ostream &out) {
    out << "<?xml version=\"1.0\"?>\n<VTKFile type=\"UnstructuredGrid\" version=\"0.1\">\n"
        << "<UnstructuredGrid>\n<Piece NumberOfPoints=\"" << m.nodes.size() << "\" NumberOfCells=\""
        << m.tets.size() << "\">\n<Points>\n<DataArray type=\"Float64\" NumberOfComponents=\"3\" format=\"ascii\">\n"
        << std::setprecision(10);
    for (const auto &p : m.nodes)
      out << p[0] << ' ' << p[1] << ' ' << p[2] << '\n';
    out << "</DataArray>\n</Points>\n<Cells>\n<DataArray type=\"Int64\" Name=\"connectivity\" format=\"ascii\">\n";
    for (const auto &t : m.tets)
      out << t.v[0] << ' ' << t.v[1] << ' ' << t.v[2] << ' ' << t.v[3] << '\n';
    out << "</DataArray>\n<DataArray type=\"Int64\" Name=\"offsets\" format=\"ascii\">\n";
    for (std::size_t i = 0; i < m.tets.size(); ++i)
      out << 4 * (i + 1) << '\n';
    out << "</DataArray>\n<DataArray type=\"UInt8\" Name=\"types\" format=\"ascii\">\n";
    for (std::size_t i = 0; i < m.tets.size(); ++i)
      out << "10\n";
    out << "</DataArray>\n</Cells>\n<CellData Scalars=\"region\">\n"
        << "<DataArray type=\"Int32\" Name=\"region\" format=\"ascii\">\n";
    for (const auto &t : m.tets)
      out << t.region << '\n';
    out << "</DataArray>\n<DataArray type=\"Int32\" Name=\"tissue\" format=\"ascii\">\n";
    for (const auto &t : m.tets)
      out << model.region(t.region).tissue << '\n';
    out << "</DataArray>\n<DataArray type=\"Int32\" Name=\"removed_by_plan\" format=\"ascii\">\n";
    for (std::size_t i = 0; i < m.tets.size(); ++i)
      out << (kept[i] ? 0 : 1) << '\n';
    out << "</DataArray>\n</CellData>\n</Piece>\n</UnstructuredGrid>\n</VTKFile>\n";
  });
}
} // namespace spine::meshes
